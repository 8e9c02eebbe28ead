"""Blind ratings in a real browser (``assessments/blind.py``): the engineer rates (a target
shows only once its competency is rated) and submits; the manager reviews
blind (the evidence shows, the self-rating not until the manager has rated,
then with the blind-spot flag), completes the review agreeing with the
engineer for the rest; the engineer reads the review and acknowledges it with
a comment."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from roles.models import ProfileTarget
from tests.e2e.helpers import sign_in, sign_out, submit_through_confirmation
from tests.factories import competency_count, draft, rate_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "programming.python"
DOM_ID = "programming--python"
EVIDENCE = "Rebuilt the retrieval service in Python: https://example.com/rag"
DISAGREE = "I disagree about Python: the retrieval service is level 4 work."


def is_post_to(path_end: str):
    return lambda r: r.request.method == "POST" and r.url.endswith(path_end)


def test_engineer_rates_manager_reviews_blind_completes_engineer_acknowledges(
    pages, engineer, manager, team
):
    assessment = draft(engineer)
    rate_all(assessment, level=1)  # everything rated but Python
    Rating.objects.filter(assessment=assessment, competency__code=CODE).update(level=None)
    target = ProfileTarget.objects.get(profile=assessment.role_profile, competency__code=CODE)

    # The engineer: Python's target shows only once it is rated.
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    row = page.locator(f'[id="row-{DOM_ID}"]')
    head = row.locator(".rating-target")
    expect(head).to_have_text("Your target appears once you rate this competency.")
    expect(row.locator(".level-target")).to_have_count(0)
    with page.expect_response(is_post_to(f"/ratings/{CODE}/")) as answer:
        row.locator(f'label[for="{DOM_ID}-level-4"]').click()
    assert answer.value.status == 200
    expect(head).to_contain_text(f"Target for your role: {target.target}")
    expect(head).to_contain_text("target reached")
    expect(row.locator(f'[id="{DOM_ID}-target-mark-{target.target}"]')).to_have_text("target")
    with page.expect_response(is_post_to(f"/ratings/{CODE}/")):
        row.locator("textarea").fill(EVIDENCE)
    expect(page.locator("#progress")).to_contain_text(
        f"{competency_count()} of {competency_count()} rated"
    )
    submit_through_confirmation(page)
    page.wait_for_url(f"**/assessments/{assessment.pk}/report/")
    sign_out(page)

    # The manager: the evidence from the start, the self-rating once rated.
    page = pages.new()
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/review/")
    review = page.locator(f'[id="review-{CODE}"]')
    self_rating = review.locator(f'[id="self-{CODE}"]')
    expect(review.get_by_role("link", name="https://example.com/rag")).to_be_visible()
    expect(self_rating).to_have_text("shown once you save your rating")
    expect(review.get_by_text("Blind spot")).to_have_count(0)
    with page.expect_response(is_post_to(f"/review/{CODE}/")) as answer:
        review.locator(f'label[for="{CODE}-level-1"]').click()
    assert answer.value.status == 200
    expect(review.locator("[data-save-status]")).to_have_text("Saved.")
    expect(self_rating).to_have_text("4 · Expert")
    expect(review.get_by_text("Blind spot: two or more levels apart")).to_be_visible()
    other = page.locator('[id="self-database.sql"]')
    expect(other).to_have_text("shown once you save your rating")
    expect(page.locator("#review-progress")).to_contain_text(
        f"1 of {competency_count()} rated by a manager"
    )

    page.get_by_role("button", name=re.compile(r"^Agree with the engineer's rating")).click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/review/")
    expect(page.locator("#review-done")).to_be_visible()
    expect(other).to_have_text("1 · Awareness")
    expect(page.get_by_text("shown once you save your rating")).to_have_count(0)
    sign_out(page)

    # The engineer reads the review and acknowledges it, disagreeing.
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/report/")
    competency = page.locator(f'[id="competency-{CODE}"]')
    expect(competency.locator('[data-field="self"]')).to_have_text("4")
    expect(competency.locator('[data-field="manager"]')).to_contain_text("1")
    acknowledge = page.locator("#acknowledge")
    acknowledge.get_by_role("textbox").fill(DISAGREE)
    acknowledge.get_by_role("button", name="I have read this review").click()
    expect(page.locator("#acknowledged")).to_contain_text(DISAGREE)
    with pages.quiet():
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.ACKNOWLEDGED
        assert assessment.acknowledgement == DISAGREE
