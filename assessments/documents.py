"""The report as a JSON document (SPEC §7): the one function behind
``/assessments/<id>/report.json`` and the API's ``/api/v1/assessments/<id>/report``,
so the two cannot drift (the blind-review rule included)."""

from __future__ import annotations

from . import alternatives, reports, selectors
from .models import Assessment


def report_document(assessment: Assessment, *, viewer, profile_code: str | None = None) -> dict:
    """The §7 document of ``assessment`` as ``viewer`` may see it; scored against
    the active profile ``profile_code`` when given (404 for one that is not)."""
    data = selectors.assessment_data(assessment, viewer=viewer)
    profile = alternatives.chosen(profile_code, alternatives.active_profiles())
    if profile is not None:
        data = alternatives.as_assessment_data(data, alternatives.against(data, profile))
    return reports.report_json_dict(data)
