"""The gap report (page and JSON) and the engineer's history."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import permissions, reports, selectors


@login_required
@require_safe
def report(request, pk):
    assessment = permissions.assessment_for_viewer(request.user, pk)
    data = selectors.assessment_data(assessment)
    context = reports.report_context(data, previous=selectors.previous_report(assessment))
    context["levels"] = selectors.proficiency_levels()
    context["is_owner"] = assessment.engineer_id == request.user.pk
    return render(request, "assessments/report.html", context)


@login_required
@require_safe
def report_json(request, pk):
    assessment = permissions.assessment_for_viewer(request.user, pk)
    data = selectors.assessment_data(assessment)
    return JsonResponse(reports.report_json_dict(data), json_dumps_params={"ensure_ascii": False})


@login_required
@require_safe
def history(request):
    context = reports.history_context(selectors.history_for(request.user))
    return render(request, "assessments/history.html", context)
