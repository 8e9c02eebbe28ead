"""The development plan page: a goal form and a save status on every row."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..forms import AddGoalForm, GoalForm
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


def with_action(plan: Plan, data, choice: str):
    """The posted plan with a suggested action put into its row's goal text.

    ``choice`` is "<competency code>:<action id>" of an action shown on the
    plan. The action becomes the goal's text, or is added after what the row
    already holds (once). Returns the data to save and the row's code; a
    choice that names no action shown changes nothing (None)."""
    code, _sep, action_id = str(choice).rpartition(":")
    row = plan.row(code)
    action = next((a for a in row.actions if str(a.pk) == action_id), None) if row else None
    if action is None:
        return data, None
    data = data.copy()
    key = f"{code}-text"
    typed = data.get(key, "").strip()
    if action.text not in typed:
        data[key] = f"{typed}\n\n{action.text}" if typed else action.text
    return data, code


def due_states(plan: Plan) -> None:
    """Each row's due state today (overdue, due soon), with the words that say it."""
    today = timezone.localdate()
    for row in plan.all_rows:
        row.due = row.due_state(today)
        if row.due:
            days = (row.goal.due_date - today).days
            row.due_days = abs(days)


def add_goal_form(plan: Plan) -> AddGoalForm | None:
    """The chooser of another competency to set a goal on (None when every one has a row)."""
    return AddGoalForm(competencies=plan.addable, auto_id="plan-%s") if plan.addable else None
