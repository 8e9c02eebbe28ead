"""Every page and state of the product, as the person who sees it, in the demo
organisation: axe-core reports no violation of any impact and the Nu HTML
Checker no error, in English and in Indonesian, at 1366 px and at 320 px.

The Nu checker reads the HTML the server sent (for a page reached by a form,
the document after it); only one message is set aside, htmx's ``hx-*``
attributes, which the checker does not know (tests/e2e/helpers.nu_errors).
Each page leaves screenshots in tests/e2e/artifacts/screenshots/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from cycles.models import Cycle
from org.models import Team
from tests.e2e.helpers import axe_source, axe_violations, nu_errors, save_screenshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "skillgap-demo"
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 720}
# Pages whose status is not 200 on purpose: the product's 404 page, a refused search.
REFUSED = {"not-found": 404, "search-refused": 400}


@pytest.fixture
def demo(server, framework, settings):
    """The demo organisation of `make run` (seed_demo), its accounts allowed."""
    settings.ALLOW_DEMO_ACCOUNTS = True
    call_command("seed_demo", stdout=io.StringIO())
    # Each person's first assessment in each state.
    first = {}
    for assessment in Assessment.objects.select_related("engineer").order_by("pk"):
        first.setdefault((assessment.engineer.username, assessment.status), assessment)
    return {
        "lina-draft": first[("lina", "draft")].pk,
        "eko-draft": first[("eko", "draft")].pk,
        "eko-reviewed": first[("eko", "reviewed")].pk,
        "eko-first": Assessment.objects.filter(engineer__username="eko").order_by("pk")[0].pk,
        "dimas-acknowledged": first[("dimas", "acknowledged")].pk,
        "sari-waiting": first[("sari", "submitted")].pk,
        "platform": Team.objects.get(name="Platform AI").pk,
        "department": Team.objects.get(name="AI Engineering").pk,
        "applied": Team.objects.get(name="Applied AI").pk,
        "cycle": Cycle.objects.get().pk,
    }


def walks(ids):
    """who → [(name, path)]: every page each person of the demo opens."""
    return {
        None: [
            ("sign-in", "/accounts/login/"),
            ("password-reset", "/accounts/password/reset/"),
            ("not-found", "/no-such-page/"),
        ],
        "lina": [
            ("home-engineer", "/"),
            ("new-assessment", "/assessments/new/"),
            ("rating", f"/assessments/{ids['lina-draft']}/"),
            ("submit-confirm", f"/assessments/{ids['lina-draft']}/submit/"),
            ("history-empty", "/assessments/history/"),
            ("account", "/me/"),
            ("account-delete", "/me/delete/"),
            ("api-tokens", "/me/tokens/"),
            ("preferences", "/cycles/preferences/"),
            ("password-change", "/accounts/password/change/"),
            ("second-factor", "/accounts/2fa/"),
        ],
        "eko": [
            ("home-reviewed", "/"),
            ("report-reviewed", f"/assessments/{ids['eko-reviewed']}/report/"),
            ("report-unreviewed", f"/assessments/{ids['eko-first']}/report/"),
            ("plan", f"/assessments/{ids['eko-reviewed']}/plan/"),
            ("history", "/assessments/history/"),
            ("rating-cycle-draft", f"/assessments/{ids['eko-draft']}/"),
        ],
        "dimas": [
            ("report-acknowledged", f"/assessments/{ids['dimas-acknowledged']}/report/"),
        ],
        "maya": [
            ("home-manager", "/"),
            ("review-waiting", f"/assessments/{ids['sari-waiting']}/review/"),
            ("review-completed", f"/assessments/{ids['eko-reviewed']}/review/"),
            ("team-dashboard", f"/teams/{ids['platform']}/"),
            ("team-area", f"/teams/{ids['platform']}/?area=programming"),
            ("team-trend", f"/teams/{ids['platform']}/trend/"),
            ("cycle", f"/cycles/{ids['cycle']}/"),
            ("cycle-new", "/cycles/new/"),
            ("search", "/search/"),
            ("search-results", "/search/?competency=programming.python&min_level=2"),
            ("search-refused", "/search/?competency=programming.python&min_level=9"),
        ],
        "hana": [
            ("home-head", "/"),
            ("org", "/org/"),
            ("org-subtree", f"/org/?team={ids['applied']}"),
            ("team-parent", f"/teams/{ids['department']}/"),
            ("team-trend-child", f"/teams/{ids['applied']}/trend/"),
        ],
        "wati": [
            ("home-partner", "/"),
            ("org-partner", "/org/"),
            ("team-partner", f"/teams/{ids['platform']}/"),
        ],
    }


def check_here(page, name, problems, documents, html):
    """axe at both widths on the page as it is; its HTML for the Nu checker."""
    lang = page.locator("html").get_attribute("lang")
    documents[f"{name} ({lang})"] = html
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        problems += [f"{name} ({lang}): {v}" for v in axe_violations(page, impacts=EVERY_IMPACT)]
    page.set_viewport_size(WIDE)


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("who", [None, "lina", "eko", "dimas", "maya", "hana", "wati"])
def test_every_page_passes_axe_and_the_html_checker_in_both_languages_at_both_widths(
    pages, demo, who
):
    axe_source()  # skips at once when axe-core is not installed
    page = pages.new(viewport=WIDE)
    if who:
        sign_in(page, who)
    problems, documents = [], {}
    for lang in ("en", "id"):
        for name, path in walks(demo)[who]:
            separator = "&" if "?" in path else "?"
            response = page.goto(f"{path}{separator}lang={lang}")
            expected = REFUSED.get(name, 200)
            assert response.status == expected, f"{name}: {path} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == lang, f"{name} is not in {lang}"
            check_here(page, name, problems, documents, response.text())
            save_screenshots(page, f"every-{name}-{lang}")
        problems += states(page, who, lang, demo, documents)
    problems += nu_errors(documents)
    assert not problems, "\n".join(problems)


def submit(
    page,
    path,
    fields=None,
    *,
    button="main form [type=submit]",
    then=".invalid-feedback",
    server_checks=False,
):
    """Open ``path``, fill ``fields`` (input name → value), send the form and
    wait for ``then``; with ``server_checks`` the browser's own check of the
    fields is off, so that what shows is the server's messages."""
    page.goto(path)
    if server_checks:
        page.evaluate("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    for name, value in (fields or {}).items():
        page.locator(f"main form input[name={name}]").fill(value)
    page.locator(button).click()
    page.locator(then).first.wait_for()


def states(page, who, lang, ids, documents):
    """The states a form leads to: refused input with its messages on the page."""
    found = []
    if who is None:
        sign_in_fields = {"login": "nobody", "password": "not the password"}
        submit(
            page,
            f"/accounts/login/?lang={lang}",
            sign_in_fields,
            then=".alert-danger, .invalid-feedback",
        )
        check_here(page, "sign-in-refused", found, documents, page.content())
    elif who == "lina":
        # (An incomplete draft's confirmation, with its list of what is unrated,
        # is the page "submit-confirm" above.)
        passwords = {"oldpassword": "not my password", "password1": "short", "password2": "other"}
        submit(page, f"/accounts/password/change/?lang={lang}", passwords)
        check_here(page, "password-change-refused", found, documents, page.content())
        save_screenshots(page, f"every-password-change-refused-{lang}")
        # A new API token, its secret shown once; then a refused one.
        token_form = "main form:has(input[name=name]) [type=submit]"
        submit(
            page,
            f"/me/tokens/?lang={lang}",
            {"name": "Spreadsheet"},
            button=token_form,
            then="#new-token",
        )
        check_here(page, "api-token-created", found, documents, page.content())
        save_screenshots(page, f"every-api-token-created-{lang}")
        submit(
            page,
            f"/me/tokens/?lang={lang}",
            {"days": "9999"},
            button=token_form,
            server_checks=True,
        )
        check_here(page, "api-token-refused", found, documents, page.content())
    elif who == "maya":
        submit(page, f"/cycles/new/?lang={lang}", server_checks=True)
        check_here(page, "cycle-new-refused", found, documents, page.content())
        save_screenshots(page, f"every-cycle-new-refused-{lang}")
    return found
