"""The worked examples of docs/scoring.md's "Another role profile" and
"Calibration over time" hold: their tables are read from the document, scored
by the code, and the figures the document prints are the ones it computes."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from assessments import loading, scoring

DOC = Path(settings.BASE_DIR) / "docs" / "scoring.md"

# The framework order of the areas the examples use (fixtures/framework.yaml).
AREAS = {
    "Programming": ("programming", 1),
    "Database": ("database", 5),
    "Compliance & Ethics": ("compliance-ethics", 11),
}


def section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def table(part: str) -> list[list[str]]:
    """The body rows of the first Markdown table after "### Worked example"."""
    example = part[part.index("### Worked example") :]
    rows = [line for line in example.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def number(cell: str) -> int:
    return int(cell.replace("−", "-").replace("+", ""))


def competency(name: str, order: int):
    """A stand-in for ``roles.models.Competency``: what the loader reads of one."""
    area_name, own = (part.strip() for part in name.split("→"))
    code, area_order = AREAS[area_name]
    area = SimpleNamespace(pk=area_order, code=code, kind="skill", order=area_order)
    slug = own.lower().replace(" ", "-")
    return SimpleNamespace(
        pk=f"{code}.{slug}", code=f"{code}.{slug}", order=order, area=area, area_id=area.pk
    )


def percent(value: float) -> str:
    return f"{value:.1f} %"


def test_the_another_role_profile_example_holds():
    part = section("Another role profile")
    rows = table(part)
    targets, items, expected = [], [], {}
    for order, (name, target, weight, used, gap, priority) in enumerate(rows):
        c = competency(name, order)
        targets.append(
            SimpleNamespace(
                competency=c, competency_id=c.pk, target=int(target), weight=int(weight)
            )
        )
        if not used.startswith("not rated"):
            # The level used, as the assessment's own item carries it.
            items.append(loading.Item(competency=c, target=0, weight=1, level=int(used)))
        expected[c.code] = (int(gap), int(priority))

    against = loading.items_against(targets, items)
    areas, report = loading.score_items(against)
    assert {c.code: (c.gap, c.priority) for c in report.competencies} == expected

    assert report.overall.readiness == 38.1
    assert [(a.code, a.readiness) for a in report.areas] == [
        ("programming", 16.7),
        ("database", 66.7),
        ("compliance-ethics", 0.0),
    ]
    for area in report.areas:
        assert percent(area.readiness) in part
    assert f"{percent(report.overall.readiness)} ready" in part
    assert (report.overall.rated, report.overall.total) == (6, 7)
    assert f"{report.overall.rated} of {report.overall.total} competencies are rated" in part
    missing = sum(1 for t in targets if t.competency_id not in {i.competency.pk for i in items})
    assert f"{missing} competency of the profile is not in" in part

    assert report.plan == (
        "programming.api-development",
        "compliance-ethics.regulatory-compliance",
        "database.sql",
        "database.vector-databases",
        "programming.python",
    )
    names = re.findall(
        r"(API development|Regulatory compliance|SQL|Vector databases|Python)",
        part[part.index("The plan would focus on") :],
    )
    assert names[:5] == [
        "API development",
        "Regulatory compliance",
        "SQL",
        "Vector databases",
        "Python",
    ]


def test_the_calibration_over_time_example_holds():
    part = section("Calibration over time")
    rows = table(part)
    first, second = [], []
    for name, one, one_difference, two, two_difference in rows:
        area_name = name.split("→")[0].strip()
        code, _order = AREAS[area_name]
        for reviews, pair, difference in (
            (first, one, one_difference),
            (second, two, two_difference),
        ):
            self_rating, manager_rating = (int(x) for x in pair.split("/"))
            assert self_rating - manager_rating == number(difference)
            reviews.append(
                scoring.CompetencyInput(
                    f"{code}.{len(reviews)}", code, 2, 1, self_rating, manager_rating
                )
            )

    def report(inputs):
        areas = list(dict.fromkeys(i.area for i in inputs))
        return scoring.score([scoring.AreaInput(a, "skill") for a in areas], inputs)

    result = scoring.calibration([report(first), report(second)])
    assert result == (
        scoring.AreaCalibration("programming", 0.7, 6, 2),
        scoring.AreaCalibration("database", -0.7, 6, 2),
    )
    assert "→  0.7" in part and "→ −0.7" in part
    assert (
        "You rated yourself higher than your manager in\nProgramming, by 0.7 levels on average"
        in part
    )
    assert (
        "You rated yourself lower than\nyour manager in Database, by 0.7 levels on average" in part
    )
    assert "each over 6\ncompetencies compared" in part
