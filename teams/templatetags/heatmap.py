"""``{% load heatmap %}``: the heatmap's cells and links, fast enough for 500 rows.

A team of 500 members has 5 500 area cells. Each is drawn by the template
``partials/heat_cell.html``, but once per distinct cell of the page (its band,
readiness, print or page), not once per cell: a big team has a few hundred
distinct cells. The row joins them with the ``join`` filter, not with
``{% for %}``: the template language's loop over every cell cost a tenth of the
500-member dashboard's time (bench/pages.py).
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse

from teams.presenters import readiness_text, review_state_text

register = template.Library()

CELL_TEMPLATE = "partials/heat_cell.html"
ORG_CELL_TEMPLATE = "partials/org_heat_cell.html"
TARGET_MET_BAND = 4  # teams.selectors.readiness_band of 100 %


@register.simple_tag(takes_context=True)
def heat_cells(context, cells, print_version=False) -> list[str]:
    """``{% heat_cells row.cells print as tds %}{{ tds|join:"" }}``: the ``<td>``
    of each area of one heatmap row, drawn by ``partials/heat_cell.html``.

    Each is that template's own output, autoescaped and safe, so ``join``
    (which escapes whatever is not) adds them as they are. A cell drawn once is
    kept for the rest of the page's render (``render_context``), not longer:
    the same arguments draw the same cell within one render."""
    drawn = context.render_context.setdefault("heat_cells", {})
    print_version = bool(print_version)
    cell_template = None
    tds = []
    for cell in cells:
        key = (cell.css, cell.readiness, print_version)
        td = drawn.get(key)
        if td is None:
            cell_template = cell_template or get_template(CELL_TEMPLATE)
            td = drawn[key] = cell_template.render(
                {
                    "css": cell.css,
                    "label": readiness_text(cell.readiness),
                    "self_rated": cell.self_rated,
                    "met": cell.band == TARGET_MET_BAND,
                    "print": print_version,
                }
            )
        tds.append(td)
    return tds


@register.simple_tag(takes_context=True)
def org_cells(context, cells) -> list[str]:
    """``{% org_cells row.cells as tds %}{{ tds|join:"" }}``: the ``<td>`` of
    each area of one row of the organisation's heatmap (a team), drawn by
    ``partials/org_heat_cell.html`` once per distinct cell of the page, as
    ``heat_cells`` draws the team's."""
    drawn = context.render_context.setdefault("org_cells", {})
    cell_template = None
    tds = []
    for cell in cells:
        key = (cell.css, cell.readiness)
        td = drawn.get(key)
        if td is None:
            cell_template = cell_template or get_template(ORG_CELL_TEMPLATE)
            td = drawn[key] = cell_template.render(
                {"css": cell.css, "label": readiness_text(cell.readiness)}
            )
        tds.append(td)
    return tds


@lru_cache(maxsize=16)
def _url_template(name: str, script_prefix: str) -> str:
    """``reverse(name, args=[pk])`` with a slot for the pk, reversed once: a
    500-member heatmap links every row twice, and reversing a thousand URLs
    took a tenth of the page's time."""
    marker = "2147483647"
    return reverse(name, args=[int(marker)]).replace(marker, "{}")


@register.filter
def report_url(assessment_id) -> str:
    """``{{ pk|report_url }}``: ``{% url 'assessments:report' pk %}``, faster."""
    return _url_template("assessments:report", get_script_prefix()).format(int(assessment_id))


@register.filter
def team_url(team_id) -> str:
    """``{{ pk|team_url }}``: ``{% url 'teams:dashboard' pk %}``, faster."""
    return _url_template("teams:dashboard", get_script_prefix()).format(int(team_id))


@register.filter
def review_url(assessment_id) -> str:
    """``{{ pk|review_url }}``: ``{% url 'assessments:review' pk %}``, faster."""
    return _url_template("assessments:review", get_script_prefix()).format(int(assessment_id))


@register.filter
def readiness(value) -> str:
    """``{{ value|readiness }}``: a readiness with one decimal in the active
    language ('' for None), as ``floatformat:1`` writes it, for the heatmap's
    hundreds of rows (``teams.presenters.readiness_text``)."""
    return readiness_text(value)


@register.filter
def review_state(member) -> str:
    """``{{ member|review_state }}``: where the member's review stands
    (``teams.presenters.review_state_text``), a filter rather than a partial:
    it is drawn on every row of a 500-member heatmap."""
    return review_state_text(member)
