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

from . import charts, scoring
from .selectors import AssessmentData, Item

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

    @property
    def severity(self) -> str:
        return self.score.worst_severity


def _previous_pair(previous):
    """``previous`` is what ``selectors.previous_report`` returns: a pair
    ``(Assessment, Report)``, ``(None, None)``, or None."""
    if not previous:
        return None, None
    previous_assessment, previous_report = previous
    if previous_assessment is None or previous_report is None:
        return None, None
    return previous_assessment, previous_report


def radar_labels(data: AssessmentData) -> dict[str, str]:
    """Area code → area name in the active language."""
    return {area.code: str(area.name) for area in data.areas}


def report_radar(data: AssessmentData, *, id_prefix: str = "radar"):
    """The report's radar chart (``charts.Radar``, drawn by ``charts/radar.svg``),
    titled and described in the active language."""
    return charts.radar(
        data.report.areas,
        title=_("Readiness by area: current level against target level"),
        labels=radar_labels(data),
        id_prefix=id_prefix,
    )


@dataclass
class _Rows:
    areas: list[AreaRow]
    by_code: dict[str, CompetencyRow]


def _rows(data: AssessmentData, comparison: scoring.Comparison | None) -> _Rows:
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
            )
        )
    return _Rows(areas=areas, by_code=by_code)


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
    - ``previous_assessment``, ``comparison`` (``scoring.Comparison`` or None);
    - ``radar``: the radar chart (``charts/radar.svg`` draws it); ``plan_size``.
    """
    report = data.report
    previous_assessment, previous_report = _previous_pair(previous)
    comparison = scoring.compare(report, previous_report) if previous_report else None
    rows = _rows(data, comparison)
    priorities = [rows.by_code[code] for code in report.priorities]
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
        "comparison": comparison,
        "radar": report_radar(data, id_prefix=radar_id),
        "severity_labels": SEVERITY_LABELS,
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
    previous_assessment, previous_report = _previous_pair(previous)
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
    label: str  # its date, formatted for the active language
    change: scoring.Comparison | None  # since the one before it


@dataclass(frozen=True)
class HistoryAreaRow:
    area: object  # CompetencyArea
    cells: list[scoring.AreaScore | None]  # one per column; None where absent
    change: scoring.AreaChange | None  # latest against the one before


def history_context(entries: Sequence) -> dict:
    """The history page's context from ``selectors.history_for(...)`` (oldest first).

    Keys: ``columns`` (``HistoryColumn`` oldest first), ``area_rows``
    (``HistoryAreaRow`` for every area any of them has, framework order),
    ``latest`` (the newest column or None), ``chart`` (``charts/history.svg`` draws it).
    """
    columns: list[HistoryColumn] = []
    previous: scoring.Report | None = None
    for entry in entries:
        when = entry.assessment.submitted_at
        label = date_format(timezone.localtime(when), "SHORT_DATE_FORMAT") if when else "—"
        columns.append(
            HistoryColumn(
                assessment=entry.assessment,
                report=entry.report,
                label=label,
                change=scoring.compare(entry.report, previous) if previous else None,
            )
        )
        previous = entry.report

    areas: dict[str, object] = {}
    for entry in entries:
        for area in entry.areas:
            areas.setdefault(area.code, area)
    ordered = sorted(areas.values(), key=lambda a: (a.order, a.code))

    latest = columns[-1] if columns else None
    latest_changes = {c.code: c for c in latest.change.areas} if latest and latest.change else {}
    area_rows = []
    for area in ordered:
        cells = []
        for column in columns:
            try:
                cells.append(column.report.area(area.code))
            except KeyError:
                cells.append(None)
        area_rows.append(
            HistoryAreaRow(area=area, cells=cells, change=latest_changes.get(area.code))
        )

    chart = charts.history(
        [charts.HistoryPoint(label=c.label, readiness=c.report.overall.readiness) for c in columns],
        title=_("Overall readiness over time"),
        id_prefix="history",
    )
    return {"columns": columns, "area_rows": area_rows, "latest": latest, "chart": chart}
