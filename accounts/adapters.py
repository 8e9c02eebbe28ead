"""allauth adapters: no self sign-up, the client address as the rest of the
application sees it, single sign-on only for people who already have an account
(unless ``OIDC_ALLOW_SIGNUP``), and demo accounts kept out of production."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from . import mfa
from .addresses import client_ip
from .backends import demo_refused


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, app: str = "") -> bool:
        """Enrolment right after a password sign-in that requires it (a
        manager's first) asks for no second password; anything later does."""
        request = self.request or context.request
        if app == "allauth.mfa" and request is not None and mfa.just_signed_in(request):
            return False
        return super().is_reauthentication_required(app=app)

    def get_client_ip(self, request):
        return client_ip(request) or super().get_client_ip(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return settings.OIDC_ALLOW_SIGNUP

    def pre_social_login(self, request, sociallogin):
        user = sociallogin.user
        if user.pk and (demo_refused(user) or not user.is_active):
            from allauth.core.exceptions import ImmediateHttpResponse
            from django.shortcuts import redirect

            raise ImmediateHttpResponse(redirect("account_login"))
