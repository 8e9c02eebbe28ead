"""What waits for someone, for the top of their home page: a manager's review
queue and an engineer's next step. Each read runs a fixed number of queries
whatever the number of members, assessments, competencies or goals.

Who may review what is decided in ``permissions`` (``assessments_to_review``);
an engineer's next step is read from their own assessments only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from . import permissions
from .models import VISIBLE_TO_MANAGER, Assessment, Goal

# Goals due within this many days (or overdue) are an engineer's next step.
GOALS_DUE_WITHIN = timedelta(days=30)
# At most this many goals are named on the home page; the plan has the rest.
GOALS_SHOWN = 3


# --- a manager's queue --------------------------------------------------------


@dataclass(frozen=True)
class ReviewInProgress:
    """An assessment in review: how many of its competencies have a manager rating."""

    assessment: Assessment
    rated: int
    total: int


@dataclass(frozen=True)
class ManagerQueue:
    """Submitted assessments waiting for a first rating (oldest first) and
    reviews started but not completed (oldest first)."""

    waiting: list[Assessment]
    in_progress: list[ReviewInProgress]

    @property
    def empty(self) -> bool:
        return not self.waiting and not self.in_progress


def manager_queue(user) -> ManagerQueue:
    """What waits for ``user`` as a manager, in two queries: the assessments of
    their current team members waiting for a review, and the reviews in
    progress with their count of competencies rated. An assessment the
    engineer has since followed with a newer submitted one waits no more
    (it may still be reviewed from the team dashboard)."""
    superseded = Exists(
        Assessment.objects.filter(
            engineer=OuterRef("engineer"),
            status__in=VISIBLE_TO_MANAGER,
            submitted_at__gt=OuterRef("submitted_at"),
        )
    )
    reviewable = (
        permissions.assessments_to_review(user)
        .filter(~superseded)
        .select_related("engineer", "role_profile")
    )
    waiting = list(
        reviewable.filter(status=Assessment.Status.SUBMITTED).order_by("submitted_at", "pk")
    )
    in_progress = [
        ReviewInProgress(assessment=a, rated=a.manager_rated, total=a.competencies)
        for a in reviewable.filter(status=Assessment.Status.IN_REVIEW)
        .annotate(
            competencies=Count("ratings"),
            manager_rated=Count("ratings", filter=Q(ratings__manager_level__isnull=False)),
        )
        .order_by("submitted_at", "pk")
    ]
    return ManagerQueue(waiting=waiting, in_progress=in_progress)


# --- an engineer's next step --------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """The one thing an engineer should do next.

    ``kind`` is ``"draft"`` (carry on rating ``assessment``: ``rated`` of
    ``total``), ``"acknowledge"`` (read the completed review of
    ``assessment`` and acknowledge it) or ``"goals"`` (``goals`` of the plan
    of ``assessment`` are due soon or overdue)."""

    kind: str
    assessment: Assessment
    rated: int = 0
    total: int = 0
    goals: list[Goal] = field(default_factory=list)
    today: date | None = None


def next_step(summaries, *, today: date | None = None) -> NextStep | None:
    """The engineer's next step from their own assessments' summaries
    (``selectors.assessment_summaries``, newest first), in order: the draft
    changed last, then the oldest review waiting for an acknowledgement, then
    the goals of their latest plan that are not done and due within
    ``GOALS_DUE_WITHIN`` or overdue. At most one query (the goals); ``None``
    when nothing waits."""
    drafts = [s for s in summaries if s.assessment.is_draft]
    if drafts:
        latest = max(drafts, key=lambda s: (s.last_change, s.assessment.pk))
        return NextStep(
            kind="draft",
            assessment=latest.assessment,
            rated=latest.overall.rated,
            total=latest.overall.total,
        )
    assessments = [s.assessment for s in summaries]
    reviewed = [a for a in assessments if a.status == Assessment.Status.REVIEWED]
    if reviewed:
        oldest = min(reviewed, key=lambda a: (a.reviewed_at or a.submitted_at, a.pk))
        return NextStep(kind="acknowledge", assessment=oldest)
    submitted = [a for a in assessments if a.submitted_at is not None]
    if not submitted:
        return None
    plan = max(submitted, key=lambda a: (a.submitted_at, a.pk))
    today = today or timezone.localdate()
    goals = list(
        Goal.objects.filter(assessment=plan, due_date__lte=today + GOALS_DUE_WITHIN)
        .exclude(status=Goal.Status.DONE)
        .select_related("competency")
        .order_by("due_date", "pk")[:GOALS_SHOWN]
    )
    if not goals:
        return None
    return NextStep(kind="goals", assessment=plan, goals=goals, today=today)
