"""The answer to a revisioned row save, for the rating, review and goal rows.

A row posts its fields as ``<code>-<field>`` with ``<code>-revision``, the
revision the page showed (``forms.row_form``). ``save`` validates the form,
calls the service and maps what happened to a status code and the row's state:
200 saved, 400 refused input, 409 a newer value saved meanwhile (``stale``) or
an assessment that no longer changes (``frozen``). What is not the row's own
business (an unknown competency, a permission) leaves as the domain error, for
``errors.mapped``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from operator import attrgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import render

from ..errors import AssessmentFrozen, StaleRevision
from ..forms import RowForm
from ..presenters.autosave import RowStatus
from .errors import message_of, status_of

ANSWER_HEADER = "X-Autosave-Answer"  # static/js/autosave.js swaps only answers that carry it


def posted_revision(form: RowForm) -> int | None:
    """The revision the row was posted with (None: none, or not a number)."""
    raw = str(form.data.get(form.add_prefix("revision"), "") or "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@dataclass
class Outcome:
    status: int
    state: str  # "saved", "error", "stale", "frozen"
    message: str
    revision: int  # what the row's next save names: the new one, or the one posted
    saved: Any = None  # the saved object
    newer: Any = None  # stale: the object saved meanwhile (None: nothing saved yet)
    newer_revision: int = 0

    @property
    def ok(self) -> bool:
        return self.status == 200

    def row_status(self, prefix: str, **extra) -> RowStatus:
        return RowStatus(
            prefix=prefix, revision=self.revision, state=self.state, message=self.message, **extra
        )


def save(
    form: RowForm,
    call: Callable[[dict], Any],
    *,
    revision_of: Callable[[Any], int],
    saved: str,
    stale: str | Callable[[Any], str],
    frozen: str = "",
) -> Outcome:
    """Validate ``form``, then ``call(cleaned_data)`` (the service, returning the
    saved object); the outcome, with the messages given for each state."""
    posted = posted_revision(form) or 0
    if not form.is_valid():
        return Outcome(400, "error", form.error_message(), posted)
    try:
        obj = call(form.cleaned_data)
    except StaleRevision as error:
        current = error.current
        message = stale(current) if callable(stale) else stale
        newer_revision = revision_of(current) if current is not None else 0
        return Outcome(
            status_of(error), "stale", message, posted, newer=current, newer_revision=newer_revision
        )
    except AssessmentFrozen as error:
        return Outcome(status_of(error), "frozen", frozen or message_of(error), posted)
    except ValidationError as error:
        return Outcome(status_of(error), "error", message_of(error), posted)
    return Outcome(200, "saved", saved, revision_of(obj), saved=obj)


def answer(request, template: str, context: dict, status: int = 200):
    """The row's status partial (and out-of-band counters, where the page has them)."""
    response = render(request, template, context, status=status)
    response[ANSWER_HEADER] = "1"
    return response


def save_row(
    form: RowForm,
    code: str,
    service: Callable[..., Any],
    *,
    result: str,
    revision: str,
    saved: str,
    stale: str | Callable[[Any], str],
    frozen: str = "",
    **context,
) -> Outcome:
    """``save`` for a row whose service takes the form's change:
    ``service(**context, **form.change(code))``. ``result`` names the saved
    object in the service's answer, ``revision`` that object's revision field."""

    def call(_cleaned):
        change = form.change(code)
        fields = asdict(change) if is_dataclass(change) else change
        return getattr(service(**context, **fields), result)

    return save(
        form, call, revision_of=attrgetter(revision), saved=saved, stale=stale, frozen=frozen
    )
