"""Scoring of assessments: the one place the SkillGap formula lives (docs/scoring.md).

Pure Python: frozen dataclasses in, frozen dataclasses out, no Django and no
database. Views, the JSON, the PDF and the team dashboard all call this module,
so they can never disagree about a number.

For a competency with target ``t`` (0–4), weight ``w`` (1–3) and rating ``r``:

- ``r`` is the manager rating where one exists, otherwise the self rating; an
  unrated competency counts as ``r = 0`` and is flagged ``rated=False``;
- ``gap = max(0, t - r)``, ``surplus = max(0, r - t)``, ``priority = gap * w``;
- ``severity`` by gap: 0 met, 1 minor, 2 significant, 3 or more critical;
- strength: rated and (``surplus > 0`` or ``r == 4``);
- blind spot: both ratings exist and ``|manager - self| >= 2``.

Readiness of any set of competencies (an area, or all of them) is
``100 * Σ w·min(r, t) / Σ w·t``, and 100.0 where ``Σ w·t == 0``.

Priority gaps are the competencies with ``priority > 0`` ordered by priority,
then gap, then weight (all descending), then framework (input) order; the
development plan takes the first ``PLAN_SIZE``. Because ``priority = gap * w``,
the weight never decides between two items whose priority and gap are equal;
it stays in the key because the spec names it.

Rounding: every published number is rounded half up (``ROUND_HALF_UP``, i.e.
halves away from zero) in decimal arithmetic, never with binary floats, so
72.45 always becomes 72.5 and 0.15 becomes 0.2. Readiness and deltas have one
decimal, mean ratings and gaps two. Ratios are computed from the integer sums
themselves; means of readiness values take each value as the decimal it
prints as.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

__all__ = [
    "KIND_RESPONSIBILITY",
    "KIND_SKILL",
    "KINDS",
    "PLAN_SIZE",
    "SCALE_MAX",
    "SCALE_MIN",
    "SEVERITIES",
    "SEVERITY_CRITICAL",
    "SEVERITY_MET",
    "SEVERITY_MINOR",
    "SEVERITY_SIGNIFICANT",
    "WEIGHT_MAX",
    "WEIGHT_MIN",
    "AreaCalibration",
    "AreaChange",
    "AreaInput",
    "AreaScore",
    "Comparison",
    "CompetencyInput",
    "CompetencyScore",
    "MemberInput",
    "MemberRow",
    "Overall",
    "Report",
    "TeamCompetency",
    "TeamReport",
    "calibration",
    "compare",
    "readiness",
    "score",
    "team",
]

SCALE_MIN, SCALE_MAX = 0, 4
WEIGHT_MIN, WEIGHT_MAX = 1, 3
PLAN_SIZE = 5

KIND_SKILL, KIND_RESPONSIBILITY = "skill", "responsibility"
KINDS = (KIND_SKILL, KIND_RESPONSIBILITY)

SEVERITY_MET, SEVERITY_MINOR, SEVERITY_SIGNIFICANT, SEVERITY_CRITICAL = (
    "met",
    "minor",
    "significant",
    "critical",
)
# Least to most severe; the index is the gap, capped at 3.
SEVERITIES = (SEVERITY_MET, SEVERITY_MINOR, SEVERITY_SIGNIFICANT, SEVERITY_CRITICAL)

_ONE_DECIMAL = Decimal("0.1")
_TWO_DECIMALS = Decimal("0.01")
# Far more digits than any quotient of these small integer sums needs, so a
# true half (x.x5) is never hidden or invented by the division itself.
_PRECISION = 50


# --- inputs -----------------------------------------------------------------


def _check_int(value: object, name: str, low: int, high: int, code: str) -> None:
    # bool is an int subclass; True as a rating is a bug, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{code}: {name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{code}: {name} must be between {low} and {high}, got {value}")


@dataclass(frozen=True, slots=True)
class AreaInput:
    """A competency area: a skill area or a responsibility group."""

    code: str
    kind: str  # KIND_SKILL | KIND_RESPONSIBILITY

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.code}: kind must be one of {KINDS}, got {self.kind!r}")


@dataclass(frozen=True, slots=True)
class CompetencyInput:
    """One competency of an assessment, with its profile target and weight.

    Raises ``ValueError`` on construction when the target is outside 0–4, the
    weight outside 1–3, or a rating (where given) outside 0–4; ``TypeError``
    when one of them is not an ``int`` (``bool`` included).
    """

    code: str
    area: str  # area code
    target: int  # 0–4
    weight: int  # 1–3
    self_rating: int | None = None
    manager_rating: int | None = None

    def __post_init__(self) -> None:
        _check_int(self.target, "target", SCALE_MIN, SCALE_MAX, self.code)
        _check_int(self.weight, "weight", WEIGHT_MIN, WEIGHT_MAX, self.code)
        if self.self_rating is not None:
            _check_int(self.self_rating, "self rating", SCALE_MIN, SCALE_MAX, self.code)
        if self.manager_rating is not None:
            _check_int(self.manager_rating, "manager rating", SCALE_MIN, SCALE_MAX, self.code)


# --- outputs ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompetencyScore:
    """The scored competency; see the module docstring for each formula."""

    code: str
    area: str
    target: int
    weight: int
    self_rating: int | None
    manager_rating: int | None
    rating: int  # manager if present, else self, else 0
    rated: bool  # False when neither rating exists
    gap: int  # max(0, t - r)
    surplus: int  # max(0, r - t)
    priority: int  # gap * w
    severity: str  # met / minor (1) / significant (2) / critical (>= 3)
    blind_spot: bool  # both ratings exist and |manager - self| >= 2
    strength: bool  # rated and (surplus > 0 or r == 4)


@dataclass(frozen=True, slots=True)
class AreaScore:
    """An area's summary over its competencies."""

    code: str
    kind: str
    readiness: float  # 100·Σw·min(r,t)/Σw·t, 1 decimal; 100.0 when Σw·t == 0
    priority: int  # Σ priority
    rated: int
    total: int
    mean_rating: float  # Σw·r/Σw, 2 decimals (radar chart, current)
    mean_target: float  # Σw·t/Σw, 2 decimals (radar chart, target)
    worst_severity: str


