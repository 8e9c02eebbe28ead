"""Big teams' report PDFs, made in the background: the ``TeamReportFile`` a
request finds or queues, and how its status reads to the user."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone, translation

from .models import TeamReportFile
from .pdf import content_key
from .selectors import TeamData
from .tasks import make_team_report_file

# A file still pending after this long is taken for lost (no worker running, or
# it stopped mid-render): the page then offers to try again.
PENDING_TIMEOUT = timedelta(minutes=10)


def file_status(file) -> str:
    """A ``TeamReportFile``'s status as the user should see it: one pending for
    longer than ``PENDING_TIMEOUT`` is taken for lost, i.e. failed."""
    lost = timezone.now() - file.requested_at > PENDING_TIMEOUT
    if file.status == TeamReportFile.Status.PENDING and lost:
        return TeamReportFile.Status.FAILED
    return file.status


def team_report_file(data: TeamData, *, user, options: dict, retry: bool = False):
    """The background-made PDF of ``data`` (a ``TeamReportFile``): the one
    already made or being made for the same content, else a new one, queued.

    ``retry`` takes back a failed (or lost) file and queues it again."""
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
            ratings=options["ratings"],
        )
    )
    # A task run at once (no worker configured) is done already.
    file.refresh_from_db(fields=["status", "requested_at", "finished_at"])
    return file
