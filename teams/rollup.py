"""Figures of a group of people from their assessments' summaries: the
organisation dashboard, the trends and the succession of a single point of
failure. Plain Python (no Django): it takes summaries and returns numbers.

The rules are the team report's (``assessments.scoring.team``), applied to
summaries rather than full reports: readiness is the mean of the members'
overall readiness; an area's readiness the mean over the members who have
it; a competency's coverage the members at or above its target among those
whose target is above 0, a single point of failure where someone needs it
and at most one member covers it; training priorities by mean gap. Means
are rounded half up, readiness to one decimal, gaps to two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

# An aggregate shown to someone who may not see the people behind it covers
# at least this many of them, or is not shown (SPEC §12, small groups).
MIN_GROUP = 5

_ONE = Decimal("0.1")
_TWO = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CompetencyValue:
    code: str
    area: str
    rating: int  # the level that counts: the manager's, else the engineer's, else 0
    target: int

    @property
    def gap(self) -> int:
        return max(0, self.target - self.rating)

    @property
    def covers(self) -> bool:
        return self.target > 0 and self.rating >= self.target


@dataclass(frozen=True, slots=True)
class Summary:
    """One assessment's numbers: overall and per-area readiness, each competency's level and target."""

    assessment_id: int
    engineer_id: int
    overall: float
    areas: dict[str, float]
    competencies: tuple[CompetencyValue, ...]


def _mean(values: Sequence[float], exponent: Decimal) -> float | None:
    if not values:
        return None
    total = sum(Decimal(repr(v)) for v in values)
    return float((total / len(values)).quantize(exponent, rounding=ROUND_HALF_UP))


def mean_of_tenths(total: int, count: int) -> float | None:
    """The mean of ``count`` readiness values whose sum is ``total`` tenths of
    a percent, rounded as ``_mean`` rounds them (one decimal); None for nobody."""
    if not count:
        return None
    return float((Decimal(total).scaleb(-1) / count).quantize(_ONE, rounding=ROUND_HALF_UP))


def readiness(summaries: Sequence[Summary]) -> float | None:
    """The mean overall readiness, one decimal; None for nobody."""
    return _mean([s.overall for s in summaries], _ONE)


def area_means(summaries: Sequence[Summary]) -> dict[str, float]:
    """Each area's mean readiness over the members who have it."""
    values: dict[str, list[float]] = {}
    for summary in summaries:
        for code, value in summary.areas.items():
            values.setdefault(code, []).append(value)
    return {code: _mean(v, _ONE) for code, v in values.items()}


@dataclass(frozen=True, slots=True)
class CompetencyStat:
    code: str
    area: str
    mean_gap: float
    needed_by: int  # members whose target is above 0
    coverage: int  # of those, members at or above the target
    in_need: int  # members below the target

    @property
    def single_point_of_failure(self) -> bool:
        return self.needed_by > 0 and self.coverage <= 1


def stat_of(
    code: str, area: str, *, gaps: int, count: int, needed_by: int, coverage: int, in_need: int
) -> CompetencyStat:
    """A competency's figures from their sums (``count`` members have it)."""
    return CompetencyStat(
        code=code,
        area=area,
        mean_gap=float((Decimal(gaps) / count).quantize(_TWO, rounding=ROUND_HALF_UP)),
        needed_by=needed_by,
        coverage=coverage,
        in_need=in_need,
    )


def competency_stats(summaries: Sequence[Summary], order: dict[str, int]) -> list[CompetencyStat]:
    """Every competency some member has, in framework order (``order``: code → place)."""
    groups: dict[str, list[CompetencyValue]] = {}
    for summary in summaries:
        for value in summary.competencies:
            groups.setdefault(value.code, []).append(value)
    stats = []
    for code, values in groups.items():
        gaps = [v.gap for v in values]
        stats.append(
            CompetencyStat(
                code=code,
                area=values[0].area,
                mean_gap=float(
                    (Decimal(sum(gaps)) / len(gaps)).quantize(_TWO, rounding=ROUND_HALF_UP)
                ),
                needed_by=sum(v.target > 0 for v in values),
                coverage=sum(v.covers for v in values),
                in_need=sum(g > 0 for g in gaps),
            )
        )
    stats.sort(key=lambda s: order.get(s.code, len(order)))
    return stats


