"""Charts drawn on the server as SVG, so the page and the PDF show the same chart.

Pure functions: numbers in, a markup-safe SVG string out (no database, no
templates). Every chart is an ``<svg role="img">`` labelled by its own
``<title>`` and ``<desc>``; the ``<desc>`` is a full text alternative (every
number the chart shows). Styling uses SVG presentation attributes only, never
``style=""`` (the Content-Security-Policy forbids inline styles), so a chart
renders alike in browsers and in WeasyPrint.

The SVG carries its natural size in ``width``/``height`` and a ``viewBox``; a
page scales it with CSS (``max-width: 100%; height: auto``), a print
stylesheet with a fixed width.

Public API (stable; the PDF embeds these):

- :func:`radar_svg` — current against target per area, on the 0–4 scale;
- :func:`history_svg` — overall readiness (0–100 %) over time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import scoring

__all__ = ["HistoryPoint", "history_svg", "radar_svg"]

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
CURRENT_COLOUR = "#0b57d0"  # dark blue: reads as dark grey in greyscale
TARGET_COLOUR = "#1f2328"  # near black, dashed: told apart by its pattern, not its hue
GRID_COLOUR = "#afb8c1"
TEXT_COLOUR = "#1f2328"
MUTED_TEXT_COLOUR = "#59636e"

_ids = count(1)


def _id(prefix: str | None, name: str) -> str:
    return f"{prefix}-{name}"


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


def _svg_open(*, width: int, height: int, id_prefix: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{escape(css_class)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{_id(id_prefix, "title")} {_id(id_prefix, "desc")}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="12" fill="{TEXT_COLOUR}">'
    )


def _title_desc(*, id_prefix: str, title: str, desc: str) -> str:
    return (
        f'<title id="{_id(id_prefix, "title")}">{escape(title)}</title>'
        f'<desc id="{_id(id_prefix, "desc")}">{escape(desc)}</desc>'
    )


# --- radar ------------------------------------------------------------------

RADAR_WIDTH = 540
RADAR_HEIGHT = 440
_RADAR_RADIUS = 140
_LABEL_GAP = 14
_LABEL_SIZE = 14  # font size of axis labels: readable when a phone scales the chart down
_LABEL_LINE = 16  # line height of axis labels
_LABEL_WRAP = 13  # characters per label line


def _radar_point(cx: float, cy: float, radius: float, index: int, n: int) -> tuple[float, float]:
    # Axis 0 points straight up; the others follow clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / n
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


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


def radar_svg(
    areas: Sequence[scoring.AreaScore],
    *,
    title: str,
    labels: Mapping[str, str],
    desc: str | None = None,
    id_prefix: str | None = None,
    css_class: str = "sg-chart sg-radar",
) -> SafeString:
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
    - ``id_prefix``: prefix of the ``<title>``/``<desc>`` ids, unique within
      the page; generated when not given.
    - ``css_class``: the ``class`` of the ``<svg>`` element.

    The target is a dashed dark outline, the current level a solid blue
    polygon with a light fill and round markers, so the two differ in
    greyscale too. Returns markup-safe SVG, 540 × 440 user units.
    """
    id_prefix = id_prefix or f"radar{next(_ids)}"
    desc = desc if desc is not None else radar_desc(areas, labels)
    cx, cy, radius = RADAR_WIDTH / 2, RADAR_HEIGHT / 2, _RADAR_RADIUS
    n = len(areas)
    scale = radius / scoring.SCALE_MAX

    out = [
        _svg_open(width=RADAR_WIDTH, height=RADAR_HEIGHT, id_prefix=id_prefix, css_class=css_class),
        _title_desc(id_prefix=id_prefix, title=title, desc=desc),
    ]
    if n < 3:
        # A radar needs three axes; fewer would be a line or a dot.
        out.append(
            f'<text x="{_fmt(cx)}" y="{_fmt(cy)}" text-anchor="middle" fill="{MUTED_TEXT_COLOUR}">'
            f"{escape(_('Not enough areas for a radar chart.'))}</text></svg>"
        )
        return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)

    # Grid: one ring per level, one spoke per area.
    out.append(f'<g aria-hidden="true" fill="none" stroke="{GRID_COLOUR}" stroke-width="1">')
    for level in range(1, scoring.SCALE_MAX + 1):
        ring = [_radar_point(cx, cy, level * scale, i, n) for i in range(n)]
        out.append(f'<polygon points="{_polygon(ring)}"/>')
    for i in range(n):
        x, y = _radar_point(cx, cy, radius, i, n)
        out.append(f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}"/>')
    out.append("</g>")

    # Scale numbers along the first (vertical) axis.
    out.append(f'<g aria-hidden="true" font-size="10" fill="{MUTED_TEXT_COLOUR}">')
    for level in range(0, scoring.SCALE_MAX + 1):
        out.append(f'<text x="{_fmt(cx + 4)}" y="{_fmt(cy - level * scale - 3)}">{level}</text>')
    out.append("</g>")

    def clamp(value: float) -> float:
        return max(scoring.SCALE_MIN, min(scoring.SCALE_MAX, value))

    target = [_radar_point(cx, cy, clamp(a.mean_target) * scale, i, n) for i, a in enumerate(areas)]
    current = [
        _radar_point(cx, cy, clamp(a.mean_rating) * scale, i, n) for i, a in enumerate(areas)
    ]
    out.append(
        f'<polygon class="sg-radar-current" points="{_polygon(current)}" fill="{CURRENT_COLOUR}" '
        f'fill-opacity="0.18" stroke="{CURRENT_COLOUR}" stroke-width="2.5" stroke-linejoin="round"/>'
    )
    out.append(
        f'<polygon class="sg-radar-target" points="{_polygon(target)}" fill="none" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="7 4" stroke-linejoin="round"/>'
    )
    out.append(f'<g aria-hidden="true" fill="{CURRENT_COLOUR}">')
    for x, y in current:
        out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5"/>')
    out.append("</g>")

    # Axis labels, outside the outer ring, anchored away from the centre.
    out.append('<g class="sg-radar-labels">')
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
        out.append(
            f'<text class="sg-radar-axis" data-area="{escape(area.code)}" text-anchor="{anchor}" '
            f'font-size="{_LABEL_SIZE}">'
        )
        for k, line in enumerate(lines):
            out.append(
                f'<tspan x="{_fmt(x)}" y="{_fmt(first + k * _LABEL_LINE)}">{escape(line)}</tspan>'
            )
        out.append("</text>")
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


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


