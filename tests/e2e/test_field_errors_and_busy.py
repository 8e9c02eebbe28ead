"""What the browser says about a form while it works and when it refuses:
the sign-in button is busy while the sign-in is on its way (a second press
sends nothing), and a value an autosaving row refused marks its fields
invalid, tied to the status line that says why."""

import json
import re

import pytest
from playwright.sync_api import expect

from assessments.services import EVIDENCE_MAX
from tests.e2e.helpers import first_row_of_new_draft
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_sign_in_button_is_busy_until_the_server_answers(pages, engineer):
    page = pages.new()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("engineer")
    page.locator("input[name=password]").fill(PASSWORD)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # What the page looks like once the form is sent, noted where it survives
    # the navigation (sessionStorage); then a second press on the busy button.
    page.evaluate(
        """() => {
          const form = document.querySelector('main form');
          const button = form.querySelector('button[type=submit]');
          const prevented = [];
          document.addEventListener('submit', (event) => {
            prevented.push(event.defaultPrevented);
            sessionStorage.setItem('busy', JSON.stringify({
              text: button.textContent, disabled: button.getAttribute('aria-disabled'),
              busy: form.getAttribute('aria-busy'), prevented}));
            if (prevented.length === 1) setTimeout(() => button.click(), 0);
          });
        }"""
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    seen = json.loads(page.evaluate("() => sessionStorage.getItem('busy')"))
    assert seen == {
        "text": "Signing in…",
        "disabled": "true",
        "busy": "true",
        "prevented": [False, True],  # the second press sent nothing
    }
    assert len(posts) == 1
    # Back on the sign-in page (the browser's back button), it is ready again.
    page.go_back()
    page.wait_for_url("**/accounts/login/**")
    expect(page.locator("main form button[type=submit]")).to_have_text("Sign in")


def test_a_refused_evidence_marks_the_field_invalid_and_points_at_the_reason(pages, engineer):
    page, row = first_row_of_new_draft(pages, engineer)
    evidence = row.locator("textarea")
    status = row.locator("[data-save-status]")
    expect(evidence).not_to_have_attribute("aria-invalid", "true")

    # A value past the limit (the browser's maxlength taken off, as a hostile
    # or old browser would) is refused by the server.
    evidence.evaluate("el => el.removeAttribute('maxlength')")
    evidence.fill("x" * (EVIDENCE_MAX + 1))
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 400):
        evidence.dispatch_event("change")
    expect(evidence).to_have_attribute("aria-invalid", "true")
    status_id = status.get_attribute("id")
    assert status_id in evidence.get_attribute("aria-describedby").split()
    expect(status).to_contain_text(re.compile(str(EVIDENCE_MAX)))

    # Shortened, it saves and is no longer marked.
    evidence.fill("Ran the evaluation harness")
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 200):
        evidence.dispatch_event("change")
    expect(status).to_have_text("Saved")
    expect(evidence).not_to_have_attribute("aria-invalid", "true")
