"""The forms of the assessment pages, and the source of their field rules.

Choosing a role profile, rating a competency, a manager's rating and a goal of
the development plan. The rating and review rows render their own markup
(radio groups with the competency's descriptors, htmx attributes), but the
limits they show (``maxlength``, the levels offered) come from these fields;
the forms validate what comes back.

Every row form is prefixed with its competency code (``<code>-level``,
``<code>-revision``): the whole page is one ``<form>`` without JavaScript, and
a row's autosave posts its own fields under the same names. ``row_form`` also
takes a bare post of one row (``level``, ``comment``, ``revision``…).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Goal, Rating
from .scoring import SCALE_MAX, SCALE_MIN
from .selectors import active_profiles
from .services import GOAL_TEXT_MAX_LENGTH, RatingChange, ReviewChange

LEVEL_MESSAGE = _("Choose a level from 0 to 4.")
REVIEW_LEVEL_MESSAGE = _("Choose a rating from 0 to 4.")
LEVELS = range(SCALE_MIN, SCALE_MAX + 1)


class StartForm(forms.Form):
    """Start an assessment: the role profile, by its code."""

    role_profile = forms.ModelChoiceField(
        queryset=active_profiles(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
        label=_("Role profile"),
        error_messages={
            "required": _("Choose the role profile to assess yourself against."),
            "invalid_choice": _("Choose one of the role profiles listed."),
        },
    )


class RowForm(forms.Form):
    """A row of an autosaving page: its fields prefixed with the competency code."""

    def is_posted(self) -> bool:
        """Whether the request carried this row at all (a partial form posts only some rows)."""
        return self.is_bound and any(self.add_prefix(name) in self.data for name in self.fields)

    def posted(self, name: str) -> bool:
        return self.add_prefix(name) in self.data

    def error_message(self) -> str:
        """All the form's errors as one sentence, for the row's status line."""
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


def row_form(form_class: type[RowForm], data, code: str, **kwargs) -> RowForm:
    """The row ``code`` of a post: its prefixed fields (``<code>-level``), or a
    bare post of one row (``level``), read as if it were prefixed."""
    prefix = f"{code}-"
    if not any(key.startswith(prefix) for key in data):
        data = {prefix + key: value for key, value in data.items()}
    return form_class(data, prefix=code, **kwargs)


def level_values(field) -> list[int]:
    """The levels a level field accepts, in order: its choices, or its bounds."""
    choices = getattr(field, "choices", None)
    if choices:
        return [int(value) for value, _label in choices]
    return list(range(field.min_value, field.max_value + 1))


class RatingForm(RowForm):
    """One competency's self-rating: a level 0–4, an evidence note, and the
    revision the page showed (so a save from an out-of-date page is refused).

    A field that is not posted at all keeps what is saved: an evidence note
    typed before a level is chosen saves on its own, and a rating is never
    erased by a request that does not mention it.
    """

    level = forms.IntegerField(
        required=False,
        min_value=SCALE_MIN,
        max_value=SCALE_MAX,
        error_messages={
            "invalid": LEVEL_MESSAGE,
            "min_value": LEVEL_MESSAGE,
            "max_value": LEVEL_MESSAGE,
        },
    )
    evidence = forms.CharField(
        required=False,
        max_length=Rating._meta.get_field("evidence").max_length,
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, track_changes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # On the whole-page form each row carries the values it showed, so only
        # the rows the user changed are saved (an untouched row never collides
        # with a change made meanwhile in another tab).
        self.track_changes = track_changes
        for name in ("level", "evidence"):
            self.fields[name].show_hidden_initial = track_changes

    def clean(self):
        cleaned = super().clean()
        if not self.track_changes and not self.posted("level") and not self.posted("evidence"):
            raise forms.ValidationError(LEVEL_MESSAGE, code="empty")
        return cleaned

    def user_changed(self) -> bool:
        """On the whole-page form: did the user change this row's level or evidence?"""
        return bool({"level", "evidence"} & set(self.changed_data))

    def change(self, code: str) -> RatingChange:
        """The change this form asks for; what was not posted stays as saved."""
        data = self.cleaned_data
        return RatingChange(
            competency_code=code,
            level=data.get("level"),
            evidence=data.get("evidence") if self.posted("evidence") else None,
            revision=data.get("revision"),
        )


class ReviewForm(RowForm):
    """One manager rating: ``level`` (0–4), optional ``comment``, and the
    ``revision`` of the manager rating the page showed (optimistic lock)."""

    level = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in LEVELS],
        coerce=int,
        error_messages={"required": REVIEW_LEVEL_MESSAGE, "invalid_choice": REVIEW_LEVEL_MESSAGE},
    )
    comment = forms.CharField(
        required=False,
        max_length=Rating._meta.get_field("manager_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Keep the comment under %(limit_value)d characters."),
        },
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def is_blank(self) -> bool:
        """On the whole form: a row left as it came (no rating, no comment)."""
        level = self.data.get(self.add_prefix("level"), "")
        return not level and not str(self.data.get(self.add_prefix("comment"), "")).strip()

    def change(self, code: str) -> ReviewChange:
        data = self.cleaned_data
        return ReviewChange(
            competency_code=code,
            level=data["level"],
            comment=data["comment"],
            revision=data["revision"],
        )


class GoalForm(RowForm):
    """One goal of the plan."""

    text = forms.CharField(
        label=_("Your goal"),
        required=False,
        max_length=GOAL_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the due date as a date, e.g. 2025-12-31.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a status: not started, in progress or done.")},
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is said beside the field (and counted as one types, app.js)
        # before the browser's maxlength stops the typing.
        self.fields["text"].widget.attrs["aria-describedby"] = self.limit_id
        self.fields["text"].widget.attrs["data-char-count"] = self.limit_id

    @property
    def limit_id(self) -> str:
        return f"{self['text'].auto_id}-limit"

    @property
    def text_limit(self) -> int:
        return self.fields["text"].max_length

    def change(self, code: str) -> dict[str, object]:
        """The keyword arguments of ``services.goal_save`` this form asks for."""
        data = self.cleaned_data
        return {
            "competency_code": code,
            "text": data["text"],
            "due_date": data["due_date"],
            "status": data["status"],
            "revision": data["revision"],
        }


class CompleteReviewForm(forms.Form):
    """Complete a review; ``agree_remaining`` takes the engineer's rating as
    the manager's for every competency the manager has not rated."""

    agree_remaining = forms.BooleanField(required=False)


class AcknowledgeForm(forms.Form):
    """The engineer has read the review, with an optional comment."""

    comment = forms.CharField(
        label=_("Your comment on the review (optional)"),
        required=False,
        max_length=Assessment._meta.get_field("acknowledgement").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You may say that you disagree, and why; your manager reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AddGoalForm(forms.Form):
    """The plan's "add a goal for another competency": a GET that shows a new
    goal row for the chosen competency (saved like any other row)."""

    add = forms.ChoiceField(label=_("Competency"))

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for competency in competencies:
            groups.setdefault(competency.area.name, []).append((competency.code, competency.name))
        self.fields["add"].choices = list(groups.items())
        self.fields["add"].widget.attrs["class"] = "form-select"
        self.helper = FormHelper()
        self.helper.form_tag = False
