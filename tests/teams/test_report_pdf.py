"""The team report PDF: the dashboard's content, printable."""

import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services
from demo.builders import bulk_team
from teams import pdf as teams_pdf
from tests.factories import UserFactory, competency_count
from tests.teams.helpers import queries_for_5_and_500_members

pytestmark = pytest.mark.django_db


def url(team, query=""):
    return reverse("teams:report_pdf", args=[team.pk]) + query


def render_html_only(template_name, context, *, request=None):
    return render_to_string(template_name, context, request=request).encode()


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def assessed_team(team, in_review):
    """The team in review (conftest), and a new member with no assessment."""
    team.members.add(UserFactory(username="newbie", first_name="Nina", last_name="New"))
    return team


def test_team_pdf_holds_the_dashboard_content(client_for, manager, engineer, assessed_team):
    response = client_for(manager).get(url(assessed_team))
    assert response.status_code == 200
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="skillgap-team-platform-ai-{day}-en.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    _reader, text = pdf_text(response)
    data = (
        client_for(manager).get(reverse("teams:dashboard", args=[assessed_team.pk])).context["data"]
    )
    assert "Team report: Platform AI" in text
    assert "Readiness by area" in text
    assert "Eko Engineer" in text
    assert "Team average" in text
    assert f"{data.report.readiness:.1f}" in text
    for row in data.rows:
        assert f"{row.readiness:.1f}" in text
    assert "Training priorities" in text
    assert data.training_priorities[0].competency.name in text
    assert "Single points of failure" in text
    assert "Nina New" in text  # no submitted assessment
    assert "Page 1 of" in text


def test_team_pdf_is_a4_landscape(client_for, manager, assessed_team):
    reader, _text = pdf_text(client_for(manager).get(url(assessed_team)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_team_pdf_speaks_the_requested_language(client_for, manager, assessed_team):
    _reader, text = pdf_text(client_for(manager).get(url(assessed_team, "?lang=id")))
    assert "Pemrograman" in text


def test_team_pdf_says_which_ratings_it_counts_and_gives_both_readiness_figures(
    client_for, manager, assessed_team
):
    client = client_for(manager)
    dashboard = reverse("teams:dashboard", args=[assessed_team.pk])
    data = client.get(dashboard).context["data"]
    _reader, text = pdf_text(client.get(url(assessed_team)))
    assert "Ratings counted: All submitted" in text
    assert "All submitted ratings." in text
    assert "self-rated" in text
    assert f"in review, 1 of {competency_count()}" in text
    assert f"{data.readiness_all:.1f}%" in text
    reviewed = client.get(dashboard + "?ratings=reviewed").context["data"]
    _reader, text = pdf_text(client.get(url(assessed_team, "?ratings=reviewed")))
    assert "Ratings counted: Reviewed ratings only" in text
    assert "2 members whose review is not completed are not counted." in text
    assert reviewed.rows == []
    assert "review is completed yet" in text


def test_the_two_modes_are_two_pdfs(client_for, manager, assessed_team):
    from teams.selectors import team_data

    keys = {teams_pdf.content_key(team_data(assessed_team, ratings=m)) for m in ("all", "reviewed")}
    assert len(keys) == 2


@pytest.mark.parametrize("query", ["", "?ratings=reviewed"])
def test_team_pdf_runs_the_same_queries_for_5_or_500_members(manager, monkeypatch, settings, query):
    # Every query happens while the data loads and the print template renders;
    # WeasyPrint only lays out the HTML (seconds for 500 members), so it is
    # left out here: bench/team_dashboard.py times the whole PDF. Both teams
    # are rendered on the request here (test_report_pdf_background.py has the
    # background task's budget).
    settings.TEAM_PDF_INLINE_MEMBERS = 500
    monkeypatch.setattr(teams_pdf, "render_pdf", render_html_only)
    # Warmed with the dashboard: the PDF itself, asked twice, would come from the cache.
    few, many, response = queries_for_5_and_500_members(
        manager,
        lambda team: url(team, query),
        warm_with=lambda team: reverse("teams:dashboard", args=[team.pk]) + query,
    )
    assert response.status_code == 200
    assert b"Member 0496" in response.content  # reviewed (every 4th), so in both modes
    assert len(few) == len(many) <= 10


@pytest.mark.parametrize("query", ["", "?ratings=reviewed"])
def test_a_cached_team_pdf_runs_the_same_few_queries_for_5_or_500_members(
    manager, monkeypatch, settings, query
):
    # Asked again, the PDF comes from the cache before the team is loaded:
    # the viewer, the team and the two queries of its stamps.
    settings.TEAM_PDF_INLINE_MEMBERS = 500
    renders = []

    def counted(template_name, context, *, request=None):
        renders.append(len(context["data"].members))
        return render_html_only(template_name, context, request=request)

    monkeypatch.setattr(teams_pdf, "render_pdf", counted)
    few, _many, response = queries_for_5_and_500_members(
        manager, lambda team: url(team, query), warm_with=lambda team: url(team, query)
    )
    assert renders == [5, 500]  # the small team's second request is cached
    assert response.status_code == 200
    big = bulk_team(manager, 500, name="Another team of 500", prefix="other")
    client = Client()
    client.force_login(manager)
    client.get(url(big, query))  # rendered, then cached
    with CaptureQueriesContext(connection) as cached_big:
        again = client.get(url(big, query))
    assert renders == [5, 500, 500]
    assert again.content == client.get(url(big, query)).content
    assert len(few) == len(cached_big) <= 4


def test_a_new_manager_rating_shows_in_the_next_team_pdf(
    client_for, manager, engineer, assessed_team
):
    client = client_for(manager)
    dashboard = reverse("teams:dashboard", args=[assessed_team.pk])
    before = client.get(dashboard).context["data"].report.readiness
    _reader, text = pdf_text(client.get(url(assessed_team)))
    assert f"{before:.1f}" in text
    mine = engineer.assessments.get()
    services.review_save(
        user=manager, assessment=mine, competency_code="programming.python", level=4
    )
    after = client.get(dashboard).context["data"].report.readiness
    assert after != before
    _reader, text = pdf_text(client.get(url(assessed_team)))
    assert f"{after:.1f}" in text