@dataclass(frozen=True, slots=True)
class Overall:
    """The summary over every competency of the assessment."""

    readiness: float
    priority: int
    rated: int
    total: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the gap report shows, in the order it shows it."""

    competencies: tuple[CompetencyScore, ...]  # framework (input) order
    areas: tuple[AreaScore, ...]  # area input order, empty areas omitted
    overall: Overall
    priorities: tuple[str, ...]  # codes, priority gap order
    strengths: tuple[str, ...]  # codes, framework order
    blind_spots: tuple[str, ...]  # codes, framework order

    def competency(self, code: str) -> CompetencyScore:
        """The score of competency ``code``; ``KeyError`` if it is not in the report."""
        for item in self.competencies:
            if item.code == code:
                return item
        raise KeyError(code)

    def area(self, code: str) -> AreaScore:
        """The score of area ``code``; ``KeyError`` if absent (or without competencies)."""
        for item in self.areas:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def plan(self) -> tuple[str, ...]:
        """The development plan: the first ``PLAN_SIZE`` priority gaps."""
        return self.priorities[:PLAN_SIZE]

    @property
    def complete(self) -> bool:
        """True when every competency is rated (vacuously true when there are none)."""
        return all(item.rated for item in self.competencies)


# --- rounding ---------------------------------------------------------------


def _to_float(value: Decimal, exponent: Decimal) -> float:
    # + 0.0 turns a rounded -0.0 into 0.0.
    return float(value.quantize(exponent, rounding=ROUND_HALF_UP)) + 0.0


def _quotient(numerator: int, denominator: int, exponent: Decimal) -> float:
    with localcontext() as context:
        context.prec = _PRECISION
        return _to_float(Decimal(numerator) / Decimal(denominator), exponent)


def _decimal(value: float) -> Decimal:
    # A published value such as 72.4 is the decimal it prints as, not the
    # binary float nearest to it (72.400000000000005684…).
    return Decimal(repr(value))


def _mean(values: Sequence[float], exponent: Decimal) -> float:
    with localcontext() as context:
        context.prec = _PRECISION
        total = sum((_decimal(value) for value in values), Decimal(0))
        return _to_float(total / len(values), exponent)


# --- one assessment ---------------------------------------------------------


def _severity(gap: int) -> str:
    return SEVERITIES[min(gap, len(SEVERITIES) - 1)]


def _score_competency(item: CompetencyInput) -> CompetencyScore:
    if item.manager_rating is not None:
        rating = item.manager_rating
    elif item.self_rating is not None:
        rating = item.self_rating
    else:
        rating = 0
    rated = item.self_rating is not None or item.manager_rating is not None
    gap = max(0, item.target - rating)
    surplus = max(0, rating - item.target)
    blind_spot = (
        item.self_rating is not None
        and item.manager_rating is not None
        and abs(item.manager_rating - item.self_rating) >= 2
    )
    return CompetencyScore(
        code=item.code,
        area=item.area,
        target=item.target,
        weight=item.weight,
        self_rating=item.self_rating,
        manager_rating=item.manager_rating,
        rating=rating,
        rated=rated,
        gap=gap,
        surplus=surplus,
        priority=gap * item.weight,
        severity=_severity(gap),
        blind_spot=blind_spot,
        strength=rated and (surplus > 0 or rating == SCALE_MAX),
    )


def readiness(items: Iterable[CompetencyScore]) -> float:
    """Readiness of a set of scored competencies, in percent.

    ``100 * Σ w·min(r, t) / Σ w·t``, rounded half up to one decimal; 100.0
    when ``Σ w·t == 0`` (nothing is required, so nothing is missing). A
    rating above target earns no extra credit: ``min(r, t)``.
    """
    achieved = required = 0
    for item in items:
        achieved += item.weight * min(item.rating, item.target)
        required += item.weight * item.target
    if required == 0:
        return 100.0
    return _quotient(100 * achieved, required, _ONE_DECIMAL)


def _score_area(area: AreaInput, items: Sequence[CompetencyScore]) -> AreaScore:
    total_weight = sum(item.weight for item in items)
    return AreaScore(
        code=area.code,
        kind=area.kind,
        readiness=readiness(items),
        priority=sum(item.priority for item in items),
        rated=sum(item.rated for item in items),
        total=len(items),
        mean_rating=_quotient(
            sum(item.weight * item.rating for item in items),
            total_weight,
            _TWO_DECIMALS,
        ),
        mean_target=_quotient(
            sum(item.weight * item.target for item in items),
            total_weight,
            _TWO_DECIMALS,
        ),
        worst_severity=_severity(max(item.gap for item in items)),
    )


def score(areas: Sequence[AreaInput], competencies: Sequence[CompetencyInput]) -> Report:
    """Score one assessment: ``competencies`` in framework order, against ``areas``.

    Per competency: ``r`` = manager rating, else self rating, else 0 (flagged
    not rated); ``gap = max(0, t - r)``; ``surplus = max(0, r - t)``;
    ``priority = gap * w``; severity by gap (0 met, 1 minor, 2 significant,
    ≥ 3 critical). Per area and overall: readiness
    ``100 * Σ w·min(r, t) / Σ w·t`` (see :func:`readiness`) and the sum of
    priorities. Priorities: ``priority > 0``, ordered by priority, gap, weight
    (descending) then framework order. Strengths: ``surplus > 0`` or
    ``r == 4``. Blind spots: ``|manager - self| >= 2``.

    Areas keep their input order; an area without competencies is left out.
    Raises ``ValueError`` on a duplicate area or competency code, or on a
    competency whose area is not among ``areas``.
    """
    areas_by_code: dict[str, AreaInput] = {}
    for area in areas:
        if area.code in areas_by_code:
            raise ValueError(f"duplicate area code {area.code!r}")
        areas_by_code[area.code] = area

    scores: list[CompetencyScore] = []
    seen: set[str] = set()
    for item in competencies:
        if item.code in seen:
            raise ValueError(f"duplicate competency code {item.code!r}")
        if item.area not in areas_by_code:
            raise ValueError(f"{item.code}: unknown area {item.area!r}")
        seen.add(item.code)
        scores.append(_score_competency(item))

    by_area: dict[str, list[CompetencyScore]] = {code: [] for code in areas_by_code}
    for item in scores:
        by_area[item.area].append(item)

    ranked = sorted(
        (item for item in scores if item.priority > 0),
        # sorted() is stable, so equal keys keep framework order.
        key=lambda item: (-item.priority, -item.gap, -item.weight),
    )
    return Report(
        competencies=tuple(scores),
        areas=tuple(
            _score_area(areas_by_code[code], items) for code, items in by_area.items() if items
        ),
        overall=Overall(
            readiness=readiness(scores),
            priority=sum(item.priority for item in scores),
            rated=sum(item.rated for item in scores),
            total=len(scores),
        ),
        priorities=tuple(item.code for item in ranked),
        strengths=tuple(item.code for item in scores if item.strength),
        blind_spots=tuple(item.code for item in scores if item.blind_spot),
    )


# --- groups across areas (the seed's primary roles) --------------------------


@dataclass(frozen=True, slots=True)
class GroupInput:
    """A set of competencies across areas, e.g. a primary role (the
    competencies its duties are linked to)."""

    code: str
    competencies: tuple[str, ...]  # codes


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A group's readiness over those of its competencies the report scores."""

    code: str
    readiness: float  # as readiness(); 100.0 when Σw·t == 0
    priority: int  # Σ priority
    total: int  # competencies of the group in the report


