"""The review page asks before leaving with a change not saved yet (a comment
still in its typing pause, or one waiting for its rating), and lets the
manager go without asking once every change is saved."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in
from tests.factories import submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "programming.python"


def is_review_save(response):
    return response.request.method == "POST" and response.url.endswith(f"/review/{CODE}/")


def test_leaving_the_review_with_an_unsaved_change_asks_first(pages, engineer, manager, team):
    assessment = submitted(engineer, levels={CODE: 2})
    page = pages.new()
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.type))  # the fixture accepts them
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/review/")
    row = page.locator(f'[id="review-{CODE}"]')
    status = row.locator("[data-save-status]")

    # Everything saved: leaving does not ask.
    with page.expect_response(is_review_save):
        row.locator(f'label[for="{CODE}-level-3"]').click()
    expect(status).to_have_text("Saved.")
    page.reload()
    assert dialogs == []

    # A comment waiting for its rating is not saved: leaving asks.
    other = page.locator('[id="review-database.sql"]')
    other.locator("textarea").fill("Needs a rating first")
    expect(other.locator("[data-save-status]")).to_have_text(
        "Choose a rating; the comment saves with it."
    )
    page.reload()
    assert dialogs == ["beforeunload"]

    # A comment typed and left before its pause is over: leaving asks too.
    row = page.locator(f'[id="review-{CODE}"]')
    row.locator("textarea").fill("Typed, then straight away away")
    page.reload()
    assert dialogs == ["beforeunload", "beforeunload"]
