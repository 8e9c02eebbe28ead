"""Apply a user's saved language at sign-in, so the cookie follows the account."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def apply_saved_language(sender, request, user, **kwargs):
    if request is not None and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
