"""``{% load heatmap %}``: the heatmap's cells, rendered in Python.

A team of 500 members has 5 500 area cells; one tag per row renders them
about as fast as the rest of the page, where the template language spent most
of the 500-member dashboard's time on them (bench/pages.py).
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from teams.selectors import readiness_label

register = template.Library()

DASH = "–"


@lru_cache(maxsize=32)
def _opening(css: str) -> str:
    return format_html('<td class="{}">', css)


@register.simple_tag
def heat_cells(cells, print_version=False):
    """The ``<td>`` of each area of one heatmap row: its readiness, or a dash
    (spelled out for screen readers on the page) where the member's profile
    has no competency in the area."""
    if print_version:
        missing = DASH
    else:
        missing = format_html(
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
            DASH,
            gettext("not in profile"),
        )
    language = get_language()
    html = []
    for cell in cells:
        # Both pieces are escaped: the opening by format_html, the label by
        # readiness_label (a safe string), so the row may be marked safe.
        html.append(_opening(cell.css))
        html.append(readiness_label(cell.readiness, language) or missing)
        html.append("</td>")
    return mark_safe("".join(html))  # every piece is escaped above


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
def review_url(assessment_id) -> str:
    """``{{ pk|review_url }}``: ``{% url 'assessments:review' pk %}``, faster."""
    return _url_template("assessments:review", get_script_prefix()).format(int(assessment_id))
