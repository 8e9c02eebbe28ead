"""Team trees, people partners, the organisation dashboard, the skills search,
the per-area view, the team trend and succession (SPEC §12)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from assessments import services
from assessments.models import mark_latest
from org.models import Team
from teams.models import AssessmentSummary
from tests.factories import UserFactory, department_above, draft, submitted

pytestmark = pytest.mark.django_db

PYTHON = "programming.python"


@pytest.fixture
def tree(team, manager, engineer, teammate, other_team):
    """AI Engineering (head ``hana``, people partner ``wati``) above the cast's
    team ("Platform AI", managed by ``manager``); the other team stays outside."""
    return department_above(team)


def text(response) -> str:
    return response.content.decode()


# --- the tree -----------------------------------------------------------------


def test_a_parent_loop_is_refused_in_the_admin_with_a_message(client_for, staff, tree, team):
    department, _head, _partner = tree
    client = client_for(staff)
    response = client.post(
        f"/admin/org/team/{department.pk}/change/",
        {
            "name": department.name,
            "parent": team.pk,
            "managers": [],
            "people_partners": [],
            "members": [],
        },
    )
    assert response.status_code == 200
    assert "cannot be placed under itself or one of its own sub-teams" in text(response)
    department.refresh_from_db()
    assert department.parent_id is None
    # A team under itself too.
    response = client.post(
        f"/admin/org/team/{department.pk}/change/",
        {"name": department.name, "parent": department.pk},
    )
    assert "cannot be placed under itself" in text(response)


def test_the_head_and_the_partner_read_the_child_team_but_never_review(
    client_for, tree, team, other_team, engineer
):
    _department, head, partner = tree
    mine = submitted(engineer)
    own_draft = draft(engineer)
    for user in (head, partner):
        client = client_for(user)
        page = client.get(f"/teams/{team.pk}/")
        assert page.status_code == 200
        assert "Platform AI" in text(page)
        assert f"/assessments/{mine.pk}/review/" not in text(page)  # no review links
        assert client.get(f"/assessments/{mine.pk}/report/").status_code == 200
        assert client.get(f"/assessments/{mine.pk}/review/").status_code == 404
        assert client.get(f"/assessments/{own_draft.pk}/report/").status_code == 404
        assert client.get(f"/teams/{other_team.pk}/").status_code == 404
        assert client.get(f"/teams/{team.pk}/ratings.csv").status_code == 200
        response = client.post(
            f"/assessments/{mine.pk}/review/ratings/{PYTHON}/", {"level": "3", "comment": "x"}
        )
        assert response.status_code == 404


def test_a_manager_of_the_child_team_does_not_see_the_parent_team(client_for, tree, manager):
    department, _head, _partner = tree
    assert client_for(manager).get(f"/teams/{department.pk}/").status_code == 404


# --- succession, the per-area view, the trend --------------------------------------


def test_succession_names_the_nearest_successor_and_the_cover_if_the_one_left(
    client_for, team, manager, engineer, teammate
):
    submitted(engineer, levels={PYTHON: 4}, level=1)
    submitted(teammate, levels={PYTHON: 2}, level=1)
    page = text(client_for(manager).get(f"/teams/{team.pk}/"))
    assert "Nearest successor" in page
    row = re.search(r"Python.*?</tr>", page, re.S).group(0)
    assert "Eko Engineer" in row  # covers it
    assert teammate.display_name in row  # the nearest successor
    assert "level 2, 1 level short" in row
    assert "0 of 1 at target" in row  # if Eko left


def test_the_area_view_shows_self_and_manager_levels_under_the_blind_rule(
    client_for, team, manager, engineer, teammate
):
    mine = submitted(engineer, level=3)
    submitted(teammate, level=1)
    services.review_save(user=manager, assessment=mine, competency_code=PYTHON, level=2, comment="")
    client = client_for(manager)
    dashboard = text(client.get(f"/teams/{team.pk}/"))
    assert "area=programming" in dashboard
    page = client.get(f"/teams/{team.pk}/?area=programming")
    assert page.status_code == 200
    body = text(page)
    assert "hidden until the manager rates it" in body  # the other competencies of the area
    assert "<strong>2</strong>" in body  # the manager's level of Python
    bad = client.get(f"/teams/{team.pk}/?area=no-such-area")
    assert bad.status_code == 400
    assert "There is no such area" in text(bad)


def test_the_trend_page_draws_the_quarters_as_svg_with_a_table(client_for, team, manager, engineer):
    submitted(engineer, level=2)
    page = client_for(manager).get(f"/teams/{team.pk}/trend/")
    assert page.status_code == 200
    body = text(page)
    assert "<svg" in body and "sg-trend" in body
    assert re.search(r'data-quarter="\d{4} Q[1-4]"', body)


# --- skills search -------------------------------------------------------------


def test_search_finds_only_people_the_searcher_may_see(
    client_for, tree, team, engineer, manager, outsider, other_team
):
    _department, head, partner = tree
    mine = submitted(engineer, level=3)
    services.review_save(user=manager, assessment=mine, competency_code=PYTHON, level=3, comment="")
    services.review_complete(user=manager, assessment=mine, agree_remaining=True)
    submitted(outsider, level=4)  # in the other team
    for user in (manager, head, partner):
        response = client_for(user).get(f"/search/?competency={PYTHON}&min_level=3")
        assert response.status_code == 200
        body = text(response)
        assert 'data-hit="engineer"' in body
        assert 'data-hit="outsider"' not in body
        assert 'data-source="manager"' in body
    csv_response = client_for(head).get(
        f"/search/results.csv?competency={PYTHON}&min_level=3&reviewed=1"
    )
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "engineer" and rows[1][3] == "3" and rows[1][5] == "manager"


def test_search_hides_self_ratings_the_manager_has_not_rated(client_for, team, engineer, manager):
    submitted(engineer, level=4)  # awaiting review: self-ratings only
    body = text(client_for(manager).get(f"/search/?competency={PYTHON}&min_level=1"))
    assert 'data-hit="engineer"' not in body


@pytest.mark.parametrize(
    "query, message",
    [
        (f"competency={PYTHON}&min_level=5", "Choose a level from 0 to 4."),
        (f"competency={PYTHON}&min_level=-1", "Choose a level from 0 to 4."),
        (f"competency={PYTHON}&min_level=abc", "Choose a level from 0 to 4."),
        ("competency=nothing.here&min_level=2", "There is no such competency"),
        (f"competency={PYTHON}&sort=name", "Unknown search parameter: sort."),
    ],
)
def test_bad_search_parameters_are_a_400_with_the_message_on_the_page(
    client_for, manager, team, query, message
):
    response = client_for(manager).get(f"/search/?{query}")
    assert response.status_code == 400
    assert message in text(response)
    assert client_for(manager).get(f"/search/results.csv?{query}").status_code == 400


def test_switching_language_on_the_empty_search_shows_the_form_not_an_error(
    client_for, manager, team
):
    response = client_for(manager).get("/search/?lang=id")
    assert response.status_code == 200
    body = text(response)
    assert "Pilih kompetensi" in body
    # With a search, the language switch keeps the search.
    found = client_for(manager).get("/search/?competency=programming.python&min_level=0&lang=en")
    assert found.status_code == 200


# --- the organisation dashboard ------------------------------------------------


def test_the_org_dashboard_shows_the_subtree_to_its_head(
    client_for, tree, team, engineer, other_team
):
    department, head, _partner = tree
    submitted(engineer, level=2)
    client = client_for(head)
    page = client.get("/org/")
    assert page.status_code == 200
    body = text(page)
    assert "AI Engineering" in body and "Platform AI" in body
    assert "Other team" not in body
    assert "Training priorities across the organisation" in body
    assert client.get(f"/org/?team={other_team.pk}").status_code == 400
    assert client.get(f"/org/?team={team.pk}").status_code == 200
    csv_response = client.get("/org/teams.csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["AI Engineering", "Platform AI"]


def test_the_org_pdf_refuses_a_team_outside_the_subtree_with_the_page_and_its_message(
    client_for, tree, other_team
):
    _department, head, _partner = tree
    client = client_for(head)
    refused = client.get(f"/org/report.pdf?team={other_team.pk}")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in text(refused)  # the filter form, with its message
    assert client.post("/org/report.pdf").status_code == 405
    assert client.post("/org/").status_code == 405


def test_the_org_dashboard_is_not_for_an_engineer(client_for, engineer, team):
    assert client_for(engineer).get("/org/").status_code == 404


def test_small_groups_are_withheld_from_an_administrator(
    client_for, staff, team, engineer, teammate
):
    submitted(engineer, level=2)
    submitted(teammate, level=3)
    body = text(client_for(staff).get("/org/"))
    assert "data-withheld" in body
    assert "Eko Engineer" not in body  # no names to someone who may not see them
    assert "data-org-readiness>–" in body.replace("\n", "")
    # Five people assessed: shown.
    for i in range(3):
        user = UserFactory(username=f"extra{i}")
        team.members.add(user)
        submitted(user, level=2)
    body = text(client_for(staff).get("/org/"))
    assert "data-withheld" not in body
    assert "Training priorities across the organisation" in body


def test_a_completed_review_is_summarised_once(client_for, team, manager, engineer):
    mine = submitted(engineer, level=2)
    services.review_complete(user=manager, assessment=mine, agree_remaining=True)
    client_for(manager).get("/org/")
    assert AssessmentSummary.objects.filter(assessment=mine).exists()
    assert Team.objects.filter(pk=team.pk).exists()


def test_the_database_sums_of_the_competencies_equal_the_python_ones(framework, manager):
    """``summaries.competency_stats`` (SQL, the organisation) and
    ``rollup.competency_stats`` (Python, the trends) follow one rule."""
    from assessments import loading
    from assessments.models import Assessment
    from demo.builders import bulk_org
    from roles.models import Competency
    from teams import rollup, summaries

    bulk_org(manager, teams=3, members=12, depth=2, quarters=2, prefix="parity")
    assessments = Assessment.objects.filter(engineer__username__startswith="parity-")
    rows = summaries.rows_of(assessments)
    by_id = summaries.summaries_for(rows, assessments)
    competencies = sorted(Competency.objects.select_related("area"), key=loading.framework_key)
    order = {c.code: i for i, c in enumerate(competencies)}
    in_python = rollup.competency_stats(list(by_id.values()), order)
    in_sql = summaries.competency_stats([row.pk for row in rows], competencies)
    assert in_python == in_sql
    assert any(s.single_point_of_failure for s in in_sql) or any(s.mean_gap for s in in_sql)


def test_search_reads_each_persons_latest_submitted_assessment_only(
    client_for, team, engineer, manager
):
    """An older assessment rated higher finds nobody; of two submitted at the
    same moment, the later one (higher id) counts."""
    from assessments.models import Assessment

    older = submitted(engineer, level=4)
    services.review_complete(user=manager, assessment=older, agree_remaining=True)
    newer = submitted(engineer, level=1)
    services.review_complete(user=manager, assessment=newer, agree_remaining=True)
    client = client_for(manager)
    assert 'data-hit="engineer"' not in text(
        client.get(f"/search/?competency={PYTHON}&min_level=3")
    )
    assert 'data-hit="engineer"' in text(client.get(f"/search/?competency={PYTHON}&min_level=1"))
    Assessment.objects.filter(pk=older.pk).update(submitted_at=newer.submitted_at)
    mark_latest(older.engineer_id)  # as a submit keeps it
    assert 'data-hit="engineer"' not in text(
        client.get(f"/search/?competency={PYTHON}&min_level=3")
    )
    Assessment.objects.filter(pk=newer.pk).update(
        submitted_at=older.submitted_at.replace(year=2020)
    )
    mark_latest(older.engineer_id)
    assert 'data-hit="engineer"' in text(client.get(f"/search/?competency={PYTHON}&min_level=3"))
