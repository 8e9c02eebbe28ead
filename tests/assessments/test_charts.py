"""Server-side SVG charts: accessible, CSP-safe, and the same in browsers and WeasyPrint.

``assessments.charts`` computes each chart; ``templates/charts/*.svg`` draw
them. The tests look at the SVG the templates draw."""

import io
import math
import xml.etree.ElementTree as ET

import pypdf
import pytest
from django.template import Context, Template
from django.utils import translation

from assessments import charts, scoring

SVG = "{http://www.w3.org/2000/svg}"


def area(code, current, target):
    return scoring.AreaScore(
        code=code,
        kind="skill",
        readiness=50.0,
        priority=1,
        rated=1,
        total=1,
        mean_rating=current,
        mean_target=target,
        worst_severity="minor",
    )


ELEVEN = [area(f"area-{n}", (n % 5) * 1.0, 3.0) for n in range(11)]
LABELS = {f"area-{n}": f"Area {n}" for n in range(11)}


def radar_svg(areas, **kwargs) -> str:
    return charts.render(charts.radar(areas, **kwargs))


def history_svg(points, **kwargs) -> str:
    return charts.render(charts.history(points, **kwargs))


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, not untrusted input)


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]


class TestRadar:
    def test_it_is_an_image_labelled_by_its_title_and_description(self):
        root = parse(radar_svg(ELEVEN, title="Readiness by area", labels=LABELS, id_prefix="r"))
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "r-title r-desc"
        assert root.find(f"{SVG}title").get("id") == "r-title"
        assert root.find(f"{SVG}title").text == "Readiness by area"
        desc = root.find(f"{SVG}desc")
        assert desc.get("id") == "r-desc"
        for n in range(11):
            assert f"Area {n}" in desc.text
        assert "current 4.00, target 3.00" in desc.text

    def test_it_has_one_axis_per_area(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        axes = [t for t in root.iter(f"{SVG}text") if t.get("class") == "sg-radar-axis"]
        assert [t.get("data-area") for t in axes] == [a.code for a in ELEVEN]
        assert len(list(root.iter(f"{SVG}line"))) == 11  # the spokes
        rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") is None]
        assert len(rings) == 4  # levels 1–4
        current = next(
            p for p in root.iter(f"{SVG}polygon") if p.get("class") == "sg-radar-current"
        )
        target = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == "sg-radar-target")
        assert len(points(current)) == len(points(target)) == 11

    def test_levels_are_drawn_to_scale(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        cx, cy = charts.RADAR_WIDTH / 2, charts.RADAR_HEIGHT / 2
        current = next(
            p for p in root.iter(f"{SVG}polygon") if p.get("class") == "sg-radar-current"
        )
        target = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == "sg-radar-target")
        radius = [math.dist((cx, cy), p) for p in points(current)]
        outer = radius[4]  # area-4 is at level 4
        assert radius[0] == pytest.approx(0, abs=0.01)
        assert radius[2] == pytest.approx(outer / 2, abs=0.02)
        assert all(
            math.dist((cx, cy), p) == pytest.approx(outer * 3 / 4, abs=0.02) for p in points(target)
        )
        # The first axis points straight up.
        assert points(target)[0][0] == pytest.approx(cx, abs=0.01)
        assert points(target)[0][1] < cy

    def test_the_target_is_dashed_so_it_differs_in_greyscale(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        target = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == "sg-radar-target")
        assert target.get("stroke-dasharray")

    def test_text_is_escaped(self):
        labels = {**LABELS, "area-0": "R&D <script>"}
        svg = str(radar_svg(ELEVEN, title="A & B", labels=labels))
        assert "<script>" not in svg
        assert "R&amp;D &lt;script&gt;" in svg
        parse(svg)

    def test_no_inline_styles(self):
        assert "style=" not in str(radar_svg(ELEVEN, title="t", labels=LABELS))

    def test_long_labels_wrap(self):
        labels = {**LABELS, "area-3": "Pemantauan dan Pemeliharaan"}
        root = parse(radar_svg(ELEVEN, title="t", labels=labels))
        axis = next(t for t in root.iter(f"{SVG}text") if t.get("data-area") == "area-3")
        lines = [span.text for span in axis.iter(f"{SVG}tspan")]
        assert len(lines) >= 2
        assert " ".join(lines) == "Pemantauan dan Pemeliharaan"

    def test_the_description_follows_the_active_language(self):
        with translation.override("id"):
            svg = str(radar_svg(ELEVEN[:3], title="t", labels=LABELS))
        assert "saat ini 2,00" in svg

    def test_a_given_description_is_used(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS, desc="Custom text"))
        assert root.find(f"{SVG}desc").text == "Custom text"

    def test_fewer_than_three_areas_says_so_instead_of_drawing(self):
        root = parse(radar_svg(ELEVEN[:2], title="t", labels=LABELS))
        assert root.get("role") == "img"
        assert not list(root.iter(f"{SVG}polygon"))

    def test_ids_are_unique_when_not_given(self):
        one = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        two = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        assert one.get("aria-labelledby") != two.get("aria-labelledby")


