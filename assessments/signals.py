"""What the review workflow tells the rest of the project, once committed.

``assessment_submitted`` (an engineer submitted: their managers may review),
``review_completed`` (a manager completed the review: the engineer may read
it) and ``assessment_acknowledged`` (the engineer acknowledged it) are sent with ``assessment_id`` after the transaction that made the change
commits, never for a change that was rolled back. Receivers live in the apps
above (``cycles`` sends the e-mails, ``webhooks`` the deliveries); this app
imports none of them.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.dispatch import Signal

assessment_submitted = Signal()
review_completed = Signal()
assessment_acknowledged = Signal()


def send_on_commit(signal: Signal, assessment) -> None:
    """Send ``signal`` for ``assessment`` once the current transaction commits."""
    from .models import Assessment

    transaction.on_commit(
        partial(signal.send_robust, sender=Assessment, assessment_id=assessment.pk)
    )
