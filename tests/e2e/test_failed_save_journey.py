"""A save that does not land says so on the row and keeps the user's choice
on screen: first the server refuses it (409: a newer value was saved
meanwhile), then it breaks (500); once the server answers again, keeping
the choice saves it."""

import re
from urllib.parse import parse_qsl, urlencode

import pytest
from playwright.sync_api import expect

from assessments.models import Rating
from tests.e2e.helpers import sign_in
from tests.factories import competency_count, draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "programming.python"
SAVE_URL = re.compile(rf"/assessments/\d+/ratings/{re.escape(CODE)}/$")


def saved_level(pages, assessment):
    with pages.quiet():
        return Rating.objects.get(assessment=assessment, competency__code=CODE).level


def test_a_refused_and_a_failed_save_show_on_the_row_and_keep_the_choice(pages, engineer):
    assessment = draft(engineer)
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    row = page.locator("#row-programming--python")
    status = row.locator("[data-save-status]")

    def level(n):
        return row.get_by_role("radio", name=re.compile(rf"^{n} ·"))

    # 409: the request goes out with an out-of-date revision, as from a tab
    # left open while another saved; the real server refuses it.
    def out_of_date(route):
        fields = dict(parse_qsl(route.request.post_data or ""))
        assert f"{CODE}-level" in fields, route.request.post_data
        fields[f"{CODE}-revision"] = "999"
        route.fulfill(response=route.fetch(post_data=urlencode(fields)))

    page.route(SAVE_URL, out_of_date)
    with page.expect_response(lambda r: SAVE_URL.search(r.url) and r.status == 409):
        row.get_by_text(re.compile(r"^2 ·")).click()
    expect(row).to_have_class(re.compile(r"\bis-failed\b"))
    expect(status).to_contain_text("Not saved")
    expect(level(2)).to_be_checked()
    expect(page.locator("#progress")).to_contain_text(f"0 of {competency_count()} rated")
    page.unroute(SAVE_URL)
    assert saved_level(pages, assessment) is None

    # 500: the server breaks; htmx does not swap the error page into the row.
    page.route(
        SAVE_URL,
        lambda route: route.fulfill(
            status=500, content_type="text/html", body="<h1>Server Error (500)</h1>"
        ),
    )
    with page.expect_response(lambda r: SAVE_URL.search(r.url) and r.status == 500):
        row.get_by_text(re.compile(r"^3 ·")).click()
    expect(status).to_have_text("Not saved: the server ran into a problem. Try again in a moment.")
    expect(row).to_have_class(re.compile(r"\bis-failed\b"))
    expect(level(3)).to_be_checked()
    expect(row).not_to_contain_text("Server Error")
    page.unroute(SAVE_URL)
    assert saved_level(pages, assessment) is None

    # The server answers again. The refusal still stands until the user
    # decides: keeping their choice saves it over the value saved meanwhile.
    with page.expect_response(lambda r: SAVE_URL.search(r.url) and r.status == 200):
        row.get_by_role("button", name="Keep my choice").click()
    expect(status).to_have_text("Saved")
    expect(row).not_to_have_class(re.compile(r"\bis-failed\b"))
    expect(level(3)).to_be_checked()
    expect(page.locator("#progress")).to_contain_text(f"1 of {competency_count()} rated")
    assert saved_level(pages, assessment) == 3

    with page.expect_response(lambda r: SAVE_URL.search(r.url) and r.status == 200):
        row.get_by_text(re.compile(r"^4 ·")).click()
    expect(level(4)).to_be_checked()
    assert saved_level(pages, assessment) == 4
