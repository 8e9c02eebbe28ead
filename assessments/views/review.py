"""Manager review of a team member's submitted assessment (SPEC §3, §6).

``review`` shows every competency with the engineer's self-rating, evidence
and target, and a manager rating (0–4) and comment for each. With JavaScript
each row saves on its own through ``review_save`` (htmx); without it the page
is one form that saves every row at once.

Only a manager of a team the engineer belongs to may review, and never their
own assessment (403); anyone else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from roles.models import SCALE_MAX, SCALE_MIN, ProficiencyLevel

from .. import scoring, services
from ..errors import UnknownCompetency
from ..permissions import assessment_for_reviewer
from ..selectors import AssessmentData, Item, assessment_data

TEMPLATE = "assessments/review.html"
LEVEL_CHOICES = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
COMMENT_MAX_LENGTH = 2000


class ReviewForm(forms.Form):
    """One manager rating: ``level`` (0–4), optional ``comment``, and the
    ``revision`` of the manager rating the page showed (optimistic lock).

    The whole-page form prefixes the fields with the competency code
    (``<code>-level``); the per-row htmx save sends the same names, and a plain
    ``level``/``comment`` post (SPEC §7) works too.
    """

    level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES,
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose a rating from 0 to 4."),
            "invalid_choice": gettext_lazy("Choose a rating from 0 to 4."),
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": gettext_lazy("Keep the comment under %(limit_value)d characters."),
        },
    )
    revision = forms.IntegerField(required=False, min_value=0)

    def first_error(self) -> str:
        for field in ("level", "comment", "revision"):
            if field in self.errors:
                return self.errors[field][0]
        return _("Not saved: check the rating.")


def _form_for(data, code: str) -> ReviewForm:
    prefixed = any(f"{code}-{name}" in data for name in ("level", "comment", "revision"))
    return ReviewForm(data, prefix=code if prefixed else None)


@dataclass
class Row:
    """One competency on the review page, with what the manager has (or just posted)."""

    item: Item
    score: scoring.CompetencyScore
    level: int | None  # the manager rating shown as chosen
    comment: str
    revision: int
    message: str = ""
    failed: bool = False

    @property
    def code(self) -> str:
        return self.item.competency.code


def _rows(data: AssessmentData, posted=None, messages_by_code=None) -> list[Row]:
    """The page's rows; ``posted`` keeps what the manager sent when it is shown
    again with an error, so nothing typed is lost."""
    messages_by_code = messages_by_code or {}
    rows = []
    for item, score in zip(data.items, data.report.competencies, strict=True):
        rating = item.rating
        code = item.competency.code
        level, comment, revision = (
            rating.manager_level,
            rating.manager_comment,
            rating.manager_revision,
        )
        if posted is not None:
            raw_level = posted.get(f"{code}-level", "")
            level = int(raw_level) if raw_level in dict(LEVEL_CHOICES) else level
            comment = posted.get(f"{code}-comment", comment)
            raw_revision = posted.get(f"{code}-revision", "")
            revision = (
                int(raw_revision) if raw_revision.isascii() and raw_revision.isdigit() else revision
            )
        message = messages_by_code.get(code, "")
        rows.append(
            Row(
                item=item,
                score=score,
                level=level,
                comment=comment,
                revision=revision,
                message=message,
                failed=bool(message),
            )
        )
    return rows


def _reviewable(user, pk):
    return assessment_for_reviewer(user, pk)


def _page(request, assessment, *, data=None, posted=None, messages_by_code=None, status=200):
    data = data or assessment_data(assessment)
    rows = _rows(data, posted, messages_by_code)
    levels = list(ProficiencyLevel.objects.order_by("level"))
    return render(
        request,
        TEMPLATE,
        {
            "assessment": assessment,
            "data": data,
            "rows": rows,
            "levels": levels,
            "level_names": {level.level: level.name for level in levels},
            "reviewed_count": sum(1 for row in rows if row.item.rating.manager_level is not None),
            "total": len(rows),
        },
        status=status,
    )


class _Conflicts(Exception):
    """Some rows were changed elsewhere meanwhile: save none of them."""

    def __init__(self, codes):
        super().__init__("stale rows")
        self.codes = codes


def _stale_message(rating) -> str:
    if rating.manager_level is None:
        return _(
            "Not saved: this rating was changed in another window. Reload the page to see the latest."
        )
    return _(
        "Not saved: this rating was changed in another window (it is now %(level)s). "
        "Reload the page to see the latest."
    ) % {"level": rating.manager_level}


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    assessment = _reviewable(request.user, pk)
    if request.method == "POST":
        return _review_all(request, assessment)
    return _page(request, assessment)


def _review_all(request, assessment):
    """The page as one form (no JavaScript): validate every row, then save them
    all in one transaction or none of them."""
    data = assessment_data(assessment)
    errors: dict[str, str] = {}
    changes = []
    for item in data.items:
        code = item.competency.code
        level = request.POST.get(f"{code}-level", "")
        comment = request.POST.get(f"{code}-comment", "")
        if not level and not comment.strip():
            continue
        form = ReviewForm(request.POST, prefix=code)
        if not level:
            errors[code] = _("Choose a rating to save this comment.")
        elif not form.is_valid():
            errors[code] = form.first_error()
        else:
            changes.append((code, form.cleaned_data))
    if errors:
        return _page(
            request, assessment, data=data, posted=request.POST, messages_by_code=errors, status=400
        )
    saved = 0
    try:
        with transaction.atomic():
            stale = {}
            for code, cleaned in changes:
                try:
                    result = services.review_save(
                        user=request.user,
                        assessment=assessment,
                        competency_code=code,
                        level=cleaned["level"],
                        comment=cleaned["comment"],
                        revision=cleaned["revision"],
                    )
                except services.StaleRevision as exc:
                    stale[code] = _stale_message(exc.current)
                else:
                    saved += result.changed
            if stale:
                raise _Conflicts(stale)
    except _Conflicts as exc:
        return _page(
            request,
            assessment,
            data=data,
            posted=request.POST,
            messages_by_code=exc.codes,
            status=409,
        )
    except services.AssessmentFrozen:
        messages.error(request, _("This assessment cannot be reviewed in its current state."))
        return redirect("assessments:review", assessment.pk)
    if saved:
        messages.success(request, _("Review saved."))
    else:
        messages.info(request, _("Nothing to save: no rating changed."))
    return redirect("assessments:review", assessment.pk)


def _row_status(request, *, code, message, status, data=None, assessment=None):
    """The htmx answer: the row's save status, and after a save the row's new
    revision, calibration flag and the page's progress (out of band)."""
    context = {"code": code, "message": message, "failed": status >= 400}
    if data is not None:
        rows = _rows(data)
        row = next((r for r in rows if r.code == code), None)
        context.update(
            {
                "row": row,
                "assessment": assessment,
                "reviewed_count": sum(1 for r in rows if r.item.rating.manager_level is not None),
                "total": len(rows),
                "oob": True,
            }
        )
    return render(request, f"{TEMPLATE}#review-status", context, status=status)


