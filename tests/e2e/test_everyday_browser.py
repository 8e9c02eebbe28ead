"""Everyday use in a browser: the compact rating page (a segmented control per
competency, one area at a time on a phone, "Not saved yet" while typing), the
confirmation before submitting, the plan's live limit and "use this action",
and a team heatmap that fits; axe on each of these pages, desktop and 320 px,
English and Indonesian."""

import re

import pytest
from playwright.sync_api import expect

from assessments import selectors
from roles.models import DevelopmentAction, ProficiencyLevel
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import axe_violations, first_row_of_new_draft, sign_in
from tests.factories import competency_count, draft, rate_all, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The rating page on a phone before the compact flow (issue 19): 28,352 px.
PHONE_HEIGHT_BEFORE = 28_352
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1366, "height": 900}


def is_row_save(response):
    return response.request.method == "POST" and "/ratings/" in response.url


def test_on_a_phone_the_rating_page_shows_one_area_and_a_third_of_its_old_height(pages, engineer):
    assessment = draft(engineer)
    page = pages.new(viewport=PHONE)
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")

    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < PHONE_HEIGHT_BEFORE / 3
    sections = page.locator(".area-section")
    visible = [i for i in range(sections.count()) if sections.nth(i).is_visible()]
    assert visible == [0]

    # "Next area" shows the next one, and only it.
    second_id = sections.nth(1).get_attribute("id")
    sections.nth(0).get_by_role("link", name=re.compile("^Next area:")).click()
    expect(page.locator(f"#{second_id}")).to_be_visible()
    expect(page).to_have_url(re.compile(f"#{second_id}$"))
    expect(sections.nth(0)).to_be_hidden()
    # The jump list reaches any area, e.g. the last one.
    last = sections.nth(sections.count() - 1)
    page.locator(f'.area-jump a[href="#{last.get_attribute("id")}"]').click()
    expect(last).to_be_visible()
    expect(page.locator(f"#{second_id}")).to_be_hidden()
    expect(page).to_have_url(re.compile(f"#{last.get_attribute('id')}$"))
    # "Review and submit" goes to the buttons below and keeps the last area shown.
    last.get_by_role("link", name="Last area: review and submit").click()
    expect(page).to_have_url(re.compile("#rate-actions$"))
    expect(last).to_be_visible()
    expect(sections.nth(0)).to_be_hidden()
    expect(page.locator("#rate-actions")).to_be_in_viewport()


def test_without_javascript_a_phone_still_shows_one_area_at_a_time(pages, engineer):
    assessment = draft(engineer)
    page = pages.new(viewport=PHONE, javascript=False)
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    sections = page.locator(".area-section")
    expect(sections.nth(0)).to_be_visible()
    expect(sections.nth(1)).to_be_hidden()

    sections.nth(0).get_by_role("link", name=re.compile("^Next area:")).click()
    expect(sections.nth(1)).to_be_visible()
    expect(sections.nth(0)).to_be_hidden()
    last = sections.nth(sections.count() - 1)
    page.locator(f'.area-jump a[href="#{last.get_attribute("id")}"]').click()
    expect(last).to_be_visible()
    expect(sections.nth(1)).to_be_hidden()


def test_a_level_shows_its_own_descriptor_when_chosen_or_focused(pages, engineer):
    page, row = first_row_of_new_draft(pages, engineer)
    descriptors = row.locator(".level-descriptor")

    expect(row.locator(".level-hint")).to_be_visible()
    expect(descriptors.locator("visible=true")).to_have_count(0)
    with page.expect_response(is_row_save):
        row.get_by_text(re.compile(r"^2 ·")).click()
    page.mouse.move(0, 0)  # a hovered level shows its text too
    expect(descriptors.locator("visible=true")).to_have_count(1)
    expect(row.locator('.level-descriptor[data-level="2"]')).to_be_visible()
    # Arrow keys focus (and choose) the next level: its text shows instead.
    row.get_by_role("radio", name=re.compile(r"^2 ·")).focus()
    with page.expect_response(is_row_save):
        page.keyboard.press("ArrowRight")
    expect(row.locator('.level-descriptor[data-level="3"]')).to_be_visible()
    expect(descriptors.locator("visible=true")).to_have_count(1)
    # Each radio is described by its level's text, read by a screen reader.
    described = row.get_by_role("radio", name=re.compile(r"^3 ·")).get_attribute("aria-describedby")
    assert page.locator(f'[id="{described}"]').text_content().strip()

    # Level 0's text (the scale's, the same for every competency) is on the page once.
    with pages.quiet():
        level_0 = ProficiencyLevel.objects.get(level=0).descriptor
    assert page.content().count(level_0) == 1


