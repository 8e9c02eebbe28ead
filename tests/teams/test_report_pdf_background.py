"""A big team's report PDF is made by a background task while a page polls for it."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from teams.models import TeamReportFile
from teams.tasks import make_team_report_file
from tests.factories import submitted

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def url(team, query="?stale=365"):
    return reverse("teams:report_pdf", args=[team.pk]) + query


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def poll_url(html: str) -> str:
    """The address the waiting page polls (htmx ``hx-get``)."""
    match = re.search(r'hx-get="([^"]+)"', html)
    assert match, "the page does not poll"
    return match.group(1).replace("&amp;", "&")


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture
def big(settings, team, engineer):
    """The fixture team counts as big: its PDF is made in the background."""
    settings.TEAM_PDF_INLINE_MEMBERS = 1
    submitted(engineer, level=2)
    return team


def test_a_big_team_gets_a_waiting_page_then_the_pdf(settings, client_for, manager, big):
    settings.TASKS = QUEUED
    client = client_for(manager)
    waiting = client.get(url(big))
    assert waiting.status_code == 202
    assert "HX-Request" in waiting["Vary"]  # a page, a poll's fragment or the PDF
    html = waiting.content.decode()
    assert "Preparing the report of 2 members" in html
    poll = poll_url(html)
    file = TeamReportFile.objects.get()
    assert poll == url(big, f"?stale=365&file={file.pk}") and 'hx-trigger="every 3s"' in html
    # Without JavaScript the page reloads itself, asking for the PDF (never a retry).
    assert f'<meta http-equiv="refresh" content="5;url={url(big)}">' in html
    # Asking again does not queue a second render.
    assert client.get(url(big)).status_code == 202
    assert TeamReportFile.objects.count() == 1
    answer = client.get(poll, **HTMX)
    assert (
        answer.status_code == 200 and "Preparing the report of 2 members" in answer.content.decode()
    )
    assert poll_url(answer.content.decode()) == poll  # and polls on

    run_worker()

    answer = client.get(poll, **HTMX)
    assert answer["HX-Redirect"] == url(big)
    text = pdf_text(client.get(url(big)))
    assert "Platform AI" in text
    assert TeamReportFile.objects.get().status == TeamReportFile.Status.READY


def test_without_a_worker_configured_the_pdf_comes_at_once(settings, client_for, manager, big):
    settings.TASKS = AT_ONCE
    response = client_for(manager).get(url(big))
    assert response.status_code == 200
    assert "Platform AI" in pdf_text(response)


def test_a_small_team_is_rendered_on_the_request(settings, client_for, manager, team, engineer):
    settings.TASKS = QUEUED
    submitted(engineer, level=2)
    response = client_for(manager).get(url(team))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not TeamReportFile.objects.exists()


def test_a_change_to_the_team_asks_for_a_new_pdf(settings, client_for, manager, big, teammate):
    settings.TASKS = QUEUED
    client = client_for(manager)
    client.get(url(big))
    run_worker()
    submitted(teammate, level=3)
    assert client.get(url(big)).status_code == 202
    assert TeamReportFile.objects.filter(status=TeamReportFile.Status.PENDING).count() == 1


def test_a_failed_render_says_so_and_can_be_tried_again(
    settings, client_for, manager, big, monkeypatch
):
    settings.TASKS = QUEUED
    client = client_for(manager)
    client.get(url(big))

    def broken(data, request=None):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("teams.tasks.render_team_report", broken)
    run_worker()
    failed = client.get(url(big))
    assert failed.status_code == 200
    html = failed.content.decode()
    assert "The PDF could not be made" in html
    assert "retry=1" in html and "hx-trigger" not in html
    file = TeamReportFile.objects.get()
    answer = client.get(url(big, f"?stale=365&file={file.pk}"), **HTMX)
    # An open waiting page shows it too, and stops polling.
    assert answer.status_code == 200 and "could not be made" in answer.content.decode()
    assert "hx-get" not in answer.content.decode()

    monkeypatch.undo()
    retried = client.get(url(big, "?stale=365&retry=1"))
    assert retried.status_code == 202
    assert f'content="5;url={url(big)}"' in retried.content.decode()  # not ?retry=1 again
    run_worker()
    assert "Platform AI" in pdf_text(client.get(url(big)))


def test_a_render_lost_for_ten_minutes_can_be_tried_again(settings, client_for, manager, big):
    settings.TASKS = QUEUED
    client = client_for(manager)
    client.get(url(big))
    TeamReportFile.objects.update(requested_at=timezone.now() - timedelta(minutes=11))
    response = client.get(url(big))
    assert response.status_code == 200 and "could not be made" in response.content.decode()
    assert "retry=1" in response.content.decode()
    assert client.get(url(big, "?stale=365&retry=1")).status_code == 202
    run_worker()
    assert "Platform AI" in pdf_text(client.get(url(big)))


@pytest.mark.parametrize("who", ["other_manager", "engineer", "outsider"])
def test_only_the_teams_managers_see_the_file_or_its_progress(
    settings, request, client_for, manager, big, who
):
    settings.TASKS = QUEUED
    client_for(manager).get(url(big))
    run_worker()
    file = TeamReportFile.objects.get()
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(big)).status_code == 404
    assert client.get(url(big), **HTMX).status_code == 404
    assert client.get(url(big, f"?file={file.pk}"), **HTMX).status_code == 404


def test_the_background_render_runs_the_same_queries_for_5_or_500_members(
    settings, manager, monkeypatch
):
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from demo.builders import bulk_team
    from teams import pdf as teams_pdf

    settings.TASKS = QUEUED
    settings.TEAM_PDF_INLINE_MEMBERS = 1
    # WeasyPrint's layout makes no query; the print template's HTML stands in.
    monkeypatch.setattr(
        teams_pdf,
        "render_pdf",
        lambda name, context, **kw: render_to_string(name, context).encode(),
    )
    client = Client()
    client.force_login(manager)
    counts = []
    for size in (5, 500):
        team = bulk_team(manager, size, prefix=f"t{size}")
        assert client.get(url(team)).status_code == 202
        file = TeamReportFile.objects.get(team=team)
        with CaptureQueriesContext(connection) as queries:
            make_team_report_file.call(file.pk, language="en", profile_code=None, stale_days=365)
        file.refresh_from_db()
        assert file.status == TeamReportFile.Status.READY
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_the_poll_reads_the_file_not_the_team(settings, manager, client_for, big):
    """A poll every few seconds costs a few queries whatever the team's size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demo.builders import bulk_team

    settings.TASKS = QUEUED
    client = client_for(manager)
    counts = []
    for team in (big, bulk_team(manager, 200, prefix="poll")):
        poll = poll_url(client.get(url(team)).content.decode())
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(poll, **HTMX)
        assert answer.status_code == 200 and "Preparing the report" in answer.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6


def test_the_waiting_page_speaks_indonesian_and_polls_for_the_same_pdf(
    settings, client_for, manager, big
):
    settings.TASKS = QUEUED
    client = client_for(manager)
    html = client.get(url(big, "?stale=365&lang=id")).content.decode()
    assert "Menyiapkan laporan 2 anggota" in html
    # The poll asks for the Indonesian PDF too, whatever the account's language.
    poll = poll_url(html)
    assert "lang=id" in poll
    run_worker()
    assert client.get(poll, **HTMX)["HX-Redirect"] == url(big, "?stale=365&lang=id")


@pytest.mark.parametrize("file_id", ["%C2%B2", "%D9%A3", "-1", "1e3", "%00"])
def test_a_poll_for_a_file_id_that_is_no_number_is_a_400_and_makes_nothing(
    settings, client_for, manager, big, file_id
):
    settings.TASKS = QUEUED
    response = client_for(manager).get(url(big, f"?file={file_id}"), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "not a report being made" in response.content.decode()
    assert not TeamReportFile.objects.exists()
