"""The development plan of an assessment: the priority gaps the scoring module
chose (``Report.plan``), what the framework suggests for each, and the
engineer's own goals.

Read by the plan page and the PDF; written through ``services.goal_save``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from roles.models import Competency, DevelopmentAction, ProficiencyLevel

from . import scoring
from .models import Assessment, Goal
from .reports import SEVERITY_GLYPHS, SEVERITY_LABELS
from .selectors import AssessmentData, Item, assessment_data, goals_for
from .services import GOAL_TEXT_MAX_LENGTH


class GoalForm(forms.Form):
    """One goal of the plan. Prefixed with the competency code, so the rows of
    the plan page can share one ``<form>`` (the no-JavaScript fallback) and an
    htmx save of one row reads only its own fields."""

    text = forms.CharField(
        label=_("Your goal"),
        required=False,
        max_length=GOAL_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the due date as a date, e.g. 2025-12-31.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a status: not started, in progress or done.")},
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A textarea's maxlength would silently cut pasted text in the browser;
        # the server says how long it is instead.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def is_posted(self) -> bool:
        """Whether the request carried this row at all (a partial form posts only some rows)."""
        return self.is_bound and any(self.add_prefix(name) in self.data for name in self.fields)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


@dataclass
class GoalState:
    """What the row's save indicator shows and which revision the next save names."""

    prefix: str
    revision: int
    message: str = ""
    failed: bool = False
    saved: bool = False
    newer: Goal | None = None  # a stale save: the goal saved meanwhile


@dataclass
class PlanRow:
    """One competency of the plan with everything shown around it."""

    competency: Competency
    score: scoring.CompetencyScore
    current: ProficiencyLevel | None
    target: ProficiencyLevel | None
    target_descriptor: str
    actions: list[DevelopmentAction]
    goal: Goal
    form: GoalForm | None = None
    state: GoalState | None = None

    @property
    def code(self) -> str:
        return self.competency.code

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.score.severity]

    @property
    def severity_glyph(self) -> str:
        return SEVERITY_GLYPHS[self.score.severity]

    @property
    def has_goal(self) -> bool:
        return bool(self.goal.pk) and bool(
            self.goal.text or self.goal.due_date or self.goal.status != Goal.Status.NOT_STARTED
        )


@dataclass
class Plan:
    """The five priority gaps, and the goals kept on other competencies (carried
    forward from an earlier assessment, or left from a gap since closed)."""

    data: AssessmentData
    rows: list[PlanRow]
    other_goals: list[PlanRow] = field(default_factory=list)

    @property
    def all_rows(self) -> list[PlanRow]:
        return self.rows + self.other_goals

    def row(self, code: str) -> PlanRow | None:
        for row in self.all_rows:
            if row.code == code:
                return row
        return None


def _row(item: Item, report: scoring.Report, levels, goal: Goal | None, assessment) -> PlanRow:
    score = report.competency(item.competency.code)
    if goal is None:
        goal = Goal(assessment=assessment, competency=item.competency)
    return PlanRow(
        competency=item.competency,
        score=score,
        current=levels.get(score.rating),
        target=levels.get(score.target),
        target_descriptor=item.competency.level_descriptor(score.target),
        actions=list(item.competency.actions.all()),
        goal=goal,
    )


def plan_for(assessment: Assessment, *, data: AssessmentData | None = None) -> Plan:
    """The plan of ``assessment`` in a fixed number of queries; pass ``data``
    (loaded ``with_actions=True``) when the caller already has it."""
    if data is None:
        data = assessment_data(assessment, with_actions=True)
    goals = goals_for(assessment)
    levels = {level.level: level for level in ProficiencyLevel.objects.all()}
    items = {item.competency.code: item for item in data.items}
    rows = [
        _row(items[code], data.report, levels, goals.get(items[code].competency.pk), assessment)
        for code in data.report.plan
    ]
    in_plan = set(data.report.plan)
    other_goals = [
        _row(item, data.report, levels, goals[item.competency.pk], assessment)
        for item in data.items
        if item.competency.code not in in_plan and item.competency.pk in goals
    ]
    return Plan(data=data, rows=rows, other_goals=other_goals)


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
            row.state = GoalState(prefix=row.code, revision=row.goal.revision)