def history_svg(
    points: Sequence[HistoryPoint],
    *,
    title: str,
    desc: str | None = None,
    id_prefix: str | None = None,
    css_class: str = "sg-chart sg-history",
) -> SafeString:
    """A small line chart of overall readiness over time.

    - ``points``: :class:`HistoryPoint` oldest first, spaced evenly along the
      x axis (one per assessment, not to time scale); readiness is clamped to
      0–100.
    - ``title``: the accessible name, already translated; ``desc`` the text
      alternative (by default :func:`history_desc`); ``id_prefix`` and
      ``css_class`` as for :func:`radar_svg`.

    Gridlines at 0, 25, 50, 75 and 100 %; each point is marked and labelled
    with its value. Returns markup-safe SVG, 480 × 210 user units.
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

    out = [
        _svg_open(
            width=HISTORY_WIDTH, height=HISTORY_HEIGHT, id_prefix=id_prefix, css_class=css_class
        ),
        _title_desc(id_prefix=id_prefix, title=title, desc=desc),
        f'<g aria-hidden="true" font-size="11" fill="{MUTED_TEXT_COLOUR}">',
    ]
    for value in (0, 25, 50, 75, 100):
        y = y_of(value)
        out.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_fmt(y + 3)}" text-anchor="end">'
            f"{escape(_number(value, 0))}&#160;%</text>"
        )
    out.append("</g>")
    if not points:
        out.append(
            f'<text x="{_fmt(left + plot_w / 2)}" y="{_fmt(top + plot_h / 2)}" '
            f'text-anchor="middle" fill="{MUTED_TEXT_COLOUR}">'
            f"{escape(_('No submitted assessment yet.'))}</text></svg>"
        )
        return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)

    coords = [(x_of(i), y_of(p.readiness)) for i, p in enumerate(points)]
    if len(coords) > 1:
        out.append(
            f'<polyline class="sg-history-line" points="{_polygon(coords)}" fill="none" '
            f'stroke="{CURRENT_COLOUR}" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    # Too many labels would overlap: label about six points (always the latest);
    # every value is in the text alternative and in the page's table.
    step = max(1, math.ceil(len(points) / 6))
    last = len(points) - 1
    out.append('<g aria-hidden="true">')
    for i, ((x, y), point) in enumerate(zip(coords, points, strict=True)):
        out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="{CURRENT_COLOUR}"/>')
        if not (i == last or (i % step == 0 and last - i >= step)):
            continue
        label_y = y - 8 if y > top + 14 else y + 18
        out.append(
            f'<text x="{_fmt(x)}" y="{_fmt(label_y)}" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(_number(point.readiness, 1))}</text>'
            f'<text x="{_fmt(x)}" y="{_fmt(bottom + 18)}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED_TEXT_COLOUR}">{escape(point.label)}</text>'
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
