"""The review's last steps: the manager completes it
(``POST /assessments/<id>/review/complete/``), the engineer acknowledges it
(``POST /assessments/<id>/acknowledge/``); and the data of before, migrated."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Rating
from tests.factories import competency_count, submitted

pytestmark = pytest.mark.django_db

CODE = "programming.python"


def complete_url(assessment):
    return reverse("assessments:review_complete", args=[assessment.pk])


def acknowledge_url(assessment):
    return reverse("assessments:acknowledge", args=[assessment.pk])


def state(assessment):
    return (
        Assessment.objects.filter(pk=assessment.pk)
        .values_list("status", "reviewed_at", "acknowledged_at", "acknowledgement")
        .get(),
        list(
            Rating.objects.filter(assessment=assessment)
            .order_by("pk")
            .values_list("manager_level", "manager_agreed", "manager_revision")
        ),
    )


@pytest.fixture
def in_review(engineer, manager, team):
    assessment = submitted(engineer, level=2, levels={CODE: 4})
    services.review_save(user=manager, assessment=assessment, competency_code=CODE, level=1)
    return assessment


def test_a_review_with_unrated_competencies_is_not_completed_and_says_which(
    client_for, manager, in_review
):
    before = state(in_review)
    response = client_for(manager).post(complete_url(in_review))
    assert response.status_code == 400
    assert (
        f"The review is not complete: {competency_count() - 1} competencies have no rating of yours yet"
        in (response.text)
    )
    assert "SQL" in response.text  # a competency still to rate, by name
    assert state(in_review) == before


def test_agreeing_for_the_rest_records_the_engineers_levels_as_the_managers(
    client_for, manager, in_review
):
    response = client_for(manager).post(complete_url(in_review), {"agree_remaining": "1"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(pk=in_review.pk)
    assert assessment.status == Assessment.Status.REVIEWED
    assert assessment.reviewed_at is not None and assessment.review_completed_by == manager
    ratings = {r.competency.code: r for r in assessment.ratings.select_related("competency")}
    assert (ratings[CODE].manager_level, ratings[CODE].manager_agreed) == (1, False)
    others = [r for code, r in ratings.items() if code != CODE]
    assert all(r.manager_level == r.level == 2 and r.manager_agreed for r in others)
    assert all(r.reviewed_by == manager for r in others)
    # Each agreement is in the audit trail as the manager's.
    record = others[0].history.latest()
    assert (record.history_user, record.manager_level, record.manager_agreed) == (manager, 2, True)
    # The assessment's history has the completion, by whom.
    completion = assessment.history.latest()
    assert completion.status == "reviewed" and completion.history_user == manager


def test_a_completed_review_cannot_be_completed_again_nor_changed(client_for, manager, in_review):
    client = client_for(manager)
    client.post(complete_url(in_review), {"agree_remaining": "1"})
    before = state(in_review)
    again = client.post(complete_url(in_review), {"agree_remaining": "1"})
    assert again.status_code == 409
    assert "completed already" in again.text
    change = client.post(
        reverse("assessments:review_save", args=[in_review.pk, CODE]),
        {"level": "4"},
        HTTP_HX_REQUEST="true",
    )
    assert change.status_code == 409
    page = client.get(reverse("assessments:review", args=[in_review.pk]))
    assert "its ratings no longer change" in page.text
    assert 'id="complete-review"' not in page.text
    assert state(in_review) == before


def test_the_engineer_acknowledges_once_with_a_comment_that_may_disagree(
    client_for, engineer, manager, in_review
):
    services.review_complete(user=manager, assessment=in_review, agree_remaining=True)
    client = client_for(engineer)
    report = client.get(reverse("assessments:report", args=[in_review.pk]))
    assert "I have read this review" in report.text
    response = client.post(
        acknowledge_url(in_review), {"comment": "I disagree on Python: see my evidence."}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(pk=in_review.pk)
    assert assessment.status == Assessment.Status.ACKNOWLEDGED
    assert assessment.acknowledgement == "I disagree on Python: see my evidence."
    assert assessment.history.latest().history_user == engineer
    before = state(in_review)
    again = client.post(acknowledge_url(in_review), {"comment": "again"})
    assert again.status_code == 409
    assert "acknowledged this review already" in again.text
    assert state(in_review) == before
    # Both see it on the report and the review page.
    assert "I disagree on Python" in client.get(response["Location"]).text
    review_page = client_for(manager).get(reverse("assessments:review", args=[in_review.pk]))
    assert "read it on" in review_page.text


def test_nothing_to_acknowledge_before_the_review_is_complete(client_for, engineer, in_review):
    before = state(in_review)
    response = client_for(engineer).post(acknowledge_url(in_review))
    assert response.status_code == 409
    assert "no completed review to acknowledge yet" in response.text
    assert state(in_review) == before


def test_a_comment_over_its_limit_is_refused_and_kept_on_the_page(
    client_for, engineer, manager, in_review
):
    services.review_complete(user=manager, assessment=in_review, agree_remaining=True)
    before = state(in_review)
    long = "x" * (Assessment._meta.get_field("acknowledgement").max_length + 1)
    response = client_for(engineer).post(acknowledge_url(in_review), {"comment": long})
    assert response.status_code == 400
    assert long in response.text  # what was typed is still there
    assert state(in_review) == before


def test_the_old_first_rating_reviewed_data_is_migrated_honestly(engineer, manager, team):
    partly = submitted(engineer)
    services.review_save(user=manager, assessment=partly, competency_code=CODE, level=3)
    wholly = submitted(engineer)
    for rating in wholly.ratings.select_related("competency"):
        services.review_save(
            user=manager, assessment=wholly, competency_code=rating.competency.code, level=2
        )
    # As the old code left them: "reviewed" at the first manager rating.
    Assessment.objects.filter(pk__in=[partly.pk, wholly.pk]).update(status="reviewed")
    migration = importlib.import_module("assessments.migrations.0002_review_states")
    migration.reviews_as_they_are(apps, None)
    partly.refresh_from_db()
    wholly.refresh_from_db()
    assert (partly.status, partly.reviewed_at) == ("in_review", None)
    assert (wholly.status, wholly.review_completed_by) == ("reviewed", manager)
