"""The rating page in headless Chromium: what only a browser shows — htmx
swaps that never touch the field being typed in, progress updating as you go,
a refused or failed save staying on screen, and the page without JavaScript.

On the shared browser fixtures (tests/e2e/conftest.py): the database is read
in the middle of a journey only inside ``pages.quiet()``."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in, submit_through_confirmation
from tests.factories import competency_count, draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def levels(assessment):
    return dict(
        Rating.objects.filter(assessment=assessment).values_list("competency__code", "level")
    )


def rating_page(pages, assessment, **options):
    """A new page, signed in as the engineer, on the rating page of ``assessment``."""
    page = pages.new(**options)
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    return page


def test_rating_saves_each_change_and_updates_progress_without_touching_the_field_being_typed(
    pages, engineer
):
    assessment = draft(engineer)

    page = rating_page(pages, assessment, viewport=PHONE)
    python = page.locator("#row-programming--python")
    python.locator("label[for=programming--python-level-3]").click()
    expect(python.locator("[data-save-status]")).to_have_text("Saved")
    expect(page.locator("#progress")).to_contain_text(f"1 of {competency_count()} rated")
    expect(page.locator("#area-summary-programming")).to_contain_text("1 of 3 rated")
    expect(page.locator("#area-jump-programming")).to_contain_text("1/3")
    expect(page.locator(".area-jump li")).to_have_count(13)  # 11 areas, 2 headings
    # Type with pauses longer than the autosave delay: saves land mid-typing.
    evidence = python.locator("textarea")
    evidence.click()
    for chunk in ("Built the ", "RAG service ", "in Python"):
        page.keyboard.type(chunk)
        page.wait_for_timeout(1100)
    expect(python.locator("[data-save-status]")).to_have_text("Saved")
    assert page.evaluate("document.activeElement.id") == "programming--python-evidence"
    assert evidence.input_value() == "Built the RAG service in Python"
    with pages.quiet():
        saved = Rating.objects.get(assessment=assessment, competency__code="programming.python")
        assert (saved.level, saved.evidence) == (3, "Built the RAG service in Python")


def test_a_change_from_an_out_of_date_tab_is_shown_as_not_saved_and_the_user_chooses(
    pages, engineer
):
    assessment = draft(engineer)

    tab_a = rating_page(pages, assessment)
    tab_b = pages.new_tab(tab_a)
    tab_b.goto(f"/assessments/{assessment.pk}/")
    tab_b.locator("label[for=database--sql-level-4]").click()
    expect(tab_b.locator("#row-database--sql [data-save-status]")).to_have_text("Saved")

    sql = tab_a.locator("#row-database--sql")
    sql.locator("label[for=database--sql-level-1]").click()
    expect(sql.locator("[data-save-status]")).to_contain_text("Not saved")
    expect(sql).to_have_class("rating-row is-failed")
    expect(sql.locator(".newer-value")).to_contain_text("4 · Expert")
    assert sql.locator("input[type=radio]:checked").get_attribute("value") == "1"
    sql.locator("[data-keep-mine]").click()
    expect(sql.locator("[data-save-status]")).to_have_text("Saved")
    expect(sql).to_have_class("rating-row")
    with pages.quiet():
        assert levels(assessment)["database.sql"] == 1


def test_a_save_that_cannot_reach_the_server_is_marked_not_saved_and_the_choice_stays(
    pages, engineer
):
    assessment = draft(engineer)

    page = rating_page(pages, assessment)
    row = page.locator("#row-programming--javascript")
    page.context.set_offline(True)
    row.locator("label[for=programming--javascript-level-2]").click()
    expect(row.locator("[data-save-status]")).to_contain_text("Not saved")
    expect(row).to_have_class("rating-row is-failed")
    assert row.locator("input[type=radio]:checked").get_attribute("value") == "2"
    page.context.set_offline(False)
    row.locator("label[for=programming--javascript-level-3]").click()
    expect(row.locator("[data-save-status]")).to_have_text("Saved")
    with pages.quiet():
        assert levels(assessment)["programming.javascript"] == 3


def test_without_javascript_one_button_saves_the_page_and_submit_finishes_it(pages, engineer):
    assessment = draft(engineer)

    page = rating_page(pages, assessment, javascript=False)
    rows = page.locator("[data-autosave]")
    for i in range(rows.count() - 1):
        rows.nth(i).locator(".level-label").nth(2).click()
    rows.nth(0).locator("textarea").fill("Without JavaScript")
    page.click("text=Save all")
    page.wait_for_url(f"**/assessments/{assessment.pk}/")
    assert "Your ratings are saved." in page.locator("#messages").inner_text()
    assert (
        f"{competency_count() - 1} of {competency_count()} rated"
        in page.locator("#progress").inner_text()
    )
    page.locator("[data-autosave]").last.locator(".level-label").nth(1).click()
    submit_through_confirmation(page)
    page.wait_for_url(f"**/assessments/{assessment.pk}/report/")
    with pages.quiet():
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.SUBMITTED
        assert (
            Rating.objects.filter(assessment=assessment, evidence="Without JavaScript").count() == 1
        )


def test_an_expired_page_is_told_in_the_row_which_keeps_its_revision(pages, engineer):
    """A 403 from a stale CSRF token is said in the row without replacing it, so
    the row still carries its revision and saves once the page is fine again."""
    assessment = draft(engineer)

    page = rating_page(pages, assessment)
    row = page.locator("#row-database--sql")
    row.locator("label[for=database--sql-level-2]").click()
    expect(row.locator("[data-save-status]")).to_have_text("Saved")
    expired = '<div class="alert alert-danger" role="alert">Your change was not saved: the page had expired.</div>'
    page.route("**/ratings/database.sql/", lambda route: route.fulfill(status=403, body=expired))
    row.locator("label[for=database--sql-level-3]").click()
    expect(row.locator("[data-save-status]")).to_have_text(
        "Your change was not saved: the page had expired."
    )
    expect(row).to_have_class("rating-row is-failed")
    assert row.locator('input[name="database.sql-revision"]').input_value() == "1"
    page.unroute("**/ratings/database.sql/")
    row.locator("label[for=database--sql-level-4]").click()
    expect(row.locator("[data-save-status]")).to_have_text("Saved")
    with pages.quiet():
        assert levels(assessment)["database.sql"] == 4


def test_an_answer_that_arrives_after_a_newer_one_leaves_the_newer_counts(pages, engineer):
    """Two rows saved at once whose answers cross on the way back: the first
    save's answer (read when only it was rated) arrives after the second's.
    The counters keep the newer read (each answer says when it was read)."""
    assessment = draft(engineer)
    total = competency_count()
    page = rating_page(pages, assessment)
    held = []

    def hold(route):
        held.append((route, route.fetch()))  # the server answers now; the page later

    page.route("**/ratings/programming.python/", hold)
    python = page.locator("#row-programming--python")
    python.locator("label[for=programming--python-level-3]").click()
    for _ in range(100):  # the handler runs while the page waits
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the first save never reached the server"
    sql = page.locator("#row-database--sql")
    sql.locator("label[for=database--sql-level-2]").click()
    expect(sql.locator("[data-save-status]")).to_have_text("Saved")
    expect(page.locator("#progress")).to_contain_text(f"2 of {total} rated")
    route, response = held[0]
    with page.expect_response(lambda r: r.url.endswith("/ratings/programming.python/")):
        route.fulfill(response=response)
    expect(python.locator("[data-save-status]")).to_have_text("Saved")
    expect(page.locator("#progress")).to_contain_text(f"2 of {total} rated")
    expect(page.locator("#area-jump-programming")).to_contain_text("1/3")
    with pages.quiet():
        assert sum(level is not None for level in levels(assessment).values()) == 2
