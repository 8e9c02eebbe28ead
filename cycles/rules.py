"""The rules of a cycle's fields, in one place: the form shows them where the
user typed, the service refuses the same values from any other caller."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and other control characters: a name goes into e-mail subjects.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def clean_name(name: str) -> str:
    if not isinstance(name, str):
        raise ValidationError({"name": _("Give the cycle a name.")})
    if _CONTROL.search(name):
        raise ValidationError({"name": _("The name must be one line of text.")})
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the cycle a name.")})
    return name


def check_cycle_fields(*, name: str, self_due: date, review_due: date, today: date) -> None:
    from .models import NAME_MAX_LENGTH

    errors = {}
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Keep the name under %(max)s characters.") % {"max": NAME_MAX_LENGTH}
    if not isinstance(self_due, date) or self_due < today:
        errors["self_due"] = _("The self-assessment due date cannot be in the past.")
    if not isinstance(review_due, date) or review_due < today:
        errors["review_due"] = _("The review due date cannot be in the past.")
    elif isinstance(self_due, date) and review_due < self_due:
        errors["review_due"] = _(
            "The review is due after the self-assessment: choose a review due date on or after %(date)s."
        ) % {"date": self_due.isoformat()}
    if errors:
        raise ValidationError(errors)
