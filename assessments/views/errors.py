"""The domain's refusals as HTTP answers, in one place.

``status_of`` and ``message_of`` say what a refusal is worth (UnknownCompetency
and a lookup the user may not make: 404; PermissionDenied: 403;
AssessmentFrozen, StaleRevision, StaleRows: 409; ValidationError,
IncompleteAssessment, IncompleteReview: 400). ``mapped`` wraps a view: a refusal that leaves it
becomes the error partial for htmx, which the row shows in its status line
(static/js/autosave.js), and for a plain post Django's 404 or 403 page, or the
view's own page when it has one (``page=``).
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .. import errors as domain

STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (domain.UnknownCompetency, 404),
    (Http404, 404),
    (PermissionDenied, 403),
    (domain.AssessmentFrozen, 409),
    (domain.StaleRevision, 409),
    (domain.StaleRows, 409),
    (domain.IncompleteAssessment, 400),
    (domain.IncompleteReview, 400),
    (ValidationError, 400),
)
MAPPED = tuple(kind for kind, _status in STATUSES)


def status_of(error: Exception) -> int:
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    raise TypeError(f"not a mapped refusal: {error!r}")


def message_of(error: Exception) -> str:
    """What the user is told, where the page has nothing more precise to say."""
    if isinstance(error, domain.UnknownCompetency):
        return _("Not saved: this competency is not part of the assessment.")
    if isinstance(error, Http404 | PermissionDenied):
        return _("Not saved: you may not change this.")
    if isinstance(error, domain.AssessmentFrozen):
        return _("Not saved: this assessment can no longer be changed here.")
    if isinstance(error, domain.StaleRevision | domain.StaleRows):
        return _("Not saved: this was changed meanwhile (in another tab or window).")
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("Not saved: check what you entered.")


def htmx_error(request, message: str, status: int) -> HttpResponse:
    """A refusal that is not a row's status: the row says it and keeps its state."""
    html = render_to_string("partials/htmx_error.html", {"message": message}, request=request)
    return HttpResponse(html, status=status)


def mapped(view=None, *, page=None, messages: dict | None = None):
    """Map the refusals leaving ``view`` to their answer.

    ``page(request, error, status, **view_kwargs)`` answers a plain post refused
    with a 400 or 409 (the page again, what was typed kept); ``messages`` maps a
    refusal's class to what htmx is told instead of ``message_of``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except MAPPED as error:
                status = status_of(error)
                if request.htmx:
                    message = next(
                        (
                            text
                            for kind, text in (messages or {}).items()
                            if isinstance(error, kind)
                        ),
                        None,
                    )
                    return htmx_error(request, str(message or message_of(error)), status)
                if status == 404 and not isinstance(error, Http404):
                    raise Http404(str(error)) from None
                if status in (403, 404):
                    raise
                if page is not None:
                    return page(request, error, status, *args, **kwargs)
                return htmx_error(request, message_of(error), status)

        return wrapped

    return decorate if view is None else decorate(view)
