"""Apply a user's saved language at sign-in, so the cookie follows the account;
forget a cached user when it changes."""

from functools import partial

from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from . import mfa
from .backends import forget_cached_user


@receiver(user_logged_in)
def apply_saved_language(sender, request, user, **kwargs):
    if request is not None and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


@receiver(user_logged_in)
def decide_second_factor(sender, request, user, **kwargs):
    mfa.decide_at_sign_in(request, user)


@receiver(authenticator_added)
def second_factor_enrolled(sender, request, user, authenticator, **kwargs):
    if authenticator.type in mfa.SECOND_FACTORS:
        mfa.enrolled(request)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_user(sender, instance, **kwargs):
    """The signed-in user may be kept in the cache: a saved change replaces it,
    now and once more when the transaction commits (a request that read the old
    row meanwhile may have put it back)."""
    forget_cached_user(instance.pk)
    transaction.on_commit(partial(forget_cached_user, instance.pk), robust=True)
