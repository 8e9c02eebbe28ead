"""From signing in to a downloaded plan with the keyboard alone: Tab, typing,
Enter and the arrow keys; no mouse, no script-driven focus. Each control the
journey needs is reached by Tab with a visible focus, and the PDF that comes
down holds the goal typed on the way."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import PASSWORD, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || '')
    .trim().replace(/\\s+/g, ' ');
  const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), text, label, name: el.name || '',
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                   || style.boxShadow !== 'none'};
}"""


def tab_to(page, matches, max_presses=300):
    """Press Tab until the focused control is the one ``matches`` picks; it
    must show that it has focus."""
    for _press in range(max_presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if matches(focused):
            assert focused["outline"], f"no visible focus on {focused}"
            return focused
    raise AssertionError("Tab never reached the control")


def text_is(pattern):
    return lambda focused: re.fullmatch(pattern, focused["text"]) is not None


def test_sign_in_write_a_goal_and_download_the_plan_with_the_keyboard_only(pages, engineer, team):
    assessment = submitted(engineer, level=1)
    page = pages.new()
    page.goto("/")  # the sign-in page, focus on the username
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(FOCUSED)["name"] == "login"
    page.keyboard.type("engineer")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Home → the report → the plan, each by Tab and Enter.
    page.mouse.move(0, 0)
    tab_to(page, text_is("View report"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/assessments/{assessment.pk}/report/")
    tab_to(page, text_is("Development plan"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/assessments/{assessment.pk}/plan/")

    # The first goal: typed, then its status chosen with the arrow keys.
    tab_to(page, lambda f: f["tag"] == "textarea")
    with page.expect_response(lambda r: r.request.method == "POST" and "/plan/" in r.url):
        page.keyboard.type("Ship the evaluation harness for the RAG service")
    tab_to(page, lambda f: f["tag"] == "select")  # past the due date's parts
    with page.expect_response(lambda r: r.request.method == "POST" and "/plan/" in r.url):
        page.keyboard.press("ArrowDown")
    goal = page.locator("fieldset[data-autosave]").first
    expect(goal.locator("[data-save-status]")).to_have_text("Saved")

    # The PDF, downloaded with Enter on its link.
    tab_to(page, text_is("Download PDF"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    assert download.value.suggested_filename.endswith("-en.pdf")
    with open(path, "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Ship the evaluation harness for the RAG service" in " ".join(text.split())
