"""A manager of a big team asks for the team PDF from the dashboard: a page
says it is being prepared and polls (htmx) while the background worker makes
it, then opens the PDF by itself."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from teams.models import TeamReportFile
from tests.e2e.helpers import sign_in
from tests.factories import submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_big_teams_pdf_is_prepared_then_opens_by_itself(settings, pages, team, engineer, manager):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TEAM_PDF_INLINE_MEMBERS = 1  # the fixture team counts as big
    submitted(engineer, level=2)

    page = pages.new()
    sign_in(page, "manager")
    page.goto(f"/teams/{team.pk}/")
    page.get_by_role("link", name="Team report (PDF)").click()
    status = page.locator("#pdf-status")
    expect(status).to_contain_text("Preparing the report of 2 members")
    page.wait_for_timeout(3500)  # a poll while the PDF is still being made
    expect(status).to_contain_text("Preparing the report")

    with page.expect_response(
        lambda r: (
            f"/teams/{team.pk}/report.pdf" in r.url
            and r.headers.get("content-type") == "application/pdf"
        )
    ) as answer:
        with pages.quiet():  # the worker uses the database between two requests
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    # Chromium shows the PDF in its viewer, which stands in for the body here.
    assert answer.value.status == 200
    disposition = answer.value.headers["content-disposition"]
    assert (
        disposition.startswith("attachment;")
        and 'filename="skillgap-team-platform-ai-' in disposition
    )
    with pages.quiet():
        assert TeamReportFile.objects.get().status == TeamReportFile.Status.READY
