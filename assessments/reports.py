"""Turn a loaded assessment and its scoring report into what people and tools read.

The gap report page, its JSON (docs/scoring.md, the worked example) and the PDF all start from
``selectors.assessment_data(...)`` (and ``selectors.previous_report(...)`` for
the change since the previous assessment) and go through the builders here,
so they show the same numbers: every number comes from ``scoring``; nothing
here computes a score.

- :func:`report_context` — the template context of the report (page and PDF);
- :func:`report_json_dict` — the JSON document (its fields: docs/scoring.md);
- :func:`history_context` — the template context of the history page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, loading, scoring, selectors
from .selectors import AssessmentData, Item, PreviousReport

__all__ = [
    "SEVERITY_GLYPHS",
    "SEVERITY_LABELS",
    "AreaRow",
    "SeverityBadge",
    "CompetencyRow",
    "history_context",
    "report_context",
    "report_json_dict",
]

# Severity is never told by colour alone: every badge has a word and a glyph.
SEVERITY_LABELS = {
    scoring.SEVERITY_MET: gettext_lazy("Met"),
    scoring.SEVERITY_MINOR: gettext_lazy("Minor"),
    scoring.SEVERITY_SIGNIFICANT: gettext_lazy("Significant"),
    scoring.SEVERITY_CRITICAL: gettext_lazy("Critical"),
}
SEVERITY_GLYPHS = {
    scoring.SEVERITY_MET: "✓",
    scoring.SEVERITY_MINOR: "!",
    scoring.SEVERITY_SIGNIFICANT: "!!",
    scoring.SEVERITY_CRITICAL: "!!!",
}


class SeverityBadge:
    """The word and the glyph of a row's ``severity`` (a property of the row)."""

    severity: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def severity_glyph(self) -> str:
        return SEVERITY_GLYPHS[self.severity]


@dataclass(frozen=True)
class CompetencyRow(SeverityBadge):
    """One competency as the report shows it: the model objects (names,
    evidence, manager comment) next to its score."""

    item: Item
    score: scoring.CompetencyScore
    rank: int | None = None  # 1-based position among the priority gaps
    in_plan: bool = False  # among the first scoring.PLAN_SIZE priority gaps

    @property
    def competency(self):
        return self.item.competency

    @property
    def area(self):
        return self.item.competency.area

    @property
    def rating(self):
        """The ``Rating`` row (evidence, manager comment, reviewer), or None."""
        return self.item.rating

    @property
    def severity(self) -> str:
        return self.score.severity

    @property
    def calibration(self) -> int | None:
        """Manager rating minus self rating, where both exist."""
        if self.score.self_rating is None or self.score.manager_rating is None:
            return None
        return self.score.manager_rating - self.score.self_rating


@dataclass(frozen=True)
class AreaRow(SeverityBadge):
    """One area: its model (name, kind), its score, its change since the
    previous assessment (None without one) and its competencies."""

    area: object  # roles.models.CompetencyArea
    score: scoring.AreaScore
    change: scoring.AreaChange | None
    competencies: list[CompetencyRow] = field(default_factory=list)
    self_only: scoring.AreaScore | None = None  # from the self-ratings alone (reviewed)

    @property
    def severity(self) -> str:
        return self.score.worst_severity


def _previous(previous) -> PreviousReport:
    """``previous`` as a ``selectors.PreviousReport``: what
    ``selectors.previous_report`` returns, a pair ``(Assessment, Report)``,
    ``(None, None)``, or None."""
    if isinstance(previous, PreviousReport):
        return previous
    if not previous:
        return PreviousReport()
    assessment, report = previous
    if assessment is None or report is None:
        return PreviousReport()
    return PreviousReport(assessment, report)


def when_label(assessment, *, beside=None) -> str:
    """When ``assessment`` was submitted, in the active language: its date,
    with the time when ``beside`` (the assessment it is named next to) was
    submitted the same day, so that two of one day stay apart."""
    when = assessment.submitted_at
    if when is None:
        return "—"
    local = timezone.localtime(when)
    label = date_format(local, "DATE_FORMAT")
    other = getattr(beside, "submitted_at", None) or (timezone.now() if beside else None)
    if other is not None and timezone.localtime(other).date() == local.date():
        label = f"{label}, {date_format(local, 'TIME_FORMAT')}"
    return label


def radar_labels(data: AssessmentData) -> dict[str, str]:
    """Area code → area name in the active language."""
    return {area.code: str(area.name) for area in data.areas}


