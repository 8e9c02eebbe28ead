"""An engineer's whole self-assessment in a real browser: sign in, start,
rate every competency (most with the mouse, some with the keyboard alone),
watch the progress, reload and find everything saved, submit, read the gap
report and download it as a PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment
from tests.e2e.helpers import rate_path_id, sign_in, submit_through_confirmation
from tests.factories import competency_count

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Rows rated with the keyboard alone (indexes in page order), the others by mouse.
KEYBOARD_ROWS = {1, 4, 12, 23}


def expected_level(index: int) -> int:
    return (index * 3 + 1) % 5


def is_save_of(code: str):
    return lambda r: r.request.method == "POST" and r.url.endswith(f"/ratings/{code}/")


def keys_for(level: int) -> list[str]:
    """Keys that choose ``level`` from a radio group Tab has just entered
    (focus on level 0, nothing checked): Space checks the focused radio,
    arrows move and check; overshoot once and come back, as people do."""
    if level == 0:
        return ["Space"]
    if level == 4:
        return ["ArrowRight"] * 4
    return ["ArrowDown"] * (level + 1) + ["ArrowLeft"]


def checked_levels(page) -> dict[str, int]:
    return dict(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('input[type=radio]:checked'))"
            ".map(radio => [radio.name, Number(radio.value)])"
        )
    )


def test_engineer_rates_everything_reloads_submits_reads_the_report_and_downloads_the_pdf(
    pages, engineer
):
    page = pages.new()
    sign_in(page, "engineer")
    expect(page.get_by_role("heading", name="My assessments")).to_be_visible()

    page.get_by_label("AI Engineer — startup generalist").check()
    page.get_by_role("button", name="Start assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    assessment_id = rate_path_id(page)
    expect(page.get_by_role("heading", name="Rate yourself")).to_be_visible()

    rows = page.locator("article.rating-row")
    codes = rows.evaluate_all("rows => rows.map(row => row.dataset.prefix)")
    total = len(codes)
    assert total == competency_count()
    progress = page.locator("#progress")
    expect(progress).to_contain_text(f"0 of {total} rated")

    evidence = "Built the RAG service in Python, https://example.com/rag"
    for index, code in enumerate(codes):
        row = rows.nth(index)
        level = expected_level(index)
        if index in KEYBOARD_ROWS:
            # Keyboard only: Tab from the row before lands on this row's first level.
            rows.nth(index - 1).locator("textarea").focus()
            page.keyboard.press("Tab")
            expect(row.get_by_role("radio").first).to_be_focused()
            for key in keys_for(level):
                with page.expect_response(is_save_of(code)):
                    page.keyboard.press(key)
            expect(row.get_by_role("radio", name=re.compile(rf"^{level} ·"))).to_be_focused()
            if index == min(KEYBOARD_ROWS):
                # Tab on to the evidence and type: it saves after a pause in typing.
                page.keyboard.press("Tab")
                expect(row.locator("textarea")).to_be_focused()
                with page.expect_response(is_save_of(code)):
                    page.keyboard.type(evidence)
        else:
            with page.expect_response(is_save_of(code)):
                row.get_by_text(re.compile(rf"^{level} ·")).click()
        if index < 3:
            expect(row.locator("[data-save-status]")).to_have_text("Saved")
            expect(progress).to_contain_text(f"{index + 1} of {total} rated")
        if index == 2:
            expect(page.locator("#area-summary-programming")).to_contain_text("3 of 3 rated")

    expect(progress).to_contain_text(f"{total} of {total} rated")
    expect(progress).to_contain_text("ready to submit")
    assert set(page.locator("[data-save-status]").all_inner_texts()) == {"Saved"}
    assert checked_levels(page) == {
        f"{code}-level": expected_level(i) for i, code in enumerate(codes)
    }

    page.reload()
    assert checked_levels(page) == {
        f"{code}-level": expected_level(i) for i, code in enumerate(codes)
    }
    first_keyboard_row = rows.nth(min(KEYBOARD_ROWS))
    expect(first_keyboard_row.locator("textarea")).to_have_value(evidence)
    expect(progress).to_contain_text(f"{total} of {total} rated")

    submit_through_confirmation(page)
    page.wait_for_url(f"**/assessments/{assessment_id}/report/")
    expect(page.get_by_role("status").first).to_contain_text("Your assessment is submitted")
    expect(page.get_by_role("heading", name="Gap report", exact=True)).to_be_visible()
    for index, code in enumerate(codes):
        cell = page.locator(f'[id="competency-{code}"] [data-field="self"]')
        expect(cell).to_have_text(str(expected_level(index)))
    expect(page.get_by_text(evidence).first).to_be_visible()

    with page.expect_download(timeout=60_000) as download_info:  # WeasyPrint takes a moment
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf")
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Eko Engineer" in text

    with pages.quiet():
        assessment = Assessment.objects.get(pk=assessment_id)
    assert assessment.status == Assessment.Status.SUBMITTED
