"""Charts drawn on the server as SVG, so the page and the PDF show the same chart.

This module computes each chart's geometry and text (no database, no markup,
no escaping): coordinates and point lists already written as SVG numbers,
label positions, ticks, the accessible title and description. The templates
``charts/radar.svg`` and ``charts/history.svg`` draw them, autoescaped, and
are included by the report page, the report PDF and the history page::

    {% include "charts/radar.svg" with chart=radar %}

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and
``<desc>``; the ``<desc>`` is a full text alternative (every number the chart
shows). Styling uses SVG presentation attributes only, never ``style=""``
(the Content-Security-Policy forbids inline styles), so a chart renders alike
in browsers and in WeasyPrint.

The SVG carries its natural size in ``width``/``height`` and a ``viewBox``; a
page scales it with CSS (``max-width: 100%; height: auto``), a print
stylesheet with a fixed width.

Public API (stable; the PDF embeds these):

- :func:`radar` — current against target per area, on the 0–4 scale;
- :func:`history` — overall readiness (0–100 %) over time;
- :func:`render` — a chart drawn by its template, as a string.

Every text a chart shows is translated here (``gettext``), not in its
template: ``makemessages`` does not read ``.svg`` files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import count

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import scoring

__all__ = ["History", "HistoryPoint", "Radar", "history", "radar", "render"]

_ids = count(1)


def _fmt(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number(value: float, decimals: int) -> str:
    """A number for people, in the active language (``2.5`` / ``2,5``)."""
    return number_format(value, decimals, use_l10n=True)


def _wrap(label: str, width: int) -> list[str]:
    """Split ``label`` into lines of about ``width`` characters (at most three)."""
    words = label.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])]
    return lines or [""]


def _points(points: Sequence[tuple[float, float]]) -> str:
    """A ``points`` attribute: ``x,y x,y …``."""
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


@dataclass(frozen=True, slots=True)
class Point:
    """A position, its coordinates written as SVG numbers."""

    x: str
    y: str


@dataclass(frozen=True, slots=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str


@dataclass(frozen=True, slots=True)
class Label:
    """A text at a position (plain text: the template escapes it)."""

    x: str
    y: str
    text: str


def render(chart: Radar | History) -> str:
    """``chart`` drawn by its template: the SVG a page includes, as a string."""
    return render_to_string(chart.template_name, {"chart": chart})


# --- radar ------------------------------------------------------------------

RADAR_WIDTH = 540
RADAR_HEIGHT = 440
_RADAR_RADIUS = 140
_LABEL_GAP = 14
_LABEL_LINE = 16  # line height of axis labels (their font size is in the template)
_LABEL_WRAP = 13  # characters per label line


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """An area's name beside its axis: one line per ``<tspan>``."""

    code: str
    anchor: str  # text-anchor: start, middle or end
    lines: tuple[Label, ...]


@dataclass(frozen=True, slots=True)
class Radar:
    """What ``charts/radar.svg`` draws. ``message`` is set instead of the
    drawing when there are fewer than three areas."""

    id_prefix: str
    title: str
    desc: str
    css_class: str
    message: Label | None = None
    rings: tuple[str, ...] = ()  # ``points`` of each level's ring, 1 to 4
    spokes: tuple[Line, ...] = ()
    ticks: tuple[Label, ...] = ()  # the scale's numbers up the first axis
    current: str = ""  # ``points`` of the current level's polygon
    target: str = ""  # ``points`` of the target level's polygon
    markers: tuple[Point, ...] = ()  # the current level on each axis
    labels: tuple[AxisLabel, ...] = ()
    width: int = RADAR_WIDTH
    height: int = RADAR_HEIGHT
    template_name: str = "charts/radar.svg"


def _radar_point(cx: float, cy: float, radius: float, index: int, n: int) -> tuple[float, float]:
    # Axis 0 points straight up; the others follow clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / n
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_desc(areas: Sequence[scoring.AreaScore], labels: Mapping[str, str]) -> str:
    """The radar's text alternative: each area's current and target level."""
    parts = [
        _("%(area)s: current %(current)s, target %(target)s")
        % {
            "area": labels.get(area.code, area.code),
            "current": _number(area.mean_rating, 2),
            "target": _number(area.mean_target, 2),
        }
        for area in areas
    ]
    intro = _(
        "Radar chart of %(count)s areas on the proficiency scale 0 to 4 "
        "(weighted mean of the competencies in each area)."
    ) % {"count": len(areas)}
    return " ".join([intro, "; ".join(parts) + "."]) if parts else intro


