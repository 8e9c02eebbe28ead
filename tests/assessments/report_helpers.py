"""Shared builders and page readers for the report, JSON and history tests."""

import html
import re

from assessments.models import Assessment
from roles.models import Competency, CompetencyArea, ProfileTarget, RoleProfile
from tests.factories import submitted

EXTRA_AREA = "extra-practice"


def add_extra_area(profile_code: str = "startup-generalist", count: int = 30) -> list[str]:
    """A new area with ``count`` competencies, all with targets in the profile."""
    area = CompetencyArea.objects.create(
        code=EXTRA_AREA,
        kind="skill",
        name_en="Extra practice",
        name_ind="Praktik tambahan",
        order=99,
    )
    competencies = Competency.objects.bulk_create(
        [
            Competency(
                area=area,
                code=f"{EXTRA_AREA}.item-{n:02d}",
                name_en=f"Extra item {n}",
                name_ind=f"Butir tambahan {n}",
                order=n,
            )
            for n in range(count)
        ]
    )
    profile = RoleProfile.objects.get(code=profile_code)
    ProfileTarget.objects.bulk_create(
        [
            ProfileTarget(profile=profile, competency=c, target=2 + n % 3, weight=1 + n % 3)
            for n, c in enumerate(competencies)
        ]
    )
    return [c.code for c in competencies]


def history_of(engineer, count: int, profile_code: str = "startup-generalist") -> list[Assessment]:
    """``count`` submitted assessments, each rated a little differently."""
    return [submitted(engineer, profile_code, level=n % 5) for n in range(count)]


def text(fragment: str) -> str:
    """The visible text of an HTML fragment, spaces collapsed (a no-break space stays)."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def element(page: str, element_id: str, tag: str = "tr") -> str:
    """The inner HTML of the first ``<tag id="element_id" …>…</tag>`` (no nesting of ``tag``)."""
    match = re.search(
        rf'<{tag}\b[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</{tag}>', page, re.S
    )
    assert match, f"no <{tag} id={element_id!r}> on the page"
    return match.group(1)


def field(row: str, name: str) -> str:
    """The visible text of the cell ``data-field=name`` in a row."""
    match = re.search(rf'data-field="{re.escape(name)}"[^>]*>(.*?)</td>', row, re.S)
    assert match, f"no data-field={name!r} in row"
    return text(match.group(1))


def ids_in_order(page: str, prefix: str) -> list[str]:
    return re.findall(rf'\bid="{re.escape(prefix)}([^"]+)"', page)


def percent_en(value: float) -> str:
    return f"{value:.1f}%"


def percent_id(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def scroll_regions(page: str) -> list[str]:
    """The names of the page's sideways-scrolling table regions, each checked to
    be reachable by keyboard (tabindex 0) and named by a heading on the page."""
    names = []
    for region in re.findall(r'<div class="table-responsive[^"]*"[^>]*>', page):
        assert 'role="region"' in region and 'tabindex="0"' in region, region
        heading_id, word = re.search(r'aria-labelledby="([^"]+)"', region).group(1).split()
        assert word == "sg-table-word" and 'id="sg-table-word"' in page
        heading = re.search(
            rf'<h[1-6][^>]* id="{re.escape(heading_id)}"[^>]*>(.*?)</h[1-6]>', page, re.S
        )
        assert heading, f"no heading {heading_id}"
        names.append(text(heading.group(1)))
    return names
