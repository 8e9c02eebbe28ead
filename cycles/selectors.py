"""What the cycle pages read, each in a fixed number of queries whatever the
number of members."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery, Value

from assessments.models import Assessment, Rating

from .models import Cycle, Delivery, Invitation

# The states of a member in a cycle, in the order the page counts them.
NOT_STARTED = "not_started"
DRAFT = "draft"
STATES = (
    NOT_STARTED,
    DRAFT,
    Assessment.Status.SUBMITTED,
    Assessment.Status.IN_REVIEW,
    Assessment.Status.REVIEWED,
    Assessment.Status.ACKNOWLEDGED,
)
SELF_PENDING = (NOT_STARTED, DRAFT)
REVIEW_PENDING = (Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW)


def state_of(invitation) -> str:
    """Not started: no draft yet, or the draft the cycle prepared has not been
    touched since; draft: the member has saved something; then the
    assessment's own status."""
    assessment = invitation.assessment
    if assessment is None:
        return NOT_STARTED
    if assessment.status == Assessment.Status.DRAFT:
        if invitation.prepared_at is not None and not invitation.touched:
            return NOT_STARTED
        return DRAFT
    return assessment.status


@dataclass
class MemberRow:
    invitation: Invitation
    state: str
    overdue: bool
    no_address: bool
    mail_error: str = ""

    @property
    def engineer(self):
        return self.invitation.engineer

    @property
    def assessment(self):
        return self.invitation.assessment


@dataclass
class CyclePage:
    cycle: Cycle
    teams: list
    rows: list[MemberRow]
    counts: list[tuple[str, int]]
    overdue: int
    no_address: list = field(default_factory=list)  # recipients skipped: no e-mail address
    pending_errors: list = field(default_factory=list)  # deliveries waiting, with the error


def cycle_page(cycle: Cycle, *, today: date) -> CyclePage:
    """The cycle page: four queries."""
    teams = list(cycle.teams.order_by("name"))
    touched = Rating.objects.filter(
        assessment_id=OuterRef("assessment_id"), updated_at__gt=OuterRef("prepared_at")
    )
    invitations = list(
        Invitation.objects.filter(cycle=cycle)
        .select_related("engineer", "assessment__role_profile")
        .annotate(touched=Exists(touched))
        .order_by("engineer__first_name", "engineer__last_name", "engineer__username")
    )
    skipped = list(
        Delivery.objects.filter(
            cycle=cycle, status=Delivery.Status.SKIPPED, skip_reason=Delivery.Skip.NO_ADDRESS
        )
        .select_related("recipient")
        .order_by("recipient__username", "recipient_id")
        .distinct()
    )
    failing = list(
        Delivery.objects.filter(cycle=cycle, status=Delivery.Status.PENDING)
        .exclude(last_error="")
        .select_related("recipient")
        .order_by("pk")[:50]
    )
    no_address_ids = {d.recipient_id for d in skipped}
    errors = {d.recipient_id: d.last_error for d in failing}
    rows = []
    for invitation in invitations:
        state = state_of(invitation)
        overdue = (state in SELF_PENDING and today > cycle.self_due) or (
            state in REVIEW_PENDING and today > cycle.review_due
        )
        rows.append(
            MemberRow(
                invitation=invitation,
                state=state,
                overdue=overdue,
                no_address=invitation.engineer_id in no_address_ids
                or not (invitation.engineer.email or "").strip(),
                mail_error=errors.get(invitation.engineer_id, ""),
            )
        )
    counter = Counter(row.state for row in rows)
    recipients = {}
    for d in skipped:
        recipients.setdefault(d.recipient_id, d.recipient)
    return CyclePage(
        cycle=cycle,
        teams=teams,
        rows=rows,
        counts=[(state, counter[state]) for state in STATES],
        overdue=sum(row.overdue for row in rows),
        no_address=list(recipients.values()),
        pending_errors=failing,
    )


@dataclass
class HomeCycle:
    """An open cycle on the home page: the user's own invitation in it (as an
    engineer, with its state) and whether they see its cycle page (a manager
    of one of its teams, or an administrator)."""

    cycle: Cycle
    invitation: Invitation | None
    state: str = ""
    overdue: bool = False
    manages: bool = False


def home_cycles(user, *, today: date, managing: bool) -> list[HomeCycle]:
    """The open cycles ``user`` is invited to, and, when ``managing`` (a
    manager or an administrator), those whose page they may see: one query."""
    if not user.is_authenticated:
        return []
    from .permissions import cycles_visible_to

    mine = Invitation.objects.filter(cycle=OuterRef("pk"), engineer=user)
    touched = Rating.objects.filter(
        assessment_id=OuterRef("assessment_id"), updated_at__gt=OuterRef("prepared_at")
    )
    visible = cycles_visible_to(user).filter(pk=OuterRef("pk"))
    invited = Exists(mine)
    cycles = (
        Cycle.objects.filter(closed_at__isnull=True)
        .annotate(
            invited=invited,
            manages=Exists(visible) if managing else Value(False),
            invitation_id=Subquery(mine.values("pk")[:1]),
            invitation_assessment_id=Subquery(mine.values("assessment_id")[:1]),
            invitation_prepared_at=Subquery(mine.values("prepared_at")[:1]),
            invitation_status=Subquery(mine.values("assessment__status")[:1]),
            invitation_touched=Subquery(
                mine.annotate(touched=Exists(touched)).values("touched")[:1]
            ),
        )
        .filter(Q(invited=True) | Q(manages=True))
        .order_by("self_due", "pk")
    )
    out = []
    for cycle in cycles:
        item = HomeCycle(cycle=cycle, invitation=None, manages=cycle.manages)
        if cycle.invited:
            invitation = Invitation(
                pk=cycle.invitation_id,
                cycle=cycle,
                engineer=user,
                assessment_id=cycle.invitation_assessment_id,
                prepared_at=cycle.invitation_prepared_at,
            )
            invitation.touched = bool(cycle.invitation_touched)
            if cycle.invitation_assessment_id is not None:
                invitation.assessment = Assessment(
                    pk=cycle.invitation_assessment_id,
                    engineer=user,
                    status=cycle.invitation_status,
                )
            item.invitation = invitation
            item.state = state_of(invitation)
            item.overdue = item.state in SELF_PENDING and today > cycle.self_due
        out.append(item)
    return out
