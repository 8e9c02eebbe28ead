"""The workflow e-mails, from the signals of ``assessments.signals`` (sent
after commit): "submitted, waiting for your review" to the engineer's
managers, "your review is ready" to the engineer. A failure here is logged
and never reaches the page that made the change."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from assessments.models import Assessment
from assessments.signals import assessment_submitted, review_completed
from org.models import Team

from . import outbox, tasks
from .models import Event

log = logging.getLogger(__name__)


def _cycle_of(assessment_id: int):
    from .models import Invitation

    invitation = Invitation.objects.filter(assessment_id=assessment_id).select_related("cycle")
    invitation = invitation.order_by("-pk").first()
    return invitation.cycle if invitation is not None else None


@receiver(assessment_submitted)
def follow_in_open_cycles(sender, assessment_id, **kwargs):
    """An engineer who submits an assessment other than the draft a cycle
    prepared (another role profile, or one they started themselves) is
    followed through it: their open cycles' invitations without a submitted
    assessment now point at it."""
    from django.db.models import Q

    from .models import Invitation

    engineer_id = (
        Assessment.objects.filter(pk=assessment_id).values_list("engineer_id", flat=True).first()
    )
    Invitation.objects.filter(engineer_id=engineer_id, cycle__closed_at__isnull=True).filter(
        Q(assessment__isnull=True) | Q(assessment__status=Assessment.Status.DRAFT)
    ).update(assessment_id=assessment_id)


def _queue(event, assessment_id, recipients_of, failure: str) -> None:
    """Queue ``event`` about the assessment to ``recipients_of(assessment)``
    (user ids) and send it once the change commits; ``failure`` is logged
    (with the assessment's id) if that fails."""
    try:
        assessment = Assessment.objects.get(pk=assessment_id)
        if outbox.queue(
            event,
            recipients_of(assessment),
            key=f"assessment:{assessment_id}",
            cycle=_cycle_of(assessment_id),
            assessment=assessment,
        ):
            tasks.enqueue_on_commit(tasks.deliver_mail)
    except Exception:
        log.exception(failure, assessment_id)
        raise


def _managers_of(assessment) -> list[int]:
    """The managers of the engineer's teams, the engineer aside."""
    return list(
        Team.managers.through.objects.filter(team__members=assessment.engineer_id)
        .exclude(user_id=assessment.engineer_id)
        .values_list("user_id", flat=True)
    )


@receiver(assessment_submitted)
def mail_managers(sender, assessment_id, **kwargs):
    _queue(
        Event.REVIEW_REQUESTED,
        assessment_id,
        _managers_of,
        "could not queue the review request of assessment %s",
    )


@receiver(review_completed)
def mail_engineer(sender, assessment_id, **kwargs):
    _queue(
        Event.REVIEW_READY,
        assessment_id,
        lambda assessment: [assessment.engineer_id],
        "could not queue the review of assessment %s",
    )
