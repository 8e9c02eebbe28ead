"""The team's ratings as CSV: one row per member × competency, safe in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.selectors import assessment_data
from tests.factories import UserFactory, competency_count, draft, review, submitted
from tests.teams.helpers import queries_for_5_and_500_members

pytestmark = pytest.mark.django_db

HEADER = [
    "Member",
    "Username",
    "Role profile",
    "Area",
    "Competency code",
    "Competency",
    "Target",
    "Weight",
    "Self rating",
    "Manager rating",
    "Rating used",
    "Gap",
    "Assessment date",
]


def url(team, query=""):
    return reverse("teams:ratings_csv", args=[team.pk]) + query


def read(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def reviewed(engineer, manager, team):
    assessment = submitted(engineer, level=2)
    review(manager, assessment, "programming.python", 4, comment="Solid work")
    return assessment


def test_csv_is_utf8_with_a_bom_and_downloads_as_a_file(client_for, manager, reviewed, team):
    response = client_for(manager).get(url(team))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="skillgap-platform-ai-ratings-{day}-en.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_csv_has_one_row_per_member_and_competency(client_for, manager, teammate, reviewed, team):
    submitted(teammate, "regulated-industry", level=3)
    rows = read(client_for(manager).get(url(team)))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 2 * competency_count()
    assert {row[1] for row in rows[1:]} == {"engineer", "teammate"}


def test_csv_rows_hold_the_scored_values(client_for, manager, reviewed, team):
    rows = read(client_for(manager).get(url(team)))
    report = assessment_data(reviewed).report
    by_code = {row[4]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    python = by_code["programming.python"]
    score = report.competency("programming.python")
    assert python["Member"] == "Eko Engineer"
    assert python["Role profile"] == "AI Engineer — startup generalist"
    assert python["Area"] == "Programming"
    assert python["Competency"] == "Python"
    assert python["Target"] == str(score.target)
    assert python["Weight"] == str(score.weight)
    assert python["Self rating"] == "2"
    assert python["Manager rating"] == "4"
    assert python["Rating used"] == "4"
    assert python["Gap"] == str(score.gap)
    assert (
        python["Assessment date"] == reviewed.submitted_at.astimezone().date().isoformat()
        or python["Assessment date"].count("-") == 2
    )
    for code, row in by_code.items():
        if row["Manager rating"]:
            assert row["Gap"] == str(report.competency(code).gap)


def test_csv_is_blind_while_the_review_is_not_completed(client_for, manager, reviewed, team):
    """In review: the self-rating of what the manager has not rated yet is
    empty, and so are the rating used and the gap, which would give it away."""
    rows = read(client_for(manager).get(url(team)))
    by_code = {row[4]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert len(by_code) == competency_count()
    unreviewed = by_code["programming.javascript"]
    assert (unreviewed["Self rating"], unreviewed["Manager rating"]) == ("", "")
    assert (unreviewed["Rating used"], unreviewed["Gap"]) == ("", "")
    assert unreviewed["Target"] != ""
    assert [code for code, row in by_code.items() if row["Self rating"]] == ["programming.python"]


def test_csv_of_an_assessment_nobody_has_rated_yet_shows_no_self_rating(
    client_for, manager, engineer, team
):
    submitted(engineer, level=3)
    rows = read(client_for(manager).get(url(team)))
    assert len(rows) == 1 + competency_count()
    assert {(row[8], row[10], row[11]) for row in rows[1:]} == {("", "", "")}


def test_csv_shows_every_self_rating_once_the_review_is_completed(
    client_for, manager, reviewed, team
):
    from assessments import services

    services.review_complete(user=manager, assessment=reviewed, agree_remaining=True)
    rows = read(client_for(manager).get(url(team)))
    by_code = {row[4]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    agreed = by_code["programming.javascript"]
    assert (agreed["Self rating"], agreed["Manager rating"], agreed["Rating used"]) == (
        "2",
        "2",
        "2",
    )
    assert all(row["Self rating"] == "2" for code, row in by_code.items())


def test_a_manager_who_is_a_member_gets_their_own_self_ratings(client_for, manager, team):
    team.members.add(manager)
    submitted(manager, level=3)
    rows = read(client_for(manager).get(url(team)))
    assert {row[8] for row in rows[1:] if row[1] == manager.username} == {"3"}


def test_csv_in_reviewed_only_mode_leaves_out_reviews_not_completed(
    client_for, manager, teammate, reviewed, team
):
    from assessments import services

    done = submitted(teammate, "regulated-industry", level=3)
    services.review_complete(user=manager, assessment=done, agree_remaining=True)
    client = client_for(manager)
    assert {row[1] for row in read(client.get(url(team)))[1:]} == {"engineer", "teammate"}
    rows = read(client.get(url(team, "?ratings=reviewed")))
    assert {row[1] for row in rows[1:]} == {"teammate"}


def test_csv_leaves_out_drafts_and_members_without_assessment(
    client_for, manager, teammate, reviewed, team
):
    draft(teammate)
    rows = read(client_for(manager).get(url(team)))
    assert {row[1] for row in rows[1:]} == {"engineer"}


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(client_for, manager, team, name):
    member = UserFactory(username="formula", first_name=name, last_name="")
    team.members.add(member)
    submitted(member)
    rows = read(client_for(manager).get(url(team)))
    members = {row[0] for row in rows[1:]}
    assert members == {"'" + name}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for row in rows for cell in row)


def test_csv_header_follows_the_language(client_for, manager, reviewed, team):
    rows = read(client_for(manager).get(url(team, "?lang=id")))
    python = [row for row in rows if row[4] == "programming.python"][0]
    assert python[3] == "Pemrograman"


def test_csv_respects_the_profile_filter(client_for, manager, teammate, reviewed, team):
    submitted(teammate, "regulated-industry")
    rows = read(client_for(manager).get(url(team, "?profile=regulated-industry")))
    assert {row[1] for row in rows[1:]} == {"teammate"}


@pytest.mark.parametrize("mode", ["all", "reviewed"])
def test_csv_runs_the_same_queries_for_5_or_500_members(manager, mode):
    few, many, response = queries_for_5_and_500_members(
        manager, lambda team: url(team, f"?ratings={mode}")
    )
    assert len(few) == len(many) <= 10
    members = {row[1] for row in read(response)[1:]}
    assert len(members) == (450 if mode == "all" else 125)  # every 4th of demo.builders
