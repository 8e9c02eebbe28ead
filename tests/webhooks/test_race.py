"""Exactly once on PostgreSQL: workers attempting the same deliveries at the
same moment (a task and ``send_webhooks``, two workers) post each once; the
claim is one conditional update, no transaction is held open while the
receiver answers."""

from __future__ import annotations

from collections import Counter

from tests.postgres import postgres_only
from tests.threads import run_together
from webhooks import sending
from webhooks.models import Delivery, Endpoint, Event
from webhooks.payloads import payload

pytestmark = postgres_only("the race needs PostgreSQL's concurrent writers")


def test_four_workers_at_once_post_each_delivery_once(receiver, make_endpoint):
    receiver.delay = 0.2  # long enough for the others to arrive meanwhile
    endpoints = [
        make_endpoint(f"{receiver.url}/{n}", [Event.REVIEW_COMPLETED], receiver=receiver)
        for n in range(3)
    ]
    Endpoint.objects.update(secret=receiver.secret)  # one receiver checks them all
    body = payload(Event.REVIEW_COMPLETED, {"assessment": {"id": 1}})
    ids = [  # queued, not yet attempted (outbox.queue would send them at once here)
        Delivery.objects.create(
            endpoint=e, event_id=body["id"], event=Event.REVIEW_COMPLETED, payload=body
        ).pk
        for e in endpoints
    ]

    def worker():
        for pk in ids:
            sending.attempt(pk)

    assert run_together([worker] * 4) == []
    assert Counter(r.path for r in receiver.requests) == Counter(
        f"/hooks/skillgap/{n}" for n in range(3)
    )
    assert all(r.valid for r in receiver.requests)
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}
