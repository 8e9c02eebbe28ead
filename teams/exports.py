"""The team's ratings as CSV: one row per member × competency.

Written for spreadsheets through ``core.spreadsheets`` (byte-order mark,
formulas neutralised).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from core import spreadsheets

from .selectors import TeamData


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
    spreadsheets.write_csv(out, header(), rows(data))
