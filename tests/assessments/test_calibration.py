"""Calibration over time on the history page: per area, the mean of self minus
manager over the engineer's reviewed assessments, shown as information once a
review is completed."""

import html
import re

import pytest
from django.urls import reverse

from assessments import services
from tests.assessments.report_helpers import element, text
from tests.factories import review, submitted

pytestmark = pytest.mark.django_db

URL = reverse("assessments:history")


def history(client, lang="en") -> str:
    return client.get(f"{URL}?lang={lang}").content.decode()


def row(page: str, area: str) -> str:
    """The sentence of one area, its inline emphasis (``<strong>``) dropped."""
    sentence = re.sub(r"</?strong>", "", element(page, f"calibration-{area}", "li"))
    return text(html.unescape(sentence))


def complete(manager, assessment, levels: dict):
    for code, level in levels.items():
        review(manager, assessment, code, level)
    return services.review_complete(user=manager, assessment=assessment, agree_remaining=True)


FIRST = {
    "programming.python": 1,  # self 3: +2
    "programming.javascript": 2,  # self 3: +1
    # programming.api-development agreed: 0 → mean 3/3 = +1.0
    "database.sql": 4,  # self 3: -1; the other three agreed → mean -1/4 = -0.25 → 0.3
}


def test_nothing_is_shown_before_a_review_is_completed(engineer, manager, team, client_for):
    submitted(engineer, level=3)
    in_review = submitted(engineer, level=3)
    review(manager, in_review, "programming.python", 1)
    page = history(client_for(engineer))
    assert 'id="history-assessments"' in page
    assert 'id="calibration"' not in page


def test_after_one_completed_review_each_area_is_worded_as_information(
    engineer, manager, team, client_for
):
    complete(manager, submitted(engineer, level=3), FIRST)
    page = history(client_for(engineer))
    section = element(page, "calibration", "section")
    assert row(section, "programming") == (
        "You rated yourself higher than your manager in Programming, "
        "by 1.0 levels on average. (3 competencies compared)"
    )
    assert row(section, "database") == (
        "You rated yourself lower than your manager in Database, "
        "by 0.3 levels on average. (4 competencies compared)"
    )
    assert row(section, "cloud-devops").startswith(
        "You and your manager rated Cloud & DevOps alike on average."
    )
    assert "both of you rated in your reviewed assessment." in text(section)
    assert "not a score" in text(section)
    assert "This rests on one review: a small sample." in text(section)
    # Information, not a score: no percentage, no severity.
    assert "%" not in text(section) and "sg-severity" not in section


def test_it_averages_over_every_reviewed_assessment_and_drops_the_small_sample_note(
    engineer, manager, team, client_for
):
    complete(manager, submitted(engineer, level=3), FIRST)
    complete(
        manager,
        submitted(engineer, level=3),
        {"programming.python": 3, "database.sql": 2, "database.nosql": 2},
    )
    submitted(engineer, level=1)  # submitted, not reviewed: left out
    page = history(client_for(engineer))
    section = element(page, "calibration", "section")
    # Programming: +2 +1 0 then 0 0 0 → 3/6 = 0.5; Database (four competencies):
    # -1 0 0 0 then +1 +1 0 0 → 1/8 = 0.1
    assert row(section, "programming").startswith(
        "You rated yourself higher than your manager in Programming, by 0.5 levels on average."
    )
    assert row(section, "database").startswith(
        "You rated yourself higher than your manager in Database, by 0.1 levels on average."
    )
    assert "(8 competencies compared)" in row(section, "database")
    assert "2 reviewed assessments." in text(section)
    assert 'id="calibration-sample"' not in section


def test_an_acknowledged_review_counts_too_and_indonesian_uses_a_decimal_comma(
    engineer, manager, team, client_for
):
    assessment = complete(manager, submitted(engineer, level=3), FIRST)
    client = client_for(engineer)
    client.post(reverse("assessments:acknowledge", args=[assessment.pk]), {"comment": ""})
    assessment.refresh_from_db()
    assert assessment.status == "acknowledged"
    page = history(client, lang="id")
    assert "1,0" in row(page, "programming")
    assert "0,3" in row(page, "database")


def test_a_manager_sees_only_their_own_calibration_on_their_history(
    engineer, manager, team, client_for
):
    complete(manager, submitted(engineer, level=3), FIRST)
    assert 'id="calibration"' not in history(client_for(manager))
