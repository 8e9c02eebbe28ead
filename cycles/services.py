"""Writes of the cycles app: opening and closing cycles, preparing their
drafts, queueing e-mails, preferences, and the quick re-assessment.

Like ``assessments.services``: each validates, runs in one transaction and
refuses with a domain error (``cycles.errors``), Django's ``ValidationError``
or ``PermissionDenied``; nothing here knows about HTTP. Sending is not done
here: a delivery queued here is sent by ``cycles.tasks.deliver_mail``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from assessments.models import Assessment, Rating
from assessments.services import lock_own_draft

from . import permissions, signals, tasks
from .models import Cycle, Preferences
from .rules import check_cycle_fields, clean_name

# --- cycles ---------------------------------------------------------------------


@transaction.atomic
def cycle_open(*, user, name: str, teams, self_due: date, review_due: date) -> Cycle:
    """Open a cycle for ``teams`` (each managed by ``user``, or ``user`` is an
    administrator). Its members are invited, and their "cycle opened" e-mails
    queued and sent, by a task (``cycles.tasks.announce_cycle``), their drafts
    prepared by another (``cycles.tasks.prepare_cycle``): the request takes
    the same time whatever the number of members."""
    name = clean_name(name)
    check_cycle_fields(name=name, self_due=self_due, review_due=review_due, today=_today())
    teams = list(teams)
    if not teams:
        raise ValidationError({"teams": _("Choose at least one team.")})
    allowed = set(
        permissions.teams_for_opening(user)
        .filter(pk__in=[t.pk for t in teams])
        .values_list("pk", flat=True)
    )
    if allowed != {t.pk for t in teams}:
        raise PermissionDenied
    cycle = Cycle.objects.create(
        name=name, self_due=self_due, review_due=review_due, opened_by=user
    )
    cycle.teams.set(teams)
    # The invitations and e-mails first (that task runs before the
    # preparation), then the drafts: the message reaches everyone soonest,
    # and a member who starts before their draft is prepared keeps it.
    tasks.enqueue_on_commit(tasks.announce_cycle, cycle.pk)
    tasks.enqueue_on_commit(tasks.prepare_cycle, cycle.pk)
    signals.send_on_commit(signals.cycle_opened, cycle)
    return cycle


@transaction.atomic
def cycle_close(*, user, cycle: Cycle) -> Cycle:
    """Close ``cycle`` (seen through ``permissions.cycle_for_manager``): no
    more reminders; its record stays."""
    locked = permissions.cycles_visible_to(user).select_for_update().filter(pk=cycle.pk).first()
    if locked is None:
        raise PermissionDenied
    locked.close()
    return locked


def _today() -> date:
    return timezone.localdate()


# --- preferences ------------------------------------------------------------------


def preferences_of(user) -> Preferences:
    """``user``'s preferences (all on when never saved), not saved."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


@transaction.atomic
def preferences_save(*, user, **kinds: bool) -> Preferences:
    unknown = set(kinds) - {"invitations", "reminders", "review_requests", "review_ready"}
    if unknown:
        raise ValidationError(f"unknown preferences: {sorted(unknown)}")
    preferences, _created = Preferences.objects.select_for_update().get_or_create(user=user)
    for name, value in kinds.items():
        setattr(preferences, name, bool(value))
    preferences.save()
    return preferences


@transaction.atomic
def reminders_off(*, user_id: int) -> Preferences:
    """The one-click unsubscribe: reminders off for that user."""
    preferences, _created = Preferences.objects.select_for_update().get_or_create(user_id=user_id)
    if preferences.reminders:
        preferences.reminders = False
        preferences.save(update_fields=["reminders"])
    return preferences


# --- quick re-assessment ----------------------------------------------------------


@transaction.atomic
def area_confirm(*, user, assessment: Assessment, area_code: str) -> int:
    """ "Nothing changed in this area": every rated competency of the area in
    ``user``'s own draft is saved again as it is, each recorded in the
    ratings' history as this user's save. Returns how many were confirmed;
    competencies not rated yet are left for the engineer. The assessment is
    locked first, as every writer of ratings does."""
    locked = lock_own_draft(user=user, assessment=assessment)
    ratings = list(
        Rating.objects.select_for_update()
        .filter(
            assessment=locked,
            competency__area__code=area_code,
            competency__targets__profile_id=locked.role_profile_id,
            level__isnull=False,
        )
        .order_by("pk")
    )
    if not ratings:
        if not locked.ratings.filter(competency__area__code=area_code).exists():
            raise ValidationError(_("This area is not part of the assessment."), code="area")
        return 0
    now = timezone.now()
    for rating in ratings:
        rating.updated_at = now
    bulk_update_with_history(
        ratings,
        Rating,
        ["updated_at"],
        default_user=user,
        default_change_reason="confirmed unchanged",
    )
    Assessment.objects.filter(pk=locked.pk).update(updated_at=now)
    return len(ratings)
