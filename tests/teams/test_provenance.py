"""Provenance on the team pages: all submitted ratings (the default, figures
that rest on self-ratings alone marked) or reviewed ratings only, the switch
between them carried into the exports, and both team readiness figures."""

import pytest
from django.urls import reverse

from assessments import scoring, services
from assessments.selectors import assessment_data
from demo.builders import bulk_team
from teams.selectors import RATINGS_ALL, RATINGS_REVIEWED, team_data
from tests.factories import UserFactory, competency_count, review, submitted
from tests.teams.helpers import queries_for_5_and_500_members

pytestmark = pytest.mark.django_db


def url(team, query=""):
    return reverse("teams:dashboard", args=[team.pk]) + query


@pytest.fixture
def mixed_team(team, engineer, teammate, manager):
    """engineer: review completed; teammate: in review, 6 of all competencies rated;
    nadia: submitted, not reviewed yet."""
    done = submitted(engineer, level=2)
    services.review_complete(user=manager, assessment=done, agree_remaining=True)
    partly = submitted(teammate, level=3)
    for code in list(partly.ratings.values_list("competency__code", flat=True)[:6]):
        review(manager, partly, code, 1)
    nadia = UserFactory(username="nadia", first_name="Nadia", last_name="New")
    team.members.add(nadia)
    submitted(nadia, level=4)
    return team


def readiness(*users):
    reports = [assessment_data(user.assessments.get()).report for user in users]
    return scoring.team_readiness(reports)


def test_all_submitted_is_the_default_and_says_so(client_for, manager, mixed_team):
    response = client_for(manager).get(url(mixed_team))
    data = response.context["data"]
    assert data.ratings == RATINGS_ALL
    assert {m.user.username for m in data.assessed} == {"engineer", "nadia", "teammate"}
    page = response.text
    assert 'data-provenance="all"' in page
    assert "All submitted ratings." in page
    assert "The figures of 2 of 3 members rest on their self-ratings alone" in page


def test_self_rated_rows_are_dotted_and_say_so_in_text(client_for, manager, mixed_team):
    response = client_for(manager).get(url(mixed_team))
    data = response.context["data"]
    marked = {row.member.user.username: row.self_rated for row in data.rows}
    assert marked == {"engineer": False, "nadia": True, "teammate": True}
    for row in data.rows:
        areas = [cell for cell in row.cells if cell.readiness is not None]
        assert all(("heat-self" in cell.css) == row.self_rated for cell in areas)
    page = response.text
    assert 'heat-overall heat-self">' in page
    assert '<span class="visually-hidden">, self-rated</span>' in page
    assert page.count('<span class="self-tag">self-rated</span>') >= 2  # nadia's, teammate's rows
    assert "self-rated: review not completed (dotted, dashed frame)" in page  # the legend


def test_each_row_says_where_its_review_stands(client_for, manager, mixed_team):
    page = client_for(manager).get(url(mixed_team)).text
    assert f"in review, 6 of {competency_count()}" in page
    assert "awaiting review" in page
    assert "reviewed, acknowledged" not in page
    assert " · reviewed" in page


def test_team_readiness_is_given_both_ways(client_for, manager, engineer, teammate, mixed_team):
    nadia = mixed_team.members.get(username="nadia")
    response = client_for(manager).get(url(mixed_team))
    data = response.context["data"]
    assert data.readiness_all == readiness(engineer, nadia, teammate) == data.report.readiness
    assert data.readiness_reviewed == readiness(engineer)
    assert data.readiness_all != data.readiness_reviewed
    page = response.text
    assert f"{data.readiness_all:.1f}%" in page
    assert f"{data.readiness_reviewed:.1f}%" in page
    assert "(3 members, 2 self-rated)" in page
    assert "(1 member)" in page


def test_reviewed_only_counts_completed_reviews_and_lists_the_others(
    client_for, manager, engineer, mixed_team
):
    response = client_for(manager).get(url(mixed_team, "?ratings=reviewed"))
    data = response.context["data"]
    assert data.ratings == RATINGS_REVIEWED
    assert [row.member.user.username for row in data.rows] == ["engineer"]
    assert data.report.readiness == data.readiness_reviewed == readiness(engineer)
    assert data.readiness_all is not None
    page = response.text
    assert 'data-provenance="reviewed"' in page
    assert (
        "The figures count the one member whose latest assessment has a completed review." in page
    )
    assert "2 members whose review is not completed are not counted." in page
    assert "Not counted: review not completed" in page
    assert "Nadia New — awaiting review" in page
    assert "heat-self" not in page.split("Readiness by area")[1].split("</table>")[0]


