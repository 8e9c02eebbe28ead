"""The team PDF asked again: served from the cache before the team is loaded,
never once anything it shows changed (teams/pdf.py ``stamp_key``)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments import services
from roles.models import Competency, CompetencyArea, RoleProfile
from teams import pdf as teams_pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(team, query=""):
    return reverse("teams:report_pdf", args=[team.pk]) + query


@pytest.fixture
def renders(monkeypatch):
    """The data of each PDF rendered; the "PDF" is its HTML."""
    made = []

    def html_only(template_name, context, *, request=None):
        made.append(context["data"])
        return render_to_string(template_name, context, request=request).encode()

    monkeypatch.setattr(teams_pdf, "render_pdf", html_only)
    return made


@pytest.fixture
def download(client_for, manager, team, in_review, renders):
    client = client_for(manager)

    def get(query=""):
        response = client.get(url(team, query))
        assert response.status_code == 200
        return response.content.decode()

    get()
    assert len(renders) == 1
    get()
    assert len(renders) == 1, "asked again with nothing changed: from the cache"
    return get


def test_a_renamed_member_shows_in_the_next_pdf(download, renders, engineer):
    engineer.first_name = "Ekaterina"
    engineer.save()
    assert "Ekaterina" in download()
    assert len(renders) == 2


def test_a_manager_rating_on_an_assessment_in_review_shows_in_the_next_pdf(
    download, renders, manager, in_review
):
    before = renders[-1].report.readiness
    services.review_save(
        user=manager, assessment=in_review, competency_code="programming.python", level=4
    )
    download()
    assert len(renders) == 2
    assert renders[-1].report.readiness != before


def test_a_completed_review_shows_in_the_next_pdf(download, renders, manager, in_review, engineer):
    download("?ratings=reviewed")
    assert [m.user for m in renders[-1].reviewed] == []
    services.review_complete(user=manager, assessment=in_review, agree_remaining=True)
    download("?ratings=reviewed")
    assert [m.user for m in renders[-1].reviewed] == [engineer]


def test_a_member_added_or_removed_shows_in_the_next_pdf(download, renders, team, teammate):
    team.members.add(UserFactory(username="newbie", first_name="Nina", last_name="New"))
    assert "Nina New" in download()
    assert len(renders) == 2
    team.members.remove(teammate)
    assert teammate.display_name not in download()
    assert len(renders) == 3


def test_a_new_draft_and_a_renamed_team_show_in_the_next_pdf(download, renders, team, teammate):
    services.assessment_start(
        engineer=teammate, role_profile=RoleProfile.objects.get(code="regulated-industry")
    )
    download()
    assert len(renders) == 2
    assert next(m for m in renders[-1].members if m.user == teammate).has_draft
    team.name = "Platform ML"
    team.save()
    assert "Platform ML" in download()
    assert len(renders) == 3


def test_a_renamed_competency_area_or_profile_shows_in_the_next_pdf(download, renders):
    competency = Competency.objects.get(code="programming.python")
    competency.name = "Python (renamed)"
    competency.save()
    download()
    assert len(renders) == 2
    assert "Python (renamed)" in {c.name for c in renders[-1].competencies.values()}
    area = CompetencyArea.objects.get(pk=competency.area_id)
    area.name = "Coding"
    area.save()
    assert "Coding" in download()
    assert len(renders) == 3
    profile = RoleProfile.objects.get(code="regulated-industry")
    profile.name = "Regulated (renamed)"
    profile.save()
    download(f"?profile={profile.code}")
    assert renders[-1].profile.name == "Regulated (renamed)"


def test_each_language_has_its_own_pdf(download, renders):
    english = download()
    indonesian = download("?lang=id")
    assert len(renders) == 2
    assert indonesian != english
    assert 'lang="id"' in indonesian
    assert download("?lang=en") == english  # ?lang= is kept: asked for again
    assert len(renders) == 2
