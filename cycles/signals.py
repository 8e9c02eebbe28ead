"""What the cycles app tells the apps above it, once committed.

``cycle_opened`` (a manager or an administrator opened a review cycle) is sent
with ``cycle_id`` after the transaction that opened it commits, never for an
opening that was rolled back. Receivers live in the apps above (``webhooks``);
this app imports none of them.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.dispatch import Signal

cycle_opened = Signal()


def send_on_commit(signal: Signal, cycle) -> None:
    """Send ``signal`` for ``cycle`` once the current transaction commits."""
    from .models import Cycle

    transaction.on_commit(partial(signal.send_robust, sender=Cycle, cycle_id=cycle.pk))
