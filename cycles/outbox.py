"""Queueing e-mails: one delivery per recipient, event and object."""

from __future__ import annotations

from accounts.models import User

from .models import Delivery, Preferences


def queue(event: str, recipient_ids, *, key: str, cycle=None, assessment=None) -> bool:
    """A delivery of ``event`` about ``key`` for each recipient, once: one
    that exists already is left as it is (``ignore_conflicts``). A recipient
    with no address, or who turned the kind off, gets a skipped delivery, shown
    on the cycle page. True when some may be waiting to be sent: the caller
    then queues ``cycles.tasks.deliver_mail``."""

    ids = list(dict.fromkeys(recipient_ids))
    if not ids:
        return False
    users = User.objects.filter(pk__in=ids).values_list("pk", "email")
    preferences = {p.user_id: p for p in Preferences.objects.filter(user_id__in=ids)}
    rows = []
    for pk, email in users:
        prefs = preferences.get(pk)
        if not (email or "").strip():
            status, reason = Delivery.Status.SKIPPED, Delivery.Skip.NO_ADDRESS
        elif prefs is not None and not prefs.wants(event):
            status, reason = Delivery.Status.SKIPPED, Delivery.Skip.TURNED_OFF
        else:
            status, reason = Delivery.Status.PENDING, ""
        rows.append(
            Delivery(
                recipient_id=pk,
                event=event,
                key=key,
                cycle=cycle,
                assessment=assessment,
                status=status,
                skip_reason=reason,
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return any(row.status == Delivery.Status.PENDING for row in rows)
