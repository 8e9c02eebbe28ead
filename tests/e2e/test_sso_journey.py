"""Single sign-on in the browser against a real OpenID Connect provider
(tests/oidc_provider/, django-oauth-toolkit in a second process): real
discovery, a real authorisation code with PKCE, real tokens and user info.

Someone whose verified e-mail is a SkillGap user's signs in as that user;
someone whose e-mail nobody here has is refused (nobody signs up), and told
why."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from tests.e2e.conftest import OIDC_USERS
from tests.e2e.helpers import axe_violations, save_screenshots

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
