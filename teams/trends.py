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

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Value, When, Window
from django.db.models.functions import Lead
from django.utils import timezone

from assessments import loading
from assessments.models import VISIBLE_TO_MANAGER, Assessment
from core import sql
from roles.models import Competency

from . import rollup
from .models import AssessmentSummary
from .selectors import RATINGS_REVIEWED
from .summaries import DONE, STORABLE, Row, rows_of, score_and_keep, summaries_for, tenths

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
    now = now or timezone.now()
    last = rollup.quarter_of(timezone.localtime(now))
    if not with_competencies:
        return Trend(points=_overall_points(assessments, last), ratings=ratings)
    rows = rows_of(assessments)
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


def _quarter_start(quarter: tuple[int, int]) -> datetime:
    year, q = quarter
    return timezone.make_aware(datetime(year, 3 * (q - 1) + 1, 1))


def _overall_points(assessments, last: tuple[int, int]) -> list[rollup.QuarterPoint]:
    """``rollup.quarterly`` without competencies, summed by the database: the
    last ``MAX_QUARTERS`` quarters up to ``last`` from the first with someone
    assessed, each with the people whose latest assessment by its end is
    counted and the mean of those assessments' overall readiness.

    One query, whatever the size of the history: each assessment gets the
    index of the quarter it was submitted in (those before the first shown
    count from the first) and that of the engineer's next one (a window
    function); it counts in the quarters from its own to the next one's, and
    the stored summaries' overall readiness is summed per pair of indexes. An
    assessment with no current summary (in review, or not yet kept) comes back
    on its own, is scored (``summaries.score_and_keep``) and added here."""
    quarters = [last]
    while len(quarters) < MAX_QUARTERS:
        year, q = quarters[0]
        quarters.insert(0, (year - 1, 4) if q == 1 else (year, q - 1))
    n = len(quarters)
    ends = [_quarter_start(q) for q in rollup.quarters_between(quarters[1], last)]
    ends.append(_quarter_start((last[0] + 1, 1) if last[1] == 4 else (last[0], last[1] + 1)))
    inner = (
        assessments.order_by()
        .annotate(
            b=Case(
                *[When(submitted_at__lt=end, then=Value(i)) for i, end in enumerate(ends)],
                default=Value(n),
                output_field=IntegerField(),
            )
        )
        .annotate(
            nb=Window(
                Lead("b"), partition_by=[F("engineer_id")], order_by=[F("submitted_at"), F("pk")]
            )
        )
        .values(
            "b",
            "nb",
            aid=F("pk"),
            eng=F("engineer_id"),
            st=F("status"),
            done=Case(
                When(status__in=DONE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    summary = sql.table(AssessmentSummary)
    assessment_id = connection.ops.quote_name("assessment_id")
    reviewed = connection.ops.quote_name("reviewed")
    overall = connection.ops.quote_name("overall")
    alone = f"CASE WHEN s.{assessment_id} IS NULL THEN i.aid END"
    query = (
        f"SELECT i.b, i.nb, {alone}, MIN(i.eng), MIN(i.st), "  # noqa: S608 (our names; values are parameters)
        f"SUM(ROUND(s.{overall} * 10)), COUNT(*) "
        f"FROM ({inner_sql}) i LEFT JOIN {summary} s ON s.{assessment_id} = i.aid "
        f"AND s.{reviewed} = i.done AND i.st IN ({', '.join(['%s'] * len(STORABLE))}) "
        "WHERE i.b < %s AND (i.nb IS NULL OR i.nb > i.b) "
        f"GROUP BY i.b, i.nb, {alone}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*inner_params, *STORABLE, n])
        groups = cursor.fetchall()
    spans: list[tuple[int, int, int, int]] = []  # (first index, end index, tenths, people)
    alone_rows = {}
    for b, nb, pk, engineer_id, status, total, count in groups:
        end = n if nb is None else min(nb, n)
        if pk is None:
            spans.append((b, end, int(total), count))
        else:
            alone_rows[pk] = (b, end, Row(pk, engineer_id, status, None, None))
    if alone_rows:
        scored = score_and_keep([row for _b, _end, row in alone_rows.values()])
        for pk, (b, end, _row) in alone_rows.items():
            spans.append((b, end, tenths(scored[pk].overall), 1))
    people, totals = [0] * n, [0] * n
    for b, end, total, count in spans:
        for i in range(b, end):
            people[i] += count
            totals[i] += total
    points = [
        rollup.QuarterPoint(
            quarter=quarter,
            people=people[i],
            readiness=rollup.mean_of_tenths(totals[i], people[i]),
            coverage=None,
            single_points_of_failure=None,
        )
        for i, quarter in enumerate(quarters)
    ]
    while points and not points[0].people:
        points.pop(0)  # the quarters before the first assessment
    return points


def team_trend(team, *, ratings: str, order: dict[str, int] | None = None, now=None) -> Trend:
    """The team's trend; ``order`` (the framework's, by code) saves a query when the caller has it."""
    return trend_of(team.members.all(), ratings=ratings, order=order, now=now)
