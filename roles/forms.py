"""Forms of the framework's admin pages: the upload of a framework document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import document


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Framework document"),
        help_text=_("YAML, JSON or an .xlsx spreadsheet (one sheet per table), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > document.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="too_big")
        try:
            self.format = document.format_of(upload.name)
        except document.DocumentError as error:
            raise forms.ValidationError(error.problems[0].message, code="format") from error
        return upload


class FrameworkExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("yaml", "YAML"), ("json", "JSON"), ("xlsx", _("Spreadsheet (.xlsx)"))],
        initial="yaml",
    )
