"""Submitting: POST /assessments/<id>/submit/: only when every
competency is rated; it freezes the profile's targets and weights with it."""

import pytest
from django.test import Client

from assessments.models import Assessment, Rating
from roles.models import ProfileTarget
from tests.factories import competency_count, rate_all, submitted, targets


def submit_url(assessment):
    return f"/assessments/{assessment.pk}/submit/"


def state(assessment):
    return (
        Assessment.objects.filter(pk=assessment.pk).values_list("status", "submitted_at").get(),
        sorted(
            Rating.objects.filter(assessment=assessment).values_list(
                "competency__code", "level", "evidence", "target", "weight"
            )
        ),
    )


@pytest.mark.django_db
def test_a_complete_draft_is_submitted_and_goes_to_its_report(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    response = client_for(engineer).post(submit_url(assessment))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/report/"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None


@pytest.mark.django_db
def test_submit_keeps_a_snapshot_of_the_profiles_targets_and_weights(
    client_for, engineer, assessment
):
    rate_all(assessment, level=2)
    expected = {code: (t.target, t.weight) for code, t in targets().items()}
    client_for(engineer).post(submit_url(assessment))
    ProfileTarget.objects.filter(profile=assessment.role_profile).update(target=4, weight=3)
    kept = {
        r.competency.code: (r.target, r.weight)
        for r in Rating.objects.filter(assessment=assessment).select_related("competency")
    }
    assert kept == expected


@pytest.mark.django_db
def test_an_incomplete_draft_is_400_names_the_missing_ones_and_changes_nothing(
    client_for, engineer, assessment
):
    rate_all(assessment, level=2)
    Rating.objects.filter(
        assessment=assessment,
        competency__code__in=["database.sql", "compliance-ethics.social-impact"],
    ).update(level=None)
    before = state(assessment)
    response = client_for(engineer).post(submit_url(assessment))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not submitted yet: 2 competencies are not rated." in html
    missing = html[html.index('id="missing"') : html.index("</ul>", html.index('id="missing"'))]
    assert ">SQL</a>" in missing and ">Social impact</a>" in missing
    assert ">Python</a>" not in missing
    assert 'href="#row-database--sql"' in missing
    assert state(assessment) == before


@pytest.mark.django_db
def test_submit_saves_what_the_page_carries_first(client_for, engineer, assessment):
    """A change made just before pressing submit (or every change, without
    JavaScript) is saved with the submit, not lost."""
    rate_all(assessment, level=2)
    Rating.objects.filter(assessment=assessment, competency__code="database.sql").update(level=None)
    data = {
        "database.sql-level": "3",
        "database.sql-evidence": "Query tuning",
        "database.sql-revision": "0",
        "initial-database.sql-level": "",
        "initial-database.sql-evidence": "",
    }
    response = client_for(engineer).post(submit_url(assessment), data)
    assert response.status_code == 302
    sql = Rating.objects.get(assessment=assessment, competency__code="database.sql")
    assert (sql.level, sql.evidence) == (3, "Query tuning")
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.SUBMITTED


@pytest.mark.django_db
def test_an_incomplete_submit_still_saves_what_the_page_carries(client_for, engineer, assessment):
    data = {
        "database.sql-level": "3",
        "initial-database.sql-level": "",
        "database.sql-revision": "0",
    }
    response = client_for(engineer).post(submit_url(assessment), data)
    assert response.status_code == 400
    assert f"{competency_count() - 1} competencies are not rated" in response.content.decode()
    assert Rating.objects.get(assessment=assessment, competency__code="database.sql").level == 3
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


@pytest.mark.django_db
def test_a_submit_with_a_bad_level_is_400_and_submits_nothing(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    before = state(assessment)
    response = client_for(engineer).post(
        submit_url(assessment), {"database.sql-level": "12", "initial-database.sql-level": "2"}
    )
    assert response.status_code == 400
    assert "Choose a level from 0 to 4." in response.content.decode()
    assert state(assessment) == before


@pytest.mark.django_db
def test_pressing_submit_twice_lands_on_the_report(client_for, engineer):
    assessment = submitted(engineer)
    before = state(assessment)
    response = client_for(engineer).post(submit_url(assessment))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/report/"
    assert state(assessment) == before


@pytest.mark.django_db
def test_submitting_someone_elses_draft_is_404(client_for, teammate, manager, team, assessment):
    rate_all(assessment, level=2)
    before = state(assessment)
    assert client_for(teammate).post(submit_url(assessment)).status_code == 404
    assert client_for(manager).post(submit_url(assessment)).status_code == 404
    assert state(assessment) == before


@pytest.mark.django_db
def test_a_get_on_submit_is_the_confirmation_and_changes_nothing(client_for, engineer, assessment):
    # It was a 405 before the review-and-confirm step; a GET still never submits.
    rate_all(assessment, level=2)
    before = state(assessment)
    response = client_for(engineer).get(submit_url(assessment))
    assert response.status_code == 200
    assert "What submitting freezes" in response.content.decode()
    assert state(assessment) == before


@pytest.mark.django_db
def test_submit_without_a_csrf_token_is_403_and_changes_nothing(engineer, assessment):
    rate_all(assessment, level=2)
    before = state(assessment)
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    assert client.post(submit_url(assessment)).status_code == 403
    assert state(assessment) == before


@pytest.mark.django_db
def test_a_save_after_submit_is_refused(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    client = client_for(engineer)
    client.post(submit_url(assessment))
    response = client.post(
        f"/assessments/{assessment.pk}/ratings/programming.python/",
        {"level": "4"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert (
        Rating.objects.get(assessment=assessment, competency__code="programming.python").level == 2
    )
