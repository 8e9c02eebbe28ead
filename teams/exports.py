"""The team's ratings as CSV: one row per member × competency.

Written for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
Indonesian text right) and every text cell that a spreadsheet would take for a
formula (= + - @, tab, carriage return) prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import TeamData

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard(value):
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("Member"),
        _("Username"),
        _("Role profile"),
        _("Area"),
        _("Competency code"),
        _("Competency"),
        _("Target"),
        _("Weight"),
        _("Self rating"),
        _("Manager rating"),
        _("Rating used"),
        _("Gap"),
        _("Assessment date"),
    ]


def rows(data: TeamData) -> Iterator[list]:
    """One row per member × competency, members by name, competencies in framework order."""
    names = {
        code: (competency.area.name, competency.code, competency.name)
        for code, competency in data.competencies.items()
    }
    for member in data.assessed:
        assessment = member.assessment
        person = (member.user.display_name, member.user.username, assessment.role_profile.name)
        submitted = (
            timezone.localtime(assessment.submitted_at).date().isoformat()
            if assessment.submitted_at
            else ""
        )
        for score in member.report.competencies:
            yield [
                *person,
                *names[score.code],
                score.target,
                score.weight,
                "" if score.self_rating is None else score.self_rating,
                "" if score.manager_rating is None else score.manager_rating,
                score.rating if score.rated else "",
                score.gap,
                submitted,
            ]


def write_csv(data: TeamData, out) -> None:
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([guard(cell) for cell in header()])
    for row in rows(data):
        writer.writerow([guard(cell) for cell in row])