def group_scores(report: Report, groups: Sequence[GroupInput]) -> tuple[GroupScore, ...]:
    """Score each of ``groups`` (in their order) on ``report``: readiness and
    priority over the group's competencies that ``report`` holds, each counted
    once. A group none of whose competencies is in the report is left out."""
    by_code = {item.code: item for item in report.competencies}
    scored = []
    for group in groups:
        items = [by_code[code] for code in dict.fromkeys(group.competencies) if code in by_code]
        if items:
            scored.append(
                GroupScore(
                    code=group.code,
                    readiness=readiness(items),
                    priority=sum(item.priority for item in items),
                    total=len(items),
                )
            )
    return tuple(scored)


# --- progress between two assessments ----------------------------------------


@dataclass(frozen=True, slots=True)
class AreaChange:
    """How one area's readiness moved; ``before``/``delta`` None if it is new."""

    code: str
    before: float | None
    after: float
    delta: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """How readiness moved from a previous report to the current one."""

    overall_before: float
    overall_after: float
    overall_delta: float
    areas: tuple[AreaChange, ...]  # the current report's areas, in its order


def _delta(after: float, before: float) -> float:
    return _to_float(_decimal(after) - _decimal(before), _ONE_DECIMAL)


def compare(current: Report, previous: Report) -> Comparison:
    """Readiness change from ``previous`` to ``current``.

    ``delta = after - before`` on the published (one-decimal) readiness
    values, rounded half up to one decimal, so the delta shown always equals
    the difference of the two numbers shown. One ``AreaChange`` per area of
    ``current``; ``before`` and ``delta`` are None for an area that
    ``previous`` does not have.
    """
    before_by_area = {area.code: area.readiness for area in previous.areas}
    changes = []
    for area in current.areas:
        before = before_by_area.get(area.code)
        changes.append(
            AreaChange(
                code=area.code,
                before=before,
                after=area.readiness,
                delta=None if before is None else _delta(area.readiness, before),
            )
        )
    return Comparison(
        overall_before=previous.overall.readiness,
        overall_after=current.overall.readiness,
        overall_delta=_delta(current.overall.readiness, previous.overall.readiness),
        areas=tuple(changes),
    )


