"""The review's last two steps: the manager completes it, the engineer
acknowledges it. Both are POSTs that redirect to the page they were made on;
a refusal is said there (400 names what is missing, 409 a step already taken).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..errors import AssessmentFrozen, IncompleteReview
from ..forms import AcknowledgeForm, CompleteReviewForm
from . import errors
from .report import render_report
from .review import render_review


def _review_refused(request, error, status, pk):
    assessment = permissions.assessment_for_reviewer(request.user, pk)
    if isinstance(error, IncompleteReview):
        names = ", ".join(c.name for c in error.missing)
        message = ngettext(
            "The review is not complete: %(count)d competency has no rating of yours yet: %(names)s.",
            "The review is not complete: %(count)d competencies have no rating of yours yet: %(names)s.",
            len(error.missing),
        ) % {"count": len(error.missing), "names": names}
        return render_review(request, assessment, page_error=message, status=status)
    if isinstance(error, AssessmentFrozen):
        message = _("This review was completed already.")
        return render_review(request, assessment, page_error=message, status=status)
    return render_review(request, assessment, page_error=errors.message_of(error), status=status)


@login_required
@require_POST
@errors.mapped(page=_review_refused)
def review_complete(request, pk):
    """``POST /assessments/<id>/review/complete/`` (``agree_remaining=1``: the
    engineer's rating stands as the manager's for the competencies left)."""
    assessment = permissions.assessment_for_reviewer(request.user, pk)
    form = CompleteReviewForm(request.POST)
    form.is_valid()  # a checkbox: anything but a true value is False
    services.review_complete(
        user=request.user,
        assessment=assessment,
        agree_remaining=bool(form.cleaned_data.get("agree_remaining")),
    )
    messages.success(
        request,
        _("The review is complete. %(name)s can now read and acknowledge it.")
        % {"name": assessment.engineer.display_name},
    )
    return redirect("assessments:review", assessment.pk)


def _acknowledge_refused(request, error, status, pk):
    assessment = permissions.assessment_for_owner(request.user, pk)
    if isinstance(error, AssessmentFrozen):
        message = (
            _("You have acknowledged this review already.")
            if assessment.status == assessment.Status.ACKNOWLEDGED
            else _("There is no completed review to acknowledge yet.")
        )
    else:
        message = errors.message_of(error)
    form = AcknowledgeForm(request.POST)
    return render_report(
        request, assessment, acknowledge_form=form, page_error=message, status=status
    )


@login_required
@require_POST
@errors.mapped(page=_acknowledge_refused)
def acknowledge(request, pk):
    """``POST /assessments/<id>/acknowledge/`` with an optional ``comment``."""
    assessment = permissions.assessment_for_owner(request.user, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return render_report(
            request,
            assessment,
            acknowledge_form=form,
            page_error=_("Not saved: check your comment."),
            status=400,
        )
    services.assessment_acknowledge(
        user=request.user, assessment=assessment, comment=form.cleaned_data["comment"]
    )
    messages.success(request, _("Thank you: your manager sees that you have read the review."))
    return redirect("assessments:report", assessment.pk)
