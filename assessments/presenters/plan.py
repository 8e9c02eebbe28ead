"""The development plan page: a goal form and a save status on every row."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..forms import GoalForm
from ..models import Goal
from ..plans import Plan
from .autosave import RowStatus, StaleChoice


def stale_message(*, whole_form: bool) -> str:
    if whole_form:
        return _(
            "Not saved: this goal was changed meanwhile (in another tab or window). "
            "Yours is kept below; save again to replace the one shown here."
        )
    return _(
        "Not saved: this goal was changed meanwhile (in another tab or window). "
        "Keep yours, or take the saved one."
    )


def stale_choice(newer: Goal | None) -> StaleChoice:
    newer = newer or Goal()
    label = f"“{Truncator(newer.text).chars(300)}”" if newer.text else _("no goal text")
    detail = f" · {newer.get_status_display()}"
    if newer.due_date:
        detail += " · " + _("due %(date)s") % {"date": date_format(newer.due_date, "DATE_FORMAT")}
    values = {
        "text": newer.text,
        "due_date": newer.due_date.isoformat() if newer.due_date else "",
        "status": newer.status,
    }
    return StaleChoice(newer.revision, label, detail, values, "newer-goal")


def attach_forms(plan: Plan, data=None) -> None:
    """Give every row its form: bound to ``data`` (a posted plan) or showing the saved goal."""
    for row in plan.all_rows:
        if data is not None:
            row.form = GoalForm(data, prefix=row.code)
        else:
            row.form = GoalForm(
                prefix=row.code,
                initial={
                    "text": row.goal.text,
                    "due_date": row.goal.due_date,
                    "status": row.goal.status,
                    "revision": row.goal.revision,
                },
            )
        if row.state is None:
            row.state = RowStatus(prefix=row.code, revision=row.goal.revision)
