"""Background tasks of the teams app (django-tasks): a big team's report PDF."""

from __future__ import annotations

from django.utils import timezone, translation
from django_tasks import task

from .models import TeamReportFile
from .pdf import render_team_report
from .selectors import RATINGS_ALL, team_data


@task()
def make_team_report_file(
    file_id: int,
    *,
    language: str,
    profile_code: str | None,
    stale_days: int,
    ratings: str = RATINGS_ALL,
) -> None:
    """Render the team report PDF of a pending ``TeamReportFile`` and keep it.

    The team is read again when the task runs, so the PDF shows the team as it
    is then (at most seconds newer than what was asked for)."""
    files = TeamReportFile.objects.filter(pk=file_id, status=TeamReportFile.Status.PENDING)
    file = files.select_related("team").first()
    if file is None:  # taken back meanwhile (the team was deleted, or it was retried)
        return
    try:
        with translation.override(language):
            data = team_data(
                file.team, profile_code=profile_code, stale_days=stale_days, ratings=ratings
            )
            pdf = render_team_report(data)
    except Exception:
        files.update(status=TeamReportFile.Status.FAILED, finished_at=timezone.now())
        raise
    files.update(status=TeamReportFile.Status.READY, pdf=pdf, finished_at=timezone.now())
