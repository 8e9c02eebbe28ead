"""The signed unsubscribe link, the preferences page, and "nothing changed in
this area" with and without JavaScript."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from assessments.models import Rating
from cycles import tokens
from cycles.models import Preferences
from tests.factories import draft, submitted

pytestmark = pytest.mark.django_db


def test_a_good_link_turns_reminders_off_in_one_post(client, engineer):
    url = tokens.unsubscribe_path(engineer.pk)
    assert client.post(url).status_code == 200
    prefs = Preferences.objects.get(user=engineer)
    assert prefs.reminders is False and prefs.review_ready is True


@pytest.mark.parametrize("kind", ["forged", "expired", "other_user", "garbage"])
def test_a_bad_link_is_400_and_changes_nothing(client, engineer, teammate, kind):
    token = tokens.unsubscribe_token(engineer.pk)
    uid = engineer.pk
    if kind == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif kind == "other_user":
        uid = teammate.pk
    elif kind == "garbage":
        token = "%00<script>"
    elif kind == "expired":  # signed 91 days ago
        old = time.time() - 91 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=old):
            token = tokens.unsubscribe_token(engineer.pk)
    response = client.post(reverse("cycles:unsubscribe", args=[uid, token]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not Preferences.objects.exists()


def test_the_preferences_page_turns_each_kind_on_or_off(client_for, engineer):
    client = client_for(engineer)
    page = client.get(reverse("cycles:preferences"))
    assert page.status_code == 200 and 'id="preferences-form"' in page.content.decode()
    response = client.post(
        reverse("cycles:preferences"), {"invitations": "on", "review_ready": "on"}
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=engineer)
    assert (prefs.invitations, prefs.reminders, prefs.review_requests, prefs.review_ready) == (
        True,
        False,
        False,
        True,
    )


def _carried_draft(engineer):
    submitted(engineer, level=3)
    return draft(engineer)


AREA = "programming"


def test_nothing_changed_confirms_every_rating_of_the_area_without_javascript(client_for, engineer):
    assessment = _carried_draft(engineer)
    client = client_for(engineer)
    page = client.get(reverse("assessments:rate", args=[assessment.pk])).content.decode()
    assert "Nothing changed in this area" in page
    url = reverse("cycles:area_confirm", args=[assessment.pk, AREA])
    assert f'action="{url}"' in page
    ratings = Rating.objects.filter(assessment=assessment, competency__area__code=AREA)
    before = {r.pk: (r.level, r.revision) for r in ratings}
    history_before = Rating.history.filter(assessment_id=assessment.pk).count()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#area-{AREA}")
    assert {r.pk: (r.level, r.revision) for r in ratings} == before  # values and revisions kept
    confirmed = Rating.history.filter(assessment_id=assessment.pk).order_by("-history_id")[
        : len(before)
    ]
    assert Rating.history.filter(assessment_id=assessment.pk).count() == history_before + len(
        before
    )
    assert {h.history_user_id for h in confirmed} == {engineer.pk}  # audited as their save
    assert {h.history_change_reason for h in confirmed} == {"confirmed unchanged"}
    follow = client.get(response["Location"]).content.decode()
    assert "stay as they were" in follow


def test_nothing_changed_with_htmx_answers_the_area_status(client_for, engineer):
    assessment = _carried_draft(engineer)
    response = client_for(engineer).post(
        reverse("cycles:area_confirm", args=[assessment.pk, AREA]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "data-area-confirmed" in response.content.decode()


def test_nothing_changed_is_refused_on_someone_elses_or_a_submitted_assessment(
    client_for, engineer, teammate, manager, team
):
    assessment = _carried_draft(engineer)
    url = reverse("cycles:area_confirm", args=[assessment.pk, AREA])
    assert client_for(teammate).post(url).status_code == 404
    done = submitted(teammate)
    assert (
        client_for(teammate)
        .post(reverse("cycles:area_confirm", args=[done.pk, AREA]), HTTP_HX_REQUEST="true")
        .status_code
        == 409
    )
    assert (
        client_for(engineer)
        .post(reverse("cycles:area_confirm", args=[assessment.pk, "no-such-area"]))
        .status_code
        == 400
    )


def test_a_fresh_draft_offers_no_quick_confirmation(client_for, engineer):
    assessment = draft(engineer)
    page = client_for(engineer).get(reverse("assessments:rate", args=[assessment.pk]))
    assert "Nothing changed in this area" not in page.content.decode()
