"""Webhooks in the admin: adding an endpoint (its secret shown once, a URL
that may not be sent to refused with the reason), the test event, a new
secret, the deliveries' log, read-only, and re-sending; for staff only."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, submitted
from webhooks.models import Delivery, Endpoint, Event

ADD = "/admin/webhooks/endpoint/add/"
ENDPOINTS = "/admin/webhooks/endpoint/"
DELIVERIES = "/admin/webhooks/delivery/"


def add(client, url, events=(Event.ASSESSMENT_SUBMITTED, Event.CYCLE_OPENED)):
    return client.post(
        ADD,
        {"url": url, "description": "HR system", "events": list(events), "active": "on"},
        follow=True,
    )


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_an_added_endpoint_shows_its_secret_once_with_the_events_chosen(client_for, staff):
    client = client_for(staff)
    form = client.get(ADD)
    assert 'type="checkbox" name="events" value="review.completed"' in form.content.decode()
    assert "webhook.test" not in form.content.decode()  # not something to subscribe to
    response = add(client, "http://127.0.0.1:9/hook")
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["assessment.submitted", "cycle.opened"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    assert endpoint.created_by == staff
    assert "shown only this once (the receiver checks" in page(response)
    assert endpoint.secret in page(response)
    change = client.get(f"{ENDPOINTS}{endpoint.pk}/change/")
    assert change.status_code == 200 and endpoint.secret not in page(change)
    assert endpoint.secret not in page(client.get(ENDPOINTS))


REFUSED = [
    ("https://127.0.0.1/hook", "127.0.0.1 resolves to 127.0.0.1, a loopback, private"),
    ("https://10.1.2.3/hook", "10.1.2.3 resolves to 10.1.2.3, a loopback, private"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 resolves to 169.254.169.254"),
    ("https://[::1]:8443/hook", "::1 resolves to ::1, a loopback"),
    ("https://localhost/hook", "localhost resolves to "),
    ("http://hooks.example.com/skillgap", "A webhook URL must start with https://."),
    ("https://user:pw@hooks.example.com/", "may not carry a user name or password"),
]


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_in_production_a_url_that_could_reach_inside_is_refused_with_the_reason(
    client_for, staff, production, url, message
):
    response = add(client_for(staff), url)
    assert response.status_code == 200
    assert message in page(response)
    assert "errornote" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_in_development_a_loopback_receiver_may_be_registered(client_for, staff, settings):
    assert settings.WEBHOOKS_ALLOW_PRIVATE is True
    add(client_for(staff), "http://localhost:8001/hook")
    assert Endpoint.objects.get().url == "http://localhost:8001/hook"


def test_a_url_allowed_once_is_refused_at_send_time_when_the_rule_changes(
    receiver, make_endpoint, engineer, team, production, django_capture_on_commit_callbacks
):
    # Saved while allowed (or its DNS answer changed since): checked again when sent.
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    production.PRODUCTION = False  # http allowed, private addresses still not
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert delivery.last_error.startswith("Refused: 127.0.0.1 resolves to 127.0.0.1")


def test_a_test_event_is_sent_signed_to_the_chosen_endpoints(
    client_for, staff, receiver, make_endpoint, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(receiver.url, [Event.CYCLE_OPENED], receiver=receiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            ENDPOINTS, {"action": "send_test", "_selected_action": [endpoint.pk]}, follow=True
        )
    assert "A test event was queued for 1 endpoint." in page(response)
    [request] = receiver.requests
    assert request.valid and request.headers["X-SkillGap-Event"] == "webhook.test"


def test_a_new_secret_is_shown_once_and_signs_from_then_on(
    client_for, staff, receiver, make_endpoint, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(receiver.url, receiver=receiver)
    old = endpoint.secret
    client = client_for(staff)
    response = client.post(
        ENDPOINTS, {"action": "rekey", "_selected_action": [endpoint.pk]}, follow=True
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in page(response)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENDPOINTS, {"action": "send_test", "_selected_action": [endpoint.pk]})
    [request] = receiver.requests
    assert request.valid is False  # the receiver still holds the old secret
    receiver.secret = endpoint.secret
    assert receiver.verify(endpoint.secret, request.headers["X-SkillGap-Signature"], request.body)


def test_a_failed_delivery_is_re_sent_from_its_log(
    client_for,
    staff,
    receiver,
    make_endpoint,
    engineer,
    team,
    django_capture_on_commit_callbacks,
):
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    Delivery.objects.update(status=Delivery.Status.FAILED, attempts=6)
    client = client_for(staff)
    log = page(client.get(DELIVERIES + "?status__exact=failed"))
    assert "Assessment submitted" in log and "500" in log
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DELIVERIES, {"action": "resend", "_selected_action": [delivery.pk]}, follow=True
        )
    assert "1 delivery queued to be sent again." in page(response)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 1, 200)
    first, again = receiver.requests
    assert again.valid and again.body == first.body


def test_the_delivery_log_is_read_only(client_for, staff, make_endpoint):
    from webhooks import outbox

    make_endpoint("http://127.0.0.1:9/x")
    outbox.queue(Event.ASSESSMENT_SUBMITTED, {"assessment": {"id": 1}})  # not attempted
    delivery = Delivery.objects.get()
    client = client_for(staff)
    view = client.get(f"{DELIVERIES}{delivery.pk}/change/")
    assert view.status_code == 200 and "assessment.submitted" in page(view)
    assert 'name="_save"' not in view.content.decode()
    assert client.post(f"{DELIVERIES}{delivery.pk}/change/", {"status": "sent"}).status_code == 403
    assert client.get(DELIVERIES + "add/").status_code == 403
    assert Delivery.objects.get().status == "pending"


@pytest.mark.parametrize("path", [ENDPOINTS, ADD, DELIVERIES])
def test_the_webhook_pages_are_for_administrators_only(client, client_for, engineer, path):
    assert client.get(path)["Location"].startswith("/admin/login/")
    assert client_for(engineer).get(path)["Location"].startswith("/admin/login/")
    clerk = UserFactory(username="clerk", is_staff=True)  # staff, no webhook permission
    assert client_for(clerk).get(path).status_code == 403
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert client_for(admin).get(path).status_code == 200


def test_the_delivery_log_costs_the_same_for_5_or_40_deliveries(client_for, staff, make_endpoint):
    endpoints = [make_endpoint(f"http://127.0.0.1:9/{n}") for n in range(3)]

    def deliveries(count):
        import uuid

        Delivery.objects.bulk_create(
            Delivery(
                endpoint=endpoints[n % 3],
                event_id=uuid.uuid4(),
                event=Event.REVIEW_COMPLETED,
                payload={},
            )
            for n in range(count)
        )

    client = client_for(staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DELIVERIES).status_code == 200
        return len(captured.captured_queries)

    deliveries(5)
    client.get(DELIVERIES)  # the session's first reads out of the way
    small = queries()
    deliveries(35)
    large = queries()
    assert small == large, (small, large)
    with CaptureQueriesContext(connection) as captured:
        client.get(ENDPOINTS)
    few = len(captured.captured_queries)
    for n in range(10):
        make_endpoint(f"http://127.0.0.1:9/more{n}")
    with CaptureQueriesContext(connection) as captured:
        client.get(ENDPOINTS)
    assert len(captured.captured_queries) == few
