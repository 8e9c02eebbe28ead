"""The manager review page in headless Chromium: per-row autosave that never
touches the comment being typed, a comment waiting for its rating, a save from
an out-of-date tab refused on screen, and the page without JavaScript.

Playwright's sync API runs an event loop, so the database is read only before
it starts and after it stops (Django refuses queries inside a running loop)."""

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from assessments.models import Assessment, Rating
from tests.factories import PASSWORD, submitted

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CODE = "programming.python"


def sign_in(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def row(page, code=CODE):
    return page.locator(f'[id="review-{code}"]')


def manager_rating(assessment, code=CODE):
    return Rating.objects.filter(assessment=assessment, competency__code=code).values_list(
        "manager_level", "manager_comment"
    )[0]


@pytest.mark.django_db(transaction=True)
def test_a_rating_saves_at_once_and_the_comment_saves_while_typing(
    live_server, engineer, manager, team
):
    assessment = submitted(engineer, level=2, levels={CODE: 3})

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = sign_in(
            chromium.new_context(viewport={"width": 1280, "height": 900}), live_server, "manager"
        )
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
        python = row(page)
        python.locator(f'label[for="{CODE}-level-1"]').click()
        expect(python.locator("[data-save-status]")).to_have_text("Saved.")
        expect(page.locator("#review-progress")).to_contain_text("1 of 30 rated by a manager")
        expect(page.locator("#review-progress")).to_contain_text("Reviewed")
        expect(python.locator(f'[id="calibration-{CODE}"]')).to_contain_text("Blind spot")
        comment = python.locator("textarea")
        comment.click()
        for chunk in ("Pair with ", "Sari on ", "the API"):
            page.keyboard.type(chunk)
            page.wait_for_timeout(1400)  # longer than the autosave delay: saves land mid-typing
        expect(python.locator("[data-save-status]")).to_have_text("Saved.")
        focused = page.evaluate("document.activeElement.id")
        typed = comment.input_value()
        chromium.close()
    assert focused == f"{CODE}-comment"
    assert typed == "Pair with Sari on the API"
    assert manager_rating(assessment) == (1, "Pair with Sari on the API")
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.REVIEWED


@pytest.mark.django_db(transaction=True)
def test_a_comment_typed_before_the_rating_waits_for_it(live_server, engineer, manager, team):
    assessment = submitted(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = sign_in(chromium.new_context(), live_server, "manager")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
        python = row(page)
        python.locator("textarea").fill("Good progress")
        expect(python.locator("[data-save-status]")).to_have_text(
            "Choose a rating; the comment saves with it."
        )
        page.wait_for_timeout(1500)
        chromium.close()
    assert manager_rating(assessment) == (None, "")


@pytest.mark.django_db(transaction=True)
def test_a_save_from_an_out_of_date_tab_is_refused_on_screen(live_server, engineer, manager, team):
    assessment = submitted(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context()
        first = sign_in(context, live_server, "manager")
        second = context.new_page()
        review = f"{live_server.url}/assessments/{assessment.pk}/review/"
        first.goto(review)
        second.goto(review)
        row(first).locator(f'label[for="{CODE}-level-4"]').click()
        expect(row(first).locator("[data-save-status]")).to_have_text("Saved.")
        row(second).locator(f'label[for="{CODE}-level-0"]').click()
        expect(row(second).locator("[data-save-status]")).to_contain_text(
            "Not saved: this rating was changed in another window (it is now 4)"
        )
        expect(row(second)).to_have_class("review-row is-failed")
        chromium.close()
    assert manager_rating(assessment) == (4, "")


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_page_is_one_form(live_server, engineer, manager, team):
    assessment = submitted(engineer)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = sign_in(chromium.new_context(java_script_enabled=False), live_server, "manager")
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
        row(page).locator(f'label[for="{CODE}-level-3"]').click()
        row(page).locator("textarea").fill("Solid")
        other = row(page, "database.sql")
        other.locator('label[for="database.sql-level-1"]').click()
        page.click("form.review-form button[type=submit]")
        expect(page.locator("#messages")).to_contain_text("Review saved.")
        chromium.close()
    assert manager_rating(assessment) == (3, "Solid")
    assert manager_rating(assessment, "database.sql") == (1, "")
