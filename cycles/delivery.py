"""Sending the pending deliveries, each exactly once.

A worker takes a batch of pending deliveries under row locks that other
workers skip (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite runs one
writer at a time), sends each and marks it sent in the same transaction, so
two workers never send the same delivery. A mail server that is down or
refuses a message leaves the delivery pending with the error and a later
attempt time (``retry_after``); the next run tries again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .emails import render
from .models import Delivery, Preferences

log = logging.getLogger(__name__)
BATCH = 100
ERROR_MAX = 1000


def retry_after(attempts: int) -> timedelta:
    """Wait 1, 2, 4, … minutes between attempts, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _take(now, batch: int) -> list[Delivery]:
    rows = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    if db_connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return list(
        rows.select_related(
            "recipient", "cycle", "assessment__role_profile", "assessment__engineer"
        ).order_by("pk")[:batch]
    )


def deliver_batch(batch: int = BATCH) -> tuple[int, int]:
    """Send one batch; (sent, failed). (0, 0) when nothing is due."""
    now = timezone.now()
    sent = failed = 0
    with transaction.atomic():
        rows = _take(now, batch)
        if not rows:
            return 0, 0
        # Turned off since it was queued (the unsubscribe link): not sent.
        preferences = {
            p.user_id: p
            for p in Preferences.objects.filter(user_id__in={row.recipient_id for row in rows})
        }
        turned_off = [
            row
            for row in rows
            if row.recipient_id in preferences
            and not preferences[row.recipient_id].wants(row.event)
        ]
        for row in turned_off:
            row.status, row.skip_reason = Delivery.Status.SKIPPED, Delivery.Skip.TURNED_OFF
        if turned_off:
            Delivery.objects.bulk_update(turned_off, ["status", "skip_reason"])
            rows = [row for row in rows if row.status == Delivery.Status.PENDING]
            if not rows:
                return 0, 0
        mail = get_connection(fail_silently=False)
        try:
            mail.open()
            opened = None
        except Exception as error:  # noqa: BLE001 - the server is down: all wait
            opened = error
        for row in rows:
            try:
                if opened is not None:
                    raise opened
                mail.send_messages([render(row)])
            except Exception as error:  # noqa: BLE001 - kept on the delivery, retried
                row.attempts += 1
                row.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX]
                row.next_attempt_at = now + retry_after(row.attempts)
                failed += 1
            else:
                row.status = Delivery.Status.SENT
                row.sent_at = timezone.now()
                row.attempts += 1
                row.last_error = ""
                sent += 1
        try:
            mail.close()
        except Exception:  # noqa: BLE001 - what was sent is sent
            log.warning("closing the mail connection failed", exc_info=True)
        Delivery.objects.bulk_update(
            rows, ["status", "sent_at", "attempts", "last_error", "next_attempt_at"]
        )
    if failed:
        log.warning("%s e-mail(s) not sent, kept pending to retry", failed)
    return sent, failed


def deliver_pending(batch: int = BATCH) -> int:
    """Send batches until nothing pending is due; returns how many were sent."""
    total = 0
    while True:
        sent, failed = deliver_batch(batch)
        total += sent
        if not sent and not failed:
            return total
        if not sent:  # every one of the batch failed: the server is down, stop for now
            return total
