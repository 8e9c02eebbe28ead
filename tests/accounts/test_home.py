"""The home page, "My assessments": every assessment with its status,
profile, dates and progress, and the obvious next action."""

import re

import pytest
from django.utils.html import escape

from assessments.models import Rating
from roles.models import RoleProfile
from tests.factories import competency_count, draft, submitted


@pytest.mark.django_db
def test_a_new_engineer_is_invited_to_start_with_every_profile_described(client_for, engineer):
    html = client_for(engineer).get("/").content.decode()
    assert "You have no assessment yet." in html
    assert 'action="/assessments/new/"' in html
    assert "<details" in html and " open>" in html
    for profile in RoleProfile.objects.filter(is_active=True):
        assert f'name="role_profile" id="profile-{profile.code}" value="{profile.code}"' in html
        assert escape(profile.name) in html
        # Its first sentence as the summary, the rest behind "more", and the
        # radio described by both.
        lead, rest = profile.description.split(". ", 1)
        assert f'id="profile-{profile.code}-lead">{escape(lead)}.</p>' in html
        assert f'id="profile-{profile.code}-rest">{escape(rest)}</p>' in html
        assert f'aria-describedby="profile-{profile.code}-lead profile-{profile.code}-rest"' in html
    assert (
        html.count('<details class="profile-more">')
        == RoleProfile.objects.filter(is_active=True).count()
    )


@pytest.mark.django_db
def test_a_draft_shows_its_progress_and_continue(client_for, engineer):
    assessment = draft(engineer, "regulated-industry")
    ratings = list(Rating.objects.filter(assessment=assessment).order_by("pk")[:18])
    Rating.objects.filter(pk__in=[r.pk for r in ratings]).update(level=2)
    html = client_for(engineer).get("/").content.decode()
    assert escape(assessment.role_profile.name) in html
    assert "Draft" in html
    assert f"18 of {competency_count()} rated" in html
    assert f'href="/assessments/{assessment.pk}/">Continue rating' in html


@pytest.mark.django_db
def test_a_submitted_assessment_shows_readiness_and_its_report(client_for, engineer):
    assessment = submitted(engineer, level=4)
    html = client_for(engineer).get("/").content.decode()
    assert "Submitted" in html
    assert "Readiness 100.0%" in html
    assert f'href="/assessments/{assessment.pk}/report/">View report' in html
    assert "submitted " in html
    # Starting again is on offer, with the profile of the last one chosen.
    assert (
        'value="startup-generalist" aria-describedby="profile-startup-generalist-lead'
        ' profile-startup-generalist-rest" checked' in html
    )


@pytest.mark.django_db
def test_with_a_draft_open_starting_another_stays_folded_away(client_for, engineer):
    draft(engineer)
    html = client_for(engineer).get("/").content.decode()
    assert re.search(r'<details class="start-assessment">', html)


@pytest.mark.django_db
def test_only_my_own_assessments_are_listed(client_for, engineer, teammate):
    mine = submitted(engineer)
    theirs = draft(teammate, "regulated-industry")
    html = client_for(engineer).get("/").content.decode()
    assert f"/assessments/{mine.pk}/report/" in html
    assert f"/assessments/{theirs.pk}/" not in html


@pytest.mark.django_db
def test_the_home_page_runs_a_fixed_number_of_queries(
    client_for, engineer, django_assert_max_num_queries
):
    client = client_for(engineer)
    submitted(engineer)
    draft(engineer, "enterprise-prompt-rag")
    client.get("/")
    with django_assert_max_num_queries(8) as few:
        client.get("/")
    for profile in (
        "regulated-industry",
        "enterprise-fine-tuning",
        "startup-generalist",
        "regulated-industry",
    ):
        submitted(engineer, profile)
    draft(engineer, "regulated-industry")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    html = response.content.decode()
    assert html.count('class="list-group-item') == 7
    # Each draft's line, and the one changed last again as the next step.
    assert html.count("Continue rating") + html.count("Start rating") == 3
    assert html.count('id="next-step"') == 1
    assert html.count("View report") == 5
