"""The team report PDF, rendered once per content.

WeasyPrint needs seconds for a big team (one heatmap row per member), so a
rendered PDF is kept in the cache under a digest of everything it shows: the
language, the day (the report is dated), the filter, every member's name and
assessment, every number of the team report and the framework names. Any
change to one of those is a new key; nothing has to be invalidated.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone, translation

from assessments.pdf import render_pdf
from config.cache import cache_get, cache_set

from .selectors import TeamData

TEMPLATE = "teams/report_pdf.html"
# Bump when the print template or stylesheet changes what a PDF shows.
CACHE_VERSION = 1
CACHE_TIMEOUT = 60 * 60


def content_key(data: TeamData) -> str:
    """A digest of what the team PDF of ``data`` shows, in the active language."""
    members = [
        (
            m.user.pk,
            m.user.display_name,
            m.has_draft,
            m.assessment.pk if m.assessment else None,
            m.assessment.submitted_at.isoformat()
            if m.assessment and m.assessment.submitted_at
            else None,
        )
        for m in data.members
    ]
    material = (
        translation.get_language(),
        timezone.localdate().isoformat(),
        data.team.pk,
        data.team.name,
        data.stale_days,
        (data.profile.code, data.profile.name) if data.profile else None,
        members,
        [m.user.pk for m in data.stale],
        [(a.code, a.name) for a in data.areas],
        [(c.code, c.name, c.area.name) for c in data.competencies.values()],
        data.report,
    )
    digest = hashlib.sha256(repr(material).encode()).hexdigest()
    return f"skillgap:team-pdf:{data.team.pk}:{digest}"


def render_team_report(data: TeamData, *, request=None) -> bytes:
    """The team report of ``data`` rendered as a PDF, now."""
    return render_pdf(
        TEMPLATE,
        {"data": data, "team": data.team, "generated_at": timezone.now(), "print": True},
        request=request,
    )


def team_report_pdf(data: TeamData, *, request=None) -> bytes:
    """The team report of ``data`` as a PDF, from the cache when nothing it shows changed."""
    key = content_key(data)
    pdf = cache_get(key, version=CACHE_VERSION)
    if pdf is None:
        pdf = render_team_report(data, request=request)
        cache_set(key, pdf, CACHE_TIMEOUT, version=CACHE_VERSION)
    return pdf


# A file still pending after this long is taken for lost (no worker running, or
# it stopped mid-render): the page then offers to try again.
PENDING_TIMEOUT = timedelta(minutes=10)


def file_status(file) -> str:
    """A ``TeamReportFile``'s status as the user should see it: one pending for
    longer than ``PENDING_TIMEOUT`` is taken for lost, i.e. failed."""
    from .models import TeamReportFile

    lost = timezone.now() - file.requested_at > PENDING_TIMEOUT
    if file.status == TeamReportFile.Status.PENDING and lost:
        return TeamReportFile.Status.FAILED
    return file.status


def team_report_file(data: TeamData, *, user, options: dict, retry: bool = False):
    """The background-made PDF of ``data`` (a ``TeamReportFile``): the one
    already made or being made for the same content, else a new one, queued.

    ``retry`` takes back a failed (or lost) file and queues it again."""
    from .models import TeamReportFile
    from .tasks import make_team_report_file

    key = content_key(data)
    # The PDF itself (megabytes for a big team) is read only to be sent.
    file, created = TeamReportFile.objects.defer("pdf").get_or_create(
        key=key, defaults={"team": data.team, "requested_by": user}
    )
    if not created:
        file.status = file_status(file)
        if not (retry and file.status == TeamReportFile.Status.FAILED):
            return file
        # Only one request takes a failed file back, however many ask at once.
        taken = TeamReportFile.objects.filter(pk=file.pk, requested_at=file.requested_at).update(
            status=TeamReportFile.Status.PENDING, requested_at=timezone.now(), requested_by=user
        )
        if not taken:
            return TeamReportFile.objects.defer("pdf").get(pk=file.pk)
    else:
        # The team's files of earlier content are no longer asked for.
        data.team.report_files.exclude(pk=file.pk).filter(
            requested_at__lt=timezone.now() - PENDING_TIMEOUT
        ).delete()
    transaction.on_commit(
        partial(
            make_team_report_file.enqueue,
            file.pk,
            language=translation.get_language(),
            profile_code=options["profile_code"],
            stale_days=options["stale_days"],
        )
    )
    # A task run at once (no worker configured) is done already.
    file.refresh_from_db(fields=["status", "requested_at", "finished_at"])
    return file
