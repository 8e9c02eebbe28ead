"""The area rows kept beside each summary (``AreaReadiness``) and the
organisation figures summed from them in the database: the same numbers as
the summaries' own areas averaged in Python (``teams.rollup``)."""

from __future__ import annotations

import importlib
import random
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from accounts.models import User
from assessments.models import VISIBLE_TO_MANAGER, Assessment, Rating
from demo.builders import bulk_org
from org.models import Team
from roles.models import RoleProfile
from teams import rollup, summaries
from teams.models import AreaReadiness, AssessmentSummary
from teams.organisation import org_data
from teams.selectors import RATINGS_ALL, RATINGS_REVIEWED
from teams.trends import trend_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _area_rows() -> dict[int, dict[str, int]]:
    rows: dict[int, dict[str, int]] = {}
    for summary_id, area, tenths in AreaReadiness.objects.values_list(
        "summary_id", "area", "tenths"
    ):
        rows.setdefault(summary_id, {})[area] = tenths
    return rows


def _as_tenths(areas: dict[str, float]) -> dict[str, int]:
    return {code: int(Decimal(repr(value)) * 10) for code, value in areas.items()}


def test_each_stored_summary_has_one_row_per_area_equal_to_its_areas(framework):
    bulk_org(UserFactory(), teams=3, members=9, depth=2, quarters=2, prefix="rows")
    stored = dict(AssessmentSummary.objects.values_list("pk", "areas"))
    assert stored
    assert _area_rows() == {pk: _as_tenths(areas) for pk, areas in stored.items()}


def test_a_summary_stored_again_replaces_its_area_rows(framework):
    bulk_org(UserFactory(), teams=1, members=2, depth=1, quarters=1, prefix="again")
    summary = AssessmentSummary.objects.first()
    new = rollup.Summary(summary.pk, 0, 50.0, {"programming": 12.3}, ())
    summaries.store([new], {summary.pk: True})
    assert _area_rows()[summary.pk] == {"programming": 123}


def test_the_migration_fills_the_area_rows_of_summaries_kept_before(framework):
    bulk_org(UserFactory(), teams=2, members=6, depth=2, quarters=2, prefix="backfill")
    expected = _area_rows()
    AreaReadiness.objects.all().delete()
    migration = importlib.import_module("teams.migrations.0006_backfill_area_readiness")
    migration.backfill(django_apps, None)
    assert _area_rows() == expected


def test_a_mean_of_tenths_rounds_as_the_mean_of_the_values():
    generator = random.Random(17)
    for _ in range(2000):
        values = [generator.randint(0, 1000) / 10 for _ in range(generator.randint(1, 40))]
        total = sum(summaries.tenths(v) for v in values)
        assert rollup.mean_of_tenths(total, len(values)) == rollup._mean(values, rollup._ONE)
    assert rollup.mean_of_tenths(0, 0) is None


# --- the organisation, against the Python rules ------------------------------


@pytest.fixture
def random_org(framework):
    """An organisation with random levels, some assessments in review and
    some teams of fewer than five, and no summary kept yet."""
    head = UserFactory(username="random-head")
    root = bulk_org(head, teams=7, members=40, depth=3, quarters=4, prefix="random")
    generator = random.Random(2026)
    ratings = list(Rating.objects.filter(assessment__engineer__username__startswith="random-"))
    for rating in ratings:
        rating.level = generator.randint(0, 4)
        if rating.manager_level is not None:
            rating.manager_level = generator.choice([None, 0, 1, 2, 3, 4])
    Rating.objects.bulk_update(ratings, ["level", "manager_level"], batch_size=2000)
    latest = Assessment.objects.filter(status=Assessment.Status.SUBMITTED).order_by("pk")
    Assessment.objects.filter(pk__in=list(latest.values_list("pk", flat=True)[:5])).update(
        status=Assessment.Status.IN_REVIEW
    )
    small = Team.objects.filter(name__startswith="random team").order_by("-pk").first()
    Members = Team.members.through
    keep = list(Members.objects.filter(team=small).values_list("pk", flat=True)[:3])
    Members.objects.filter(team=small).exclude(pk__in=keep).delete()
    AssessmentSummary.objects.all().delete()
    return head, root


