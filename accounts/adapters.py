"""allauth adapters: no self sign-up, the client address as the rest of the
application sees it, single sign-on only for people who already have an account
(unless ``OIDC_ALLOW_SIGNUP``), and demo accounts kept out of production."""

from django.conf import settings

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .addresses import client_ip
from .backends import demo_refused


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

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
