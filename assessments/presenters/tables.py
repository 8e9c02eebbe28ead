"""The heading rows of the report's and the progress page's tables.

``templates/partials/table_head.html`` draws a table's ``<thead>`` from a list
of :class:`Column`. Which columns a table has follows from what the report
holds (a manager column only where a manager rated, a change only against a
previous assessment), decided here once for the whole row instead of by an
``{% if %}`` around each heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Column:
    """A column's heading: its label, and how its cells sit."""

    label: str
    numeric: bool = False  # figures: aligned right
    from_width: str = ""  # "sm" or "md": shown from that screen width up only
    unseen: bool = False  # the label is read by screen readers, not shown

    @property
    def css_class(self) -> str:
        classes = ["text-end"] if self.numeric else []
        if self.from_width:
            classes += ["d-none", f"d-{self.from_width}-table-cell"]
        return " ".join(classes)


def _shown(*columns: Column | None) -> list[Column]:
    return [column for column in columns if column is not None]


CHANGE = pgettext_lazy("difference in readiness", "Change")


def report_columns(*, has_manager_ratings: bool, self_only: bool, comparison: bool) -> dict:
    """The heading rows of the report page's tables, by table."""
    manager = Column(_("Manager"), numeric=True)
    return {
        "areas": _shown(
            Column(_("Area")),
            Column(_("Current"), numeric=True),
            Column(_("Target"), numeric=True),
            Column(_("Readiness"), numeric=True),
            Column(_("Self-ratings only"), numeric=True) if self_only else None,
            Column(_("Priority"), numeric=True, from_width="md"),
            Column(_("Most severe gap"), from_width="md"),
            Column(CHANGE, numeric=True) if comparison else None,
        ),
        "competencies": _shown(
            Column(_("Competency")),
            Column(_("Target"), numeric=True),
            Column(_("Weight"), numeric=True, from_width="md"),
            Column(_("Self"), numeric=True),
            manager if has_manager_ratings else None,
            Column(_("Gap"), numeric=True, from_width="sm"),
            Column(_("Priority"), numeric=True, from_width="sm"),
            Column(_("Severity")),
        ),
        "priorities": [
            Column("#", numeric=True),
            Column(_("Competency")),
            Column(_("Priority"), numeric=True),
            Column(_("Severity")),
        ],
        "blind_spots": [Column(_("Competency")), Column(_("Self"), numeric=True), manager],
        "primary_roles": [
            Column(_("Primary role")),
            Column(_("Duties"), from_width="md"),
            Column(_("Readiness"), numeric=True),
            Column(_("Priority"), numeric=True),
        ],
    }


def history_columns() -> dict:
    """The heading row of the progress page's table of submitted assessments."""
    return {
        "assessments": [
            Column(_("Submitted")),
            Column(_("Role profile"), from_width="sm"),
            Column(_("Status")),
            Column(_("Overall readiness"), numeric=True),
            Column(CHANGE, numeric=True),
            Column(_("Report"), unseen=True),
        ]
    }
