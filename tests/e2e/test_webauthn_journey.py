"""A manager's security key (WebAuthn) in the browser, with Chromium's virtual
authenticator (the browser's own WebAuthn stack, driven through the DevTools
protocol; the server checks real attestations and signatures): sent to enrol
at the first sign-in, the manager adds a key instead of an authenticator
app, and signs in with it the next time. axe on the pages met on the way."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.helpers import (
    axe_violations,
    password_step,
    save_screenshots,
    sign_in,
    sign_out,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED = True
    settings.MFA_DEMO_EXEMPT = False


def with_security_key(page):
    """A virtual USB security key in the page's browser, verifying its user."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, found["authenticatorId"]


def test_a_manager_enrols_a_security_key_and_signs_in_with_it(pages, server, manager, team):
    page = pages.new()
    cdp, authenticator = with_security_key(page)
    sign_in(page, "manager")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    page.get_by_role("link", name="Use it instead of an authenticator app").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/**")
    problems = axe_violations(page)
    save_screenshots(page, "webauthn-add")
    page.locator("input[name=name]").fill("Maya's key")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    expect(page.get_by_text("Security key added.")).to_be_visible()
    with pages.quiet():
        key = Authenticator.objects.get(user=manager, type=Authenticator.Type.WEBAUTHN)
        assert key.wrap().name == "Maya's key"
    # Enrolled: the team's pages open without being sent back to enrol.
    page.goto(f"/teams/{team.pk}/")
    assert f"/teams/{team.pk}/" in page.url
    sign_out(page)

    # The next sign-in asks for the key after the password.
    with pages.quiet():
        cache.clear()
    password_step(page, "manager")
    problems += axe_violations(page)
    save_screenshots(page, "webauthn-authenticate")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Without the key (taken out of the browser), the password alone is not enough.
    sign_out(page)
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    with pages.quiet():
        cache.clear()
    password_step(page, "manager")
    page.goto(f"/teams/{team.pk}/")
    assert "/accounts/login/" in page.url or "/accounts/2fa/" in page.url
    assert not problems, "\n".join(problems)
