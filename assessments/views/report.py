"""The gap report (page and JSON) and the engineer's history."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import permissions, reports, selectors
from ..forms import AcknowledgeForm


def render_report(request, assessment, *, acknowledge_form=None, page_error="", status=200):
    """The report page; its engineer acknowledges a completed review on it."""
    data = selectors.assessment_data(assessment, viewer=request.user)
    context = reports.report_context(data, previous=selectors.previous_report(assessment))
    is_owner = assessment.engineer_id == request.user.pk
    context.update(
        levels=selectors.proficiency_levels(),
        is_owner=is_owner,
        page_error=page_error,
        acknowledge_form=(
            acknowledge_form or AcknowledgeForm()
            if is_owner and assessment.status == assessment.Status.REVIEWED
            else None
        ),
    )
    return render(request, "assessments/report.html", context, status=status)


@login_required
@require_safe
def report(request, pk):
    return render_report(request, permissions.assessment_for_viewer(request.user, pk))


@login_required
@require_safe
def report_json(request, pk):
    assessment = permissions.assessment_for_viewer(request.user, pk)
    data = selectors.assessment_data(assessment, viewer=request.user)
    return JsonResponse(reports.report_json_dict(data), json_dumps_params={"ensure_ascii": False})


@login_required
@require_safe
def history(request):
    context = reports.history_context(selectors.history_for(request.user))
    return render(request, "assessments/history.html", context)
