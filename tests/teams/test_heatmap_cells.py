"""The heatmap's cells (``{% heat_cells %}``, drawn by ``partials/heat_cell.html``):
what each cell says, on the page and in print, in both languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from roles.models import CompetencyArea
from teams.presenters import readiness_text
from teams.selectors import HeatCell, readiness_band

pytestmark = pytest.mark.django_db


def cells(*values):
    areas = list(CompetencyArea.objects.order_by("order")[: len(values)])
    return [
        HeatCell(area=area, readiness=value, band=readiness_band(value))
        for area, value in zip(areas, values, strict=True)
    ]


def render(row, print_version=False):
    template = Template('{% load heatmap %}{% heat_cells row print as tds %}{{ tds|join:"" }}')
    return template.render(Context({"row": row, "print": print_version}))


def test_each_cell_shows_its_readiness_with_one_decimal_and_its_band(framework):
    html = render(cells(54.5, 100.0, 12.0))
    assert html == (
        '<td class="heat heat-1">54.5</td>'
        # A met target says so with a ✓ too, not by its colour alone.
        '<td class="heat heat-4"><span class="heat-met" aria-hidden="true">✓</span>100.0</td>'
        '<td class="heat heat-0">12.0</td>'
    )


def test_indonesian_cells_use_a_decimal_comma(framework):
    with translation.override("id"):
        html = render(cells(54.5, 85.0))
    assert html == '<td class="heat heat-1">54,5</td><td class="heat heat-3">85,0</td>'


def test_an_area_outside_the_members_profile_is_a_dash_named_for_screen_readers(framework):
    html = render(cells(70.0, None))
    assert html == (
        '<td class="heat heat-2">70.0</td>'
        '<td class="heat heat-none"><span aria-hidden="true">–</span>'
        '<span class="visually-hidden">not in profile</span></td>'
    )


def test_in_print_an_area_outside_the_profile_is_a_plain_dash(framework):
    assert render(cells(None), print_version=True) == '<td class="heat heat-none">–</td>'


def test_a_formatted_readiness_follows_the_active_language():
    assert readiness_text(66.7) == "66.7"
    assert readiness_text(100.0) == "100.0"
    with translation.override("id"):
        assert readiness_text(66.7) == "66,7"
    assert readiness_text(None) == ""


def test_a_cell_drawn_once_is_drawn_again_alike_on_the_same_page(framework):
    """Cells are drawn once per distinct cell of a render; page and print differ."""
    template = Template(
        "{% load heatmap %}{% for row in rows %}"
        '<tr>{% heat_cells row print as tds %}{{ tds|join:"" }}</tr>{% endfor %}'
    )
    rows = [cells(54.5, None), cells(54.5, None), cells(None, 54.5)]
    page = template.render(Context({"rows": rows, "print": False}))
    dash = (
        '<td class="heat heat-none"><span aria-hidden="true">–</span>'
        '<span class="visually-hidden">not in profile</span></td>'
    )
    one = '<td class="heat heat-1">54.5</td>'
    assert page == f"<tr>{one}{dash}</tr><tr>{one}{dash}</tr><tr>{dash}{one}</tr>"
    printed = template.render(Context({"rows": rows[:1], "print": True}))
    assert printed == f'<tr>{one}<td class="heat heat-none">–</td></tr>'


@pytest.mark.parametrize(
    "name, tag", [("assessments:report", "report_url"), ("assessments:review", "review_url")]
)
@pytest.mark.parametrize("pk", [1, 42, 2147483647, 10**12])
def test_the_heatmaps_links_are_the_urls_django_reverses(name, tag, pk):
    from django.urls import reverse

    from teams.templatetags import heatmap

    assert getattr(heatmap, tag)(pk) == reverse(name, args=[pk])