def test_an_acknowledged_review_counts_as_reviewed(client_for, manager, engineer, mixed_team):
    services.assessment_acknowledge(user=engineer, assessment=engineer.assessments.get())
    response = client_for(manager).get(url(mixed_team, "?ratings=reviewed"))
    assert [row.member.user.username for row in response.context["data"].rows] == ["engineer"]
    assert "reviewed, acknowledged" in response.text


def test_a_member_whose_latest_review_is_not_completed_is_not_counted_as_reviewed(
    client_for, manager, engineer, team
):
    older = submitted(engineer, level=4)
    services.review_complete(user=manager, assessment=older, agree_remaining=True)
    submitted(engineer, level=1)
    response = client_for(manager).get(url(team, "?ratings=reviewed"))
    data = response.context["data"]
    assert data.rows == []
    assert data.readiness_reviewed is None
    assert [m.user.username for m in data.awaiting_review] == ["engineer"]


def test_single_point_of_failure_cover_says_who_is_self_rated(manager, mixed_team):
    data = team_data(mixed_team)
    covers = [m for row in data.single_points_of_failure for m in row.covered_by]
    assert any(m.self_rated for m in covers)  # nadia (level 4) covers what nobody else does


def test_an_unknown_mode_counts_all_submitted(client_for, manager, mixed_team):
    response = client_for(manager).get(url(mixed_team, "?ratings=nope"))
    assert response.status_code == 200
    assert response.context["data"].ratings == RATINGS_ALL


def test_the_switch_is_one_click_and_keeps_the_other_filters(client_for, manager, mixed_team):
    page = client_for(manager).get(url(mixed_team, "?stale=30&profile=startup-generalist")).text
    base = url(mixed_team)
    assert (
        f'href="{base}?stale=30&amp;profile=startup-generalist" aria-current="page" '
        'data-ratings="all"' in page
    )
    assert f'href="{base}?stale=30&amp;profile=startup-generalist&amp;ratings=reviewed"' in page
    page = client_for(manager).get(url(mixed_team, "?ratings=reviewed")).text
    assert '<input type="hidden" name="ratings" value="reviewed">' in page  # Apply keeps it
    assert f'href="{base}?ratings=reviewed" aria-current="page"' in page


def test_the_export_links_carry_the_mode(client_for, manager, mixed_team):
    csv_url = reverse("teams:ratings_csv", args=[mixed_team.pk])
    pdf_url = reverse("teams:report_pdf", args=[mixed_team.pk])
    page = client_for(manager).get(url(mixed_team, "?ratings=reviewed")).text
    assert f'{csv_url}?stale=180&amp;ratings=reviewed"' in page
    assert f'{pdf_url}?stale=180&amp;ratings=reviewed"' in page
    page = client_for(manager).get(url(mixed_team)).text
    assert f'{csv_url}?stale=180"' in page


def test_the_dashboard_speaks_indonesian_about_provenance(client_for, manager, mixed_team):
    page = client_for(manager).get(url(mixed_team, "?lang=id")).text
    assert "dinilai sendiri" in page
    assert "Semua yang diserahkan" in page


@pytest.mark.parametrize("mode", ["all", "reviewed"])
def test_dashboard_runs_the_same_queries_for_5_or_500_members_in_both_modes(manager, mode):
    few, many, response = queries_for_5_and_500_members(
        manager, lambda team: url(team, f"?ratings={mode}")
    )
    assert len(few) == len(many) <= 10
    data = response.context["data"]
    assert len(data.rows) == (450 if mode == "all" else 125)
    assert len(data.submitted) == 450


def test_the_team_data_of_a_big_team_marks_every_member_not_reviewed(manager):
    data = team_data(bulk_team(manager, 40))
    assert len(data.self_rated) == len([m for m in data.assessed if not m.review_done]) > 0
    assert all(row.self_rated == (not row.member.review_done) for row in data.rows)
