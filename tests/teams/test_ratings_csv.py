"""The team's ratings as CSV: one row per member × competency, safe in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.selectors import assessment_data
from tests.factories import UserFactory, draft, review, submitted
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
    assert response["Content-Disposition"] == 'attachment; filename="platform-ai-ratings.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_csv_has_one_row_per_member_and_competency(client_for, manager, teammate, reviewed, team):
    submitted(teammate, "regulated-industry", level=3)
    rows = read(client_for(manager).get(url(team)))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 30 + 30
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
    unreviewed = by_code["programming.javascript"]
    assert unreviewed["Manager rating"] == ""
    assert unreviewed["Rating used"] == "2"
    for code, row in by_code.items():
        assert row["Gap"] == str(report.competency(code).gap)


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


def test_csv_runs_the_same_queries_for_5_or_500_members(manager):
    few, many, response = queries_for_5_and_500_members(manager, url)
    assert len(few) == len(many) <= 10
    assert len(read(response)) == 1 + 450 * 30
