"""The development plan page and the save of one goal.

Every goal row saves on its own through htmx (the response swaps only the
row's save status and revision, never the fields being typed in); without
JavaScript the whole page is one form posted to ``plan``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..errors import UnknownCompetency
from ..forms import GoalForm, row_form
from ..permissions import assessment_for_owner, assessment_for_viewer
from ..plans import Plan, plan_for
from ..presenters import plan as presenters
from . import autosave, errors

TEMPLATE = "assessments/plan.html"


def _render_plan(request, assessment, plan: Plan, *, status=200):
    presenters.due_states(plan)
    editable = assessment.engineer_id == request.user.pk
    context = {
        "assessment": assessment,
        "plan": plan,
        "editable": editable,
        "add_form": presenters.add_goal_form(plan) if editable else None,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@errors.mapped
def plan(request, pk):
    """The plan; its engineer edits it, their manager reads it."""
    if request.method == "POST":
        return _save_plan(request, assessment_for_owner(request.user, pk))
    assessment = assessment_for_viewer(request.user, pk)
    editable = assessment.engineer_id == request.user.pk
    current = plan_for(assessment, add=request.GET.get("add", "") if editable else "")
    if editable:
        presenters.attach_forms(current)
    return _render_plan(request, assessment, current)


def _save(request, assessment, form: GoalForm, code: str, *, whole_form: bool):
    """Validate and save one row: its outcome and the row's status.

    A stale row save keeps the page's revision (the next save is refused too)
    until the engineer chooses: keep theirs or take the saved one. The page
    posted without JavaScript carries the newer revision instead, so saving
    the form again replaces the newer goal, knowingly."""

    outcome = autosave.save_row(
        form,
        code,
        services.goal_save,
        result="goal",
        revision="revision",
        user=request.user,
        assessment=assessment,
        saved=_("Saved"),
        stale=presenters.stale_message(whole_form=whole_form),
    )
    status = outcome.row_status(code)
    if outcome.state == "stale":
        status.stale = presenters.stale_choice(outcome.newer)
        if whole_form:
            status.revision = outcome.newer_revision
    return outcome, status


def _save_plan(request, assessment):
    """Every row of the posted form, each on its own (the no-JavaScript path,
    and "use this action", which puts a suggested action into its goal)."""
    current = plan_for(assessment, add=request.POST.get("add", ""))
    data, used = presenters.with_action(current, request.POST, request.POST.get("use_action", ""))
    presenters.attach_forms(current, data)
    worst = 200
    for row in current.all_rows:
        if not row.form.is_posted():
            continue
        outcome, row.state = _save(request, assessment, row.form, row.code, whole_form=True)
        worst = max(worst, outcome.status)
    if worst == 200 and used:
        messages.success(request, _("The suggested action is now your goal: make it your own."))
        return redirect(reverse("assessments:plan", args=[assessment.pk]) + f"#goal-{used}")
    if worst == 200:
        messages.success(request, _("Your development plan is saved."))
        return redirect("assessments:plan", pk=assessment.pk)
    # Re-show what was typed, with the message on each row that did not save.
    return _render_plan(request, assessment, current, status=worst)


@login_required
@require_POST
@errors.mapped
def goal_save(request, pk, code):
    """Save one goal (an htmx row save, or a plain post of one row)."""
    assessment = assessment_for_owner(request.user, pk)
    form = row_form(GoalForm, request.POST, code)
    outcome, state = _save(request, assessment, form, code, whole_form=not request.htmx)
    if request.htmx:
        return autosave.answer(request, f"{TEMPLATE}#goal-state", {"status": state}, outcome.status)
    if outcome.ok:
        messages.success(request, _("Your goal is saved."))
        return redirect(reverse("assessments:plan", args=[assessment.pk]) + f"#goal-{code}")
    current = plan_for(assessment)
    row = current.row(code)
    if row is None:
        raise UnknownCompetency(code)
    presenters.attach_forms(current)
    row.form, row.state = form, state
    return _render_plan(request, assessment, current, status=outcome.status)
