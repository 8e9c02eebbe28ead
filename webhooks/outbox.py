"""Queueing webhook deliveries: one per endpoint and event occurrence,
written in the caller's transaction, each sent by its own task once it
commits (``webhooks.tasks.send_delivery``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.outbox import enqueue_on_commit

from . import tasks
from .models import Delivery, Endpoint
from .payloads import payload


def subscribed(event: str) -> list[Endpoint]:
    """The active endpoints that chose ``event`` (a handful: read whole)."""
    return [endpoint for endpoint in Endpoint.objects.filter(active=True) if endpoint.wants(event)]


@transaction.atomic
def queue(event: str, data: dict, *, endpoints: list[Endpoint] | None = None) -> list[Delivery]:
    """A new occurrence of ``event`` with ``data``, for ``endpoints`` (the
    subscribed ones unless told): its deliveries, queued."""
    targets = subscribed(event) if endpoints is None else endpoints
    if not targets:
        return []
    body = payload(event, data)
    rows = [
        Delivery.objects.create(endpoint=endpoint, event_id=body["id"], event=event, payload=body)
        for endpoint in targets
    ]
    for row in rows:
        enqueue_on_commit(tasks.send_delivery, row.pk)
    return rows


@transaction.atomic
def resend(deliveries) -> int:
    """A fresh series of attempts for each of ``deliveries``, starting now (the
    same event id and payload, so a receiver can tell it has seen it)."""
    ids = list(deliveries.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for pk in ids:
        enqueue_on_commit(tasks.send_delivery, pk)
    return len(ids)


def forget_engineer(username: str, replacement: str) -> int:
    """A deleted account's username out of the deliveries' bodies (the
    privacy app calls it): ``replacement``, the former member's, instead. How
    many deliveries were changed; what receivers already got is theirs."""
    rows = list(Delivery.objects.filter(payload__data__assessment__engineer=username))
    for row in rows:
        row.payload["data"]["assessment"]["engineer"] = replacement
    Delivery.objects.bulk_update(rows, ["payload"], batch_size=500)
    return len(rows)
