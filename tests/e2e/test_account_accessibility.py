"""axe-core on the account pages (sign-in with its single sign-on button,
TOTP enrolment, the second-factor code, the account page, password change),
in English and Indonesian, at 1366 px and 320 px: no serious or critical
violation."""

import pytest
from django.core.cache import cache

from tests.e2e.helpers import axe_violations, password_step, save_screenshots
from tests.factories import PASSWORD
from tests.totp import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 700}


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED = True
    settings.MFA_DEMO_EXEMPT = False


def check(page, name: str, path: str) -> list[str]:
    """axe at both widths and in both languages; the page is left in English."""
    found = []
    for lang in ("id", "en"):
        separator = "&" if "?" in path else "?"
        page.goto(f"{path}{separator}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        for viewport in (WIDE, NARROW):
            page.set_viewport_size(viewport)
            found += axe_violations(page)
        page.set_viewport_size(WIDE)
        save_screenshots(page, f"{name}-{lang}")
    return found


def test_the_account_pages_have_no_serious_axe_violation_in_either_language_at_either_width(
    pages, sso, server, manager, team
):
    page = pages.new(viewport=WIDE)
    found = check(page, "sign-in", "/accounts/login/")
    assert page.get_by_role("link", name="Single sign-on").is_visible()

    page.locator("input[name=login]").fill("manager")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    found += check(page, "2fa-enrol", "/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(code_for(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)

    found += check(page, "account", "/me/")
    found += check(page, "password-change", "/accounts/password/change/")

    page.locator("form[action$='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")
    with pages.quiet():
        cache.clear()
    password_step(page, "manager")
    found += check(page, "2fa-code", "/accounts/2fa/authenticate/")

    assert not found, "\n".join(found)
