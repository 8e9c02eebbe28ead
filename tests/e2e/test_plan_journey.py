"""The development plan in a browser: goals save as the engineer types, a
conflict with another tab is resolved without losing either text, bad input
is refused on the row, and the PDF carries the goals."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments import selectors
from assessments.models import Goal
from tests.e2e.helpers import sign_in
from tests.factories import submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE_URL = re.compile(r"/assessments/\d+/plan/[\w.-]+/$")


def is_save(response):
    return response.request.method == "POST" and SAVE_URL.search(response.url)


def saved_goal(pages, assessment, code):
    with pages.quiet():
        goal = Goal.objects.filter(assessment=assessment, competency__code=code).first()
        return goal.text if goal else None


def test_goals_autosave_and_a_conflict_keeps_the_engineers_choice(pages, engineer, team):
    assessment = submitted(engineer, level=1)
    with pages.quiet():
        code = selectors.assessment_data(assessment).report.plan[0]
    url = f"/assessments/{assessment.pk}/plan/?lang=en"

    mine = pages.new()
    sign_in(mine, "engineer")
    mine.goto(url)
    row = mine.locator(f"fieldset[data-prefix='{code}']")
    text = row.locator("textarea")
    status = row.locator("[data-save-status]")

    # Typing saves after a pause; only the status and revision are swapped.
    with mine.expect_response(is_save):
        text.fill("Build a small RAG service")
    expect(status).to_have_text("Saved")
    row.locator("select").select_option("in_progress")
    expect(row.locator("input[type=hidden]")).to_have_value("2")
    assert saved_goal(pages, assessment, code) == "Build a small RAG service"

    # Another tab saves a newer goal meanwhile.
    other = pages.new()
    sign_in(other, "engineer")
    other.goto(url)
    with other.expect_response(is_save):
        other.locator(f"fieldset[data-prefix='{code}'] textarea").fill("From the other tab")

    # This tab's next save is refused: both texts stay on screen.
    with mine.expect_response(lambda r: is_save(r) and r.status == 409):
        text.fill("Build a small RAG service and demo it")
    expect(row).to_have_class(re.compile(r"\bis-failed\b"))
    expect(row.locator(".newer-goal")).to_contain_text("From the other tab")
    expect(text).to_have_value("Build a small RAG service and demo it")

    # Typing on, then "Keep mine" at once: leaving the field starts one more
    # (refused) save, and the choice still wins.
    text.press("End")
    text.type("!")
    row.locator("[data-keep-mine]").click()
    expect(status).to_have_text("Saved")
    expect(row).not_to_have_class(re.compile(r"\bis-failed\b"))
    assert saved_goal(pages, assessment, code) == "Build a small RAG service and demo it!"

    # Too long: the field stops at its limit (the form's maxlength, said beside
    # it with a count) before the server has to refuse; the server's refusal of
    # a longer text is tested in tests/assessments/test_plan_page.py.
    with mine.expect_response(lambda r: is_save(r) and r.status == 200):
        text.fill("x" * 2001)
    expect(text).to_have_value("x" * 2000)
    expect(row.locator("[data-char-counter]")).to_have_text("(2000 / 2000)")
    with mine.expect_response(lambda r: is_save(r) and r.status == 200):
        text.fill("Shorter goal")
    expect(status).to_have_text("Saved")

    # After a reload the goal is there; the PDF carries it.
    mine.reload()
    expect(mine.locator(f"fieldset[data-prefix='{code}'] textarea")).to_have_value("Shorter goal")
    with mine.expect_download() as download:
        mine.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.startswith("skillgap-engineer-")
    pdf = download.value.path().read_bytes()
    text_of_pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Shorter goal" in text_of_pdf


def test_the_manager_reads_the_plan_without_fields(pages, engineer, manager, team):
    assessment = submitted(engineer, level=1)
    with pages.quiet():
        code = selectors.assessment_data(assessment).report.plan[0]
        Goal.objects.create(
            assessment=assessment,
            competency_id=selectors.assessment_data(assessment).item(code).competency.pk,
            text="Engineer's own goal",
        )
    page = pages.new()
    sign_in(page, "manager")
    page.goto(f"/assessments/{assessment.pk}/plan/?lang=en")
    expect(page.get_by_text("Engineer's own goal")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("#plan-form")).to_have_count(0)
