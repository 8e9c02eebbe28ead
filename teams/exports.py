"""The team's ratings as CSV: one row per member × competency.

Written for spreadsheets through ``core.spreadsheets`` (byte-order mark,
formulas neutralised). Blind (``assessments.blind``): for an assessment whose
review is not completed, the manager downloading it does not get the
self-rating of a competency they have not rated yet, nor what would give it
away (the rating used, the gap), the same as on the review page.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import blind, loading
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


def rows(data: TeamData, *, viewer=None) -> Iterator[list]:
    """One row per member × competency, members by name, competencies in
    framework order, as ``viewer`` may see them (without a viewer: everything)."""
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
        report = member.report
        if blind.hides_self_ratings(viewer, assessment):
            _areas, report = loading.score_items(blind.for_viewer(member.items, assessment, viewer))
        for score in report.competencies:
            yield [
                *person,
                *names[score.code],
                score.target,
                score.weight,
                "" if score.self_rating is None else score.self_rating,
                "" if score.manager_rating is None else score.manager_rating,
                score.rating if score.rated else "",
                score.gap if score.rated else "",
                submitted,
            ]


def write_csv(data: TeamData, out, *, viewer=None) -> None:
    spreadsheets.write_csv(out, header(), rows(data, viewer=viewer))
