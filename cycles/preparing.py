"""Preparing a cycle just opened, in two tasks (``cycles.tasks``): its "cycle
opened" e-mails (``announce``), then the members' drafts (``prepare_cycle``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment
from org.models import Team

from . import outbox
from .models import Cycle, Event, Invitation


@transaction.atomic
def announce(cycle_id: int) -> bool:
    """Invite every member of the cycle's teams and queue their "cycle
    opened" e-mail, once (running it again adds nothing); True when some wait
    to be sent."""
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        return False
    members = (
        Team.members.through.objects.filter(team__cycles=cycle)
        .values_list("user_id", flat=True)
        .distinct()
    )
    Invitation.objects.bulk_create(
        [Invitation(cycle=cycle, engineer_id=uid) for uid in members],
        batch_size=1000,
        ignore_conflicts=True,
    )
    engineers = Invitation.objects.filter(cycle=cycle).values_list("engineer_id", flat=True)
    return outbox.queue(Event.CYCLE_OPENED, list(engineers), key=f"cycle:{cycle.pk}", cycle=cycle)


def prepare_cycle(cycle_id: int) -> int:
    """Prepare the drafts of a cycle's invitations; returns how many were
    prepared. Safe to run again: an invitation with its draft is left alone."""
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        return 0
    prepared = 0
    pending = Invitation.objects.filter(cycle=cycle, assessment__isnull=True).select_related(
        "engineer"
    )
    for invitation in list(pending):
        prepared += _prepare_invitation(invitation)
    Cycle.objects.filter(pk=cycle.pk, prepared_at__isnull=True).update(prepared_at=timezone.now())
    return prepared


@transaction.atomic
def _prepare_invitation(invitation: Invitation) -> int:
    """Link the member's open draft, or prepare one from their previous
    assessment (same role profile); a member with no assessment yet chooses
    their profile themselves. 1 when a draft was prepared."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.assessment_id is not None:
        return 0
    engineer = invitation.engineer
    latest = (
        Assessment.objects.filter(engineer=engineer)
        .select_related("role_profile")
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return 0
    if latest.is_draft:
        locked.assessment = latest
        locked.save(update_fields=["assessment"])
        return 0
    if not latest.role_profile.is_active:
        return 0
    draft = assessment_services.assessment_start(
        engineer=engineer, role_profile=latest.role_profile
    )
    locked.assessment = draft
    locked.prepared_at = timezone.now()
    locked.save(update_fields=["assessment", "prepared_at"])
    return 1
