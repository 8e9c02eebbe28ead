"""``{% load heatmap %}``: the heatmap's cells, rendered in Python.

A team of 500 members has 5 500 area cells; one tag per row renders them
about as fast as the rest of the page, where the template language spent most
of the 500-member dashboard's time on them (bench/pages.py).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from teams.selectors import readiness_label

register = template.Library()

DASH = "–"


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
    return format_html_join(
        "",
        '<td class="{}">{}</td>',
        ((cell.css, readiness_label(cell.readiness, language) or missing) for cell in cells),
    )
