"""The team dashboard: who may see it, and that it shows what scoring says."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import scoring
from assessments.models import VISIBLE_TO_MANAGER, Assessment
from assessments.selectors import assessment_data
from demo.builders import bulk_team
from tests.assessments.report_helpers import scroll_regions
from tests.factories import UserFactory, draft, submitted

pytestmark = pytest.mark.django_db


def url(team, **query):
    base = reverse("teams:dashboard", args=[team.pk])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


@pytest.fixture
def assessed_team(team, engineer, teammate, manager):
    """engineer: reviewed; teammate: submitted against another profile."""
    mine = submitted(engineer, level=2, levels={"programming.python": 4})
    from assessments import services

    services.review_save(
        user=manager, assessment=mine, competency_code="programming.python", level=1
    )
    submitted(teammate, "regulated-industry", level=3)
    return team


def expected_team_report(*users):
    """scoring.team() over each user's latest submitted/reviewed assessment, by name."""
    inputs = []
    for user in sorted(users, key=lambda u: (u.display_name.casefold(), u.username)):
        latest = (
            Assessment.objects.filter(engineer=user, status__in=VISIBLE_TO_MANAGER)
            .order_by("-submitted_at", "-pk")
            .first()
        )
        if latest is not None:
            inputs.append(
                scoring.MemberInput(key=user.username, report=assessment_data(latest).report)
            )
    return scoring.team(inputs)


# --- who may see it ----------------------------------------------------------


def test_manager_of_the_team_sees_the_dashboard(client_for, manager, assessed_team):
    response = client_for(manager).get(url(assessed_team))
    assert response.status_code == 200
    assert "Platform AI" in response.text
    assert "Readiness by area" in response.text


def test_the_priorities_table_scrolls_in_a_region_a_keyboard_reaches(
    client_for, manager, assessed_team
):
    page = client_for(manager).get(url(assessed_team)).content.decode()
    assert scroll_regions(page) == ["Training priorities", "Single points of failure"]


def test_signed_out_visitor_is_sent_to_sign_in(client, assessed_team):
    response = client.get(url(assessed_team))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_dashboard_changes_nothing_on_post(client_for, manager, assessed_team):
    assert client_for(manager).post(url(assessed_team)).status_code == 405


# --- what it shows ---------------------------------------------------------------


def test_dashboard_numbers_are_scoring_team_output(
    client_for, manager, engineer, teammate, assessed_team
):
    response = client_for(manager).get(url(assessed_team))
    expected = expected_team_report(engineer, teammate)
    data = response.context["data"]
    assert data.report == expected
    page = response.text
    assert f"{expected.readiness:.1f}" in page
    for _code, mean in expected.area_means:
        assert f"{mean:.1f}" in page
    for row in expected.members:
        assert f"{row.readiness:.1f}" in page
        for _code, value in row.areas:
            assert f"{value:.1f}" in page


def test_heatmap_has_a_row_per_assessed_member_by_name_and_a_column_per_area(
    client_for, manager, engineer, teammate, assessed_team
):
    response = client_for(manager).get(url(assessed_team))
    data = response.context["data"]
    assert len(data.areas) == 11
    by_name = sorted([engineer, teammate], key=lambda u: u.display_name.casefold())
    assert [row.member.user for row in data.rows] == by_name
    assert all(len(row.cells) == 11 for row in data.rows)
    page = response.text
    assert page.count('<th scope="row" class="heat-member">') == 3  # two members + team average
    assert "Team average" in page


def test_each_member_links_to_their_report_and_review(client_for, manager, engineer, assessed_team):
    response = client_for(manager).get(url(assessed_team))
    assessment = Assessment.objects.get(engineer=engineer)
    assert reverse("assessments:report", args=[assessment.pk]) in response.text
    assert reverse("assessments:review", args=[assessment.pk]) in response.text


def test_a_manager_who_is_also_a_member_gets_no_review_link_for_themselves(
    client_for, manager, assessed_team
):
    assessed_team.members.add(manager)
    own = submitted(manager)
    response = client_for(manager).get(url(assessed_team))
    assert reverse("assessments:report", args=[own.pk]) in response.text
    assert reverse("assessments:review", args=[own.pk]) not in response.text


def test_training_priorities_list_largest_mean_gap_first_with_members_in_need(
    client_for, manager, assessed_team
):
    response = client_for(manager).get(url(assessed_team))
    data = response.context["data"]
    expected = data.report.training_priorities[:10]
    assert [row.competency.code for row in data.training_priorities] == list(expected)
    top = data.training_priorities[0]
    assert top.competency.name in response.text
    assert f"{top.score.mean_gap:.2f}" in response.text
    assert f"{top.score.in_need} of {top.score.needed_by}" in response.text


def test_single_points_of_failure_name_who_covers_them(client_for, manager, assessed_team):
    # The report's list (coverage 0 or 1), kept where nobody covers it, or where
    # the team needs more than one: two members or more targeting level 3+.
    # (Before, every competency with coverage <= 1 was listed.)
    response = client_for(manager).get(url(assessed_team))
    data = response.context["data"]
    targets = {
        code: [
            next(c.target for c in m.report.competencies if c.code == code) for m in data.assessed
        ]
        for code in data.report.single_points_of_failure
    }
    expected = [
        code
        for code in data.report.single_points_of_failure
        if next(tc for tc in data.report.competencies if tc.code == code).coverage == 0
        or sum(target >= 3 for target in targets[code]) >= 2
    ]
    assert [r.competency.code for r in data.single_points_of_failure] == expected
    assert len(expected) < len(data.report.single_points_of_failure)
    for row in data.single_points_of_failure:
        assert row.score.coverage <= 1
        assert len(row.covered_by) == row.score.coverage
    # Nobody covers it: first, in their own highlighted group.
    nobody = [r for r in data.single_points_of_failure if r.nobody]
    assert data.single_points_of_failure[: len(nobody)] == nobody
    html = response.text
    if nobody:
        assert '<tbody class="spof-nobody">' in html
        assert html.index("Nobody covers it:") < html.index("One member covers it:")
    assert "at least two members' role profiles ask for level 3 or above" in html


