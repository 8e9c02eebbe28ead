"""The report as a JSON document (SPEC §7): the one function behind
``/assessments/<id>/report.json`` and the API's ``/api/v1/assessments/<id>/report``,
so the two cannot drift (the blind-review rule included).

The encoded document is kept in the shared cache like the PDF
(``assessments.pdf``): under the assessment's latest change, the language,
the profile it is scored against and the copy (the engineer's own, or the one
everyone else who may see it gets), so an integration that reads the same
reports again and again costs a few small queries, not a scoring."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from core.cache import cache_get, cache_set

from . import alternatives, reports, selectors
from .models import Assessment
from .pdf import PDF_CACHE_TIMEOUT, copy_for, latest_change

# Bump when the document's fields change, so no copy of the old shape is served.
DOCUMENT_CACHE_VERSION = 1


def report_document(assessment: Assessment, *, viewer, profile_code: str | None = None) -> dict:
    """The §7 document of ``assessment`` as ``viewer`` may see it; scored against
    the active profile ``profile_code`` when given (404 for one that is not)."""
    data = selectors.assessment_data(assessment, viewer=viewer)
    profile = alternatives.chosen(profile_code, alternatives.active_profiles())
    if profile is not None:
        data = alternatives.as_assessment_data(data, alternatives.against(data, profile))
    return reports.report_json_dict(data)


def report_document_bytes(
    assessment: Assessment, *, viewer, profile_code: str | None = None
) -> bytes:
    """:func:`report_document` encoded as UTF-8 JSON, from the cache when the
    assessment, its ratings and goals have not changed since it was made.

    Made for the copy and not the person (:func:`assessments.pdf.copy_for`):
    everyone who is not the engineer sees the same document, so nothing else
    about a viewer can reach someone else's cached copy."""
    copy = copy_for(assessment, viewer)
    key = ":".join(
        (
            "skillgap:report-json",
            str(assessment.pk),
            latest_change(assessment).isoformat(),
            translation.get_language() or "",
            copy,
            profile_code or "",
        )
    )
    if profile_code:
        # An unknown or retired profile is a 404 even if a copy was cached.
        alternatives.chosen(profile_code, alternatives.active_profiles())
    document = cache_get(key, version=DOCUMENT_CACHE_VERSION)
    if document is None:
        data = report_document(assessment, viewer=viewer, profile_code=profile_code)
        document = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
        cache_set(key, document, PDF_CACHE_TIMEOUT, version=DOCUMENT_CACHE_VERSION)
    return document
