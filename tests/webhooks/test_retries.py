"""A delivery that fails is tried again with back-off (1 min, 5 min, 30 min,
2 h, 12 h, then failed), each attempt recorded; the database tasks backend
defers the retry, `send_webhooks` sends what is due with the immediate one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import submitted
from webhooks.models import Delivery, Event
from webhooks.sending import SCHEDULE


def a_minute_passes(delivery: Delivery) -> None:
    """The clock reaches the delivery's next attempt."""
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def send_webhooks() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_webhooks", stdout=out)
    return out.getvalue()


def test_a_500_is_retried_a_minute_later_and_the_next_200_sends_it(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    receiver.answers = [500]
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.last_error == "HTTP 500"
    wait = delivery.next_attempt_at - before
    assert timedelta(seconds=55) < wait < timedelta(minutes=1, seconds=30)
    assert "to retry: 0" in send_webhooks()  # not due yet: nothing posted
    assert len(receiver.requests) == 1
    a_minute_passes(delivery)
    assert "Webhook deliveries sent: 1, to retry: 0, failed: 0." in send_webhooks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 2, 200)
    assert delivery.last_error == "" and delivery.sent_at is not None
    first, second = receiver.requests
    assert first.valid and second.valid
    assert first.body == second.body  # the same event, signed again
    assert first.headers["X-SkillGap-Delivery"] == second.headers["X-SkillGap-Delivery"]


def test_the_back_off_grows_and_the_sixth_failure_is_final(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    receiver.answers = [503] * 6
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    delivery = Delivery.objects.get()
    waits = []
    for _ in range(5):
        waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
        a_minute_passes(delivery)
        send_webhooks()
        delivery.refresh_from_db()
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 5, 30, 120, 720]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 6, 503)
    a_minute_passes(delivery)
    send_webhooks()
    assert len(receiver.requests) == 6  # failed: no seventh attempt
    assert len(SCHEDULE) == 5


def test_a_redirect_is_not_followed_and_a_slow_receiver_times_out(
    receiver, make_endpoint, engineer, team, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_TIMEOUT = 1
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    receiver.answers = [302]
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    delivery = Delivery.objects.get()
    assert delivery.last_status_code == 302 and "not followed" in delivery.last_error
    assert [r.path for r in receiver.requests] == ["/hooks/skillgap"]
    receiver.delay = 2
    a_minute_passes(delivery)
    send_webhooks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.last_status_code is None and "timed out" in delivery.last_error


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_on_the_database_backend_the_retry_is_a_task_deferred_to_its_time(
    receiver, make_endpoint, engineer, team, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    receiver.answers = [500]
    submitted(engineer)
    assert receiver.requests == []  # queued for the worker, not sent in the request
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "webhooks.tasks.send_delivery"
    assert retry.args_kwargs["args"] == [delivery.pk]
    assert abs(retry.run_after - delivery.next_attempt_at) < timedelta(seconds=1)
    run_worker()  # not due yet: the worker leaves it
    assert len(receiver.requests) == 1
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    a_minute_passes(delivery)
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(receiver.requests) == 2 and all(r.valid for r in receiver.requests)
