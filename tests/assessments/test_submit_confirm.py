"""The review-and-confirm step before submitting: GET /assessments/<id>/submit/
lists every rating that submitting freezes; only its POST submits. The rating
page reaches it without JavaScript ("Review and submit" saves the page first)."""

import re

import pytest

from assessments.models import Assessment, Rating
from tests.factories import competency_count, rate_all


def confirm_url(assessment):
    return f"/assessments/{assessment.pk}/submit/"


@pytest.mark.django_db
def test_the_confirmation_lists_every_rating_with_its_level_and_evidence(
    client_for, engineer, assessment
):
    rate_all(assessment, level=2)
    Rating.objects.filter(assessment=assessment, competency__code="programming.python").update(
        level=4, evidence="Wrote the team's packaging guide"
    )
    html = client_for(engineer).get(confirm_url(assessment)).content.decode()
    items = re.findall(r'<li class="confirm-item">', html)
    assert len(items) == Rating.objects.filter(assessment=assessment).count()
    assert "4 · Expert" in html and "Wrote the team&#x27;s packaging guide" in html
    assert "no evidence note" in html
    # What freezes, said before the one button that submits.
    assert html.index("What submitting freezes") < html.index(">Submit assessment</button>")
    assert f'<form method="post" action="/assessments/{assessment.pk}/submit/">' in html
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


@pytest.mark.django_db
def test_an_incomplete_draft_shows_what_is_missing_and_offers_no_submit(
    client_for, engineer, assessment
):
    rate_all(assessment, level=2)
    Rating.objects.filter(assessment=assessment, competency__code="programming.python").update(
        level=None
    )
    html = client_for(engineer).get(confirm_url(assessment)).content.decode()
    assert "Not ready yet: 1 competency is not rated." in html
    assert f'href="/assessments/{assessment.pk}/#row-programming--python"' in html
    assert "Submit assessment</button>" not in html


@pytest.mark.django_db
def test_review_and_submit_saves_the_page_then_shows_the_confirmation(
    client_for, engineer, assessment
):
    rate_all(assessment, level=2)
    response = client_for(engineer).post(
        f"/assessments/{assessment.pk}/",
        {
            "programming.python-level": "3",
            "initial-programming.python-level": "2",
            "programming.python-revision": "0",
            "then": "review",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == confirm_url(assessment)
    assert (
        Rating.objects.get(assessment=assessment, competency__code="programming.python").level == 3
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


@pytest.mark.django_db
def test_a_submitted_assessment_goes_to_its_report(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    assessment.submit()
    response = client_for(engineer).get(confirm_url(assessment))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/report/"


@pytest.mark.django_db
def test_someone_elses_confirmation_is_not_shown(client_for, assessment, outsider):
    assert client_for(outsider).get(confirm_url(assessment)).status_code == 404


@pytest.mark.django_db
def test_the_confirmation_is_translated(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    html = client_for(engineer).get(confirm_url(assessment) + "?lang=id").content.decode()
    assert 'lang="id"' in html
    assert "What submitting freezes" not in html


@pytest.mark.django_db
def test_the_confirmation_runs_the_same_queries_for_few_and_many_ratings(
    client_for, engineer, assessment, get_with_fixed_queries
):
    rate_all(assessment, level=2)
    before = competency_count(assessment.role_profile.code)
    response = get_with_fixed_queries(client_for(engineer), confirm_url(assessment), assessment, 6)
    assert response.content.decode().count('class="confirm-item') == before + 15
