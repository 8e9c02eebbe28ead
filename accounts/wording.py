"""Django's own account strings that the account pages show, marked here so
that the project's catalogue gives them the product's Indonesian wording
("kata sandi", where Django's catalogue says "sandi"). Nothing imports this
module; ``makemessages`` reads it."""

from django.utils.translation import gettext_noop

DJANGO_ACCOUNT_STRINGS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("New password"),
    gettext_noop("Old password"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Password changed successfully."),
    gettext_noop("Password reset"),
)
