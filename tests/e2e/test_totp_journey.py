"""A manager's second factor in the browser (SPEC §14): sent to enrol at the
first sign-in, enrols TOTP with a code computed the way allauth checks it,
then signs in with a code, and once more with a recovery code read from the
recovery codes page."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.helpers import password_step, save_screenshots, sign_in, sign_out
from tests.totp import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED = True
    settings.MFA_DEMO_EXEMPT = False


def submit_code(page, code: str) -> None:
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Sign In").click()


def test_a_manager_enrols_totp_then_signs_in_with_a_code_and_with_a_recovery_code(
    pages, server, manager, team
):
    page = pages.new()
    sign_in(page, "manager")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    save_screenshots(page, "2fa-enrol")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.locator("input[name=code]").fill(code_for(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)

    # Right after enrolling (minutes after the password), the recovery codes
    # open without asking for the password again; later they ask
    # (tests/accounts/test_mfa.py).
    page.goto("/accounts/2fa/recovery-codes/")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 8 and all(re.fullmatch(r"\w{8}", code) for code in codes), codes
    page.goto("/")
    expect(page.locator("form[action$='/accounts/logout/']")).to_be_visible()
    sign_out(page)

    # The code of this period was used to enrol; allauth refuses it twice.
    with pages.quiet():
        cache.clear()
    password_step(page, "manager")
    save_screenshots(page, "2fa-code")
    submit_code(page, "000000" if code_for(secret) != "000000" else "111111")
    expect(page.locator("main")).to_contain_text("Incorrect code")
    submit_code(page, code_for(secret))
    page.wait_for_url(server.url + "/")
    sign_out(page)

    password_step(page, "manager")
    submit_code(page, codes[0])
    page.wait_for_url(server.url + "/")
    expect(page.locator("form[action$='/accounts/logout/']")).to_be_visible()
