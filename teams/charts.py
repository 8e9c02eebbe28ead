"""The trend chart (team and organisation), drawn on the server as SVG by
``templates/charts/trend.svg`` from the geometry computed here, so the page
and the PDF show the same chart (as ``assessments.charts`` does for the
report's charts): coordinates written as SVG numbers, every text translated
here and escaped by the template, no markup built in Python."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.translation import gettext as _

from assessments.charts import Gridline, Label, PercentPlot, local_number, svg_number, svg_points

from .rollup import QuarterPoint

WIDTH, HEIGHT = 560, 240
_MARGINS = (50, 20, 18, 40)  # left, right, top, bottom
_ids = count(1)


def _number(value: float) -> str:
    return local_number(value, 1)


@dataclass(frozen=True, slots=True)
class Mark:
    x: str
    y: str
    value: str


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css_class: str
    points: str  # the polyline's ``points``; '' for fewer than two
    marks: tuple[Mark, ...]
    legend_x: str
    legend_y: str


@dataclass(frozen=True, slots=True)
class TrendChart:
    id_prefix: str
    title: str
    desc: str
    gridlines: tuple[Gridline, ...]
    grid_x1: str
    grid_x2: str
    grid_text_x: str
    labels: tuple[Label, ...]
    series: tuple[Series, ...]
    message: Label | None = None
    width: int = WIDTH
    height: int = HEIGHT


def trend_desc(points: list[QuarterPoint], *, with_coverage: bool) -> str:
    parts = []
    for p in points:
        if with_coverage and p.coverage is not None:
            parts.append(
                _("%(quarter)s: readiness %(readiness)s%%, coverage %(coverage)s%%")
                % {
                    "quarter": p.label,
                    "readiness": _number(p.readiness),
                    "coverage": _number(p.coverage),
                }
            )
        else:
            parts.append(
                _("%(quarter)s: readiness %(readiness)s%%")
                % {"quarter": p.label, "readiness": _number(p.readiness)}
            )
    intro = _("Line chart per quarter, 0 to 100 percent.")
    return f"{intro} {'; '.join(parts)}." if parts else intro


def trend_chart(
    points: list[QuarterPoint], *, title: str, with_coverage: bool = True
) -> TrendChart:
    """Readiness (and coverage) per quarter: ``points`` oldest first, only
    those with someone assessed, evenly spaced."""
    plot = PercentPlot.of(WIDTH, HEIGHT, _MARGINS, count=len(points), inset=16)
    common = {
        "id_prefix": f"trend{next(_ids)}",
        "title": title,
        "desc": trend_desc(points, with_coverage=with_coverage),
        **plot.grid(text_dy=4),
    }
    if not points:
        return TrendChart(
            **common, labels=(), series=(), message=plot.message(_("No submitted assessment yet."))
        )
    step = max(1, -(-len(points) // 8))  # at most about eight quarter labels
    labels = tuple(
        Label(svg_number(plot.x_of(i)), svg_number(plot.bottom + 18), p.label)
        for i, p in enumerate(points)
        if i % step == 0 or i == len(points) - 1
    )

    def series(name, css, values, legend_index):
        kept = [(plot.x_of(i), plot.y_of(v), v) for i, v in enumerate(values) if v is not None]
        return Series(
            name=name,
            css_class=css,
            points=svg_points([(x, y) for x, y, _v in kept]) if len(kept) > 1 else "",
            marks=tuple(Mark(svg_number(x), svg_number(y), _number(v)) for x, y, v in kept),
            legend_x=str(plot.left + legend_index * 160),
            legend_y=str(HEIGHT - 4),
        )

    lines = [series(_("Readiness"), "readiness", [p.readiness for p in points], 0)]
    if with_coverage:
        lines.append(series(_("Coverage"), "coverage", [p.coverage for p in points], 1))
    return TrendChart(**common, labels=labels, series=tuple(lines))


def team_trend_chart(points: list[QuarterPoint]) -> TrendChart:
    """A team's readiness and coverage per quarter (its dashboard and PDF)."""
    return trend_chart(points, title=_("Team readiness and coverage per quarter"))


def organisation_trend_chart(points: list[QuarterPoint]) -> TrendChart:
    """The organisation's readiness per quarter (its dashboard and PDF)."""
    return trend_chart(points, title=_("Organisation readiness per quarter"), with_coverage=False)
