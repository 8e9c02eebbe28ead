"""The gap report (page and JSON) and the engineer's history."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import alternatives, blind, calibration, documents, permissions, reports, selectors
from ..forms import AcknowledgeForm
from ..presenters import tables


def _request_language(request) -> str:
    """The ``?lang=`` of this request when it names a language we serve, else ""."""
    lang = request.GET.get("lang", "")
    return lang if lang in dict(settings.LANGUAGES) else ""


def _other_profile_context(request, data) -> dict:
    """The "score these ratings against another profile" section: the active
    profiles but the assessment's own, and the result for ``?profile=`` (404
    when it names no active profile)."""
    profiles = alternatives.active_profiles()
    profile = alternatives.chosen(request.GET.get("profile"), profiles)
    return {
        "other_profile_choices": [
            p for p in profiles if p.pk != data.assessment.role_profile_id or p == profile
        ],
        "other_profile": alternatives.against(data, profile) if profile else None,
        "other_profile_lang": _request_language(request),
        "other_profile_blind": blind.hides_self_ratings(request.user, data.assessment),
    }


def render_report(request, assessment, *, acknowledge_form=None, page_error="", status=200):
    """The report page; its engineer acknowledges a completed review on it."""
    data = selectors.assessment_data(assessment, viewer=request.user)
    other = _other_profile_context(request, data)
    context = reports.report_context(data, previous=selectors.previous_report(assessment))
    is_owner = assessment.engineer_id == request.user.pk
    context.update(other)
    context.update(
        levels=selectors.proficiency_levels(),
        headings=tables.report_columns(
            has_manager_ratings=context["has_manager_ratings"],
            self_only=context["self_only"] is not None,
            comparison=context["comparison"] is not None,
        ),
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
    document = documents.report_document_bytes(
        assessment, viewer=request.user, profile_code=request.GET.get("profile")
    )
    return HttpResponse(document, content_type="application/json")


@login_required
@require_safe
def history(request):
    entries = selectors.history_for(request.user)
    context = reports.history_context(entries)
    context.update(calibration.history_context(entries), headings=tables.history_columns())
    return render(request, "assessments/history.html", context)
