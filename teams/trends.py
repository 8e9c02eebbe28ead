"""A group's figures per quarter, from its members' submitted assessments:
at the end of each quarter, every member's latest assessment submitted by
then (``teams.rollup.quarterly``). Submitted assessments are frozen, so the
past quarters never change but for a review completed later (its manager
levels then count, as everywhere else).

A fixed number of queries whatever the size of the group and of its history:
the assessments, their summaries (``teams.summaries``) and the framework's
order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from assessments import loading
from assessments.models import VISIBLE_TO_MANAGER, Assessment
from roles.models import Competency

from . import rollup
from .selectors import RATINGS_REVIEWED
from .summaries import DONE, rows_of, summaries_for

# The trend shows at most this many quarters, the latest ones.
MAX_QUARTERS = 12


@dataclass(frozen=True)
class Trend:
    points: list[rollup.QuarterPoint]  # oldest first
    ratings: str

    @property
    def shown(self) -> list[rollup.QuarterPoint]:
        """The quarters with someone assessed."""
        return [p for p in self.points if p.people]


def competency_order() -> dict[str, int]:
    """Each competency's place in framework order, by code."""
    ranked = sorted(Competency.objects.select_related("area"), key=loading.framework_key)
    return {c.code: place for place, c in enumerate(ranked)}


def trend_of(
    members,
    *,
    ratings: str,
    with_competencies: bool = True,
    profile_id: int | None = None,
    order: dict[str, int] | None = None,
    now: datetime | None = None,
) -> Trend:
    """The quarterly figures of the users of ``members`` (a queryset of
    users); ``ratings`` as for ``team_data`` (reviewed only: only the
    assessments whose review is completed count)."""
    statuses = DONE if ratings == RATINGS_REVIEWED else VISIBLE_TO_MANAGER
    assessments = Assessment.objects.filter(
        engineer__in=members.values("pk"), status__in=statuses, submitted_at__isnull=False
    )
    if profile_id is not None:
        assessments = assessments.filter(role_profile_id=profile_id)
    rows = rows_of(assessments)
    now = now or timezone.now()
    last = rollup.quarter_of(timezone.localtime(now))
    if not rows:
        return Trend(points=[], ratings=ratings)
    summaries = summaries_for(rows, assessments, overall_only=not with_competencies)
    history = [
        (rollup.quarter_of(timezone.localtime(row.submitted_at)), summaries[row.pk]) for row in rows
    ]
    quarters = rollup.quarters_between(min(history[0][0], last), last)[-MAX_QUARTERS:]
    points = rollup.quarterly(
        history,
        quarters,
        order=order if order is not None else (competency_order() if with_competencies else {}),
        with_competencies=with_competencies,
    )
    return Trend(points=points, ratings=ratings)


def team_trend(team, *, ratings: str, order: dict[str, int] | None = None, now=None) -> Trend:
    """The team's trend; ``order`` (the framework's, by code) saves a query when the caller has it."""
    return trend_of(team.members.all(), ratings=ratings, order=order, now=now)