def test_members_without_a_submitted_assessment_are_listed(client_for, manager, assessed_team):
    newcomer = UserFactory(username="newcomer", first_name="Nina", last_name="New")
    drafting = UserFactory(username="drafting", first_name="Dodi", last_name="Draft")
    assessed_team.members.add(newcomer, drafting)
    draft(drafting)
    response = client_for(manager).get(url(assessed_team))
    assert "Nina New — no submitted assessment" in response.text
    assert "Dodi Draft — no submitted assessment (a draft is in progress)" in response.text


def test_stale_period_comes_from_the_query_and_defaults_to_180_days(
    client_for, manager, engineer, assessed_team
):
    Assessment.objects.filter(engineer=engineer).update(
        submitted_at=timezone.now() - timedelta(days=100)
    )
    client = client_for(manager)
    response = client.get(url(assessed_team))
    assert response.context["data"].stale_days == 180
    assert [m.user.username for m in response.context["data"].stale] == []
    response = client.get(url(assessed_team, stale=90))
    assert [m.user.username for m in response.context["data"].stale] == ["engineer"]
    assert "Eko Engineer — last assessment submitted" in response.text


@pytest.mark.parametrize("bad", ["abc", "0", "-5", "99999"])
def test_a_bad_stale_period_falls_back_to_the_default(client_for, manager, assessed_team, bad):
    response = client_for(manager).get(url(assessed_team, stale=bad))
    assert response.status_code == 200
    assert response.context["data"].stale_days == 180


def test_profile_filter_keeps_members_of_that_profile(client_for, manager, engineer, assessed_team):
    client = client_for(manager)
    response = client.get(url(assessed_team))
    assert 'name="profile"' in response.text  # two profiles in use: the filter shows
    response = client.get(url(assessed_team, profile="startup-generalist"))
    data = response.context["data"]
    assert [row.member.user.username for row in data.rows] == ["engineer"]
    assert data.report == expected_team_report(engineer)


def test_an_unknown_profile_filters_nothing(client_for, manager, assessed_team):
    response = client_for(manager).get(url(assessed_team, profile="nope"))
    assert len(response.context["data"].rows) == 2


def test_profile_filter_is_hidden_when_everyone_uses_one_profile(
    client_for, manager, engineer, team
):
    submitted(engineer)
    response = client_for(manager).get(url(team))
    assert 'name="profile"' not in response.text


def test_latest_submitted_assessment_counts_not_an_older_one_nor_a_draft(
    client_for, manager, engineer, team
):
    older = submitted(engineer, level=1)
    Assessment.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=300))
    latest = submitted(engineer, level=3)
    draft(engineer)
    response = client_for(manager).get(url(team))
    [row] = response.context["data"].rows
    assert row.member.assessment.pk == latest.pk
    assert row.readiness == assessment_data(latest).report.overall.readiness


def test_empty_team_says_nobody_has_submitted(client_for, manager, team):
    response = client_for(manager).get(url(team))
    assert response.status_code == 200
    assert "No member has submitted an assessment yet." in response.text
    assert "No gaps: every assessed member meets every target." not in response.text
    assert "No training priorities yet: no member has submitted an assessment." in response.text


def test_links_to_the_exports_carry_the_filter(client_for, manager, assessed_team):
    response = client_for(manager).get(url(assessed_team, profile="regulated-industry", stale=30))
    csv_url = reverse("teams:ratings_csv", args=[assessed_team.pk])
    pdf_url = reverse("teams:report_pdf", args=[assessed_team.pk])
    assert f'{csv_url}?profile=regulated-industry&amp;stale=30"' in response.text
    assert f'{pdf_url}?profile=regulated-industry&amp;stale=30"' in response.text


def test_heatmap_speaks_the_requested_language(client_for, manager, assessed_team):
    response = client_for(manager).get(url(assessed_team, lang="id"))
    assert "Pemrograman" in response.text  # Programming


# --- home ----------------------------------------------------------------------


def test_home_lists_the_teams_a_manager_leads(client_for, manager, assessed_team, other_team):
    response = client_for(manager).get(reverse("home"))
    assert reverse("teams:dashboard", args=[assessed_team.pk]) in response.text
    assert reverse("teams:dashboard", args=[other_team.pk]) not in response.text


def test_home_shows_no_teams_section_to_an_engineer(client_for, engineer, assessed_team):
    response = client_for(engineer).get(reverse("home"))
    assert "Teams I manage" not in response.text


# --- query budget ----------------------------------------------------------------


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_runs_the_same_queries_for_5_or_500_members(manager):
    small = bulk_team(manager, 5, prefix="small")
    big = bulk_team(manager, 500, prefix="big")
    client = Client()
    client.force_login(manager)
    client.get(url(small))  # warm up the session and the framework caches
    few = count_queries(client, url(small))
    many = count_queries(client, url(big))
    assert few == many
    assert many <= 10
    response = client.get(url(big))
    assert len(response.context["data"].rows) == 450
    assert len(response.context["data"].not_submitted) == 50
