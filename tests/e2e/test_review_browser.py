"""The manager review page in headless Chromium: per-row autosave that never
touches the comment being typed, a comment waiting for its rating, a save from
an out-of-date tab refused on screen, and the page without JavaScript.

On the shared browser fixtures (tests/e2e/conftest.py): the database is read
in the middle of a journey only inside ``pages.quiet()``."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from tests.e2e.helpers import sign_in
from tests.factories import competency_count, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "programming.python"


def row(page, code=CODE):
    return page.locator(f'[id="review-{code}"]')


def manager_rating(assessment, code=CODE):
    return Rating.objects.filter(assessment=assessment, competency__code=code).values_list(
        "manager_level", "manager_comment"
    )[0]


def test_a_rating_saves_at_once_and_the_comment_saves_while_typing(pages, engineer, manager, team):
    assessment = submitted(engineer, level=2, levels={CODE: 3})

    page = pages.new()
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/review/")
    python = row(page)
    python.locator(f'label[for="{CODE}-level-1"]').click()
    expect(python.locator("[data-save-status]")).to_have_text("Saved.")
    expect(page.locator("#review-progress")).to_contain_text(
        f"1 of {competency_count()} rated by a manager"
    )
    expect(page.locator("#review-progress")).to_contain_text("In review")
    expect(python.locator(f'[id="calibration-{CODE}"]')).to_contain_text("Blind spot")
    comment = python.locator("textarea")
    comment.click()
    for chunk in ("Pair with ", "Sari on ", "the API"):
        page.keyboard.type(chunk)
        page.wait_for_timeout(1400)  # longer than the autosave delay: saves land mid-typing
    expect(python.locator("[data-save-status]")).to_have_text("Saved.")
    assert page.evaluate("document.activeElement.id") == f"{CODE}-comment"
    assert comment.input_value() == "Pair with Sari on the API"
    with pages.quiet():
        assert manager_rating(assessment) == (1, "Pair with Sari on the API")
        assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.IN_REVIEW


def test_a_comment_typed_before_the_rating_waits_for_it(pages, engineer, manager, team):
    assessment = submitted(engineer)

    page = pages.new()
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/review/")
    python = row(page)
    python.locator("textarea").fill("Good progress")
    expect(python.locator("[data-save-status]")).to_have_text(
        "Choose a rating; the comment saves with it."
    )
    page.wait_for_timeout(1500)
    with pages.quiet():
        assert manager_rating(assessment) == (None, "")


def test_a_save_from_an_out_of_date_tab_is_refused_on_screen(pages, engineer, manager, team):
    assessment = submitted(engineer)

    first = pages.new()
    sign_in(first, "manager")
    second = pages.new_tab(first)
    review = f"/assessments/{assessment.pk}/review/"
    first.goto(review)
    second.goto(review)
    row(first).locator(f'label[for="{CODE}-level-4"]').click()
    expect(row(first).locator("[data-save-status]")).to_have_text("Saved.")
    row(second).locator(f'label[for="{CODE}-level-0"]').click()
    expect(row(second).locator("[data-save-status]")).to_contain_text(
        "Not saved: this rating was changed in another window (it is now 4)"
    )
    expect(row(second)).to_have_class("review-row is-failed")
    with pages.quiet():
        assert manager_rating(assessment) == (4, "")


def test_without_javascript_the_page_is_one_form(pages, engineer, manager, team):
    assessment = submitted(engineer)

    page = pages.new(javascript=False)
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/review/")
    row(page).locator(f'label[for="{CODE}-level-3"]').click()
    row(page).locator("textarea").fill("Solid")
    other = row(page, "database.sql")
    other.locator('label[for="database.sql-level-1"]').click()
    page.click("form.review-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Review saved.")
    with pages.quiet():
        assert manager_rating(assessment) == (3, "Solid")
        assert manager_rating(assessment, "database.sql") == (1, "")
