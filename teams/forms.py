"""The dashboard's filter: role profile, how old a last assessment may be, and
which ratings the figures count."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import (
    DEFAULT_STALE_DAYS,
    MAX_STALE_DAYS,
    RATINGS_ALL,
    RATINGS_MODES,
    RATINGS_REVIEWED,
)

RATINGS_LABELS = {
    RATINGS_ALL: _("All submitted"),
    RATINGS_REVIEWED: _("Reviewed ratings only"),
}


class DashboardFilterForm(forms.Form):
    profile = forms.CharField(label=_("Role profile"), required=False, max_length=64)
    stale = forms.IntegerField(
        label=_("Out of date after (days)"),
        required=False,
        min_value=1,
        max_value=MAX_STALE_DAYS,
    )
    ratings = forms.ChoiceField(
        label=_("Ratings counted"),
        required=False,
        choices=[(mode, RATINGS_LABELS[mode]) for mode in RATINGS_MODES],
    )

    def options(self) -> dict:
        """The filter to apply: a bad value falls back to its default."""
        self.is_valid()  # cleaned_data then holds the fields that are valid
        cleaned = self.cleaned_data
        return {
            "profile_code": cleaned.get("profile") or None,
            "stale_days": cleaned.get("stale") or DEFAULT_STALE_DAYS,
            "ratings": cleaned.get("ratings") or RATINGS_ALL,
        }
