"""Sessions (ASVS 7.x): a new session at sign-in, ended at sign-out, dropped for
a deactivated account or after a password change; the cookie is HttpOnly and
SameSite, and Secure in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import Client

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    response = client.post("/accounts/login/", {"login": username, "password": password})
    assert response.status_code == 302, response.status_code
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_signing_in_gives_a_new_session_key(engineer, password):
    """A session key planted before sign-in (fixation) is not the one signed in."""
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    key = sign_in(client, "engineer", password)
    assert key != planted.session_key
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get("/").status_code == 302


def test_signing_out_ends_the_session_on_the_server(engineer, password):
    client = Client()
    key = sign_in(client, "engineer", password)
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get("/").status_code == 302


def test_a_deactivated_users_session_stops_working(engineer, password):
    client = Client()
    sign_in(client, "engineer", password)
    assert client.get("/").status_code == 200
    engineer.is_active = False
    engineer.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert (
        client.post("/accounts/login/", {"login": "engineer", "password": password}).status_code
        == 200
    )  # the form again: an inactive account does not sign in


def test_a_deactivated_users_htmx_save_is_sent_to_sign_in(engineer, password):
    from tests.factories import draft

    assessment = draft(engineer)
    client = Client()
    sign_in(client, "engineer", password)
    engineer.is_active = False
    engineer.save()
    response = client.post(
        f"/assessments/{assessment.pk}/ratings/programming.python/",
        {"level": "3"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/assessments/{assessment.pk}/",
    )
    assert response.status_code == 401
    assert "expired=1" in response["HX-Redirect"]


def test_changing_the_password_ends_the_other_sessions(engineer, password):
    other_device = Client()
    sign_in(other_device, "engineer", password)
    engineer.set_password("a new long passphrase for eko")
    engineer.save()
    assert other_device.get("/").status_code == 302


def test_the_session_cookie_is_httponly_and_samesite(engineer, password):
    client = Client()
    sign_in(client, "engineer", password)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_make_cookies_secure_and_send_hsts():
    """DJANGO_ENV=production is read when settings load: look at them in a fresh process."""
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "DEBUG",
    ]
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-0123456789",
        "ALLOWED_HOSTS": "skillgap.example.com",
        "DATABASE_URL": "sqlite:////tmp/skillgap-settings-test.sqlite3",
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"):
        assert values[name] is True, name
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_sign_in_and_language_switch_never_send_the_user_to_another_site(
    engineer, password, target
):
    client = Client()
    response = client.post(
        f"/accounts/login/?next={target}", {"login": "engineer", "password": password}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.post("/i18n/setlang/", {"language": "id", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
