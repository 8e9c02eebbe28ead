"""On a phone with JavaScript switched off the navigation's toggle cannot open
the menu: the menu, the language switch and sign-out are shown instead."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_without_javascript_a_phone_reaches_the_menu_the_language_and_sign_out(pages, engineer):
    page = pages.new(javascript=False, viewport=PHONE)
    sign_in(page, "engineer")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("button", name="Toggle navigation")).to_be_hidden()
    expect(nav.get_by_role("link", name="Progress")).to_be_visible()
    nav.get_by_role("link", name="Progress").click()
    page.wait_for_url("**/assessments/history/")

    nav.get_by_label("Language").select_option("id")
    nav.get_by_role("button", name="Change").click()
    page.wait_for_url("**/assessments/history/")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/accounts/login/**")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    pages.close()


def test_with_javascript_the_phone_menu_stays_behind_its_toggle(pages, engineer):
    page = pages.new(viewport=PHONE)
    sign_in(page, "engineer")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Progress")).to_be_hidden()
    nav.get_by_role("button", name="Toggle navigation").click()
    expect(nav.get_by_role("link", name="Progress")).to_be_visible()
    pages.close()
