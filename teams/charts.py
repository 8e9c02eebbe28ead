"""The trend chart (team and organisation), drawn on the server as SVG by
``templates/charts/trend.svg`` from the geometry computed here, so the page
and the PDF show the same chart (as ``assessments.charts`` does for the
report's charts): coordinates written as SVG numbers, every text translated
here and escaped by the template, no markup built in Python."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .rollup import QuarterPoint

WIDTH, HEIGHT = 560, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 50, 20, 18, 40
_ids = count(1)


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number(value: float) -> str:
    return number_format(value, 1, use_l10n=True)


@dataclass(frozen=True, slots=True)
class Gridline:
    y: str
    text_y: str
    text: str


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
class AxisLabel:
    x: str
    y: str
    text: str


@dataclass(frozen=True, slots=True)
class TrendChart:
    id_prefix: str
    title: str
    desc: str
    gridlines: tuple[Gridline, ...]
    grid_x1: str
    grid_x2: str
    grid_text_x: str
    labels: tuple[AxisLabel, ...]
    series: tuple[Series, ...]
    message: AxisLabel | None = None
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
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    bottom = _TOP + plot_h

    def y_of(value: float) -> float:
        return bottom - max(0.0, min(100.0, value)) / 100 * plot_h

    def x_of(index: int) -> float:
        if len(points) == 1:
            return _LEFT + plot_w / 2
        return _LEFT + 16 + index * (plot_w - 32) / (len(points) - 1)

    common = {
        "id_prefix": f"trend{next(_ids)}",
        "title": title,
        "desc": trend_desc(points, with_coverage=with_coverage),
        "gridlines": tuple(
            Gridline(_fmt(y_of(v)), _fmt(y_of(v) + 4), number_format(v, 0))
            for v in (0, 25, 50, 75, 100)
        ),
        "grid_x1": str(_LEFT),
        "grid_x2": str(_LEFT + plot_w),
        "grid_text_x": str(_LEFT - 6),
    }
    if not points:
        return TrendChart(
            **common,
            labels=(),
            series=(),
            message=AxisLabel(
                _fmt(_LEFT + plot_w / 2), _fmt(_TOP + plot_h / 2), _("No submitted assessment yet.")
            ),
        )
    step = max(1, -(-len(points) // 8))  # at most about eight quarter labels
    labels = tuple(
        AxisLabel(_fmt(x_of(i)), _fmt(bottom + 18), p.label)
        for i, p in enumerate(points)
        if i % step == 0 or i == len(points) - 1
    )

    def series(name, css, values, legend_index):
        coords = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        marks = tuple(
            Mark(_fmt(x_of(i)), _fmt(y_of(v)), _number(v))
            for i, v in enumerate(values)
            if v is not None
        )
        return Series(
            name=name,
            css_class=css,
            points=" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords) if len(coords) > 1 else "",
            marks=marks,
            legend_x=str(_LEFT + legend_index * 160),
            legend_y=str(HEIGHT - 4),
        )

    lines = [series(_("Readiness"), "readiness", [p.readiness for p in points], 0)]
    if with_coverage:
        lines.append(series(_("Coverage"), "coverage", [p.coverage for p in points], 1))
    return TrendChart(**common, labels=labels, series=tuple(lines))