def radar(
    areas: Sequence[scoring.AreaScore],
    *,
    title: str,
    labels: Mapping[str, str],
    desc: str | None = None,
    id_prefix: str | None = None,
    css_class: str = "sg-chart sg-radar",
) -> Radar:
    """A radar (spider) chart of ``areas``: current against target, scale 0–4.

    - ``areas``: :class:`scoring.AreaScore` in the order of the axes (the
      report's ``areas``, i.e. framework order). Current is
      ``AreaScore.mean_rating``, target ``AreaScore.mean_target``; both are
      drawn as they are, clamped to 0–4.
    - ``title``: the chart's accessible name (``<title>``), already translated.
    - ``labels``: area code → axis label (the area's name in the active
      language); a missing code shows the code itself.
    - ``desc``: the text alternative; by default :func:`radar_desc` (every
      area's current and target, in the active language).
    - ``id_prefix``: prefix of the ``<title>``/``<desc>`` ids
      (``<prefix>-title``, ``<prefix>-desc``), unique within the page;
      generated when not given.
    - ``css_class``: the ``class`` of the ``<svg>`` element.

    The template draws the target as a dashed dark outline, the current level
    as a solid blue polygon with a light fill and round markers, so the two
    differ in greyscale too; 540 × 440 user units.
    """
    id_prefix = id_prefix or f"radar{next(_ids)}"
    desc = desc if desc is not None else radar_desc(areas, labels)
    cx, cy, radius = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, _RADAR_RADIUS
    n = len(areas)
    scale = radius / scoring.SCALE_MAX
    chart = {"id_prefix": id_prefix, "title": title, "desc": desc, "css_class": css_class}
    if n < 3:
        # A radar needs three axes; fewer would be a line or a dot.
        message = Label(_fmt(cx), _fmt(cy), _("Not enough areas for a radar chart."))
        return Radar(**chart, message=message)

    def clamp(value: float) -> float:
        return max(scoring.SCALE_MIN, min(scoring.SCALE_MAX, value))

    current = [
        _radar_point(cx, cy, clamp(a.mean_rating) * scale, i, n) for i, a in enumerate(areas)
    ]
    target = [_radar_point(cx, cy, clamp(a.mean_target) * scale, i, n) for i, a in enumerate(areas)]

    # Axis labels, outside the outer ring, anchored away from the centre.
    axis_labels = []
    for i, area in enumerate(areas):
        x, y = _radar_point(cx, cy, radius + _LABEL_GAP, i, n)
        dx = x - cx
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        lines = _wrap(labels.get(area.code, area.code), _LABEL_WRAP)
        dy = y - cy
        # Above the centre the block grows upwards, below it downwards.
        if abs(dy) < radius * 0.25:
            first = y - (len(lines) - 1) * _LABEL_LINE / 2 + 5
        elif dy < 0:
            first = y - (len(lines) - 1) * _LABEL_LINE
        else:
            first = y + 12
        axis_labels.append(
            AxisLabel(
                code=area.code,
                anchor=anchor,
                lines=tuple(
                    Label(_fmt(x), _fmt(first + k * _LABEL_LINE), line)
                    for k, line in enumerate(lines)
                ),
            )
        )

    return Radar(
        **chart,
        # Grid: one ring per level, one spoke per area.
        rings=tuple(
            _points([_radar_point(cx, cy, level * scale, i, n) for i in range(n)])
            for level in range(1, scoring.SCALE_MAX + 1)
        ),
        spokes=tuple(
            Line(_fmt(cx), _fmt(cy), *map(_fmt, _radar_point(cx, cy, radius, i, n)))
            for i in range(n)
        ),
        ticks=tuple(
            Label(_fmt(cx + 4), _fmt(cy - level * scale - 3), str(level))
            for level in range(0, scoring.SCALE_MAX + 1)
        ),
        current=_points(current),
        target=_points(target),
        markers=tuple(Point(_fmt(x), _fmt(y)) for x, y in current),
        labels=tuple(axis_labels),
    )


# --- history ----------------------------------------------------------------