def training_priorities(stats: Iterable[CompetencyStat], limit: int) -> list[CompetencyStat]:
    """The competencies with a mean gap, largest first (then most in need, then framework order)."""
    ranked = [s for s in stats if s.mean_gap > 0]
    ranked.sort(key=lambda s: (-s.mean_gap, -s.in_need))  # stable: framework order last
    return ranked[:limit]


def thin_cover(stats: Iterable[CompetencyStat]) -> list[CompetencyStat]:
    """The competencies someone needs that nobody (first) or one person covers."""
    thin = [s for s in stats if s.single_point_of_failure]
    thin.sort(key=lambda s: s.coverage)  # stable: framework order within each
    return thin


def coverage_percent(stats: Sequence[CompetencyStat]) -> float | None:
    """Of the competencies someone needs, the share at least one member covers (one decimal)."""
    needed = [s for s in stats if s.needed_by > 0]
    if not needed:
        return None
    covered = sum(s.coverage > 0 for s in needed)
    return float((Decimal(100 * covered) / len(needed)).quantize(_ONE, rounding=ROUND_HALF_UP))


# --- succession -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Succession:
    """For one single point of failure: the nearest successor (smallest gap
    among those who do not cover it) and the coverage if the one person who
    covers it left."""

    code: str
    successor: object | None  # the caller's member key
    successor_gap: int | None
    successor_rating: int | None
    needed_by_after: int  # members who need it, without the one who covers it
    coverage_after: int  # 0: nobody would cover it


def succession(code: str, values: Sequence[tuple[object, CompetencyValue]]) -> Succession:
    """``values``: (member key, that member's value of ``code``) for every
    member who has the competency, in the order ties are broken (by name)."""
    covering = [key for key, v in values if v.covers]
    others = [(key, v) for key, v in values if not v.covers and v.target > 0]
    nearest = min(others, key=lambda kv: (kv[1].gap, -kv[1].rating), default=None)
    leaving = covering[:1]  # at most one covers a single point of failure
    return Succession(
        code=code,
        successor=nearest[0] if nearest else None,
        successor_gap=nearest[1].gap if nearest else None,
        successor_rating=nearest[1].rating if nearest else None,
        needed_by_after=sum(1 for key, v in values if v.target > 0 and key not in leaving),
        coverage_after=max(0, len(covering) - len(leaving)),
    )


# --- quarters ---------------------------------------------------------------


def quarter_of(moment: datetime | date) -> tuple[int, int]:
    return moment.year, (moment.month - 1) // 3 + 1


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    quarters = []
    year, q = first
    while (year, q) <= last:
        quarters.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return quarters


@dataclass(frozen=True, slots=True)
class QuarterPoint:
    quarter: tuple[int, int]
    people: int  # people with an assessment submitted by the end of the quarter
    readiness: float | None
    coverage: float | None
    single_points_of_failure: int | None

    @property
    def label(self) -> str:
        return f"{self.quarter[0]} Q{self.quarter[1]}"


def quarterly(
    history: Sequence[tuple[tuple[int, int], Summary]],
    quarters: Sequence[tuple[int, int]],
    *,
    order: dict[str, int],
    with_competencies: bool = True,
) -> list[QuarterPoint]:
    """The group at the end of each quarter: every person's latest assessment
    submitted by then. ``history``: (quarter submitted, summary) oldest first."""
    points = []
    latest: dict[int, Summary] = {}
    position = 0
    for quarter in quarters:
        while position < len(history) and history[position][0] <= quarter:
            summary = history[position][1]
            latest[summary.engineer_id] = summary
            position += 1
        group = list(latest.values())
        stats = competency_stats(group, order) if with_competencies and group else []
        points.append(
            QuarterPoint(
                quarter=quarter,
                people=len(group),
                readiness=readiness(group),
                coverage=coverage_percent(stats) if with_competencies else None,
                single_points_of_failure=(
                    sum(s.single_point_of_failure for s in stats) if with_competencies else None
                ),
            )
        )
    return points
