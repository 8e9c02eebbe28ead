"""The events, from the signals of ``assessments.signals`` and
``cycles.signals`` (sent after commit, so a change rolled back sends
nothing): a delivery to each active endpoint that chose the event. A failure
here is logged and never reaches the page that made the change."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from assessments.signals import assessment_acknowledged, assessment_submitted, review_completed
from cycles.signals import cycle_opened

from . import outbox, payloads
from .models import Event

log = logging.getLogger(__name__)


def _queue(event: Event, data_of, object_id: int) -> None:
    try:
        endpoints = outbox.subscribed(event)
        if not endpoints:
            return
        data = data_of(object_id)
        if data is not None:
            outbox.queue(event, data, endpoints=endpoints)
    except Exception:
        log.exception("could not queue the webhook %s of %s", event, object_id)


@receiver(assessment_submitted)
def on_submitted(sender, assessment_id, **kwargs):
    _queue(Event.ASSESSMENT_SUBMITTED, payloads.assessment_data, assessment_id)


@receiver(review_completed)
def on_review_completed(sender, assessment_id, **kwargs):
    _queue(Event.REVIEW_COMPLETED, payloads.assessment_data, assessment_id)


@receiver(assessment_acknowledged)
def on_acknowledged(sender, assessment_id, **kwargs):
    _queue(Event.ASSESSMENT_ACKNOWLEDGED, payloads.assessment_data, assessment_id)


@receiver(cycle_opened)
def on_cycle_opened(sender, cycle_id, **kwargs):
    _queue(Event.CYCLE_OPENED, payloads.cycle_data, cycle_id)
