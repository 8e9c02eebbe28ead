"""Saving one manager rating (``POST /assessments/<id>/review/<code>/``): the
same guarantees as the self-rating autosave."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Rating
from tests.factories import competency_count, draft, submitted

pytestmark = pytest.mark.django_db

CODE = "programming.python"
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(assessment, code=CODE):
    return reverse("assessments:review_save", args=[assessment.pk, code])


@pytest.fixture
def assessment(engineer, team):
    return submitted(engineer, level=2, levels={CODE: 3})


def rating(assessment, code=CODE):
    return Rating.objects.get(assessment=assessment, competency__code=code)


# --- saving ---------------------------------------------------------------------------


def test_a_manager_rating_saves_and_the_row_says_so(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment), {"level": "4", "comment": "Great"}, **HTMX)
    assert response.status_code == 200
    assert response.text.startswith("Saved.")
    saved = rating(assessment)
    assert (saved.manager_level, saved.manager_comment, saved.reviewed_by) == (4, "Great", manager)
    assert saved.level == 3  # the self-rating stays


def test_the_first_manager_rating_puts_the_assessment_in_review(client_for, manager, assessment):
    client_for(manager).post(url(assessment), {"level": "2"}, **HTMX)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW
    assert assessment.reviewed_at is None  # completed only by "Complete review"


def test_the_page_field_names_save_too(client_for, manager, assessment):
    data = {f"{CODE}-level": "1", f"{CODE}-comment": "Pair with Sari", f"{CODE}-revision": "0"}
    response = client_for(manager).post(url(assessment), data, **HTMX)
    assert response.status_code == 200
    assert rating(assessment).manager_comment == "Pair with Sari"


def test_the_answer_carries_the_new_revision_the_calibration_flag_and_progress(
    client_for, manager, assessment
):
    response = client_for(manager).post(url(assessment), {"level": "0"}, **HTMX)
    text = response.text
    assert f'id="revision-{CODE}" value="1" hx-swap-oob="true"' in text
    assert f'id="calibration-{CODE}" hx-swap-oob="true"' in text
    assert "Blind spot" in text  # self 3, manager 0
    assert 'id="review-progress" aria-live="polite" hx-swap-oob="true"' in text
    assert f"1 of {competency_count()} rated by a manager" in text
    assert "In review" in text


def test_the_answer_never_replaces_the_comment_being_typed(client_for, manager, assessment):
    response = client_for(manager).post(
        url(assessment), {"level": "3", "comment": "typing…"}, **HTMX
    )
    assert "<textarea" not in response.text
    assert '<input type="radio"' not in response.text


def test_saving_the_same_values_again_changes_nothing(client_for, manager, assessment):
    client = client_for(manager)
    client.post(url(assessment), {"level": "3", "revision": "0"}, **HTMX)
    response = client.post(url(assessment), {"level": "3", "revision": "1"}, **HTMX)
    assert response.status_code == 200
    assert rating(assessment).manager_revision == 1


def test_a_comment_is_stripped_of_surrounding_blanks(client_for, manager, assessment):
    client_for(manager).post(url(assessment), {"level": "3", "comment": "  ok  "}, **HTMX)
    assert rating(assessment).manager_comment == "ok"


def test_without_htmx_a_save_redirects_back_to_the_row(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment), {"level": "4"})
    assert response.status_code == 302
    review = reverse("assessments:review", args=[assessment.pk])
    assert response["Location"] == f"{review}#review-{CODE}"
    assert rating(assessment).manager_level == 4


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["5", "-1", "two", "", "2.5", "³"])
def test_a_level_outside_the_scale_is_400_and_saves_nothing(client_for, manager, assessment, level):
    response = client_for(manager).post(url(assessment), {"level": level}, **HTMX)
    assert response.status_code == 400
    assert "Choose a rating from 0 to 4." in response.text
    assert rating(assessment).manager_level is None
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_missing_level_is_400(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment), {"comment": "only a comment"}, **HTMX)
    assert response.status_code == 400
    assert rating(assessment).manager_comment == ""


def test_a_too_long_comment_is_400(client_for, manager, assessment):
    response = client_for(manager).post(
        url(assessment), {"level": "2", "comment": "x" * 2001}, **HTMX
    )
    assert response.status_code == 400
    assert "2000 characters" in response.text
    assert rating(assessment).manager_level is None


def test_an_unknown_competency_is_404_with_a_message_in_the_row(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment, "nope.nothing"), {"level": "2"}, **HTMX)
    assert response.status_code == 404
    assert "not part of the assessment" in response.text


def test_an_unknown_competency_without_htmx_is_a_404_page(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment, "nope.nothing"), {"level": "2"})
    assert response.status_code == 404


def test_a_bad_level_without_htmx_shows_the_page_with_the_error(client_for, manager, assessment):
    response = client_for(manager).post(url(assessment), {"level": "9", "comment": "keep me"})
    assert response.status_code == 400
    assert "Choose a rating from 0 to 4." in response.text
    assert "keep me</textarea>" in response.text


def test_a_save_from_a_stale_page_is_409_and_keeps_the_newer_rating(
    client_for, manager, other_manager, team, assessment
):
    team.managers.add(other_manager)
    services.review_save(user=other_manager, assessment=assessment, competency_code=CODE, level=1)
    response = client_for(manager).post(url(assessment), {"level": "4", "revision": "0"}, **HTMX)
    assert response.status_code == 409
    assert "changed in another window (it is now 1)" in response.text
    assert (
        "hx-swap-oob" not in response.text
    )  # the page keeps its old revision: no silent overwrite later
    assert rating(assessment).manager_level == 1


def test_two_tabs_the_late_save_never_overwrites_silently(manager, assessment):
    first, second = Client(), Client()
    first.force_login(manager)
    second.force_login(manager)
    assert first.post(url(assessment), {"level": "4", "revision": "0"}, **HTMX).status_code == 200
    assert second.post(url(assessment), {"level": "1", "revision": "0"}, **HTMX).status_code == 409
    assert rating(assessment).manager_level == 4


def test_the_service_refuses_a_review_of_a_draft(manager, engineer, team):
    a = draft(engineer)
    with pytest.raises(services.AssessmentFrozen):
        services.review_save(user=manager, assessment=a, competency_code=CODE, level=2)


# --- who may save ----------------------------------------------------------------------


def test_engineer_cannot_rate_their_own_as_manager(client_for, engineer, assessment):
    response = client_for(engineer).post(url(assessment), {"level": "4"})
    assert response.status_code == 403
    assert rating(assessment).manager_level is None


def test_engineer_gets_a_403_message_in_the_row_with_htmx(client_for, engineer, assessment):
    response = client_for(engineer).post(url(assessment), {"level": "4"}, **HTMX)
    assert response.status_code == 403
    assert "you may not review this assessment" in response.text


@pytest.mark.parametrize("who", ["other_manager", "teammate", "outsider"])
def test_anyone_but_the_engineers_manager_gets_404(
    request, client_for, assessment, other_team, who
):
    user = request.getfixturevalue(who)
    assert client_for(user).post(url(assessment), {"level": "4"}).status_code == 404
    assert rating(assessment).manager_level is None


def test_a_draft_cannot_be_reviewed(client_for, manager, engineer, team):
    a = draft(engineer)
    assert client_for(manager).post(url(a), {"level": "2"}).status_code == 404


def test_a_get_changes_nothing(client_for, manager, assessment):
    assert client_for(manager).get(url(assessment), {"level": "2"}).status_code == 405
    assert rating(assessment).manager_level is None


def test_a_save_without_csrf_token_is_refused(manager, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(url(assessment), {"level": "2"}, **HTMX).status_code == 403
    assert rating(assessment).manager_level is None


def test_an_expired_session_sends_the_row_to_sign_in_not_a_login_page(client, assessment):
    response = client.post(
        url(assessment),
        {"level": "2"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/x/",
    )
    assert response.status_code == 401
    assert "expired=1" in response["HX-Redirect"]
    assert rating(assessment).manager_level is None