HISTORY_WIDTH = 480
HISTORY_HEIGHT = 210
_PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM = 50, 20, 18, 34


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One point of the history chart: ``label`` on the x axis (a date, already
    formatted), ``readiness`` in percent (0–100)."""

    label: str
    readiness: float


@dataclass(frozen=True, slots=True)
class Gridline:
    """A horizontal gridline at ``y`` and its percentage, written at ``text_y``."""

    y: str
    text_y: str
    text: str  # the number only; the template adds " %"


@dataclass(frozen=True, slots=True)
class Mark:
    """One assessment's marker; ``labelled`` marks get their value above
    (``value_y``) and their ``label`` on the x axis."""

    x: str
    y: str
    labelled: bool
    value_y: str
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class History:
    """What ``charts/history.svg`` draws. ``message`` is set, and no line nor
    marks, when there is no point."""

    id_prefix: str
    title: str
    desc: str
    css_class: str
    grid_x1: str  # the gridlines run from grid_x1 to grid_x2
    grid_x2: str
    grid_text_x: str  # right edge of the gridlines' percentages
    gridlines: tuple[Gridline, ...]
    axis_y: str  # baseline of the x axis labels
    message: Label | None = None
    line: str = ""  # ``points`` of the line; '' for fewer than two points
    marks: tuple[Mark, ...] = ()
    width: int = HISTORY_WIDTH
    height: int = HISTORY_HEIGHT
    template_name: str = "charts/history.svg"


def history_desc(points: Sequence[HistoryPoint]) -> str:
    """The history chart's text alternative: every point's label and readiness."""
    parts = [
        _("%(label)s: %(readiness)s%%")
        % {"label": point.label, "readiness": _number(point.readiness, 1)}
        for point in points
    ]
    intro = _("Line chart of overall readiness, 0 to 100 percent, over %(count)s assessments.") % {
        "count": len(points)
    }
    return " ".join([intro, "; ".join(parts) + "."]) if parts else intro


def history(
    points: Sequence[HistoryPoint],
    *,
    title: str,
    desc: str | None = None,
    id_prefix: str | None = None,
    css_class: str = "sg-chart sg-history",
) -> History:
    """A small line chart of overall readiness over time.

    - ``points``: :class:`HistoryPoint` oldest first, spaced evenly along the
      x axis (one per assessment, not to time scale); readiness is clamped to
      0–100.
    - ``title``: the accessible name, already translated; ``desc`` the text
      alternative (by default :func:`history_desc`); ``id_prefix`` and
      ``css_class`` as for :func:`radar`.

    Gridlines at 0, 25, 50, 75 and 100 %; each point is marked, and about six
    of them (always the latest) labelled with their value; 480 × 210 user
    units.
    """
    id_prefix = id_prefix or f"history{next(_ids)}"
    desc = desc if desc is not None else history_desc(points)
    left, top = _PLOT_LEFT, _PLOT_TOP
    plot_w = HISTORY_WIDTH - _PLOT_LEFT - _PLOT_RIGHT
    plot_h = HISTORY_HEIGHT - _PLOT_TOP - _PLOT_BOTTOM
    bottom = top + plot_h

    def y_of(value: float) -> float:
        return bottom - max(0.0, min(100.0, value)) / 100 * plot_h

    def x_of(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + 12 + index * (plot_w - 24) / (len(points) - 1)

    chart = {
        "id_prefix": id_prefix,
        "title": title,
        "desc": desc,
        "css_class": css_class,
        "grid_x1": str(left),
        "grid_x2": str(left + plot_w),
        "grid_text_x": str(left - 6),
        "gridlines": tuple(
            Gridline(_fmt(y_of(value)), _fmt(y_of(value) + 3), _number(value, 0))
            for value in (0, 25, 50, 75, 100)
        ),
        "axis_y": _fmt(bottom + 18),
    }
    if not points:
        message = Label(
            _fmt(left + plot_w / 2), _fmt(top + plot_h / 2), _("No submitted assessment yet.")
        )
        return History(**chart, message=message)

    coords = [(x_of(i), y_of(p.readiness)) for i, p in enumerate(points)]
    # Too many labels would overlap: label about six points (always the latest);
    # every value is in the text alternative and in the page's table.
    step = max(1, math.ceil(len(points) / 6))
    last = len(points) - 1
    return History(
        **chart,
        line=_points(coords) if len(coords) > 1 else "",
        marks=tuple(
            Mark(
                x=_fmt(x),
                y=_fmt(y),
                labelled=i == last or (i % step == 0 and last - i >= step),
                value_y=_fmt(y - 8 if y > top + 14 else y + 18),
                value=_number(point.readiness, 1),
                label=point.label,
            )
            for i, ((x, y), point) in enumerate(zip(coords, points, strict=True))
        ),
    )
