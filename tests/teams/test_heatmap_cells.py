"""The heatmap's cells (``{% heat_cells %}``): what each cell says, on the page
and in print, in both languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from roles.models import CompetencyArea
from teams.selectors import HeatCell, readiness_band, readiness_label

pytestmark = pytest.mark.django_db


def cells(*values):
    areas = list(CompetencyArea.objects.order_by("order")[: len(values)])
    return [
        HeatCell(area=area, readiness=value, band=readiness_band(value))
        for area, value in zip(areas, values, strict=True)
    ]


def render(row, print_version=False):
    template = Template("{% load heatmap %}{% heat_cells row print %}")
    return template.render(Context({"row": row, "print": print_version}))


def test_each_cell_shows_its_readiness_with_one_decimal_and_its_band(framework):
    html = render(cells(54.5, 100.0, 12.0))
    assert html == (
        '<td class="heat heat-1">54.5</td>'
        '<td class="heat heat-4">100.0</td>'
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


def test_a_formatted_readiness_follows_the_language_it_is_asked_in(framework):
    assert readiness_label(66.7) == "66.7"
    with translation.override("id"):
        assert readiness_label(66.7) == "66,7"
    assert readiness_label(66.7, "id") == "66,7"
    assert readiness_label(66.7, "en") == "66.7"
    assert readiness_label(None) == ""


@pytest.mark.parametrize(
    "name, tag", [("assessments:report", "report_url"), ("assessments:review", "review_url")]
)
@pytest.mark.parametrize("pk", [1, 42, 2147483647, 10**12])
def test_the_heatmaps_links_are_the_urls_django_reverses(name, tag, pk):
    from django.urls import reverse

    from teams.templatetags import heatmap

    assert getattr(heatmap, tag)(pk) == reverse(name, args=[pk])
