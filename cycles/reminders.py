"""What ``send_reminders`` queues: the reminders due today, in a fixed number
of queries however many cycles and members there are.

For each open cycle and each of its two due dates (self-assessment, review):

- "due in 3 days" once, on one of the three days before it;
- "due today" on the day;
- "overdue" once a week after it (week 1 from the day after, week 2 from the
  eighth day, …).

Self-assessment reminders go to the invited members whose assessment is not
submitted yet; review reminders to the managers of the cycle's teams who have
a member's cycle assessment submitted or in review. A run missed (the timer
stopped a day) is caught up by the next one; a run repeated queues nothing
new (``outbox.queue`` keeps one delivery per recipient, event and key).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Q

from assessments.models import REVIEWABLE, Assessment
from org.models import Team

from . import outbox, tasks
from .models import REVIEW_REMINDERS, SELF_REMINDERS, Cycle, Invitation

SOON_DAYS = 3


def when(due: date, today: date) -> tuple[str, str] | None:
    """("soon" | "today" | "overdue", the key's period) for ``due`` on ``today``, or None."""
    days = (due - today).days
    if 0 < days <= SOON_DAYS:
        return "soon", ""
    if days == 0:
        return "today", ""
    if days < 0:
        return "overdue", f":week:{(-days - 1) // 7 + 1}"
    return None


def _grouped(pairs) -> defaultdict[int, set[int]]:
    """{first: the set of seconds} of ``pairs`` (two ids a row)."""
    groups = defaultdict(set)
    for key, value in pairs:
        groups[key].add(value)
    return groups


def due_now(today: date) -> list[tuple[str, str, Cycle, list[int]]]:
    """(event, key, cycle, recipient ids) of every reminder due on ``today``."""
    cycles = {
        c.pk: c for c in Cycle.objects.filter(closed_at__isnull=True, prepared_at__isnull=False)
    }
    self_due = {pk: when(c.self_due, today) for pk, c in cycles.items()}
    review_due = {pk: when(c.review_due, today) for pk, c in cycles.items()}
    out = []
    self_ids = [pk for pk, w in self_due.items() if w]
    if self_ids:
        waiting = defaultdict(list)
        for cycle_id, engineer_id in (
            Invitation.objects.filter(cycle_id__in=self_ids)
            .filter(Q(assessment__isnull=True) | Q(assessment__status=Assessment.Status.DRAFT))
            .values_list("cycle_id", "engineer_id")
        ):
            waiting[cycle_id].append(engineer_id)
        for pk in self_ids:
            kind, period = self_due[pk]
            if waiting[pk]:
                out.append(
                    (SELF_REMINDERS[kind], f"cycle:{pk}:self{period}", cycles[pk], waiting[pk])
                )
    review_ids = [pk for pk, w in review_due.items() if w]
    if review_ids:
        to_review = _grouped(
            Invitation.objects.filter(
                cycle_id__in=review_ids, assessment__status__in=REVIEWABLE
            ).values_list("cycle_id", "engineer_id")
        )
        cycle_teams = _grouped(
            Cycle.teams.through.objects.filter(cycle_id__in=review_ids).values_list(
                "cycle_id", "team_id"
            )
        )
        team_ids = set().union(*cycle_teams.values()) if cycle_teams else set()
        members = _grouped(
            Team.members.through.objects.filter(team_id__in=team_ids).values_list(
                "team_id", "user_id"
            )
        )
        managers = _grouped(
            Team.managers.through.objects.filter(team_id__in=team_ids).values_list(
                "team_id", "user_id"
            )
        )
        for pk in review_ids:
            kind, period = review_due[pk]
            recipients = set()
            for team_id in cycle_teams[pk]:
                if members[team_id] & to_review[pk]:
                    recipients |= managers[team_id]
            if recipients:
                out.append(
                    (
                        REVIEW_REMINDERS[kind],
                        f"cycle:{pk}:review{period}",
                        cycles[pk],
                        sorted(recipients),
                    )
                )
    return out


@transaction.atomic
def queue_due(today: date) -> int:
    """Queue every reminder due on ``today``; returns how many (recipient,
    event) pairs were considered (already queued ones included)."""
    count, waiting = 0, False
    for event, key, cycle, recipients in due_now(today):
        waiting |= outbox.queue(event, recipients, key=key, cycle=cycle)
        count += len(recipients)
    if waiting:
        tasks.enqueue_on_commit(tasks.deliver_mail)
    return count
