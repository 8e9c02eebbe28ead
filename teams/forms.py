"""The dashboards' filters (team and organisation) and the skills search."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from roles.models import SCALE_MAX, SCALE_MIN

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


class OrgFilterForm(forms.Form):
    """The organisation dashboard's filter: one subtree, one role profile,
    which ratings count, how old a last assessment may be. A team the viewer
    may not see, or any other bad value, is refused (400) with the message
    on the page."""

    team = forms.TypedChoiceField(
        label=_("Team and its sub-teams"), required=False, coerce=int, empty_value=None
    )
    profile = forms.ChoiceField(label=_("Role profile"), required=False)
    ratings = forms.ChoiceField(
        label=_("Ratings counted"),
        required=False,
        choices=[(mode, RATINGS_LABELS[mode]) for mode in RATINGS_MODES],
    )
    stale = forms.IntegerField(
        label=_("Out of date after (days)"),
        required=False,
        min_value=1,
        max_value=MAX_STALE_DAYS,
    )

    def __init__(self, data=None, *, teams=(), profiles=()):
        super().__init__(data, initial={"stale": DEFAULT_STALE_DAYS})
        self.fields["team"].choices = [("", _("The whole organisation"))] + [
            (team.pk, "\u2003" * depth + team.name) for team, depth in teams
        ]
        self.fields["profile"].choices = [("", _("All profiles"))] + [
            (p.code, p.name) for p in profiles
        ]

    def options(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "subtree_id": cleaned.get("team"),
            "profile_code": cleaned.get("profile") or None,
            "ratings": cleaned.get("ratings") or RATINGS_ALL,
            "stale_days": cleaned.get("stale") or DEFAULT_STALE_DAYS,
        }


SEARCH_PARAMETERS = frozenset({"competency", "min_level", "reviewed"})


class SearchForm(forms.Form):
    """Skills search: a competency, the lowest level, reviewed ratings only.
    Levels outside the scale, an unknown competency or an unknown parameter
    are refused (400) with the message on the page."""

    competency = forms.ChoiceField(label=_("Competency"))
    min_level = forms.TypedChoiceField(
        label=_("At least level"),
        coerce=int,
        required=False,
        empty_value=SCALE_MIN,
        choices=[(level, str(level)) for level in range(SCALE_MIN, SCALE_MAX + 1)],
        error_messages={
            "invalid_choice": _("Choose a level from %(min)s to %(max)s.")
            % {"min": SCALE_MIN, "max": SCALE_MAX}
        },
    )
    reviewed = forms.BooleanField(label=_("Reviewed ratings only"), required=False)

    def __init__(self, data=None, *, competencies=()):
        super().__init__(data)
        self.competencies = {c.code: c for c in competencies}
        choices = []
        for competency in competencies:
            choices.append((competency.code, f"{competency.area.name} · {competency.name}"))
        self.fields["competency"].choices = [("", _("Choose a competency"))] + choices
        self.fields["competency"].error_messages["invalid_choice"] = _(
            "There is no such competency in the framework."
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if self.data is not None:
            unknown = sorted(set(self.data) - SEARCH_PARAMETERS)
            if unknown:
                raise forms.ValidationError(
                    _("Unknown search parameter: %(names)s.") % {"names": ", ".join(unknown)},
                    code="unknown_parameter",
                )
        return cleaned

    @property
    def chosen(self):
        return self.competencies.get(self.cleaned_data.get("competency"))
