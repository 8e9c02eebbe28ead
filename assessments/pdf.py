"""The report and development plan of one assessment as a PDF, cached.

Rendering goes through ``core.pdf`` (WeasyPrint with a fetcher that reads only
the project's static files).

A PDF is blind as the report page is (``assessments.blind``): someone other
than the engineer does not see the self-ratings of an assessment in review
that no manager has rated yet. So there are two copies of each PDF in the
cache: the engineer's own, and the one everyone else who may see it gets.

Besides the report and the plan, a PDF has what the development talk needs
(``assessments.talk``) and carries the plan's due dates as an attached
calendar file. The archival copy (``?archive=1``) is PDF/A-3u, still tagged,
and embeds the report's JSON as ``report.json`` answers it.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import downloads
from core.cache import cache_get, cache_set
from core.pdf import render_pdf, take_pdf_render

from . import talk
from .blind import hides_self_ratings
from .models import Assessment, Goal, Rating
from .plans import plan_for
from .reports import report_context, report_json_dict
from .selectors import assessment_data, previous_report, proficiency_levels

REPORT_TEMPLATE = "assessments/report_pdf.html"
REPORT_STYLESHEETS = ("css/print.css",)

# Bump when the print template or stylesheet changes what a PDF shows, so no
# PDF made by the previous version is served from the cache.
PDF_CACHE_VERSION = 4
PDF_CACHE_TIMEOUT = 60 * 60  # framework or name edits reach cached PDFs within an hour


# --- the report and plan of one assessment --------------------------------------


def latest_change(assessment) -> datetime:
    """When ``assessment``, its ratings or its goals last changed, in one query."""

    def newest(model):
        return Subquery(
            model.objects.filter(assessment=OuterRef("pk"))
            .order_by()
            .values("assessment")
            .annotate(newest=Max("updated_at"))
            .values("newest")
        )

    stamps = (
        Assessment.objects.filter(pk=assessment.pk)
        .values_list("updated_at", newest(Rating), newest(Goal))
        .get()
    )
    return max(stamp for stamp in stamps if stamp is not None)


def report_date(assessment, changed: datetime):
    """The date a report is "of": its submission, or a draft's last change."""
    return timezone.localdate(assessment.submitted_at or changed)


# Whose copy a cached PDF is: the engineer's own (everything), or the one
# anyone else who may see it gets (blind while a review is not completed).
OWN_COPY = "own"
OTHERS_COPY = "others"


def copy_for(assessment, viewer) -> str:
    """Which copy of ``assessment``'s PDF ``viewer`` gets. Everyone but the
    engineer shares one: the blind rule depends on who is not the engineer,
    never on which of them it is; and it is theirs even when nothing is hidden
    now, since an earlier assessment compared in it may still be in review."""
    if viewer is None or getattr(viewer, "pk", None) == assessment.engineer_id:
        return OWN_COPY
    return OTHERS_COPY


def report_cache_key(
    assessment, changed: datetime, language: str, copy: str = OWN_COPY, *, archival: bool = False
) -> str:
    """The cache key of one PDF; with today's date, which the plan's timeline
    counts its 30, 60 and 90 days from."""
    kind = "archive" if archival else "pdf"
    today = timezone.localdate().isoformat()
    return f"skillgap:report-{kind}:{assessment.pk}:{changed.isoformat()}:{today}:{language}:{copy}"


def report_filename(assessment, changed: datetime, language: str, *, archival: bool = False) -> str:
    """``skillgap-<username>-<YYYY-MM-DD>-<lang>.pdf``: who, when, which
    language; the archival copy is ``skillgap-<username>-archive-…``, so the
    two never overwrite each other in a downloads folder."""
    return downloads.filename(
        assessment.engineer.username,
        *(["archive"] if archival else []),
        day=report_date(assessment, changed),
        language=language,
        extension="pdf",
    )


