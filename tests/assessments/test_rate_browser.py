"""The rating page in headless Chromium: what only a browser shows — htmx
swaps that never touch the field being typed in, progress updating as you go,
a refused or failed save staying on screen, and the page without JavaScript.

Playwright's sync API runs an event loop, so the database is read only before
it starts and after it stops (Django refuses queries inside a running loop)."""

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from assessments.models import Assessment, Rating
from tests.factories import PASSWORD, draft

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def sign_in(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def levels(assessment):
    return dict(
        Rating.objects.filter(assessment=assessment).values_list("competency__code", "level")
    )


@pytest.mark.django_db(transaction=True)
def test_rating_saves_each_change_and_updates_progress_without_touching_the_field_being_typed(
    live_server, engineer
):
    assessment = draft(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = sign_in(context, live_server, "engineer")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        python = page.locator("#row-programming--python")
        python.locator("label[for=programming--python-level-3]").click()
        expect(python.locator("[data-save-status]")).to_have_text("Saved")
        expect(page.locator("#progress")).to_contain_text("1 of 30 rated")
        expect(page.locator("#area-summary-programming")).to_contain_text("1 of 3 rated")
        expect(page.locator("#area-jump-programming")).to_contain_text("1/3")
        expect(page.locator(".area-jump li")).to_have_count(13)  # 11 areas, 2 headings
        # Type with pauses longer than the autosave delay: saves land mid-typing.
        evidence = python.locator("textarea")
        evidence.click()
        for chunk in ("Built the ", "RAG service ", "in Python"):
            page.keyboard.type(chunk)
            page.wait_for_timeout(1100)
        expect(python.locator("[data-save-status]")).to_have_text("Saved")
        focused = page.evaluate("document.activeElement.id")
        typed = evidence.input_value()
        chromium.close()
    assert focused == "programming--python-evidence"
    assert typed == "Built the RAG service in Python"
    saved = Rating.objects.get(assessment=assessment, competency__code="programming.python")
    assert (saved.level, saved.evidence) == (3, "Built the RAG service in Python")


@pytest.mark.django_db(transaction=True)
def test_a_change_from_an_out_of_date_tab_is_shown_as_not_saved_and_the_user_chooses(
    live_server, engineer
):
    assessment = draft(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        tab_a = sign_in(context, live_server, "engineer")
        tab_a.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        tab_b = context.new_page()
        tab_b.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        tab_b.locator("label[for=database--sql-level-4]").click()
        expect(tab_b.locator("#row-database--sql [data-save-status]")).to_have_text("Saved")

        sql = tab_a.locator("#row-database--sql")
        sql.locator("label[for=database--sql-level-1]").click()
        expect(sql.locator("[data-save-status]")).to_contain_text("Not saved")
        expect(sql).to_have_class("rating-row is-failed")
        expect(sql.locator(".newer-value")).to_contain_text("4 · Expert")
        assert sql.locator("input[type=radio]:checked").get_attribute("value") == "1"
        sql.locator("[data-keep-mine]").click()
        expect(sql.locator("[data-save-status]")).to_have_text("Saved")
        expect(sql).to_have_class("rating-row")
        chromium.close()
    assert levels(assessment)["database.sql"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_save_that_cannot_reach_the_server_is_marked_not_saved_and_the_choice_stays(
    live_server, engineer
):
    assessment = draft(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context()
        page = sign_in(context, live_server, "engineer")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        row = page.locator("#row-programming--javascript")
        context.set_offline(True)
        row.locator("label[for=programming--javascript-level-2]").click()
        expect(row.locator("[data-save-status]")).to_contain_text("Not saved")
        expect(row).to_have_class("rating-row is-failed")
        assert row.locator("input[type=radio]:checked").get_attribute("value") == "2"
        context.set_offline(False)
        row.locator("label[for=programming--javascript-level-3]").click()
        expect(row.locator("[data-save-status]")).to_have_text("Saved")
        chromium.close()
    assert levels(assessment)["programming.javascript"] == 3


@pytest.mark.django_db(transaction=True)
def test_without_javascript_one_button_saves_the_page_and_submit_finishes_it(live_server, engineer):
    assessment = draft(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(java_script_enabled=False)
        page = sign_in(context, live_server, "engineer")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        rows = page.locator("[data-autosave]")
        for i in range(rows.count() - 1):
            rows.nth(i).locator(".level-label").nth(2).click()
        rows.nth(0).locator("textarea").fill("Without JavaScript")
        page.click("text=Save all")
        page.wait_for_url(f"{live_server.url}/assessments/{assessment.pk}/")
        saved_message = page.locator("#messages").inner_text()
        progress = page.locator("#progress").inner_text()
        page.locator("[data-autosave]").last.locator(".level-label").nth(1).click()
        page.click("text=Submit assessment")
        page.wait_for_url(f"{live_server.url}/assessments/{assessment.pk}/report/")
        chromium.close()
    assert "Your ratings are saved." in saved_message
    assert "29 of 30 rated" in progress
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert Rating.objects.filter(assessment=assessment, evidence="Without JavaScript").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_expired_page_is_told_in_the_row_which_keeps_its_revision(live_server, engineer):
    """A 403 from a stale CSRF token is said in the row without replacing it, so
    the row still carries its revision and saves once the page is fine again."""
    assessment = draft(engineer)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = sign_in(chromium.new_context(), live_server, "engineer")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
        row = page.locator("#row-database--sql")
        row.locator("label[for=database--sql-level-2]").click()
        expect(row.locator("[data-save-status]")).to_have_text("Saved")
        expired = '<div class="alert alert-danger" role="alert">Your change was not saved: the page had expired.</div>'
        page.route(
            "**/ratings/database.sql/", lambda route: route.fulfill(status=403, body=expired)
        )
        row.locator("label[for=database--sql-level-3]").click()
        expect(row.locator("[data-save-status]")).to_have_text(
            "Your change was not saved: the page had expired."
        )
        expect(row).to_have_class("rating-row is-failed")
        revision = row.locator('input[name="database.sql-revision"]').input_value()
        page.unroute("**/ratings/database.sql/")
        row.locator("label[for=database--sql-level-4]").click()
        expect(row.locator("[data-save-status]")).to_have_text("Saved")
        chromium.close()
    assert revision == "1"
    assert levels(assessment)["database.sql"] == 4