def report_radar(
    data: AssessmentData,
    *,
    previous: scoring.Report | None = None,
    previous_label: str = "",
    self_only: scoring.Report | None = None,
    id_prefix: str = "radar",
):
    """The report's radar chart (``charts.Radar``, drawn by ``charts/radar.svg``):
    readiness per area against the target, with the previous assessment of the
    same role profile and the self-ratings alone when given; titled and
    described in the active language."""
    return charts.radar(
        data.report.areas,
        title=_("Readiness by area, 0 to 100 %, against the target"),
        labels=radar_labels(data),
        previous={a.code: a.readiness for a in previous.areas} if previous else None,
        previous_label=previous_label,
        self_only={a.code: a.readiness for a in self_only.areas} if self_only else None,
        id_prefix=id_prefix,
    )


@dataclass
class _Rows:
    areas: list[AreaRow]
    by_code: dict[str, CompetencyRow]


def _rows(
    data: AssessmentData,
    comparison: scoring.Comparison | None,
    self_only: scoring.Report | None = None,
) -> _Rows:
    report = data.report
    ranks = {code: index for index, code in enumerate(report.priorities, start=1)}
    plan = set(report.plan)
    changes = {change.code: change for change in comparison.areas} if comparison else {}
    by_code: dict[str, CompetencyRow] = {}
    for item in data.items:
        code = item.competency.code
        by_code[code] = CompetencyRow(
            item=item,
            score=report.competency(code),
            rank=ranks.get(code),
            in_plan=code in plan,
        )
    areas = []
    for area in data.areas:
        areas.append(
            AreaRow(
                area=area,
                score=report.area(area.code),
                change=changes.get(area.code),
                competencies=[
                    by_code[item.competency.code] for item in data.items_by_area[area.pk]
                ],
                self_only=self_only.area(area.code) if self_only else None,
            )
        )
    return _Rows(areas=areas, by_code=by_code)


@dataclass
class PrimaryRoleRow:
    """A primary role of the seed on the report: its readiness over the
    competencies its duties are linked to, and its duties."""

    role: object
    score: scoring.GroupScore
    duties: list


def primary_role_rows(report: scoring.Report) -> list[PrimaryRoleRow]:
    """The primary roles the report's competencies serve, in framework order."""
    roles = loading.primary_roles()
    scores = {s.code: s for s in scoring.group_scores(report, [group for _role, group in roles])}
    return [
        PrimaryRoleRow(role=role, score=scores[role.code], duties=role.duty_list)
        for role, _group in roles
        if role.code in scores
    ]


def report_context(data: AssessmentData, *, previous=None, radar_id: str = "radar") -> dict:
    """Everything the report templates (page and PDF) show.

    ``data`` comes from ``selectors.assessment_data``; ``previous`` is the pair
    returned by ``selectors.previous_report`` (or None). Keys:

    - ``assessment``, ``engineer``, ``report`` (the ``scoring.Report``),
      ``overall`` (``scoring.Overall``), ``provisional`` (a draft);
    - ``areas``: ``AreaRow`` per area, framework order, each with its
      ``CompetencyRow``\\ s;
    - ``priorities``: ``CompetencyRow`` in priority-gap order (``in_plan`` on the
      first five), ``plan``: the first five;
    - ``strengths``, ``blind_spots``: ``CompetencyRow`` in framework order;
    - ``has_manager_ratings``: any manager rating exists;
    - ``previous_assessment`` (the latest earlier assessment of the same role
      profile), ``previous_label`` (when it was submitted), ``comparison``
      (``scoring.Comparison`` or None); ``previous_other``: the latest earlier
      assessment when it was against another role profile (named, never
      compared);
    - ``self_only``: the report from the self-ratings alone, on a reviewed
      assessment (else None; each ``AreaRow.self_only`` has its area);
    - ``radar``: the radar chart (``charts/radar.svg`` draws it); ``plan_size``;
    - ``primary_roles``: ``PrimaryRoleRow`` per primary role of the seed
      (readiness over the competencies its duties are linked to).

    Every overlay and comparison is seen as ``data`` was loaded for
    (``data.viewer``): a manager rating blind sees no self-rating through them.
    """
    report = data.report
    previous = selectors.previous_for_viewer(_previous(previous), data.viewer)
    previous_assessment, previous_report = previous.assessment, previous.report
    comparison = scoring.compare(report, previous_report) if previous_report else None
    self_only = selectors.self_only_report(data)
    rows = _rows(data, comparison, self_only)
    priorities = [rows.by_code[code] for code in report.priorities]
    previous_label = (
        when_label(previous_assessment, beside=data.assessment) if previous_assessment else ""
    )
    return {
        "assessment": data.assessment,
        "engineer": data.assessment.engineer,
        "data": data,
        "report": report,
        "overall": report.overall,
        "provisional": data.assessment.is_draft,
        "areas": rows.areas,
        "priorities": priorities,
        "plan": [row for row in priorities if row.in_plan],
        "plan_size": scoring.PLAN_SIZE,
        "strengths": [rows.by_code[code] for code in report.strengths],
        "blind_spots": [rows.by_code[code] for code in report.blind_spots],
        "has_manager_ratings": any(c.manager_rating is not None for c in report.competencies),
        "previous_assessment": previous_assessment,
        "previous_label": previous_label,
        "previous_other": previous.other,
        "previous_other_label": (
            when_label(previous.other, beside=data.assessment) if previous.other else ""
        ),
        "comparison": comparison,
        "self_only": self_only,
        "radar": report_radar(
            data,
            previous=previous_report,
            previous_label=previous_label,
            self_only=self_only,
            id_prefix=radar_id,
        ),
        "severity_labels": SEVERITY_LABELS,
        "primary_roles": primary_role_rows(report),
    }