def _expected(chosen_ids, *, ratings, profile_id=None):
    """Per team and over everyone: the area means and the readiness of the
    members' latest assessments, by ``rollup`` over full summaries."""
    members = Team.members.through.objects.filter(team_id__in=chosen_ids)
    people = {user_id for _t, user_id in members.values_list("team_id", "user_id")}
    latest = {}
    for assessment in Assessment.objects.filter(
        engineer_id__in=people, status__in=VISIBLE_TO_MANAGER
    ).order_by("submitted_at", "pk"):
        latest[assessment.engineer_id] = assessment
    counted = {
        engineer_id: a
        for engineer_id, a in latest.items()
        if (profile_id is None or a.role_profile_id == profile_id)
        and (ratings != RATINGS_REVIEWED or a.status in summaries.DONE)
    }
    scored = summaries.score_rows(
        summaries.rows_of(Assessment.objects.filter(pk__in=[a.pk for a in counted.values()]))
    )
    by_engineer = {a.engineer_id: scored[a.pk] for a in counted.values()}
    teams = {}
    for team_id in chosen_ids:
        group = [
            by_engineer[u]
            for u in members.filter(team_id=team_id).values_list("user_id", flat=True)
            if u in by_engineer
        ]
        teams[team_id] = (rollup.readiness(group), rollup.area_means(group), len(group))
    everyone = list(by_engineer.values())
    return teams, (rollup.readiness(everyone), rollup.area_means(everyone))


def _shown(data):
    teams = {}
    for row in data.teams:
        if row.shown and row.assessed:
            teams[row.team.pk] = (
                row.readiness,
                {c.area.code: c.readiness for c in row.cells if c.readiness is not None},
                row.assessed,
            )
    return teams


@pytest.mark.parametrize("ratings", [RATINGS_ALL, RATINGS_REVIEWED])
@pytest.mark.parametrize("viewer", ["head", "staff"])
def test_the_teams_by_areas_equal_the_python_means(random_org, ratings, viewer):
    head, root = random_org
    user = head if viewer == "head" else UserFactory(username="random-staff", is_staff=True)
    subtree = Team.objects.filter(parent=root).order_by("pk").first()
    profile = RoleProfile.objects.get(code="enterprise-prompt-rag")  # reviewed and not
    for options in (
        {},
        {"subtree_id": subtree.pk},
        {"profile_code": profile.code},
        {"subtree_id": subtree.pk, "profile_code": profile.code},
    ):
        for _time in ("first, scoring and storing", "then from what is stored"):
            data = org_data(user, ratings=ratings, **options)
            chosen = [row.team.pk for row in data.teams]
            teams, (readiness, area_means) = _expected(
                chosen,
                ratings=ratings,
                profile_id=profile.pk if "profile_code" in options else None,
            )
            shown = _shown(data)
            assert shown or viewer == "staff", options  # the staff's may all be withheld
            for team_id, figures in shown.items():
                assert figures == teams[team_id], (options, team_id)
            hidden = [row for row in data.teams if not row.shown]
            assert all(teams[row.team.pk][2] < rollup.MIN_GROUP for row in hidden)
            assert (viewer == "staff") == bool(hidden) or "subtree_id" in options
            assert data.readiness == readiness
            assert {
                c.area.code: c.readiness for c in data.area_means if c.readiness is not None
            } == area_means


def _expected_trend(members, *, ratings, profile_id=None):
    statuses = summaries.DONE if ratings == RATINGS_REVIEWED else VISIBLE_TO_MANAGER
    assessments = Assessment.objects.filter(engineer__in=members.values("pk"), status__in=statuses)
    if profile_id is not None:
        assessments = assessments.filter(role_profile_id=profile_id)
    rows = summaries.rows_of(assessments)
    scored = summaries.score_rows(rows)
    from django.utils import timezone

    history = [
        (rollup.quarter_of(timezone.localtime(row.submitted_at)), scored[row.pk]) for row in rows
    ]
    last = rollup.quarter_of(timezone.localtime(timezone.now()))
    quarters = rollup.quarters_between(min(history[0][0], last), last)[-12:]
    return rollup.quarterly(history, quarters, order={}, with_competencies=False)


@pytest.mark.parametrize("ratings", [RATINGS_ALL, RATINGS_REVIEWED])
def test_the_organisation_trend_summed_in_the_database_equals_the_python_one(random_org, ratings):
    members = User.objects.filter(username__startswith="random-member-")
    everyone = _expected_trend(members, ratings=ratings)
    assert len(everyone) == 4 and everyone[-1].people == 40
    for profile in (None, RoleProfile.objects.get(code="startup-generalist").pk):
        expected = _expected_trend(members, ratings=ratings, profile_id=profile)
        for _time in ("first", "stored"):
            trend = trend_of(members, ratings=ratings, with_competencies=False, profile_id=profile)
            assert trend.points == expected


def test_the_trend_starts_at_the_first_quarter_and_keeps_twelve(framework):
    """More quarters of history than the trend shows: the latest twelve, the
    people of older quarters carried into the first one shown."""
    head = UserFactory()
    bulk_org(head, teams=1, members=3, depth=1, quarters=14, prefix="long")
    members = User.objects.filter(username__startswith="long-member-")
    expected = _expected_trend(members, ratings=RATINGS_ALL)
    trend = trend_of(members, ratings=RATINGS_ALL, with_competencies=False)
    assert trend.points == expected
    assert len(trend.points) == 12 and all(p.people == 3 for p in trend.points)
