"""Switching the interface to Indonesian changes the page at once (the
document's language, the framework's names, the interface) and is remembered:
after signing out, and when signing in again from another browser."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def indonesian(message: str) -> str:
    """The catalogue's Indonesian for an interface string (compiled by `make messages`)."""
    with translation.override("id"):
        translated = translation.gettext(message)
    assert translated != message, f"{message!r} has no Indonesian translation (compiled?)"
    return translated


def choose_language(page, code: str) -> None:
    """Pick a language in the navbar and press its button (choosing alone
    changes nothing: WCAG 3.2.2)."""
    page.locator("#language-select").select_option(code)
    with page.expect_response(lambda r: r.url.endswith("/i18n/setlang/")):
        page.locator(".language-switcher button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_switching_to_indonesian_changes_the_pages_and_is_remembered_after_signing_in_again(
    pages, engineer
):
    page = pages.new(locale="en-US")
    sign_in(page, "engineer")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("AI Engineer — startup generalist")).to_be_visible()
    page.get_by_role("button", name="Start assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    rate_url = page.url
    expect(page.locator("#area-programming-title")).to_have_text("Programming")

    choose_language(page, "id")
    assert page.url == rate_url  # the switch comes back to the same page
    expect(page.locator("#area-programming-title")).to_have_text("Pemrograman")
    expect(page.locator("#area-web-development-title")).to_have_text("Pengembangan Web")
    expect(page.get_by_role("heading", level=1)).to_have_text(indonesian("Rate yourself"))
    expect(page.locator(".language-switcher button")).to_have_text(indonesian("Change"))
    main_navigation = page.get_by_role("navigation", name=indonesian("Main navigation"))
    expect(main_navigation.get_by_role("link", name=indonesian("My assessments"))).to_be_visible()
    response = page.goto("/")
    assert response.headers["content-language"] == "id"
    expect(page.locator(".assessment-list")).to_contain_text("AI Engineer — generalis startup")

    sign_out(page)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text(indonesian("Sign in"))

    # Another browser (no language cookie, asks for English): the account remembers.
    page = pages.new(locale="en-US")
    sign_in(page, "engineer")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator(".assessment-list")).to_contain_text("AI Engineer — generalis startup")
    response = page.goto(rate_url)
    assert response.headers["content-language"] == "id"
    expect(page.locator("#area-programming-title")).to_have_text("Pemrograman")

    choose_language(page, "en")
    expect(page.locator("#area-programming-title")).to_have_text("Programming")
    expect(page.locator(".language-switcher button")).to_have_text("Change")
    with pages.quiet():
        engineer.refresh_from_db()
    assert engineer.language == "en"
