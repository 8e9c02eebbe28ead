"""What the cycle pages read, each in a fixed number of queries whatever the
number of members."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef

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
    invitation: Invitation
    state: str
    overdue: bool


def home_cycles(user, *, today: date) -> list[HomeCycle]:
    """The open cycles ``user`` is invited to, with their due date (one query)."""
    if not user.is_authenticated:
        return []
    touched = Rating.objects.filter(
        assessment_id=OuterRef("assessment_id"), updated_at__gt=OuterRef("prepared_at")
    )
    invitations = (
        Invitation.objects.filter(engineer=user, cycle__closed_at__isnull=True)
        .select_related("cycle", "assessment")
        .annotate(touched=Exists(touched))
        .order_by("cycle__self_due", "cycle_id")
    )
    out = []
    for invitation in invitations:
        state = state_of(invitation)
        out.append(
            HomeCycle(
                invitation=invitation,
                state=state,
                overdue=state in SELF_PENDING and today > invitation.cycle.self_due,
            )
        )
    return out


def managed_cycles(user):
    """The open cycles of the teams ``user`` manages (or all, for an administrator)."""
    from .permissions import cycles_visible_to

    return list(cycles_visible_to(user).filter(closed_at__isnull=True).order_by("self_due", "pk"))