def report_pdf_context(assessment, *, changed: datetime, viewer=None) -> dict:
    """What ``assessments/report_pdf.html`` shows, in the active language, as
    ``viewer`` may see it (without one: everything, the engineer's copy)."""
    data = assessment_data(assessment, with_actions=True, viewer=viewer)
    context = report_context(data, previous=previous_report(assessment), radar_id="pdf-radar")
    plan = plan_for(assessment, data=data)
    levels = {level.level: level for level in proficiency_levels()}
    context.update(
        development_plan=plan,
        manager_comments=[
            row
            for area in context["areas"]
            for row in area.competencies
            # A disagreement (a blind spot too) shows its comment on the page
            # for the development talk.
            if row.rating is not None and row.rating.manager_comment and not talk.disagrees(row)
        ],
        report_date=report_date(assessment, changed),
        changed=changed,
        language_code=translation.get_language(),
        # Blind: how many self-ratings this copy leaves out (no manager level yet).
        hidden_self_ratings=(
            sum(1 for item in data.items if item.manager_level is None)
            if hides_self_ratings(viewer, assessment)
            else 0
        ),
        talk=talk.talk_for(context, levels),
        evidence=talk.evidence_by_area(context),
        agreement=talk.agreement_for(context),
        timeline=talk.timeline_for(plan, today=timezone.localdate(), levels=levels),
        calendar=talk.calendar_of(plan, changed=changed),
        calendar_name=talk.CALENDAR_NAME,
    )
    return context


JSON_NAME = "report.json"


def report_json_bytes(data) -> bytes:
    """The ``report.json`` document of ``data``, as the endpoint serves it."""
    return json.dumps(report_json_dict(data), cls=DjangoJSONEncoder, ensure_ascii=False).encode(
        "utf-8"
    )


def report_attachments(context: dict, *, archival: bool) -> list[tuple[str, bytes, str]]:
    """The files the PDF embeds: the plan's calendar, and in the archival
    copy the report's JSON."""
    files = []
    if context["calendar"]:
        files.append(
            (context["calendar_name"], context["calendar"], _("The development plan's due dates"))
        )
    if archival:
        files.append((JSON_NAME, report_json_bytes(context["data"]), _("The report as JSON")))
    return files


def assessment_report_pdf(
    assessment, *, language: str, viewer=None, archival: bool = False
) -> tuple[bytes, str]:
    """The report and plan of ``assessment`` as a PDF in ``language`` as
    ``viewer`` may see it (without one: the engineer's copy), and its file
    name. An assessment whose ratings, goals and own fields have not changed
    since is served from the cache, not rendered again. ``archival``: the
    PDF/A-3u copy, which embeds the report's JSON too.

    Rendered without the request, for the copy (:func:`copy_for`) and not the
    person: two people who get the same copy get the same PDF, so nothing
    else about the viewer can leak into a cached copy, and the engineer's
    full copy is never served to someone who sees it blind, nor the reverse."""
    changed = latest_change(assessment)
    copy = copy_for(assessment, viewer)
    key = report_cache_key(assessment, changed, language, copy, archival=archival)
    pdf = cache_get(key, version=PDF_CACHE_VERSION)
    if pdf is None:
        if viewer is not None:
            take_pdf_render(viewer)
        # Rendered for the copy: the engineer, or "someone else" (any viewer
        # who is not the engineer sees the same).
        seen_by = None if copy == OWN_COPY else viewer
        with translation.override(language):
            context = report_pdf_context(assessment, changed=changed, viewer=seen_by)
            pdf = render_pdf(
                REPORT_TEMPLATE,
                context,
                stylesheets=REPORT_STYLESHEETS,
                attachments=report_attachments(context, archival=archival),
                archival=archival,
            )
        cache_set(key, pdf, PDF_CACHE_TIMEOUT, version=PDF_CACHE_VERSION)
    return pdf, report_filename(assessment, changed, language, archival=archival)
