"""allauth adapters: no self sign-up, the client address as the rest of the
application sees it, single sign-on only for people who already have an account
(unless ``OIDC_ALLOW_SIGNUP``), and demo accounts kept out of production."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from . import mfa
from .addresses import client_ip
from .backends import demo_refused


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """An administrator lands on the admin's landing page (the framework,
        teams and people); everyone else on their home page. A ``next`` page
        given to the sign-in wins over both (allauth reads it first)."""
        if request.user.is_staff:
            return resolve_url("admin:index")
        return super().get_login_redirect_url(request)

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
