"""Each of the four events reaches, signed, the endpoints that chose it, once
its change is committed; nothing reaches the others, and nothing is sent for
a change rolled back or kept from the page that made it."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments import services as assessment_services
from cycles import services as cycle_services
from tests.factories import draft, rate_all, submitted
from webhooks.models import Delivery, Event


def only_request(receiver):
    [request] = receiver.requests
    assert request.valid is True  # checked with the code docs/api.md shows
    return request, json.loads(request.body)


def test_a_submit_is_posted_signed_to_the_endpoint_that_chose_it_and_no_other(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    other = make_endpoint(receiver.url + "/other", [Event.REVIEW_COMPLETED])
    idle = make_endpoint(receiver.url + "/idle", [Event.ASSESSMENT_SUBMITTED], active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = submitted(engineer)
    request, body = only_request(receiver)
    assert request.path == "/hooks/skillgap"
    assert request.headers["X-SkillGap-Event"] == "assessment.submitted"
    assert request.headers["Content-Type"] == "application/json"
    delivery = Delivery.objects.get()
    assert request.headers["X-SkillGap-Delivery"] == str(delivery.uuid)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 1, 200)
    assert body["event"] == "assessment.submitted" and body["id"] == str(delivery.event_id)
    data = body["data"]["assessment"]
    assert data["id"] == assessment.pk and data["engineer"] == "engineer"
    assert data["status"] == "submitted" and data["role_profile"] == "startup-generalist"
    assert data["teams"] == [{"id": team.pk, "name": "Platform AI"}]
    assert data["report_url"].endswith(f"/api/v1/assessments/{assessment.pk}/report")
    assert not Delivery.objects.filter(endpoint__in=[other, idle]).exists()


def test_the_payload_holds_no_rating_comment_name_or_address(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, receiver=receiver)
    assessment = draft(engineer)
    rate_all(assessment, level=3)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_submit(user=engineer, assessment=assessment)
    text = receiver.requests[0].body.decode()
    assert "Eko" not in text and engineer.email not in text
    assert set(json.loads(text)["data"]["assessment"]) == {
        "id",
        "engineer",
        "role_profile",
        "status",
        "submitted_at",
        "reviewed_at",
        "acknowledged_at",
        "teams",
        "url",
        "report_url",
    }


def test_a_completed_review_and_an_acknowledgement_are_each_posted_once(
    receiver, make_endpoint, engineer, manager, team, django_capture_on_commit_callbacks
):
    assessment = submitted(engineer)  # before the endpoint: not posted
    make_endpoint(
        receiver.url,
        [Event.REVIEW_COMPLETED, Event.ASSESSMENT_ACKNOWLEDGED],
        receiver=receiver,
    )
    make_endpoint(receiver.url + "/cycles", [Event.CYCLE_OPENED])
    make_endpoint(receiver.url + "/idle", active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.review_complete(
            user=manager, assessment=assessment, agree_remaining=True
        )
    _request, body = only_request(receiver)
    assert body["event"] == "review.completed"
    assert body["data"]["assessment"]["status"] == "reviewed"
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_acknowledge(
            user=engineer, assessment=assessment, comment="I disagree about Python."
        )
    request, body = only_request(receiver)
    assert request.headers["X-SkillGap-Event"] == "assessment.acknowledged"
    assert body["data"]["assessment"]["status"] == "acknowledged"
    assert body["data"]["assessment"]["acknowledged_at"]
    assert "disagree" not in request.body.decode()  # the engineer's comment stays inside
    assert Delivery.objects.filter(status="sent").count() == 2


def test_opening_a_cycle_is_posted_with_its_teams_and_dates(
    receiver, make_endpoint, manager, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, [Event.CYCLE_OPENED], receiver=receiver)
    make_endpoint(receiver.url + "/submits", [Event.ASSESSMENT_SUBMITTED])
    make_endpoint(receiver.url + "/idle", [Event.CYCLE_OPENED], active=False)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = cycle_services.cycle_open(
            user=manager,
            name="Q1 2027",
            teams=[team],
            self_due=today + timedelta(days=7),
            review_due=today + timedelta(days=14),
        )
    request, body = only_request(receiver)
    assert request.headers["X-SkillGap-Event"] == "cycle.opened"
    assert body["data"]["cycle"] == {
        "id": cycle.pk,
        "name": "Q1 2027",
        "self_due": (today + timedelta(days=7)).isoformat(),
        "review_due": (today + timedelta(days=14)).isoformat(),
        "opened_at": body["data"]["cycle"]["opened_at"],
        "teams": [{"id": team.pk, "name": "Platform AI"}],
        "url": f"http://127.0.0.1:8000/api/v1/cycles/{cycle.pk}",
    }
    assert "manager" not in request.body.decode()  # who opened it is not said


def test_two_endpoints_get_the_same_event_id_in_their_own_deliveries(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    first = make_endpoint(receiver.url + "/a", [Event.ASSESSMENT_SUBMITTED])
    second = make_endpoint(receiver.url + "/b", [Event.ASSESSMENT_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    a, b = Delivery.objects.get(endpoint=first), Delivery.objects.get(endpoint=second)
    assert a.event_id == b.event_id and a.uuid != b.uuid
    assert sorted(r.path for r in receiver.requests) == ["/hooks/skillgap/a", "/hooks/skillgap/b"]


def test_a_rolled_back_change_sends_nothing(
    receiver, make_endpoint, engineer, manager, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, receiver=receiver)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            submitted(engineer)
            cycle_services.cycle_open(
                user=manager,
                name="Never",
                teams=[team],
                self_due=today + timedelta(days=7),
                review_due=today + timedelta(days=14),
            )
            transaction.set_rollback(True)
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_a_receiver_that_is_down_never_reaches_the_page_that_caused_the_event(
    make_endpoint, reviewed, engineer, client_for, django_capture_on_commit_callbacks
):
    from tests.smtp import free_port

    make_endpoint(f"http://127.0.0.1:{free_port()}/nobody", [Event.ASSESSMENT_ACKNOWLEDGED])
    client = client_for(engineer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/assessments/{reviewed.pk}/acknowledge/", {"comment": ""}, follow=True
        )
    assert response.status_code == 200
    assert "your manager sees that you have read the review" in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.status == "acknowledged"
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error
