"""Forms of the self-assessment: choosing a role profile, and rating a competency.

The rating page renders its own markup (radio groups with the competency's
descriptors, htmx attributes); these forms only validate what comes back.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roles.models import SCALE_MAX, SCALE_MIN

from .models import Rating
from .selectors import active_profiles
from .services import RatingChange

LEVEL_MESSAGE = _("Choose a level from 0 to 4.")


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


class RatingForm(forms.Form):
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
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, track_changes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # On the whole-page form each row carries the values it showed, so only
        # the rows the user changed are saved (an untouched row never collides
        # with a change made meanwhile in another tab).
        for name in ("level", "evidence"):
            self.fields[name].show_hidden_initial = track_changes

    def _posted(self, name: str) -> bool:
        return self.add_prefix(name) in self.data

    def clean(self):
        cleaned = super().clean()
        if not self._posted("level") and not self._posted("evidence") and not self.prefix:
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
            evidence=data.get("evidence") if self._posted("evidence") else None,
            revision=data.get("revision"),
        )

    def error_message(self) -> str:
        """All the form's errors as one sentence, for the row's status line."""
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
