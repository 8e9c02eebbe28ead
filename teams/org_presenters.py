"""What the organisation dashboard and the skills search show and export,
built from ``teams.organisation`` and ``teams.search``: the ratings switch,
the rows of their CSV files and the page of search hits. Plain values in the
active language; the views render and write them."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import RATINGS_LABELS
from .search import SOURCE_AGREED, SOURCE_MANAGER
from .selectors import RATINGS_MODES

SEARCH_SHOWN = 200


def ratings_links(query: QueryDict, path: str, active: str) -> list[dict]:
    """The switch between the ratings modes: each mode's label, the same page
    with the rest of the query kept, and whether it is the one shown."""
    links = []
    for mode in RATINGS_MODES:
        query = query.copy()
        query.pop("ratings", None)
        if mode != "all":
            query["ratings"] = mode
        links.append(
            {
                "label": RATINGS_LABELS[mode],
                "url": f"{path}?{query.urlencode()}" if query else path,
                "active": mode == active,
            }
        )
    return links


def teams_table(data) -> tuple[list[str], list[list]]:
    """The organisation's CSV: a header and a row a team; a team's readiness
    is left empty where it is not shown or nobody is assessed."""
    header = [
        _("Team"),
        _("Level in the tree"),
        _("Members"),
        _("Assessed"),
        _("No recent assessment"),
        _("Readiness"),
        *[area.name for area in data.areas],
    ]
    rows = []
    for row in data.teams:
        shown = row.shown and row.assessed
        areas = [c.readiness for c in row.cells] if shown else [None for _a in data.areas]
        rows.append(
            [
                row.team.name,
                row.depth,
                row.members,
                row.assessed,
                row.stale,
                *[
                    "" if value is None else value
                    for value in [row.readiness if shown else None, *areas]
                ],
            ]
        )
    return header, rows


def search_table(competency, hits) -> tuple[list[str], list[list]]:
    """The search's CSV: a header and a row a hit."""
    header = [
        _("Name"),
        _("Username"),
        _("Competency"),
        _("Level"),
        _("Target"),
        _("Source"),
        _("Reviewed"),
        _("Date"),
    ]
    sources = {SOURCE_MANAGER: _("manager"), SOURCE_AGREED: _("self, agreed by the manager")}
    rows = [
        [
            hit.name,
            hit.username,
            competency.code,
            hit.level,
            "" if hit.target is None else hit.target,
            sources.get(hit.source, _("self")),
            _("yes") if hit.review_done else _("no"),
            timezone.localtime(hit.rated_on).date().isoformat() if hit.rated_on else "",
        ]
        for hit in hits
    ]
    return header, rows


def search_page(hits) -> dict:
    """The hits the search page lists (the first ``SEARCH_SHOWN``), how many
    there are and how many are left out; ``hits`` None before a search."""
    if hits is None:
        return {"hits": None, "total": 0, "more": 0}
    return {
        "hits": hits[:SEARCH_SHOWN],
        "total": len(hits),
        "more": max(0, len(hits) - SEARCH_SHOWN),
    }
