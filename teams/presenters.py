"""How the team pages write their numbers: plain text, in the active language.

No markup and no escaping here: the templates draw and escape. Nothing is
cached here either; the heatmap keeps each distinct cell it has drawn
(``teams/templatetags/heatmap.py``), so a readiness is formatted once per
distinct value and language, not once per cell.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext


def readiness_text(readiness: float | None) -> str:
    """A readiness as the heatmap writes it: one decimal in the active language
    (``54.5``, ``54,5``), the same as ``floatformat:1``; '' for None."""
    if readiness is None:
        return ""
    return number_format(readiness, 1, use_l10n=True)


def review_state_text(member) -> str:
    """Where a member's review stands, as a heatmap row says it: "awaiting
    review", "in review, 6 of 30" (competencies with a manager level, of all),
    "reviewed" or "reviewed, acknowledged"; '' without an assessment."""
    assessment = member.assessment
    if assessment is None:
        return ""
    status = assessment.status
    if status == assessment.Status.SUBMITTED:
        return gettext("awaiting review")
    if status == assessment.Status.IN_REVIEW:
        return gettext("in review, %(n)s of %(total)s") % {
            "n": member.manager_rated,
            "total": len(member.items),
        }
    if status == assessment.Status.ACKNOWLEDGED:
        return gettext("reviewed, acknowledged")
    return gettext("reviewed")