@login_required
@require_POST
def review_save(request, pk, code):
    """Save one manager rating (``level`` 0–4, optional ``comment``)."""
    try:
        assessment = _reviewable(request.user, pk)
    except (Http404, PermissionDenied) as exc:
        if not request.htmx:
            raise
        return _row_status(
            request,
            code=code,
            message=_("Not saved: you may not review this assessment."),
            status=404 if isinstance(exc, Http404) else 403,
        )

    form = _form_for(request.POST, code)
    status, message = 200, ""
    if not form.is_valid():
        status, message = 400, form.first_error()
    else:
        try:
            services.review_save(
                user=request.user,
                assessment=assessment,
                competency_code=code,
                level=form.cleaned_data["level"],
                comment=form.cleaned_data["comment"],
                revision=form.cleaned_data["revision"],
            )
        except services.StaleRevision as exc:
            status, message = 409, _stale_message(exc.current)
        except services.AssessmentFrozen:
            status, message = 409, _("Not saved: this assessment cannot be reviewed now.")
        except ValidationError as exc:
            status, message = 400, exc.messages[0]
        except UnknownCompetency:
            if not request.htmx:
                raise Http404("No such competency in this assessment") from None
            status, message = 404, _("Not saved: this competency is not part of the assessment.")

    if request.htmx:
        if status != 200:
            return _row_status(request, code=code, message=message, status=status)
        assessment.refresh_from_db(fields=["status", "reviewed_at"])
        return _row_status(
            request,
            code=code,
            message=_("Saved."),
            status=200,
            data=assessment_data(assessment),
            assessment=assessment,
        )
    if status != 200:
        return _page(
            request,
            assessment,
            posted=_prefixed(request.POST, code),
            messages_by_code={code: message},
            status=status,
        )
    messages.success(request, _("Review saved."))
    return redirect(reverse("assessments:review", args=[assessment.pk]) + f"#review-{code}")


def _prefixed(data, code: str) -> dict:
    """A plain ``level``/``comment`` post, named as the page's fields are."""
    if any(key.startswith(f"{code}-") for key in data):
        return data
    return {f"{code}-{name}": data.get(name, "") for name in ("level", "comment", "revision")}
