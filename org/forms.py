"""The form of the admin's provisioning page (``org.admin``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import provisioning

CSV_INPUT = forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})


class ProvisioningForm(forms.Form):
    DRY_RUN, APPLY = "dry_run", "apply"

    people = forms.FileField(
        label=_("People file"),
        required=False,
        widget=CSV_INPUT,
        help_text=_(
            "CSV: username, email, first_name, last_name, language, team, role; "
            "one row per person and team."
        ),
    )
    teams = forms.FileField(
        label=_("Teams file"),
        required=False,
        widget=CSV_INPUT,
        help_text=_("CSV: team_code, team_name, parent_code."),
    )
    remove_unlisted = forms.BooleanField(
        label=_("Remove from the teams in the people file whoever it does not list there"),
        required=False,
        help_text=_(
            "Members, managers and people partners alike; their accounts and assessments stay."
        ),
    )
    mode = forms.ChoiceField(
        label=_("What to do"),
        choices=[
            (DRY_RUN, _("Dry run (show what would change)")),
            (APPLY, _("Apply the changes")),
        ],
        initial=DRY_RUN,
        widget=forms.RadioSelect,
    )

    def _clean_upload(self, name):
        upload = self.cleaned_data.get(name)
        if upload and upload.size > provisioning.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_big")
        return upload

    def clean_people(self):
        return self._clean_upload("people")

    def clean_teams(self):
        return self._clean_upload("teams")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("people") and not cleaned.get("teams"):
            raise forms.ValidationError(
                _("Choose a people file, a teams file or both."), code="no_file"
            )
        return cleaned

    @property
    def dry_run(self) -> bool:
        return self.cleaned_data["mode"] == self.DRY_RUN

    def uploads(self) -> dict:
        """The uploads' bytes and names and the choice of removing, for
        ``provisioning.make_plan``."""
        out = {"remove_unlisted": self.cleaned_data["remove_unlisted"]}
        for name in ("people", "teams"):
            upload = self.cleaned_data.get(name)
            if upload:
                out[name] = upload.read(provisioning.MAX_BYTES + 1)
                out[f"{name}_name"] = upload.name
        return out
