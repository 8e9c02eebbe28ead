"""Manager review of a team member's submitted assessment (who may review: assessments/permissions.py).

``review`` shows every competency with the engineer's self-rating, evidence
and target, and a manager rating (0–4) and comment for each. With JavaScript
each row saves on its own through ``review_save`` (htmx); without it the page
is one form that saves every row at once, or none of them.

Only a manager of a team the engineer belongs to may review, and never their
own assessment (403); anyone else gets 404.

The review is blind (``assessments.blind``): every read here is made for the
viewer, so a self-rating the manager has not rated yet is in none of the
page, its htmx answers or the re-shown form; a row's saved answer reveals it
(out of band).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..errors import AssessmentFrozen, StaleRows
from ..forms import ReviewForm, row_form
from ..permissions import assessment_for_reviewer
from ..presenters import review as presenters
from ..selectors import assessment_data
from . import autosave, errors

TEMPLATE = "assessments/review.html"
NOT_YOURS = gettext_lazy("Not saved: you may not review this assessment.")


def _data(request, assessment):
    """The assessment as the signed-in manager may see it (blind while in review)."""
    return assessment_data(assessment, viewer=request.user)


def _context(request, assessment, data=None, **rows) -> dict:
    data = data or _data(request, assessment)
    return presenters.page_context(assessment, data, viewer=request.user, **rows)


def _page(request, assessment, *, data=None, status=200, page_error="", **rows):
    context = _context(request, assessment, data, **rows)
    context["page_error"] = page_error
    return render(request, TEMPLATE, context, status=status)


def render_review(request, assessment, *, page_error: str = "", status: int = 200):
    """The review page as it is saved, with ``page_error`` said at its top."""
    return _page(request, assessment, page_error=page_error, status=status)


def _refused_form(request, error, status, pk):
    """The whole form refused (no JavaScript): rows changed meanwhile are named,
    nothing is saved and everything posted is shown again."""
    assessment = assessment_for_reviewer(request.user, pk)
    if isinstance(error, AssessmentFrozen):
        messages.error(request, _("This assessment cannot be reviewed in its current state."))
        return redirect("assessments:review", assessment.pk)
    if isinstance(error, StaleRows):
        stale = {
            code: presenters.stale_message(rating, whole_form=True)
            for code, rating in error.stale.items()
        }
        return _page(
            request,
            assessment,
            posted=request.POST,
            messages=stale,
            stale=error.stale,
            status=status,
        )
    return _page(request, assessment, posted=request.POST, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@errors.mapped(page=_refused_form)
def review(request, pk):
    assessment = assessment_for_reviewer(request.user, pk)
    if request.method == "POST":
        return _review_all(request, assessment)
    return _page(request, assessment)


def _review_all(request, assessment):
    """Validate every row, then save them all or none of them."""
    data = _data(request, assessment)
    problems: dict[str, str] = {}
    changes = []
    for item in data.items:
        code = item.competency.code
        form = ReviewForm(request.POST, prefix=code)
        if form.is_blank():
            continue
        if not form.data.get(form.add_prefix("level")):
            problems[code] = _("Choose a rating to save this comment.")
        elif not form.is_valid():
            problems[code] = form.error_message()
        else:
            changes.append(form.change(code))
    if problems:
        return _page(
            request, assessment, data=data, posted=request.POST, messages=problems, status=400
        )
    saved = services.reviews_save_all(user=request.user, assessment=assessment, changes=changes)
    if saved:
        messages.success(request, _("Review saved."))
    else:
        messages.info(request, _("Nothing to save: no rating changed."))
    return redirect("assessments:review", assessment.pk)


@login_required
@require_POST
@errors.mapped(messages={Http404: NOT_YOURS, PermissionDenied: NOT_YOURS})
def review_save(request, pk, code):
    """Save one manager rating (``level`` 0–4, optional ``comment``)."""
    assessment = assessment_for_reviewer(request.user, pk)
    form = row_form(ReviewForm, request.POST, code)

    outcome = autosave.save_row(
        form,
        code,
        services.review_save,
        result="rating",
        revision="manager_revision",
        user=request.user,
        assessment=assessment,
        saved=_("Saved."),
        stale=presenters.stale_message,
        frozen=_("Not saved: this assessment cannot be reviewed now."),
    )
    if request.htmx:
        return _row_answer(request, assessment, code, outcome)
    if outcome.ok:
        messages.success(request, _("Review saved."))
        return redirect(reverse("assessments:review", args=[assessment.pk]) + f"#review-{code}")
    return _page(
        request,
        assessment,
        posted=_prefixed(request.POST, code),
        messages={code: outcome.message},
        status=outcome.status,
    )


def _row_answer(request, assessment, code, outcome: autosave.Outcome):
    """The row's status line; after a save, its new revision, the self-rating
    it now reveals, the calibration flag and the page's progress out of band."""
    context = {"status": outcome.row_status(code)}
    if outcome.state == "stale" and outcome.newer is not None:
        context["status"].stale = presenters.stale_choice(outcome.newer, presenters.level_names())
    if outcome.ok:
        assessment.refresh_from_db(fields=["status", "reviewed_at"])
        page = _context(request, assessment)
        row = next(r for r in page["rows"] if r.code == code)
        context.update(page, row=row, oob=True)
        context["status"].revision_id = row.status.revision_id
    return autosave.answer(request, f"{TEMPLATE}#review-status", context, outcome.status)


def _prefixed(data, code: str) -> dict:
    """A plain ``level``/``comment`` post, named as the page's fields are."""
    if any(key.startswith(f"{code}-") for key in data):
        return data
    return {f"{code}-{name}": data.get(name, "") for name in ("level", "comment", "revision")}
