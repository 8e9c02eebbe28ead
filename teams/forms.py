"""The dashboard's filter: role profile and how old a last assessment may be."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import DEFAULT_STALE_DAYS, MAX_STALE_DAYS


class DashboardFilterForm(forms.Form):
    profile = forms.CharField(label=_("Role profile"), required=False, max_length=64)
    stale = forms.IntegerField(
        label=_("Out of date after (days)"),
        required=False,
        min_value=1,
        max_value=MAX_STALE_DAYS,
    )

    def options(self) -> dict:
        """The filter to apply: a bad value falls back to its default."""
        self.is_valid()  # cleaned_data then holds the fields that are valid
        cleaned = self.cleaned_data
        return {
            "profile_code": cleaned.get("profile") or None,
            "stale_days": cleaned.get("stale") or DEFAULT_STALE_DAYS,
        }
