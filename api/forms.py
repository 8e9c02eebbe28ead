"""The token page's form: a name, how many days the token lives, its scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    SCOPES = [
        ("read", _("Read only")),
        ("write", _("Read and write (may change your own drafts)")),
    ]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so you know which one to revoke."),
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )
    scope = forms.ChoiceField(
        label=_("Access"), choices=SCOPES, initial="read", widget=forms.RadioSelect
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if "\x00" in name:
            raise forms.ValidationError(_("Enter a name without control characters."))
        return name
