"""Security headers on every response (docs/security.md, ASVS 3.4.x): a
Content-Security-Policy without inline or eval'd script and with
``frame-ancestors 'none'``, ``nosniff``, a Referrer-Policy, no framing.

The pages are every GET route of the permission matrix, fetched as someone
who may see them, plus the error pages; HTML pages are also read for what the
policy would block in a browser (inline script, event-handler attributes,
``javascript:`` links, inline styles).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.security.test_permission_matrix import (
    MATRIX,
    OK,
    ROLES,
    ROUTES,
    SHOWN,
    url_for,
)

pytestmark = pytest.mark.django_db

SAFE_REFERRER_POLICIES = {
    "same-origin",
    "no-referrer",
    "strict-origin-when-cross-origin",
    "strict-origin",
}


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def assert_secure_headers(response, where: str):
    policy = response.get("Content-Security-Policy")
    assert policy, f"{where}: no Content-Security-Policy"
    csp = directives(policy)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None, f"{where}: no script-src or default-src"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert "*" not in scripts and "data:" not in scripts, where
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"], where
    assert csp.get("base-uri") == ["'none'"], where
    assert "'unsafe-inline'" not in csp.get("style-src", csp.get("default-src", [])), where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") in SAFE_REFERRER_POLICIES, where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where


class InlineCode(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts and styles, handlers."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").lower()
            if kind not in ("application/json", "application/ld+json"):
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name == "style":
                self.found.append(f"{tag} style=")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")
            if name.startswith("hx-on"):
                self.found.append(f"{tag} {name}= (eval'd by htmx)")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def pages_to_visit(scene):
    """One (label, role, url) per GET route and state, as someone who may see it."""
    for route in ROUTES:
        for (method, state), expects in MATRIX.get(route.name, {}).items():
            if method != "GET":
                continue
            role = next((r for r in ROLES if expects[r] in (OK, SHOWN)), None)
            if role is not None:
                yield f"{route.name} ({state}) as {role}", role, url_for(route, state, scene)


def test_every_page_sends_the_security_headers_and_no_inline_code(scene, quick_pdf):
    visited = 0
    problems = []
    for label, role, url in pages_to_visit(scene):
        response = scene.client(role).get(url)
        assert response.status_code in (200, 302), (label, response.status_code)
        assert_secure_headers(response, label)
        if response["Content-Type"].startswith("text/html"):
            found = inline_code(response.content.decode())
            if found:
                problems.append(f"{label}: {sorted(set(found))}")
        visited += 1
    assert visited >= 15
    assert not problems, "\n".join(problems)


def test_error_pages_send_the_security_headers_too(scene, password):
    owner, outsider = scene.client("owner"), scene.client("outsider")
    cases = {
        "404": outsider.get(f"/assessments/{scene.submitted.pk}/report/"),
        "403": owner.get(f"/assessments/{scene.submitted.pk}/review/"),
        "405": owner.get(f"/assessments/{scene.draft.pk}/submit/"),
        "302 to sign-in": Client().get("/"),
        "CSRF failure": Client(enforce_csrf_checks=True).post(
            "/accounts/login/", {"login": "engineer", "password": password}
        ),
    }
    locked = Client()
    for _ in range(6):
        response = locked.post(
            "/accounts/login/",
            {"login": "engineer", "password": "wrong"},
            REMOTE_ADDR="192.0.2.9",
        )
    cases["429 locked out"] = response
    for label, response in cases.items():
        assert_secure_headers(response, label)
        if response["Content-Type"].startswith("text/html") and response.content:
            assert not inline_code(response.content.decode()), label
    assert cases["429 locked out"].status_code == 429


def test_htmx_is_told_not_to_inject_its_indicator_styles():
    html = Client().get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in html
