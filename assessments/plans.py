"""The development plan of an assessment: the priority gaps the scoring module
chose (``Report.plan``), what the framework suggests for each, and the
engineer's own goals.

Read by the plan page and the PDF; written through ``services.goal_save``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from roles.models import Competency, DevelopmentAction, ProficiencyLevel

from . import scoring
from .models import Assessment, Goal
from .reports import SeverityBadge
from .selectors import AssessmentData, Item, assessment_data, goals_for

# A goal not done is "due soon" this many days before its due date, and
# "overdue" from the day after it.
DUE_SOON_DAYS = 14


@dataclass
class PlanRow(SeverityBadge):
    """One competency of the plan with everything shown around it."""

    competency: Competency
    score: scoring.CompetencyScore
    current: ProficiencyLevel | None
    target: ProficiencyLevel | None
    target_descriptor: str
    actions: list[DevelopmentAction]
    goal: Goal
    form: object | None = None  # the page's GoalForm (assessments.presenters.plan)
    state: object | None = None  # its RowStatus
    added: bool = False  # a competency the engineer chose to add a goal for (no goal saved yet)
    due: str = ""  # "overdue", "due_soon" or "" today (presenters.plan.due_states)
    due_days: int = 0  # days past, or left to, the due date

    @property
    def code(self) -> str:
        return self.competency.code

    @property
    def severity(self) -> str:
        return self.score.severity

    def due_state(self, today: date) -> str:
        """The saved goal's due state on ``today``: "overdue", "due_soon" or ""; a goal done
        is never late."""
        goal = self.goal
        if not goal.pk or goal.due_date is None or goal.status == Goal.Status.DONE:
            return ""
        if goal.due_date < today:
            return "overdue"
        if (goal.due_date - today).days <= DUE_SOON_DAYS:
            return "due_soon"
        return ""

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
    # Competencies with no row yet, in framework order: "add a goal for another competency".
    addable: list[Competency] = field(default_factory=list)

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


def plan_for(assessment: Assessment, *, data: AssessmentData | None = None, add: str = "") -> Plan:
    """The plan of ``assessment`` in a fixed number of queries; pass ``data``
    (loaded ``with_actions=True``) when the caller already has it. ``add`` names
    a competency of the assessment to show a (new) goal row for, first among
    the other goals; an unknown code, or one already shown, adds nothing."""
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
    shown = in_plan | {row.code for row in other_goals}
    if add in items and add not in shown:
        added = _row(items[add], data.report, levels, None, assessment)
        added.added = True
        other_goals.insert(0, added)
        shown.add(add)
    addable = [item.competency for item in data.items if item.competency.code not in shown]
    return Plan(data=data, rows=rows, other_goals=other_goals, addable=addable)