# --- calibration over time ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class AreaCalibration:
    """How an engineer's self-ratings in one area compare with their manager's."""

    code: str
    mean: float  # mean of (self - manager), 1 decimal; > 0: rated themselves higher
    compared: int  # competencies with both ratings, over every report
    assessments: int  # reports with at least one of them


def calibration(reports: Iterable[Report]) -> tuple[AreaCalibration, ...]:
    """Per area, the mean of ``self - manager`` over every competency of the
    area that has both ratings, in every one of ``reports`` (the engineer's
    reviewed assessments), rounded half up to one decimal (halves away from
    zero: -0.25 → -0.3). Information, never a score: a positive mean says the
    engineer rated themselves higher than their manager did, a negative one
    lower.

    Areas in first-seen order (the reports' order, then each report's area
    order); an area without any competency rated by both is left out.
    """
    differences: dict[str, list[int]] = {}
    seen_in: dict[str, set[int]] = {}
    for index, report in enumerate(reports):
        for item in report.competencies:
            if item.self_rating is None or item.manager_rating is None:
                continue
            differences.setdefault(item.area, []).append(item.self_rating - item.manager_rating)
            seen_in.setdefault(item.area, set()).add(index)
    return tuple(
        AreaCalibration(
            code=code,
            mean=_quotient(sum(values), len(values), _ONE_DECIMAL),
            compared=len(values),
            assessments=len(seen_in[code]),
        )
        for code, values in differences.items()
    )