# --- JSON -------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def report_json_dict(data: AssessmentData, previous=None) -> dict:
    """The report as the JSON document whose fields docs/scoring.md lists.

    Areas and competencies in framework order; ``name`` fields in the active
    language; ``submitted_at`` ISO-8601 or None. ``previous`` (the pair from
    ``selectors.previous_report``) is optional: when given, a ``change`` key
    is added with the readiness change since that assessment. The
    ``report.json`` endpoint serves the §7 document exactly, without it.
    """
    assessment = data.assessment
    report = data.report
    document = {
        "assessment": {
            "id": assessment.pk,
            "engineer": assessment.engineer.username,
            "role_profile": assessment.role_profile.code,
            "status": assessment.status,
            "submitted_at": _iso(assessment.submitted_at),
        },
        "scale": {"min": scoring.SCALE_MIN, "max": scoring.SCALE_MAX},
        "overall": {
            "readiness": report.overall.readiness,
            "rated": report.overall.rated,
            "total": report.overall.total,
        },
        "areas": [
            {
                "code": area.code,
                "kind": area.kind,
                "name": str(area.name),
                "readiness": report.area(area.code).readiness,
                "priority": report.area(area.code).priority,
            }
            for area in data.areas
        ],
        "competencies": [
            {
                "code": score.code,
                "area": score.area,
                "name": str(item.competency.name),
                "target": score.target,
                "weight": score.weight,
                "self": score.self_rating,
                "manager": score.manager_rating,
                "rating": score.rating,
                "gap": score.gap,
                "priority": score.priority,
                "severity": score.severity,
                "blind_spot": score.blind_spot,
            }
            for item, score in zip(data.items, report.competencies, strict=True)
        ],
        "priorities": list(report.priorities),
    }
    previous = selectors.previous_for_viewer(_previous(previous), data.viewer)
    previous_assessment, previous_report = previous.assessment, previous.report
    if previous_report is not None:
        comparison = scoring.compare(report, previous_report)
        document["change"] = {
            "previous": {
                "id": previous_assessment.pk,
                "submitted_at": _iso(previous_assessment.submitted_at),
            },
            "overall": {
                "before": comparison.overall_before,
                "after": comparison.overall_after,
                "delta": comparison.overall_delta,
            },
            "areas": [
                {"code": c.code, "before": c.before, "after": c.after, "delta": c.delta}
                for c in comparison.areas
            ],
        }
    return document


# --- history -----------------------------------------------------------------


@dataclass(frozen=True)
class HistoryColumn:
    """One submitted assessment in the history table."""

    assessment: object  # Assessment
    report: scoring.Report
    label: str  # its date, short, for the active language; "(2)" for a day's second
    title: str  # the same, the date written out
    change: scoring.Comparison | None  # since the one before it of the same role profile


@dataclass(frozen=True)
class HistoryAreaRow:
    area: object  # CompetencyArea
    cells: list[scoring.AreaScore | None]  # one per column; None where absent
    change: scoring.AreaChange | None  # latest against the one before


