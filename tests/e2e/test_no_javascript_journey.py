"""The rating page with JavaScript switched off: one ordinary form. Half the
ratings saved with "Save all", the rest sent with "Submit assessment"; both
land, nothing chosen is lost."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from tests.e2e.helpers import rate_path_id, sign_in, submit_through_confirmation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def expected_level(index: int) -> int:
    return (index * 2 + 3) % 5


def test_without_javascript_the_rating_form_saves_every_choice_and_submits(pages, engineer):
    page = pages.new(javascript=False)
    sign_in(page, "engineer")
    page.get_by_label("AI Engineer — enterprise, prompt engineering & RAG focus").check()
    page.get_by_role("button", name="Start assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    assessment_id = rate_path_id(page)

    rows = page.locator("article.rating-row")
    codes = rows.evaluate_all("rows => rows.map(row => row.dataset.prefix)")
    total = len(codes)
    half = total // 2
    save_all = page.get_by_role("button", name="Save all")
    expect(save_all).to_be_visible()  # shown only without JavaScript

    for index in range(half):
        rows.nth(index).get_by_text(re.compile(rf"^{expected_level(index)} ·")).click()
    rows.nth(0).locator("textarea").fill("Maintains the team's evaluation harness")
    save_all.click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("Your ratings are saved.")
    expect(page.locator("#progress")).to_contain_text(f"{half} of {total} rated")
    for index in range(half):
        level = expected_level(index)
        radio = rows.nth(index).get_by_role("radio", name=re.compile(rf"^{level} ·"))
        expect(radio).to_be_checked()
    expect(rows.nth(0).locator("textarea")).to_have_value("Maintains the team's evaluation harness")

    for index in range(half, total):
        rows.nth(index).get_by_text(re.compile(rf"^{expected_level(index)} ·")).click()
    submit_through_confirmation(page)
    page.wait_for_url(f"**/assessments/{assessment_id}/report/")
    expect(page.get_by_role("heading", name="Gap report", exact=True)).to_be_visible()

    pages.close()
    assessment = Assessment.objects.get(pk=assessment_id)
    assert assessment.status == Assessment.Status.SUBMITTED
    saved = dict(
        Rating.objects.filter(assessment=assessment).values_list("competency__code", "level")
    )
    assert saved == {code: expected_level(i) for i, code in enumerate(codes)}
    evidence = Rating.objects.get(assessment=assessment, competency__code=codes[0]).evidence
    assert evidence == "Maintains the team's evaluation harness"