def test_typing_evidence_says_not_saved_yet_until_the_server_has_it(pages, engineer):
    page, row = first_row_of_new_draft(pages, engineer)
    status = row.locator("[data-save-status]")

    with page.expect_response(is_row_save):
        row.get_by_text(re.compile(r"^1 ·")).click()
    expect(status).to_have_text("Saved")
    with page.expect_response(is_row_save):
        row.locator("textarea").press_sequentially("Ran the evaluation harness")
        # The save waits for a pause in typing; meanwhile it is not saved.
        expect(status).to_have_text("Not saved yet")
        expect(status).to_have_attribute("data-state", "unsaved")
    expect(status).to_have_text("Saved")
    row.locator("textarea").press_sequentially(" weekly")
    expect(status).to_have_text("Not saved yet")
    expect(status).to_have_text("Saved")


def test_review_and_submit_lists_what_will_be_frozen_before_the_one_button(pages, engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=2)
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Review and submit").click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/submit/")
    expect(page.get_by_role("heading", name="What submitting freezes")).to_be_visible()
    expect(page.locator(".confirm-item")).to_have_count(competency_count())
    # Going back changes nothing; the button on this page submits.
    page.get_by_role("link", name="Back to your ratings").first.click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit assessment").click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/report/")


def test_the_goal_counts_its_characters_and_use_this_action_fills_it(pages, engineer, team):
    assessment = submitted(engineer, level=1)
    with pages.quiet():
        code = selectors.assessment_data(assessment).report.plan[0]
        action = DevelopmentAction.objects.filter(competency__code=code).order_by("order").first()
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/plan/")
    article = page.locator(f'[id="goal-{code}"]')
    field = article.get_by_role("textbox", name=re.compile("^Your goal for"))
    limit = article.locator(f'[id="{field.get_attribute("id")}-limit"]')
    expect(limit).to_contain_text("Up to 2000 characters. (0 / 2000)")
    field.press_sequentially("Learn")
    expect(limit).to_contain_text("(5 / 2000)")
    assert field.get_attribute("maxlength") == "2000"
    # The typing autosaves: let that save land before the whole form is posted,
    # or the form carries the revision before it (a stale refusal, nothing lost).
    expect(article.locator("[data-save-status]")).to_have_attribute("data-state", "saved")

    article.locator(f'button[value="{code}:{action.pk}"]').click()
    page.wait_for_url(re.compile(rf"/plan/#goal-{re.escape(code)}$"))
    expect(page.locator(f'[id="goal-{code}"]').locator("textarea")).to_have_value(
        re.compile(re.escape(action.text))
    )


def test_another_competency_gets_a_goal_from_the_chooser(pages, engineer, team):
    assessment = submitted(engineer, level=1)
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/plan/")
    chooser = page.locator("#plan-add")
    code = chooser.locator("option").first.get_attribute("value")
    chooser.select_option(code)
    page.get_by_role("button", name="Add a goal").click()
    new_row = page.locator(f'[id="goal-{code}"]')
    expect(new_row).to_contain_text("New: this goal is kept once you write it.")
    with page.expect_response(lambda r: r.request.method == "POST" and f"/plan/{code}/" in r.url):
        new_row.locator("textarea").fill("A goal of my own")
    page.reload()
    expect(page.locator(f'[id="goal-{code}"] textarea')).to_have_value("A goal of my own")


