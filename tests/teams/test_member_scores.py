"""Each member's report on the team pages is scoring's report of their latest
assessment, remembered between requests but never stale."""

import pytest

from assessments import services
from assessments.selectors import assessment_data
from teams.selectors import team_data
from tests.factories import submitted

pytestmark = pytest.mark.django_db


def member(data, user):
    return next(m for m in data.members if m.user.pk == user.pk)


def test_an_unchanged_assessment_is_scored_once_and_its_report_reused(team, engineer):
    submitted(engineer, level=2)
    first = member(team_data(team), engineer).report
    assert member(team_data(team), engineer).report is first


def test_a_new_manager_rating_reaches_the_members_numbers_at_once(team, engineer, manager):
    assessment = submitted(engineer, level=2)
    before = member(team_data(team), engineer).report
    services.review_save(
        user=manager, assessment=assessment, competency_code="programming.python", level=4
    )
    after = member(team_data(team), engineer).report
    assert after != before
    assert after == assessment_data(assessment).report
    assert after.competencies[0].manager_rating == 4
