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

- :func:`radar` — readiness per area (0–100 %) against the target, with the
  previous assessment and the self-ratings alone as optional overlays;
- :func:`history` — overall readiness (0–100 %) over time;
- :func:`render` — a chart drawn by its template, as a string;
- :class:`PercentPlot`, :class:`Gridline`, :class:`Label`,
  :func:`svg_number`, :func:`svg_points`, :func:`local_number` — the parts a
  line chart of percentages is built from, shared with the teams' trend chart
  (``teams.charts``).

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
from django.utils.translation import ngettext

from . import scoring
from .templatetags.skillgap import percent

__all__ = [
    "Gridline",
    "History",
    "HistoryPoint",
    "Label",
    "PercentPlot",
    "Radar",
    "history",
    "local_number",
    "radar",
    "render",
    "svg_number",
    "svg_points",
]

_ids = count(1)


def svg_number(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def local_number(value: float, decimals: int) -> str:
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


def svg_points(points: Sequence[tuple[float, float]]) -> str:
    """A ``points`` attribute: ``x,y x,y …``."""
    return " ".join(f"{svg_number(x)},{svg_number(y)}" for x, y in points)


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
_RADAR_RADIUS = 120
_RADAR_RINGS = (25, 50, 75, 100)  # readiness rings, in percent; 100 is the target
_LABEL_GAP = 12
# Axis labels: large enough to read on a phone, where the chart is drawn about
# 350 px wide (two thirds of its size).
RADAR_LABEL_SIZE = 18
_LABEL_LINE = 20  # line height of axis labels
_LABEL_WRAP = 12  # characters per label line


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """An area's name beside its axis: one line per ``<tspan>``."""

    code: str
    anchor: str  # text-anchor: start, middle or end
    lines: tuple[Label, ...]


@dataclass(frozen=True, slots=True)
class Radar:
    """What ``charts/radar.svg`` draws: readiness per area, 0–100 %, against
    the target (100 %), with optional overlays. ``message`` is set instead of
    the drawing when there are fewer than three areas."""

    id_prefix: str
    title: str
    desc: str
    css_class: str
    message: Label | None = None
    rings: tuple[str, ...] = ()  # ``points`` of the 25, 50 and 75 % rings
    spokes: tuple[Line, ...] = ()
    ticks: tuple[Label, ...] = ()  # the percentages up the first axis
    current: str = ""  # ``points`` of this assessment's readiness polygon
    target: str = ""  # ``points`` of the 100 % ring: every target level reached
    markers: tuple[Point, ...] = ()  # this assessment's readiness on each axis
    previous: str = ""  # ``points`` of the previous assessment's polygon ('' without)
    previous_markers: tuple[Point, ...] = ()  # where the previous one has the area
    self_only: str = ""  # ``points`` of the self-ratings-only polygon ('' without)
    labels: tuple[AxisLabel, ...] = ()
    label_size: int = RADAR_LABEL_SIZE  # font size of the axis labels
    width: int = RADAR_WIDTH
    height: int = RADAR_HEIGHT
    template_name: str = "charts/radar.svg"


def _radar_point(cx: float, cy: float, radius: float, index: int, n: int) -> tuple[float, float]:
    # Axis 0 points straight up; the others follow clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / n
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _percent(value: float) -> str:
    return percent(value)


def radar_desc(
    areas: Sequence[scoring.AreaScore],
    labels: Mapping[str, str],
    *,
    previous: Mapping[str, float] | None = None,
    previous_label: str = "",
    self_only: Mapping[str, float] | None = None,
) -> str:
    """The radar's text alternative: every area's readiness, and the overlays'."""
    parts = []
    for area in areas:
        part = _("%(area)s: %(readiness)s") % {
            "area": labels.get(area.code, area.code),
            "readiness": _percent(area.readiness),
        }
        extras = []
        if previous is not None:
            before = previous.get(area.code)
            extras.append(
                _("previous %(readiness)s") % {"readiness": _percent(before)}
                if before is not None
                else _("not in the previous assessment")
            )
        if self_only is not None and area.code in self_only:
            extras.append(
                _("self-ratings only %(readiness)s") % {"readiness": _percent(self_only[area.code])}
            )
        parts.append(f"{part} ({', '.join(extras)})" if extras else part)
    intro = _(
        "Radar chart of the readiness of %(count)s areas, 0 to 100 percent: the share of "
        "the area's target levels reached, weighted; a level above a target earns nothing "
        "extra. The outer ring, 100 percent, is the target."
    ) % {"count": len(areas)}
    sentences = [intro]
    if previous is not None:
        sentences.append(
            _(
                "The dotted grey line is the previous assessment of the same role profile (%(date)s)."
            )
            % {"date": previous_label}
        )
    if self_only is not None:
        sentences.append(
            _(
                "The orange dash-dotted line is the readiness from the self-ratings alone, "
                "before the manager's review."
            )
        )
    if parts:
        sentences.append("; ".join(parts) + ".")
    return " ".join(sentences)


def radar(
    areas: Sequence[scoring.AreaScore],
    *,
    title: str,
    labels: Mapping[str, str],
    previous: Mapping[str, float] | None = None,
    previous_label: str = "",
    self_only: Mapping[str, float] | None = None,
    desc: str | None = None,
    id_prefix: str | None = None,
    css_class: str = "sg-chart sg-radar",
) -> Radar:
    """A radar (spider) chart of ``areas``' readiness, 0–100 %, against the target.

    - ``areas``: :class:`scoring.AreaScore` in the order of the axes (the
      report's ``areas``, i.e. framework order). Each axis shows
      ``AreaScore.readiness`` (clamped to 0–100): a level above the target in
      one competency earns nothing, so it cannot hide a gap in another. The
      outer ring, 100 %, is the target (every target level of the area reached).
    - ``title``: the chart's accessible name (``<title>``), already translated.
    - ``labels``: area code → axis label (the area's name in the active
      language); a missing code shows the code itself.
    - ``previous``: area code → readiness of the previous assessment (of the
      same role profile), drawn as a dotted grey polygon when it has every
      area, as markers on the axes it has otherwise; ``previous_label`` names
      it in the text alternative (its date).
    - ``self_only``: area code → readiness from the self-ratings alone (a
      reviewed assessment), drawn as an orange dash-dotted polygon.
    - ``desc``: the text alternative; by default :func:`radar_desc` (every
      area's readiness and the overlays', in the active language).
    - ``id_prefix``: prefix of the ``<title>``/``<desc>`` ids
      (``<prefix>-title``, ``<prefix>-desc``), unique within the page;
      generated when not given.
    - ``css_class``: the ``class`` of the ``<svg>`` element.

    The template draws the target as a dashed dark ring, this assessment as a
    solid blue polygon with a light fill and round markers, the previous one
    dotted grey and the self-only one dash-dotted orange, so they differ in
    greyscale too; 540 × 440 user units.
    """
    id_prefix = id_prefix or f"radar{next(_ids)}"
    if desc is None:
        desc = radar_desc(
            areas, labels, previous=previous, previous_label=previous_label, self_only=self_only
        )
    cx, cy, radius = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, _RADAR_RADIUS
    n = len(areas)
    chart = {"id_prefix": id_prefix, "title": title, "desc": desc, "css_class": css_class}
    if n < 3:
        # A radar needs three axes; fewer would be a line or a dot.
        message = Label(svg_number(cx), svg_number(cy), _("Not enough areas for a radar chart."))
        return Radar(**chart, message=message)

    def at(value: float, index: int) -> tuple[float, float]:
        share = max(0.0, min(100.0, value)) / 100
        return _radar_point(cx, cy, share * radius, index, n)

    current = [at(a.readiness, i) for i, a in enumerate(areas)]
    previous_points = [
        at(previous[a.code], i) if previous is not None and a.code in previous else None
        for i, a in enumerate(areas)
    ]
    previous_drawn = [p for p in previous_points if p is not None]
    self_points = (
        [at(self_only.get(a.code, a.readiness), i) for i, a in enumerate(areas)]
        if self_only is not None
        else []
    )

    # Axis labels, outside the outer ring, anchored away from the centre.
    axis_labels = []
    for i, area in enumerate(areas):
        x, y = _radar_point(cx, cy, radius + _LABEL_GAP, i, n)
        dx = x - cx
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        lines = _wrap(labels.get(area.code, area.code), _LABEL_WRAP)
        dy = y - cy
        # Beside the centre the block is centred on its axis; well above it
        # grows upwards, well below it downwards.
        if abs(dy) < radius * 0.5:
            first = y - (len(lines) - 1) * _LABEL_LINE / 2 + 5
        elif dy < 0:
            first = y - (len(lines) - 1) * _LABEL_LINE
        else:
            first = y + 16
        axis_labels.append(
            AxisLabel(
                code=area.code,
                anchor=anchor,
                lines=tuple(
                    Label(svg_number(x), svg_number(first + k * _LABEL_LINE), line)
                    for k, line in enumerate(lines)
                ),
            )
        )

    return Radar(
        **chart,
        # Grid: one ring per quarter below the target, one spoke per area.
        rings=tuple(
            svg_points([at(value, i) for i in range(n)]) for value in _RADAR_RINGS if value < 100
        ),
        spokes=tuple(
            Line(
                svg_number(cx), svg_number(cy), *map(svg_number, _radar_point(cx, cy, radius, i, n))
            )
            for i in range(n)
        ),
        ticks=tuple(
            Label(
                svg_number(cx + 4),
                svg_number(cy - value / 100 * radius - 3),
                local_number(value, 0)
                if value < 100
                else _("%(readiness)s%%") % {"readiness": 100},
            )
            for value in (0, *_RADAR_RINGS)
        ),
        current=svg_points(current),
        target=svg_points([at(100.0, i) for i in range(n)]),
        markers=tuple(Point(svg_number(x), svg_number(y)) for x, y in current),
        previous=svg_points(previous_drawn) if len(previous_drawn) == n else "",
        previous_markers=tuple(Point(svg_number(x), svg_number(y)) for x, y in previous_drawn),
        self_only=svg_points(self_points),
        labels=tuple(axis_labels),
    )


# --- history ----------------------------------------------------------------

HISTORY_WIDTH = 480
HISTORY_HEIGHT = 210
_HISTORY_MARGINS = (50, 20, 18, 34)  # left, right, top, bottom


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
class PercentPlot:
    """The plotting area of a line chart of percentages, shared by the history
    chart and the teams' trend chart: ``count`` points evenly spaced along the
    x axis (``inset`` in from either side; a single point in the middle),
    values clamped to 0–100 up the y axis, gridlines every 25 %."""

    left: float
    top: float
    width: float
    height: float
    count: int
    inset: float

    @classmethod
    def of(
        cls,
        width: int,
        height: int,
        margins: tuple[int, int, int, int],
        *,
        count: int,
        inset: float,
    ) -> PercentPlot:
        """The plot of a chart ``width`` × ``height`` with ``margins`` (left,
        right, top, bottom) around it."""
        left, right, top, bottom = margins
        return cls(left, top, width - left - right, height - top - bottom, count, inset)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y_of(self, value: float) -> float:
        return self.bottom - max(0.0, min(100.0, value)) / 100 * self.height

    def x_of(self, index: int) -> float:
        if self.count == 1:
            return self.left + self.width / 2
        span = self.width - 2 * self.inset
        return self.left + self.inset + index * span / (self.count - 1)

    def grid(self, *, text_dy: float) -> dict:
        """The chart's gridlines (their percentages ``text_dy`` below each
        line) and where they run: ``gridlines``, ``grid_x1``, ``grid_x2``,
        ``grid_text_x``."""
        return {
            "gridlines": tuple(
                Gridline(
                    svg_number(self.y_of(value)),
                    svg_number(self.y_of(value) + text_dy),
                    local_number(value, 0),
                )
                for value in (0, 25, 50, 75, 100)
            ),
            "grid_x1": str(self.left),
            "grid_x2": str(self.left + self.width),
            "grid_text_x": str(self.left - 6),
        }

    def message(self, text: str) -> Label:
        """``text`` in the middle of the plot, drawn instead of the lines."""
        return Label(
            svg_number(self.left + self.width / 2), svg_number(self.top + self.height / 2), text
        )


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


def history_desc(points: Sequence[HistoryPoint], *, profile: str = "") -> str:
    """The history chart's text alternative: every point's label and readiness
    (the assessments of one role profile, ``profile``, when given)."""
    parts = [
        _("%(label)s: %(readiness)s%%")
        % {"label": point.label, "readiness": local_number(point.readiness, 1)}
        for point in points
    ]
    if profile:
        intro = ngettext(
            "Line chart of overall readiness, 0 to 100 percent, over %(count)s assessment "
            "against the role profile %(profile)s.",
            "Line chart of overall readiness, 0 to 100 percent, over %(count)s assessments "
            "against the role profile %(profile)s.",
            len(points),
        ) % {"count": len(points), "profile": profile}
    else:
        intro = _(
            "Line chart of overall readiness, 0 to 100 percent, over %(count)s assessments."
        ) % {"count": len(points)}
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
    plot = PercentPlot.of(
        HISTORY_WIDTH, HISTORY_HEIGHT, _HISTORY_MARGINS, count=len(points), inset=12
    )
    top, bottom = plot.top, plot.bottom
    chart = {
        "id_prefix": id_prefix,
        "title": title,
        "desc": desc,
        "css_class": css_class,
        **plot.grid(text_dy=3),
        "axis_y": svg_number(bottom + 18),
    }
    if not points:
        return History(**chart, message=plot.message(_("No submitted assessment yet.")))

    coords = [(plot.x_of(i), plot.y_of(p.readiness)) for i, p in enumerate(points)]
    # Too many labels would overlap: label about six points (always the latest);
    # every value is in the text alternative and in the page's table.
    step = max(1, math.ceil(len(points) / 6))
    last = len(points) - 1
    return History(
        **chart,
        line=svg_points(coords) if len(coords) > 1 else "",
        marks=tuple(
            Mark(
                x=svg_number(x),
                y=svg_number(y),
                labelled=i == last or (i % step == 0 and last - i >= step),
                value_y=svg_number(y - 8 if y > top + 14 else y + 18),
                value=local_number(point.readiness, 1),
                label=point.label,
            )
            for i, ((x, y), point) in enumerate(zip(coords, points, strict=True))
        ),
    )
