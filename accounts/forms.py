"""The account forms: sign-in (allauth's, one field renamed for the throttle),
and the confirmation of deleting one's account."""

from allauth.account.forms import LoginForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(LoginForm):
    """allauth's sign-in form, the username without a placeholder (the label says it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autofocus"] = True

    def full_clean(self):
        """A refused sign-in (the message is the form's, not a field's) marks
        both fields invalid and points them at the message
        (templates/bootstrap5/errors.html gives it the id ``form-errors``)."""
        super().full_clean()
        if self.is_bound and self.non_field_errors():
            for name in ("login", "password"):
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = ["form-errors"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)


class DeleteAccountForm(forms.Form):
    """Deleting one's account asks for the password and for the word the page
    names, so it never happens by a slip."""

    CONFIRMATION = "DELETE"

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=16,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value.upper() != self.CONFIRMATION:
            raise forms.ValidationError(
                _("Type DELETE to confirm that the account should be deleted."),
                code="not_confirmed",
            )
        return value