@pytest.fixture
def assessed_team(engineer, teammate, team):
    submitted(engineer, level=2, levels={"programming.python": 4})
    submitted(teammate, "enterprise-prompt-rag", level=3)
    return team


def test_at_1366_px_the_heatmap_shows_every_area_and_on_a_phone_says_it_scrolls(
    pages, manager, assessed_team
):
    page = pages.new(viewport=WIDE)
    sign_in(page, "manager")
    page.goto(f"/teams/{assessed_team.pk}/")
    wrap = page.locator(".heatmap-wrap")
    fits = wrap.evaluate("(w) => w.scrollWidth <= w.clientWidth")
    assert fits, "the heatmap scrolls at 1366 px"
    box = wrap.bounding_box()
    headers = page.locator(".heatmap thead .heat-area")
    assert headers.count() == 12  # overall and eleven areas
    for i in range(headers.count()):
        header = headers.nth(i).bounding_box()
        assert header["x"] + header["width"] <= box["x"] + box["width"] + 1
    expect(page.locator(".heat-scroll-cue")).to_be_hidden()
    # The caption is above the scroller, never inside it.
    expect(page.locator("#heatmap-caption")).to_be_visible()
    assert page.locator(".heatmap-wrap #heatmap-caption").count() == 0

    page.set_viewport_size(PHONE)
    expect(page.locator(".heat-scroll-cue")).to_be_visible()
    expect(page.locator(".heat-scroll-cue")).to_contain_text("Scroll the table sideways")
    member = page.locator(".heatmap tbody .heat-member").first
    left = wrap.bounding_box()["x"]
    wrap.evaluate("(w) => { w.scrollLeft = 400; }")
    assert wrap.evaluate("(w) => w.scrollLeft") > 0
    # The member column stays at the scroller's left edge (within the cell spacing).
    assert left - 1 <= member.bounding_box()["x"] <= left + 3


def test_a_met_target_reads_as_good_with_a_mark_not_colour_only(pages, manager, assessed_team):
    page = pages.new(viewport=WIDE)
    sign_in(page, "manager")
    page.goto(f"/teams/{assessed_team.pk}/")
    met = page.locator("td.heat-4").first
    expect(met.locator(".heat-met")).to_have_text("✓")
    # Blue, not a warm alarm colour: more blue than red in the band.
    rgb = met.evaluate("(td) => getComputedStyle(td).backgroundColor")
    red, _green, blue = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    assert blue > red


def pages_to_check(engineer, manager, team):
    """(who, path) of every page this change touches."""
    rating = draft(engineer, "enterprise-prompt-rag")
    complete = draft(engineer)
    rate_all(complete, level=2)
    reviewed = submitted(engineer, level=1)
    return [
        ("engineer", f"/assessments/{rating.pk}/"),
        ("engineer", f"/assessments/{complete.pk}/submit/"),
        ("engineer", f"/assessments/{rating.pk}/submit/"),
        ("engineer", f"/assessments/{reviewed.pk}/plan/"),
        ("manager", f"/assessments/{reviewed.pk}/plan/"),
        ("manager", f"/teams/{team.pk}/"),
    ]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_changed_pages_pass_axe_at_desktop_and_320_px(
    pages, engineer, teammate, manager, team, lang
):
    submitted(teammate, "enterprise-prompt-rag", level=3)
    checks = pages_to_check(engineer, manager, team)
    problems = []
    for who in ("engineer", "manager"):
        page = pages.new(viewport=WIDE)
        sign_in(page, who)
        for owner, path in checks:
            if owner != who:
                continue
            for viewport in (WIDE, NARROW):
                page.set_viewport_size(viewport)
                page.goto(f"{path}?lang={lang}")
                assert page.locator("html").get_attribute("lang") == lang
                problems += axe_violations(page, impacts=EVERY_IMPACT)
    assert problems == []
