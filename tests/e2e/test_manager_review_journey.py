"""A manager opens the team dashboard, reviews a member's submitted
assessment (a rating and a comment, each saved as it is made) and comes back
to the dashboard; the engineer then finds the manager's rating and comment in
their gap report."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in, sign_out
from tests.factories import competency_count, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "programming.python"
COMMENT = "Led the rewrite of the RAG service: this is level 4 work."


def is_review_save(response):
    return response.request.method == "POST" and response.url.endswith(f"/review/{CODE}/")


def test_manager_reviews_on_the_dashboard_and_the_engineer_sees_the_review(
    pages, engineer, manager, team
):
    assessment = submitted(engineer, levels={CODE: 2})

    page = pages.new()
    sign_in(page, "manager")
    page.get_by_role("region", name="Teams I manage").get_by_role(
        "link", name="Platform AI"
    ).click()
    page.wait_for_url(f"**/teams/{team.pk}/")
    expect(page.get_by_role("heading", name="Platform AI", level=1)).to_be_visible()
    page.get_by_role("link", name="Review Eko Engineer").click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/review/")
    expect(page.get_by_role("heading", name="Eko Engineer")).to_be_visible()

    row = page.locator(f'[id="review-{CODE}"]')
    status = row.locator("[data-save-status]")
    with page.expect_response(is_review_save) as answer:
        row.locator(f'label[for="{CODE}-level-4"]').click()
    assert answer.value.status == 200
    expect(status).to_have_text("Saved.")
    expect(row.get_by_role("radio", name=re.compile(r"^4\b"))).to_be_checked()
    expect(row.get_by_text("Blind spot: two or more levels apart")).to_be_visible()
    with page.expect_response(is_review_save) as answer:
        row.get_by_role("textbox").fill(COMMENT)
    assert answer.value.status == 200
    expect(status).to_have_text("Saved.")
    progress = page.locator("#review-progress")
    expect(progress).to_contain_text("In review")
    expect(progress).to_contain_text(f"1 of {competency_count()} rated by a manager")

    # Completing with all but one competency unrated is refused and says so; agreeing
    # with the engineer for the rest completes it.
    complete = page.get_by_role("region", name="Complete the review")
    complete.get_by_role("button", name="Complete review").click()
    unrated = competency_count() - 1
    expect(page.locator("#page-error")).to_contain_text(
        f"{unrated} competencies have no rating of yours"
    )
    page.get_by_role("region", name="Complete the review").get_by_role(
        "button", name=re.compile(f"Agree with the engineer's rating for the remaining {unrated}")
    ).click()
    expect(page.locator("#review-done")).to_contain_text("its ratings no longer change")
    expect(page.locator("#review-progress")).to_contain_text("Reviewed")
    expect(page.locator("#review-progress")).to_contain_text(
        f"{competency_count()} of {competency_count()} rated by a manager"
    )

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Platform AI"
    ).click()
    page.wait_for_url(f"**/teams/{team.pk}/")
    heatmap = page.get_by_role("table", name=re.compile("Readiness"))
    expect(heatmap.get_by_role("row").filter(has_text="Eko Engineer")).to_contain_text("reviewed")
    sign_out(page)

    page = pages.new()
    sign_in(page, "engineer")
    page.get_by_role("link", name="View report").click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/report/")
    expect(page.locator(".sg-status")).to_have_text("Reviewed")
    competency = page.locator(f'[id="competency-{CODE}"]')
    expect(competency.locator('[data-field="self"]')).to_have_text("2")
    expect(competency.locator('[data-field="manager"]')).to_contain_text("4")
    expect(competency).to_contain_text(f"Manager (Maya Manager): {COMMENT}")
