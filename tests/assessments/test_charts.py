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


def area(code, readiness, current=2.0, target=3.0):
    return scoring.AreaScore(
        code=code,
        kind="skill",
        readiness=readiness,
        priority=1,
        rated=1,
        total=1,
        mean_rating=current,
        mean_target=target,
        worst_severity="minor",
    )


# Readiness 0, 25, 50, 75, 100, 0, … %; the mean levels say nothing of it.
ELEVEN = [area(f"area-{n}", (n % 5) * 25.0) for n in range(11)]
LABELS = {f"area-{n}": f"Area {n}" for n in range(11)}
CENTRE = (charts.RADAR_WIDTH / 2, charts.RADAR_HEIGHT / 2)


def radar_svg(areas, **kwargs) -> str:
    return charts.render(charts.radar(areas, **kwargs))


def history_svg(points, **kwargs) -> str:
    return charts.render(charts.history(points, **kwargs))


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, not untrusted input)


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]


def polygon(root: ET.Element, css_class: str) -> ET.Element | None:
    return next((p for p in root.iter(f"{SVG}polygon") if p.get("class") == css_class), None)


def radii(root: ET.Element, css_class: str) -> list[float]:
    return [math.dist(CENTRE, p) for p in points(polygon(root, css_class))]


def outer(root: ET.Element) -> float:
    """The radius of the target ring (100 %)."""
    return radii(root, "sg-radar-target")[0]


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
        assert "Area 3: 75.0%;" in desc.text and "Area 4: 100.0%;" in desc.text
        assert "0 to 100 percent" in desc.text and "The outer ring, 100 percent, is the target" in (
            desc.text
        )
        # Nothing is said about what is not drawn.
        assert "previous" not in desc.text and "self-ratings" not in desc.text

    def test_it_has_one_axis_per_area(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        axes = [t for t in root.iter(f"{SVG}text") if t.get("class") == "sg-radar-axis"]
        assert [t.get("data-area") for t in axes] == [a.code for a in ELEVEN]
        assert len(list(root.iter(f"{SVG}line"))) == 11  # the spokes
        rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") is None]
        assert len(rings) == 3  # 25, 50 and 75 %; the target ring is the fourth
        assert len(points(polygon(root, "sg-radar-current"))) == 11
        assert len(points(polygon(root, "sg-radar-target"))) == 11

    def test_readiness_is_drawn_to_scale_and_the_target_is_the_outer_ring(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        full = outer(root)
        assert all(r == pytest.approx(full, abs=0.02) for r in radii(root, "sg-radar-target"))
        current = radii(root, "sg-radar-current")
        for n, radius in enumerate(current):
            assert radius == pytest.approx(full * (n % 5) / 4, abs=0.02), n
        rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") is None]
        assert [math.dist(CENTRE, points(r)[0]) for r in rings] == pytest.approx(
            [full / 4, full / 2, full * 3 / 4], abs=0.02
        )
        # The first axis points straight up.
        target = points(polygon(root, "sg-radar-target"))
        assert target[0][0] == pytest.approx(CENTRE[0], abs=0.01)
        assert target[0][1] < CENTRE[1]

    def test_the_mean_levels_are_not_what_is_drawn(self):
        # Same readiness, different mean levels: the same shape.
        one = parse(
            radar_svg([area(f"a{n}", 50.0, 1.0, 3.0) for n in range(4)], title="t", labels={})
        )
        two = parse(
            radar_svg([area(f"a{n}", 50.0, 4.0, 2.0) for n in range(4)], title="t", labels={})
        )
        assert polygon(one, "sg-radar-current").get("points") == polygon(
            two, "sg-radar-current"
        ).get("points")

    def test_readiness_is_clamped_to_0_100(self):
        areas = [area("a", -5.0), area("b", 130.0), area("c", 50.0)]
        root = parse(radar_svg(areas, title="t", labels={}))
        current = radii(root, "sg-radar-current")
        assert current[0] == pytest.approx(0, abs=0.01)
        assert current[1] == pytest.approx(outer(root), abs=0.02)

    def test_the_ticks_are_percentages(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") is None and t.text]
        assert ticks[:5] == ["0", "25", "50", "75", "100%"]

    def test_the_target_is_dashed_so_it_differs_in_greyscale(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        assert polygon(root, "sg-radar-target").get("stroke-dasharray")
        assert not polygon(root, "sg-radar-current").get("stroke-dasharray")

    def test_without_overlays_none_is_drawn(self):
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS))
        assert polygon(root, "sg-radar-previous") is None
        assert polygon(root, "sg-radar-self") is None
        assert not [
            g for g in root.iter(f"{SVG}g") if g.get("class") == "sg-radar-previous-markers"
        ]

    def test_the_previous_assessment_is_a_dotted_overlay_to_scale(self):
        previous = {a.code: 50.0 for a in ELEVEN}
        root = parse(
            radar_svg(
                ELEVEN, title="t", labels=LABELS, previous=previous, previous_label="1 May 2025"
            )
        )
        drawn = polygon(root, "sg-radar-previous")
        assert drawn.get("stroke-dasharray")
        assert drawn.get("stroke-dasharray") != polygon(root, "sg-radar-target").get(
            "stroke-dasharray"
        )
        assert all(
            r == pytest.approx(outer(root) / 2, abs=0.02) for r in radii(root, "sg-radar-previous")
        )
        desc = root.find(f"{SVG}desc").text
        assert "previous assessment of the same role profile (1 May 2025)" in desc
        assert "Area 3: 75.0% (previous 50.0%)" in desc

    def test_an_area_the_previous_assessment_lacks_is_said_and_not_joined(self):
        previous = {a.code: 40.0 for a in ELEVEN[1:]}
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS, previous=previous))
        assert polygon(root, "sg-radar-previous") is None  # no shape through a missing axis
        markers = next(
            g for g in root.iter(f"{SVG}g") if g.get("class") == "sg-radar-previous-markers"
        )
        assert len(list(markers.iter(f"{SVG}circle"))) == 10
        assert "Area 0: 0.0% (not in the previous assessment)" in root.find(f"{SVG}desc").text

    def test_the_self_only_readiness_is_a_dash_dotted_overlay(self):
        self_only = {a.code: 100.0 for a in ELEVEN}
        root = parse(radar_svg(ELEVEN, title="t", labels=LABELS, self_only=self_only))
        drawn = polygon(root, "sg-radar-self")
        assert len(drawn.get("stroke-dasharray").split()) == 4  # dash-dot, unlike the others
        assert all(r == pytest.approx(outer(root), abs=0.02) for r in radii(root, "sg-radar-self"))
        desc = root.find(f"{SVG}desc").text
        assert "self-ratings alone" in desc
        assert "Area 0: 0.0% (self-ratings only 100.0%)" in desc

    def test_a_surplus_in_one_competency_does_not_hide_a_gap_in_another(self):
        """Database: SQL one level above its target, NoSQL two below. The old
        chart's weighted mean levels were equal (2.33 and 2.33): the area
        looked on target. Readiness counts no surplus: 5/7, below 100 %."""
        areas = [scoring.AreaInput(code, "skill") for code in ("database", "programming", "cloud")]
        report = scoring.score(
            areas,
            [
                scoring.CompetencyInput("database.sql", "database", 2, 2, 3),  # target + 1
                scoring.CompetencyInput("database.nosql", "database", 3, 1, 1),  # target − 2
                scoring.CompetencyInput("programming.python", "programming", 3, 1, 3),
                scoring.CompetencyInput("cloud.aws", "cloud", 2, 1, 2),
            ],
        )
        database = report.area("database")
        assert database.mean_rating == database.mean_target  # what the old chart drew
        assert database.readiness == 71.4
        root = parse(radar_svg(report.areas, title="t", labels={}))
        current = radii(root, "sg-radar-current")
        full = outer(root)
        assert current[0] == pytest.approx(full * 0.714, abs=0.05)
        assert current[0] < full - 10  # visibly inside the target ring
        assert current[1] == pytest.approx(full, abs=0.02)  # python is on target
        assert "database: 71.4%" in root.find(f"{SVG}desc").text

    def test_text_is_escaped(self):
        labels = {**LABELS, "area-0": "R&D <script>"}
        svg = str(radar_svg(ELEVEN, title="A & B", labels=labels))
        assert "<script>" not in svg
        assert "R&amp;D &lt;script&gt;" in svg
        parse(svg)

    def test_no_inline_styles(self):
        svg = radar_svg(
            ELEVEN,
            title="t",
            labels=LABELS,
            previous={a.code: 10.0 for a in ELEVEN},
            self_only={a.code: 90.0 for a in ELEVEN},
        )
        assert "style=" not in str(svg)

    def test_long_labels_wrap(self):
        labels = {**LABELS, "area-3": "Pemantauan dan Pemeliharaan"}
        root = parse(radar_svg(ELEVEN, title="t", labels=labels))
        axis = next(t for t in root.iter(f"{SVG}text") if t.get("data-area") == "area-3")
        lines = [span.text for span in axis.iter(f"{SVG}tspan")]
        assert len(lines) >= 2
        assert " ".join(lines) == "Pemantauan dan Pemeliharaan"

    def test_labels_stay_inside_the_drawing(self):
        """Axis labels are not cut off at the chart's edges (a letter is about
        0.55 of the font size wide)."""
        labels = {a.code: "Pemantauan dan Pemeliharaan" for a in ELEVEN}
        root = parse(radar_svg(ELEVEN, title="t", labels=labels))
        for axis in (t for t in root.iter(f"{SVG}text") if t.get("class") == "sg-radar-axis"):
            for span in axis.iter(f"{SVG}tspan"):
                x, y, width = (
                    float(span.get("x")),
                    float(span.get("y")),
                    len(span.text) * 0.55 * charts.RADAR_LABEL_SIZE,
                )
                left = {"start": x, "middle": x - width / 2, "end": x - width}[
                    axis.get("text-anchor")
                ]
                assert 0 <= left and left + width <= charts.RADAR_WIDTH, span.text
                assert 14 <= y <= charts.RADAR_HEIGHT - 2

    def test_the_description_follows_the_active_language(self):
        with translation.override("id"):
            svg = str(radar_svg(ELEVEN[:3], title="t", labels=LABELS, previous={"area-1": 12.5}))
        assert "Area 2: 50,0%" in svg
        assert "sebelumnya 12,5%" in svg

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

    def test_the_description_names_the_role_profile(self):
        history = [charts.HistoryPoint("1 Jan", 40.0), charts.HistoryPoint("1 Jan (2)", 45.0)]
        root = parse(
            history_svg(history, title="t", desc=charts.history_desc(history, profile="ML Ops"))
        )
        desc = root.find(f"{SVG}desc").text
        assert "against the role profile ML Ops" in desc
        assert "1 Jan: 40.0%; 1 Jan (2): 45.0%." in desc

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
            assert self.render("{{ v|percent }}", v=72.5) == "72,5%"

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
