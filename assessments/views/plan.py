"""The development plan page and the save of one goal.

Every goal row saves on its own through htmx (the response swaps only the
row's save indicator and revision, never the fields being typed in); without
JavaScript the whole page is one form posted to ``plan``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..errors import UnknownCompetency
from ..models import Goal
from ..permissions import assessment_for_owner, assessment_for_viewer
from ..plans import GoalForm, GoalState, Plan, attach_forms, plan_for

TEMPLATE = "assessments/plan.html"


def _render_plan(request, assessment, plan: Plan, *, status=200):
    return render(
        request,
        TEMPLATE,
        {
            "assessment": assessment,
            "plan": plan,
            "editable": assessment.engineer_id == request.user.pk,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request, pk):
    """The plan; its engineer edits it, their manager reads it."""
    if request.method == "POST":
        return _save_plan(request, assessment_for_owner(request.user, pk))
    assessment = assessment_for_viewer(request.user, pk)
    current = plan_for(assessment)
    if assessment.engineer_id == request.user.pk:
        attach_forms(current)
    return _render_plan(request, assessment, current)


def _save(request, assessment, form: GoalForm, code: str, *, whole_form=False):
    """Validate and save one row; the status code and what its indicator shows."""
    sent_revision = form.data.get(form.add_prefix("revision"))
    sent_revision = str(sent_revision or "")
    revision = int(sent_revision) if sent_revision.isascii() and sent_revision.isdigit() else 0
    if not form.is_valid():
        return 400, GoalState(code, revision, form.first_error(), failed=True)
    try:
        result = services.goal_save(
            user=request.user,
            assessment=assessment,
            competency_code=code,
            text=form.cleaned_data["text"],
            due_date=form.cleaned_data["due_date"],
            status=form.cleaned_data["status"],
            revision=form.cleaned_data["revision"],
        )
    except UnknownCompetency:
        raise Http404("No such competency in this plan") from None
    except services.StaleRevision as stale:
        return 409, _stale_state(code, revision, stale.current, whole_form=whole_form)
    except ValidationError as error:
        return 400, GoalState(code, revision, " ".join(error.messages), failed=True)
    return 200, GoalState(code, result.goal.revision, _("Saved"), saved=True)


def _stale_state(code, revision, newer: Goal | None, *, whole_form: bool) -> GoalState:
    """A save from a page older than the goal: nothing is overwritten, the typed
    goal stays on the page, and the goal saved meanwhile is shown beside it.

    A row save keeps the page's revision (the next save is refused too) until
    the engineer chooses: keep theirs or take the saved one (plan.js). The
    page posted without JavaScript carries the newer revision instead, so
    saving the form again replaces the newer goal, knowingly."""
    newer_revision = newer.revision if newer is not None else 0
    if whole_form:
        message = _(
            "Not saved: this goal was changed meanwhile (in another tab or window). "
            "Yours is kept below; save again to replace the one shown here."
        )
        revision = newer_revision
    else:
        message = _(
            "Not saved: this goal was changed meanwhile (in another tab or window). "
            "Keep yours, or take the saved one."
        )
    return GoalState(code, revision, message, failed=True, newer=newer or Goal())


def _save_plan(request, assessment):
    """The no-JavaScript path: every row of the posted form, each on its own."""
    current = plan_for(assessment)
    attach_forms(current, request.POST)
    worst = 200
    for row in current.all_rows:
        if not row.form.is_posted():
            continue
        status, row.state = _save(request, assessment, row.form, row.code, whole_form=True)
        worst = max(worst, status)
    if worst == 200:
        messages.success(request, _("Your development plan is saved."))
        return redirect("assessments:plan", pk=assessment.pk)
    # Re-show what was typed, with the message on each row that did not save.
    return _render_plan(request, assessment, current, status=worst)


@login_required
@require_POST
def goal_save(request, pk, code):
    """Save one goal (an htmx row save, or a plain post of one row)."""
    assessment = assessment_for_owner(request.user, pk)
    form = GoalForm(request.POST, prefix=code)
    if not form.is_posted():
        # A bare post of one row (``text``, ``due_date``, ``status``, ``revision``).
        form = GoalForm({form.add_prefix(k): v for k, v in request.POST.items()}, prefix=code)
    status, state = _save(request, assessment, form, code, whole_form=not request.htmx)
    if request.htmx:
        return render(request, f"{TEMPLATE}#goal-state", {"state": state}, status=status)
    if status == 200:
        messages.success(request, _("Your goal is saved."))
        return redirect(reverse("assessments:plan", args=[assessment.pk]) + f"#goal-{code}")
    current = plan_for(assessment)
    row = current.row(code)
    if row is None:
        raise Http404("No such competency in this plan")
    attach_forms(current)
    row.form, row.state = form, state
    return _render_plan(request, assessment, current, status=status)
