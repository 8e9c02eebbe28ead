"""Single sign-on in the browser against a real OpenID Connect provider
(tests/oidc_provider/, django-oauth-toolkit in a second process): real
discovery, a real authorisation code with PKCE, real tokens and user info.

Someone whose verified e-mail is a SkillGap user's signs in as that user;
someone whose e-mail nobody here has is refused (nobody signs up), and told
why."""

import base64
import hashlib
import html
import json
import re
import secrets

import jwt
import pytest
import requests
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from playwright.sync_api import expect

from tests.e2e.conftest import OIDC_CALLBACK, OIDC_USERS
from tests.e2e.helpers import axe_violations, save_screenshots
from tests.e2e.test_totp_journey import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def through_the_provider(page, provider, username: str, password: str) -> None:
    """From SkillGap's sign-in page: the SSO button, its confirmation, the
    provider's sign-in and consent pages, and back."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Single sign-on").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(
        lambda url: url.startswith(provider.server_url.removesuffix("/o") + "/login/")
    )
    assert "/o/authorize/" in page.url
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in to the provider").click()
    page.wait_for_url(lambda url: "/o/authorize/" in url)
    expect(page.get_by_text("Your e-mail address")).to_be_visible()
    page.locator("input[name=allow]").click()


def test_single_sign_on_signs_in_the_user_with_the_same_verified_email(
    pages, sso, server, engineer
):
    page = pages.new()
    username, password, email = OIDC_USERS[0]
    through_the_provider(page, sso, username, password)
    page.wait_for_url(server.url + "/")
    expect(page.locator("form[action$='/accounts/logout/']")).to_be_visible()
    expect(page.get_by_text("Eko Engineer").first).to_be_visible()
    save_screenshots(page, "sso-signed-in")
    with pages.quiet():
        account = SocialAccount.objects.get(provider="oidc")
        assert account.user == engineer
        assert account.extra_data["userinfo"]["email"] == email
        assert account.extra_data["id_token"]["iss"] == sso.server_url

    # Signed out and in again: the connected account is used, no new user.
    page.locator("form[action$='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_role("link", name="Single sign-on").click()
    page.get_by_role("button", name="Continue").click()
    # The provider remembers its user; its consent page asks again.
    page.wait_for_url(lambda url: "/o/authorize/" in url)
    page.locator("input[name=allow]").click()
    page.wait_for_url(server.url + "/")
    with pages.quiet():
        assert SocialAccount.objects.count() == 1
        assert type(engineer).objects.filter(email=email).count() == 1


def test_single_sign_on_refuses_an_email_nobody_here_has(pages, sso, server, engineer):
    page = pages.new()
    username, password, email = OIDC_USERS[1]
    through_the_provider(page, sso, username, password)
    page.wait_for_url(f"{server.url}/accounts/**")
    main = page.locator("main")
    expect(main).to_contain_text("No SkillGap account")
    expect(main.get_by_role("link", name="Back to sign-in")).to_be_visible()
    expect(page.locator("form[action$='/accounts/logout/']")).to_have_count(0)
    assert not axe_violations(page)
    save_screenshots(page, "sso-refused")
    with pages.quiet():
        assert not type(engineer).objects.filter(email=email).exists()
        assert not SocialAccount.objects.exists()


def test_single_sign_on_still_asks_for_the_second_factor_of_a_manager_who_has_one(
    pages, sso, server, manager, team, settings
):
    settings.MFA_REQUIRED = True
    settings.MFA_DEMO_EXEMPT = False
    secret = generate_totp_secret()
    with pages.quiet():
        TOTP.activate(manager, secret)
    page = pages.new()
    username, password, _ = OIDC_USERS[2]
    through_the_provider(page, sso, username, password)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(page.get_by_text("Maya Manager")).to_have_count(0)  # not signed in yet
    page.locator("input[name=code]").fill(code_for(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(server.url + "/")
    expect(page.get_by_text("Maya Manager").first).to_be_visible()


def hidden_fields(page: str) -> dict[str, str]:
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in found}


def test_the_providers_id_token_passes_the_signature_check_and_a_forged_one_does_not(
    sso, live_server
):
    """allauth does not check the ID token's signature when it fetched the
    token from the provider itself (OIDC Core §3.1.3.7 allows it); here the
    same code path checks it, with the provider's published keys."""
    username, password, email = OIDC_USERS[0]
    config = sso.configuration
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    redirect_uri = live_server.url + OIDC_CALLBACK
    with requests.Session() as browser:
        login = browser.get(
            config["authorization_endpoint"],
            params={
                "client_id": sso.client_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "openid email",
                "state": "s1",
                "code_challenge": challenge.decode(),
                "code_challenge_method": "S256",
            },
            timeout=10,
        )
        consent = browser.post(
            login.url,
            data={
                **hidden_fields(login.text),
                "username": username,
                "password": password,
            },
            timeout=10,
        )
        assert "Your e-mail address" in consent.text
        answer = browser.post(
            consent.url,
            data={**hidden_fields(consent.text), "allow": "Authorize"},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.headers["Location"].startswith(redirect_uri)
        code = re.search(r"[?&]code=([^&]+)", answer.headers["Location"]).group(1)
        tokens = requests.post(
            config["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            auth=(sso.client_id, sso.client_secret),
            timeout=10,
        ).json()

    def decode(id_token):
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=config["jwks_uri"],
            issuer=config["issuer"],
            audience=sso.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )

    # The forged token first: decoding a token marks its jti as used.
    header, payload, signature = tokens["id_token"].split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged["email"] = "manager@example.com"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(OAuth2Error) as refused:
        decode(f"{header}.{forged_payload}.{signature}")
    assert isinstance(refused.value.__cause__, jwt.InvalidSignatureError)

    claims = decode(tokens["id_token"])
    assert claims["email"] == email and claims["email_verified"] is True
    assert jwt.get_unverified_header(tokens["id_token"])["alg"] == "RS256"