# --- team -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberInput:
    """A team member's latest submitted or reviewed assessment, already scored."""

    key: str  # username, or any unique id
    report: Report


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One row of the team heatmap."""

    key: str
    readiness: float  # the member's overall readiness
    areas: tuple[tuple[str, float], ...]  # (area code, readiness), team area order


@dataclass(frozen=True, slots=True)
class TeamCompetency:
    """One competency across the members whose profile has it."""

    code: str
    area: str
    mean_rating: float  # mean r over members who have it, 2 decimals
    mean_gap: float  # mean gap over the same members, 2 decimals
    coverage: int  # members with r >= t among those whose target > 0
    needed_by: int  # members whose target > 0
    in_need: int  # members with gap > 0
    single_point_of_failure: bool  # needed_by > 0 and coverage <= 1


@dataclass(frozen=True, slots=True)
class TeamReport:
    """Everything the team dashboard shows."""

    members: tuple[MemberRow, ...]  # input order
    area_codes: tuple[str, ...]  # union of the members' areas, first-seen order
    area_means: tuple[tuple[str, float], ...]  # (code, mean readiness), 1 decimal
    competencies: tuple[TeamCompetency, ...]  # first-seen framework order
    training_priorities: tuple[str, ...]
    single_points_of_failure: tuple[str, ...]  # coverage 0 first, then 1; each framework order
    readiness: float | None  # mean overall readiness, 1 decimal; None if no members


def _team_competency(items: Sequence[CompetencyScore]) -> TeamCompetency:
    needed = [item for item in items if item.target > 0]
    coverage = sum(item.rating >= item.target for item in needed)
    return TeamCompetency(
        code=items[0].code,
        area=items[0].area,
        mean_rating=_quotient(sum(item.rating for item in items), len(items), _TWO_DECIMALS),
        mean_gap=_quotient(sum(item.gap for item in items), len(items), _TWO_DECIMALS),
        coverage=coverage,
        needed_by=len(needed),
        in_need=sum(item.gap > 0 for item in items),
        single_point_of_failure=bool(needed) and coverage <= 1,
    )


def team(members: Sequence[MemberInput]) -> TeamReport:
    """Summarise a team from its members' reports, each against its own profile.

    - per member: overall readiness and each area's readiness;
    - per area: mean of the readiness of the members who have the area;
    - per competency, over the members who have it: mean ``r``, mean gap,
      ``coverage`` = members with ``r >= t`` among those with ``t > 0``;
      a single point of failure where some member needs it (``t > 0``) and
      ``coverage <= 1``: those nobody covers (coverage 0) first, then those
      one member covers, each in first-seen framework order;
    - training priorities: competencies with a mean gap above 0, ordered by
      mean gap (exact, before rounding) descending, then members in need
      descending, then first-seen framework order;
    - team readiness: mean of the members' overall readiness, None without
      members.

    Means are rounded half up: readiness to one decimal, ratings and gaps to
    two. Raises ``ValueError`` on a duplicate member key.
    """
    keys: set[str] = set()
    area_values: dict[str, list[float]] = {}
    competency_items: dict[str, list[CompetencyScore]] = {}
    for member in members:
        if member.key in keys:
            raise ValueError(f"duplicate member key {member.key!r}")
        keys.add(member.key)
        for area in member.report.areas:
            area_values.setdefault(area.code, []).append(area.readiness)
        for item in member.report.competencies:
            competency_items.setdefault(item.code, []).append(item)

    area_order = {code: index for index, code in enumerate(area_values)}
    rows = tuple(
        MemberRow(
            key=member.key,
            readiness=member.report.overall.readiness,
            areas=tuple(
                sorted(
                    ((area.code, area.readiness) for area in member.report.areas),
                    key=lambda pair: area_order[pair[0]],
                )
            ),
        )
        for member in members
    )

    summaries = tuple(_team_competency(items) for items in competency_items.values())
    # Rank on the exact mean gap: two means that round alike are still ordered
    # by their true values. in_need > 0 is exactly "mean gap > 0".
    exact_gap = {
        code: Fraction(sum(item.gap for item in items), len(items))
        for code, items in competency_items.items()
    }
    ranked = sorted(
        (summary for summary in summaries if summary.in_need > 0),
        key=lambda summary: (-exact_gap[summary.code], -summary.in_need),
    )

    return TeamReport(
        members=rows,
        area_codes=tuple(area_values),
        area_means=tuple(
            (code, _mean(values, _ONE_DECIMAL)) for code, values in area_values.items()
        ),
        competencies=summaries,
        training_priorities=tuple(summary.code for summary in ranked),
        single_points_of_failure=tuple(
            summary.code
            for summary in sorted(
                (summary for summary in summaries if summary.single_point_of_failure),
                key=lambda summary: summary.coverage,  # a stable sort keeps framework order
            )
        ),
        readiness=team_readiness([member.report for member in members]),
    )


def team_readiness(reports: Sequence[Report]) -> float | None:
    """Team readiness: the mean of the members' overall readiness, rounded
    half up to one decimal; None without members. ``team`` uses it, and the
    team pages use it alone for the readiness of another set of members (the
    reviewed ones only, or all)."""
    if not reports:
        return None
    return _mean([report.overall.readiness for report in reports], _ONE_DECIMAL)