class TestHistory:
    def test_it_is_an_accessible_line_with_one_marker_per_assessment(self):
        history = [
            charts.HistoryPoint(f"{m} Jan", value) for m, value in enumerate((40.0, 55.5, 72.5))
        ]
        root = parse(history_svg(history, title="Overall readiness", id_prefix="h"))
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "h-title h-desc"
        assert root.find(f"{SVG}title").text == "Overall readiness"
        desc = root.find(f"{SVG}desc").text
        assert "0 Jan: 40.0%" in desc and "2 Jan: 72.5%" in desc
        assert len(list(root.iter(f"{SVG}circle"))) == 3
        line = next(root.iter(f"{SVG}polyline"))
        ys = [float(p.split(",")[1]) for p in line.get("points").split()]
        assert ys == sorted(ys, reverse=True)  # rising readiness goes up

    def test_many_points_keep_the_latest_label(self):
        history = [charts.HistoryPoint(f"d{n}", float(n * 5)) for n in range(15)]
        svg = str(history_svg(history, title="t"))
        assert ">d14<" in svg
        assert svg.count("<circle") == 15
        assert "style=" not in svg

    def test_one_point_has_no_line(self):
        root = parse(history_svg([charts.HistoryPoint("now", 50.0)], title="t"))
        assert not list(root.iter(f"{SVG}polyline"))
        assert len(list(root.iter(f"{SVG}circle"))) == 1

    def test_no_points_says_so(self):
        svg = str(history_svg([], title="t"))
        assert "No submitted assessment yet." in svg
        parse(svg)


def test_hostile_names_are_escaped_where_the_pages_include_the_charts():
    """Names come from the framework and from people: markup in them is text."""
    hostile = "R&D <script>alert(\"x\")</script> 'q'"
    page = Template(
        '{% include "charts/radar.svg" with chart=radar %}'
        '{% include "charts/history.svg" with chart=history %}'
    ).render(
        Context(
            {
                "radar": charts.radar(
                    ELEVEN, title=f"Title {hostile}", labels={**LABELS, "area-0": hostile}
                ),
                "history": charts.history([charts.HistoryPoint(hostile, 50.0)], title=hostile),
            }
        )
    )
    assert "<script" not in page and 'alert("x")' not in page
    assert "R&amp;D &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;q&#x27;" in page
    radar, history = (parse(svg + "</svg>") for svg in page.split("</svg>")[:2])
    assert radar.find(f"{SVG}title").text == f"Title {hostile}"
    assert hostile in radar.find(f"{SVG}desc").text
    axis = next(t for t in radar.iter(f"{SVG}text") if t.get("data-area") == "area-0")
    assert " ".join(span.text for span in axis.iter(f"{SVG}tspan")) == hostile
    assert history.find(f"{SVG}title").text == hostile
    assert hostile in [t.text for t in history.iter(f"{SVG}text")]


def test_weasyprint_renders_both_charts():
    from weasyprint import HTML

    radar = radar_svg(ELEVEN, title="t", labels={**LABELS, "area-0": "Programming"})
    history = history_svg(
        [charts.HistoryPoint("Jan", 40.0), charts.HistoryPoint("Feb", 62.5)], title="h"
    )
    pdf = HTML(string=f"<html><body>{radar}{history}</body></html>").write_pdf()
    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Programming" in extracted
    assert "62.5" in extracted


class TestFilters:
    def render(self, source, **context):
        return Template("{% load skillgap %}" + source).render(Context(context))

    def test_percent_in_english_and_indonesian(self):
        with translation.override("en"):
            assert self.render("{{ v|percent }}", v=72.5) == "72.5%"
            assert self.render("{{ v|percent }}", v=100.0) == "100.0%"
        with translation.override("id"):
            assert self.render("{{ v|percent }}", v=72.5) == "72,5\u00a0%"

    def test_signed_changes(self):
        with translation.override("en"):
            assert self.render("{{ v|signed }}", v=4.2) == "+4.2"
            assert self.render("{{ v|signed }}", v=-3.1) == "\u22123.1"
            assert self.render("{{ v|signed }}", v=0.0) == "0.0"
        with translation.override("id"):
            assert self.render("{{ v|signed }}", v=-4.2) == "\u22124,2"

    def test_missing_values_show_a_dash(self):
        assert self.render("{{ v|percent }} {{ v|signed }} {{ v|level }}", v=None) == "— — —"
        assert self.render("{{ v|level }}", v=0) == "0"
