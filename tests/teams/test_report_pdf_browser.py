"""A big team's PDF in headless Chromium: the waiting page polls (htmx) while
the background worker makes the PDF, then opens it by itself.

Playwright's sync API runs an event loop in this thread, where Django refuses
queries: the worker runs in a thread of its own."""

import shutil
import threading

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect, sync_playwright

from teams.models import TeamReportFile
from tests.factories import PASSWORD, submitted

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


class ThreadWorker(Worker):
    """django-tasks-db's ``db_worker``, in a thread: signals belong to the main one."""

    def configure_signals(self):
        pass

    def reset_signals(self):
        pass


def run_worker_in_a_thread():
    worker = ThreadWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
    )
    thread = threading.Thread(target=worker.run)
    thread.start()
    thread.join(60)


@pytest.mark.django_db(transaction=True)
def test_the_waiting_page_opens_the_pdf_when_the_worker_has_made_it(
    settings, live_server, team, engineer, manager
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TEAM_PDF_INLINE_MEMBERS = 1
    submitted(engineer, level=2)
    path = f"/teams/{team.pk}/report.pdf?stale=365"

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = chromium.new_context().new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "manager")
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#pdf-status")).to_contain_text("Preparing the report of 2 members")
        page.wait_for_timeout(3500)  # one poll while the PDF is still being made
        expect(page.locator("#pdf-status")).to_contain_text("Preparing the report")

        with page.expect_response(
            lambda r: (
                r.url == f"{live_server.url}{path}"
                and r.headers.get("content-type") == "application/pdf"
            ),
            timeout=15_000,
        ) as answer:
            run_worker_in_a_thread()
        response = answer.value
        # Chromium shows the PDF in its viewer (which stands in for the body here).
        status, disposition = response.status, response.headers.get("content-disposition", "")
        chromium.close()

    assert status == 200
    assert 'filename="platform-ai-team-report.pdf"' in disposition
    assert TeamReportFile.objects.get().status == TeamReportFile.Status.READY
