"""The forms of the cycles app, rendered with crispy-forms; the field rules
come from ``cycles.rules`` (shared with the services)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import NAME_MAX_LENGTH, Preferences
from .rules import check_cycle_fields, clean_name


class DateInput(forms.DateInput):
    input_type = "date"


class CycleForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example: Q4 2026."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every member of these teams is invited."),
        error_messages={"invalid_choice": _("Choose among the teams you manage.")},
    )
    self_due = forms.DateField(label=_("Self-assessment due"), widget=DateInput)
    review_due = forms.DateField(label=_("Review due"), widget=DateInput)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.helper = FormHelper()
        self.helper.add_input(Submit("open", _("Open the cycle")))

    def clean_name(self):
        try:
            return clean_name(self.cleaned_data["name"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["name"]) from None

    def clean(self):
        cleaned = super().clean()
        if {"name", "self_due", "review_due"} <= set(cleaned):
            try:
                check_cycle_fields(
                    name=cleaned["name"],
                    self_due=cleaned["self_due"],
                    review_due=cleaned["review_due"],
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["invitations", "reminders", "review_requests", "review_ready"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "preferences-form"
        self.helper.add_input(Submit("save", _("Save")))
