"""Starting an assessment: POST /assessments/new/ with a role profile code;
a re-assessment starts from the previous ratings."""

import pytest
from django.test import Client

from assessments.models import Assessment, Goal, Rating
from roles.models import Competency, RoleProfile
from tests.factories import competency_count, draft, submitted


@pytest.mark.django_db
def test_starting_creates_a_draft_and_goes_to_its_rating_page(client_for, engineer):
    response = client_for(engineer).post(
        "/assessments/new/", {"role_profile": "enterprise-prompt-rag"}
    )
    assessment = Assessment.objects.get(engineer=engineer)
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.role_profile.code == "enterprise-prompt-rag"
    assert assessment.ratings.count() == competency_count()
    assert not assessment.ratings.exclude(level=None).exists()


@pytest.mark.django_db
def test_a_re_assessment_starts_with_the_previous_ratings_and_evidence(client_for, engineer):
    previous = submitted(engineer, level=2, levels={"programming.python": 4})
    Rating.objects.filter(assessment=previous, competency__code="database.sql").update(
        evidence="Query tuning"
    )
    response = client_for(engineer).post(
        "/assessments/new/", {"role_profile": "regulated-industry"}
    )
    new = Assessment.objects.exclude(pk=previous.pk).get(engineer=engineer)
    assert response["Location"] == f"/assessments/{new.pk}/"
    carried = {r.competency.code: r for r in new.ratings.select_related("competency")}
    assert carried["programming.python"].level == 4
    assert carried["database.vector-databases"].level == 2
    assert carried["database.sql"].evidence == "Query tuning"
    # The copies are the new draft's own: the old assessment is untouched.
    assert all(r.target is None and r.revision == 0 for r in carried.values())
    page = client_for(engineer).get(response["Location"]).content.decode()
    assert 'id="programming--python-level-4" value="4" checked' in page
    assert "Query tuning" in page
    n = competency_count()
    assert f"{n} of {n} rated" in page


@pytest.mark.django_db
def test_unfinished_goals_carry_over_to_the_re_assessment(client_for, engineer):
    previous = submitted(engineer)
    python = Competency.objects.get(code="programming.python")
    Goal.objects.create(assessment=previous, competency=python, text="Ship the async client")
    client_for(engineer).post("/assessments/new/", {"role_profile": "startup-generalist"})
    new = Assessment.objects.exclude(pk=previous.pk).get(engineer=engineer)
    assert new.goals.get().text == "Ship the async client"


@pytest.mark.django_db
def test_starting_again_with_an_open_draft_for_that_profile_continues_it(client_for, engineer):
    existing = draft(engineer, "startup-generalist")
    client = client_for(engineer)
    response = client.post("/assessments/new/", {"role_profile": "startup-generalist"})
    assert response["Location"] == f"/assessments/{existing.pk}/"
    assert Assessment.objects.filter(engineer=engineer).count() == 1
    assert (
        "You already have a draft for this role profile"
        in client.get(response["Location"]).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{}, {"role_profile": ""}, {"role_profile": "no-such-profile"}])
def test_a_missing_or_unknown_profile_is_400_on_the_home_page_and_starts_nothing(
    client_for, engineer, posted
):
    response = client_for(engineer).post("/assessments/new/", posted)
    assert response.status_code == 400
    html = response.content.decode()
    assert "role profile" in html.lower()
    assert 'role="alert"' in html
    assert not Assessment.objects.filter(engineer=engineer).exists()


@pytest.mark.django_db
def test_an_inactive_profile_cannot_be_chosen(client_for, engineer):
    RoleProfile.objects.filter(code="enterprise-fine-tuning").update(is_active=False)
    response = client_for(engineer).post(
        "/assessments/new/", {"role_profile": "enterprise-fine-tuning"}
    )
    assert response.status_code == 400
    assert not Assessment.objects.filter(engineer=engineer).exists()


@pytest.mark.django_db
def test_a_get_on_new_shows_the_profile_choice_and_starts_nothing(client_for, engineer):
    """A bookmark, or signing in from a link to /assessments/new/, is no dead end."""
    draft(engineer)  # with a draft the choice is folded away on the home page
    response = client_for(engineer).get("/assessments/new/?role_profile=startup-generalist")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<details class="start-assessment" open>' in page
    assert 'action="/assessments/new/"' in page and 'name="role_profile"' in page
    assert Assessment.objects.filter(engineer=engineer).count() == 1


@pytest.mark.django_db
def test_signing_in_from_a_link_to_new_lands_on_the_choice(client, engineer, password):
    response = client.post(
        "/accounts/login/?next=/assessments/new/",
        {"login": engineer.username, "password": password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/assessments/new/"
    assert response.status_code == 200 and 'name="role_profile"' in response.content.decode()


@pytest.mark.django_db
def test_starting_needs_a_csrf_token(engineer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    response = client.post("/assessments/new/", {"role_profile": "startup-generalist"})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_cannot_start(client):
    response = client.post("/assessments/new/", {"role_profile": "startup-generalist"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Assessment.objects.exists()
