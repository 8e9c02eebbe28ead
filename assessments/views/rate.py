"""The self-assessment: rate yourself, submit. Every row saves on its own
through htmx (``rating_save``: the row's status and revision; the progress,
and the target and gap its saved level reveals, out of band); without
JavaScript the page is one form posted to ``rate``, and ``submit`` saves what
it is sent the same way before it submits. What the page shows is built in
``presenters.rate``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions, selectors, services
from ..errors import AssessmentFrozen, IncompleteAssessment, UnknownCompetency
from ..forms import RatingForm, row_form
from ..models import Rating
from ..presenters import rate as presenters
from . import autosave, errors

TEMPLATE = "assessments/rate.html"


def _render_page(request, context: dict, *, status: int = 200):
    return render(request, TEMPLATE, context, status=status)


def _fresh_context(assessment) -> dict:
    return presenters.page_context(assessment, selectors.rating_page(assessment))


def _refused_page(request, error, status, pk, **_kwargs):
    """The whole page refused as a whole (a plain post): the page, and why."""
    context = _fresh_context(permissions.assessment_for_owner(request.user, pk))
    frozen = isinstance(error, AssessmentFrozen)
    message = presenters.frozen_message() if frozen else errors.message_of(error)
    presenters.show_page_error(context, message, frozen=frozen)
    return _render_page(request, context, status=status)


# --- the rating page and the whole-page form ---------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@errors.mapped(page=_refused_page)
def rate(request, pk):
    """The rating page of a draft; POST saves the whole page (no JavaScript)."""
    if request.method == "POST":
        assessment = permissions.assessment_for_owner(request.user, pk)
        response = _save_page(request, assessment)
        if response is not None:
            return response
        if request.POST.get("then") == "review":
            return redirect("assessments:submit", assessment.pk)
        messages.success(request, _("Your ratings are saved."))
        return redirect("assessments:rate", assessment.pk)
    assessment = permissions.assessment_for_viewer(request.user, pk)
    if assessment.is_frozen:
        return redirect("assessments:report", assessment.pk)
    return _render_page(request, _fresh_context(assessment))


def _save_page(request, assessment):
    """Save every changed row of the posted page; None when all landed. Invalid
    input saves nothing (400); rows changed meanwhile elsewhere are refused and
    shown (409), the others are saved. A frozen assessment raises (409)."""
    if assessment.is_frozen:
        raise AssessmentFrozen
    page = selectors.rating_page(assessment)
    context = presenters.page_context(assessment, page)
    rows = context["rows"]
    forms = {
        code: RatingForm(request.POST, prefix=code, track_changes=True)
        for code in rows
        if any(key.startswith(f"{code}-") for key in request.POST)
    }
    if not all([form.is_valid() for form in forms.values()]):
        presenters.show_invalid(context, forms, page.levels)
        return _render_page(request, context, status=400)
    changes = [form.change(code) for code, form in forms.items() if form.user_changed()]
    result = services.ratings_save_all(user=request.user, assessment=assessment, changes=changes)
    if not result.stale:
        return None
    context = _fresh_context(assessment)
    presenters.show_stale(context, forms, result.stale, page.levels)
    return _render_page(request, context, status=409)


# --- one row (autosave) -----------------------------------------------------


@login_required
@require_POST
@errors.mapped
def rating_save(request, pk, code):
    """Save one self-rating. htmx gets the row's status and the progress out of
    band; a plain form post goes back to the row on the rating page."""
    form = row_form(RatingForm, request.POST, code)
    if form.is_valid():
        # The common case in one query fewer (the owner check is in the query
        # that locks the rating); anything else takes the path below.
        change = form.change(code)
        result = services.own_draft_rating_save(
            user=request.user,
            assessment_id=pk,
            competency_code=code,
            level=change.level,
            evidence=change.evidence,
            revision=change.revision,
        )
        if result is not None:
            return _saved(request, result.rating)
    assessment = permissions.assessment_for_owner(request.user, pk)

    outcome = autosave.save_row(
        form,
        code,
        services.rating_save,
        result="rating",
        revision="revision",
        user=request.user,
        assessment=assessment,
        saved=_("Saved"),
        stale=presenters.stale_message(),
        frozen=presenters.frozen_message(),
    )
    if outcome.ok:
        return _saved(request, outcome.saved)
    return _row_failure(request, assessment, code, form, outcome)


def _saved(request, rating: Rating):
    """A save that landed: htmx gets the row's status and the progress; a
    plain form post goes back to the row."""
    assessment = rating.assessment
    if not request.htmx:
        return redirect(
            reverse("assessments:rate", args=[assessment.pk])
            + f"#row-{presenters.dom_id(rating.competency.code)}"
        )
    progress, score = selectors.draft_progress_and_score(assessment, rating.competency.code)
    context = presenters.saved_context(rating, progress, score)
    return autosave.answer(request, f"{TEMPLATE}#autosave-answer", context)


def _row_failure(request, assessment, code, form, outcome: autosave.Outcome):
    """A refused save: the message where the user is, their choice kept on screen."""
    page = selectors.rating_page(assessment)
    context = presenters.page_context(assessment, page)
    row = presenters.show_failed_row(context, code, form, outcome, page.levels)
    if row is None:
        raise UnknownCompetency(code)
    if request.htmx:
        return autosave.answer(request, f"{TEMPLATE}#rating-state", {"row": row}, outcome.status)
    return _render_page(request, context, status=outcome.status)


# --- submit -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@errors.mapped(page=_refused_page)
def submit(request, pk):
    """GET: the review-and-confirm step (every rating that will be frozen).
    POST: submit the draft: what the form carries is saved first (so a change
    made just before pressing submit is kept), then every competency must be rated."""
    if request.method != "POST":
        return _confirm_page(request, pk)
    assessment = permissions.assessment_for_owner(request.user, pk)
    if assessment.is_frozen:
        # A second press of the button, or another tab: it is already done.
        return redirect("assessments:report", assessment.pk)
    response = _save_page(request, assessment)
    if response is not None:
        return response
    try:
        services.assessment_submit(user=request.user, assessment=assessment)
    except AssessmentFrozen:
        return redirect("assessments:report", assessment.pk)
    except IncompleteAssessment as incomplete:
        context = _fresh_context(assessment)
        presenters.show_missing(context, incomplete.missing)
        return _render_page(request, context, status=400)
    messages.success(request, _("Your assessment is submitted. Here is your gap report."))
    return redirect("assessments:report", assessment.pk)


def _confirm_page(request, pk):
    assessment = permissions.assessment_for_owner(request.user, pk)
    if assessment.is_frozen:
        return redirect("assessments:report", assessment.pk)
    context = presenters.confirm_context(assessment, selectors.rating_page(assessment))
    return render(request, "assessments/submit_confirm.html", context)