@dataclass(frozen=True)
class OtherProfile:
    """A role profile of earlier assessments, not the current one: listed, not drawn."""

    profile: object  # RoleProfile
    columns: list[HistoryColumn]  # oldest first

    @property
    def latest(self) -> HistoryColumn:
        return self.columns[-1]


def _labels(entries: Sequence) -> list[tuple[str, str]]:
    """Each entry's (short, long) date label; the second and later of one day
    get "(2)", "(3)", … so that no two labels are the same."""
    seen: dict[object, int] = {}
    labels = []
    for entry in entries:
        when = entry.assessment.submitted_at
        if when is None:
            labels.append(("—", "—"))
            continue
        local = timezone.localtime(when)
        seen[local.date()] = seen.get(local.date(), 0) + 1
        short, long = date_format(local, "SHORT_DATE_FORMAT"), date_format(local, "DATE_FORMAT")
        if seen[local.date()] > 1:
            suffix = f" ({seen[local.date()]})"
            short, long = short + suffix, long + suffix
        labels.append((short, long))
    return labels


def history_context(entries: Sequence) -> dict:
    """The history page's context from ``selectors.history_for(...)`` (oldest first).

    Readiness is only compared within one role profile: each change is against
    the one before of the same profile, and the chart and the area table show
    the **current** profile (the latest assessment's) alone. A line per profile
    on one chart would put readiness against different targets side by side as
    if it were one scale; the other profiles' assessments are listed instead,
    each with its own changes, in the table of all assessments.

    Keys: ``columns`` (every ``HistoryColumn``, oldest first), ``profile``
    (the current role profile or None), ``profile_columns`` (its columns),
    ``area_rows`` (``HistoryAreaRow`` for every area its assessments have,
    framework order), ``latest`` (the newest column or None), ``other_profiles``
    (``OtherProfile``, the most recent first) and ``chart``
    (``charts/history.svg`` draws it).
    """
    columns: list[HistoryColumn] = []
    previous: dict[int, scoring.Report] = {}  # role profile id → its latest report so far
    for entry, (short, long) in zip(entries, _labels(entries), strict=True):
        profile_id = entry.assessment.role_profile_id
        before = previous.get(profile_id)
        columns.append(
            HistoryColumn(
                assessment=entry.assessment,
                report=entry.report,
                label=short,
                title=long,
                change=scoring.compare(entry.report, before) if before else None,
            )
        )
        previous[profile_id] = entry.report

    latest = columns[-1] if columns else None
    profile = latest.assessment.role_profile if latest else None
    own = [
        (entry, column)
        for entry, column in zip(entries, columns, strict=True)
        if latest and entry.assessment.role_profile_id == profile.pk
    ]
    profile_columns = [column for _entry, column in own]

    others: dict[int, OtherProfile] = {}
    for column in columns:
        if profile is not None and column.assessment.role_profile_id != profile.pk:
            other = others.setdefault(
                column.assessment.role_profile_id,
                OtherProfile(profile=column.assessment.role_profile, columns=[]),
            )
            other.columns.append(column)
    other_profiles = sorted(
        others.values(),
        key=lambda o: (o.latest.assessment.submitted_at, o.latest.assessment.pk),
        reverse=True,
    )

    areas: dict[str, object] = {}
    for entry, _column in own:
        for area in entry.areas:
            areas.setdefault(area.code, area)
    ordered = sorted(areas.values(), key=lambda a: (a.order, a.code))

    latest_changes = {c.code: c for c in latest.change.areas} if latest and latest.change else {}
    area_rows = []
    for area in ordered:
        cells = []
        for column in profile_columns:
            try:
                cells.append(column.report.area(area.code))
            except KeyError:
                cells.append(None)
        area_rows.append(
            HistoryAreaRow(area=area, cells=cells, change=latest_changes.get(area.code))
        )

    points = [
        charts.HistoryPoint(label=c.label, readiness=c.report.overall.readiness)
        for c in profile_columns
    ]
    chart = charts.history(
        points,
        title=(
            _("Overall readiness over time against %(profile)s") % {"profile": profile.name}
            if profile
            else _("Overall readiness over time")
        ),
        desc=charts.history_desc(points, profile=str(profile.name)) if profile else None,
        id_prefix="history",
    )
    return {
        "columns": columns,
        "profile": profile,
        "profile_columns": profile_columns,
        "area_rows": area_rows,
        "latest": latest,
        "other_profiles": other_profiles,
        "chart": chart,
    }
