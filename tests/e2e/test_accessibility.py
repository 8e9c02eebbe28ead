"""Accessibility of every main page, in the browser: axe-core finds no serious
or critical violation; Tab reaches every control and
each shows where the focus is; the rating control is a labelled radio group.

The run also keeps a screenshot of each main page at both widths in
tests/e2e/artifacts/screenshots/ (index.html shows them side by side)."""

import re

import pytest
from playwright.sync_api import expect

from assessments import services
from roles.models import Competency
from tests.e2e.helpers import (
    axe_source,
    axe_violations,
    keyboard_walk,
    save_screenshots,
    sign_in,
)
from tests.factories import draft, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(engineer, teammate, manager, team):
    """An engineer with a reviewed assessment and a new draft, a teammate
    waiting for review, their manager."""
    reviewed = submitted(engineer, levels={"programming.python": 1, "ai-ml.fine-tuning": 4})
    for code, level in (("programming.python", 3), ("database.sql", 0)):
        services.review_save(
            user=manager,
            assessment=reviewed,
            competency_code=code,
            level=level,
            comment="Seen in the RAG service review.",
        )
    waiting = submitted(teammate, "enterprise-prompt-rag", level=3)
    rating = draft(engineer)
    return {"reviewed": reviewed, "waiting": waiting, "draft": rating, "team": team}


def main_pages(cast):
    """(name, who is signed in, path) of every main page."""
    reviewed, waiting, rating, team = (cast[k] for k in ("reviewed", "waiting", "draft", "team"))
    return [
        ("sign-in", None, "/accounts/login/"),
        ("home", "engineer", "/"),
        ("rating", "engineer", f"/assessments/{rating.pk}/"),
        ("report", "engineer", f"/assessments/{reviewed.pk}/report/"),
        ("plan", "engineer", f"/assessments/{reviewed.pk}/plan/"),
        ("review", "manager", f"/assessments/{waiting.pk}/review/"),
        ("team-dashboard", "manager", f"/teams/{team.pk}/"),
    ]


def test_main_pages_pass_axe_and_every_control_is_reachable_by_keyboard_with_visible_focus(
    pages, cast
):
    axe_source()  # skips at once when axe-core is not installed
    signed_in = {}
    problems = []
    for name, username, path in main_pages(cast):
        if username not in signed_in:
            signed_in[username] = pages.new()
            if username:
                sign_in(signed_in[username], username)
        page = signed_in[username]
        response = page.goto(path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"

        save_screenshots(page, name)
        problems += axe_violations(page)

        unreachable, no_visible_focus = keyboard_walk(page)
        problems += [f"{name}: Tab never reaches {control}" for control in unreachable]
        problems += [f"{name}: no visible focus on {control}" for control in no_visible_focus]

    assert not problems, "\n".join(problems)


def test_each_rating_is_a_radio_group_named_after_its_competency_with_a_label_per_level(
    pages, engineer
):
    assessment = draft(engineer)
    names = list(
        Competency.objects.filter(targets__profile=assessment.role_profile).values_list(
            "name", flat=True
        )
    )
    page = pages.new()
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")

    for name in names:
        group = page.get_by_role("group", name=f"Your level in {name}", exact=True)
        radios = group.get_by_role("radio")
        expect(radios).to_have_count(5)
        for level in range(5):
            expect(group.get_by_role("radio", name=re.compile(rf"^{level} · \w"))).to_have_count(1)
        assert len(set(radios.evaluate_all("rs => rs.map(r => r.name)"))) == 1

    # Inside a group the arrow keys move and choose; Tab leaves for the evidence.
    first = page.get_by_role("group", name=f"Your level in {names[0]}", exact=True)
    first.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio", name=re.compile(r"^1 ·"))).to_be_focused()
    expect(first.get_by_role("radio", name=re.compile(r"^1 ·"))).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name=re.compile("^Evidence")).first).to_be_focused()
