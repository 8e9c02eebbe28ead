"""The security review's findings, each reproduced as it was found and held
fixed (docs/security.md, "Findings of the security review")."""

import os
import shutil
import signal
import socket
import subprocess
import time
from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from assessments.models import Rating
from tests.factories import PASSWORD, UserFactory, draft, submitted

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/assessments/1/"}


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


# --- a Redis outage ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server():
    """A redis-server of this test's own on a free loopback port; the test
    stops it with ``stop()``."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)

    def stop():
        process.terminate()
        process.wait(timeout=10)

    process.stop = stop
    process.url = f"redis://127.0.0.1:{port}/0"
    yield process
    if process.poll() is None:
        stop()


def redis_settings(url):
    return {
        "CACHES": {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            }
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "AUTH_USER_CACHE_SECONDS": 60,
    }


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_people_sign_in_save_and_sign_out(framework, redis_server, client):
    """The finding: every signed-in page answered 500 while Redis was down
    (``cached_db`` writes back to the cache after a database read), and
    sign-out too, leaving the session alive."""
    engineer = UserFactory(username="engineer")
    assessment = draft(engineer)
    with override_settings(**redis_settings(redis_server.url)):
        assert sign_in(client, "engineer").status_code == 302
        assert client.get("/").status_code == 200
        redis_server.stop()

        # The session signed in before the outage still works.
        started = time.monotonic()
        assert client.get("/").status_code == 200
        assert time.monotonic() - started < 5  # short socket timeouts, no hang

        # A new sign-in, a save, a sign-out: all answered, all stored.
        other = type(client)()
        assert sign_in(other, "engineer").status_code == 302
        response = other.post(
            f"/assessments/{assessment.pk}/ratings/programming.python/",
            {"level": "3", "evidence": "Saved while Redis was down", "revision": "0"},
            **HTMX,
        )
        assert response.status_code == 200
        saved = Rating.objects.get(assessment=assessment, competency__code="programming.python")
        assert (saved.level, saved.evidence) == (3, "Saved while Redis was down")

        session_key = other.session.session_key
        assert other.post("/accounts/logout/").status_code == 302
        from django.contrib.sessions.models import Session

        assert not Session.objects.filter(session_key=session_key).exists()
        assert other.get("/").status_code == 302  # signed out for real


@pytest.mark.django_db(transaction=True)
def test_a_sign_out_while_redis_stalls_ends_the_session_once_redis_answers_again(
    framework, redis_server, client
):
    """Redis stalled (not restarted: its data is still there when it answers
    again) while someone signs out: the database row goes, the cached copy
    cannot. A copy of the session cookie (a stolen one, another tab) must not
    be signed in once Redis is back."""
    UserFactory(username="engineer")
    with override_settings(**redis_settings(redis_server.url)):
        assert sign_in(client, "engineer").status_code == 302
        assert client.get("/").status_code == 200  # the session is in Redis now
        copy = type(client)()
        copy.cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
        assert copy.get("/").status_code == 200

        os.kill(redis_server.pid, signal.SIGSTOP)
        try:
            assert client.post("/accounts/logout/").status_code == 302
        finally:
            os.kill(redis_server.pid, signal.SIGCONT)

        assert copy.get("/").status_code == 302  # signed out for real
        # Redis is used again as before: a new sign-in is cached and works.
        assert sign_in(client, "engineer").status_code == 302
        assert client.get("/").status_code == 200


def test_redis_has_short_socket_timeouts():
    from django.conf import settings

    from config import settings as project_settings

    assert project_settings.REDIS_SOCKET_TIMEOUT <= 1
    assert settings.REDIS_SOCKET_TIMEOUT <= 1


# --- proxy trust --------------------------------------------------------------------


def fail_from(client, username, address, times, **headers):
    for _ in range(times):
        sign_in(client, username, "wrong password", REMOTE_ADDR=address, **headers)


def test_a_forged_forwarded_for_from_a_direct_client_is_not_believed(client, engineer, settings):
    """The finding: with PROXY_COUNT=1 and gunicorn reachable directly, a
    made-up X-Forwarded-For gave every guess a new address."""
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    attacker = "203.0.113.66"
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client,
            "engineer",
            "wrong password",
            REMOTE_ADDR=attacker,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = sign_in(
        client, "engineer", REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="198.51.100.200"
    )
    assert response.status_code == 429
    # ...and the victim, behind the real proxy, is not locked out by it.
    victim = sign_in(
        type(client)(), "engineer", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.5"
    )
    assert victim.status_code == 302


def test_a_direct_client_cannot_skip_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    direct = client.get(
        "/accounts/login/", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_PROTO="https"
    )
    assert direct.status_code == 301
    assert direct["Location"].startswith("https://")
    proxied = type(client)().get(
        "/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https"
    )
    assert proxied.status_code == 200


def test_the_readme_binds_loopback_and_names_the_trusted_proxies():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    deploy = (settings.BASE_DIR / "docs" / "deploy.md").read_text()
    assert "0.0.0.0" not in readme  # noqa: S104
    assert "TRUSTED_PROXIES" in deploy
    assert "--forwarded-allow-ips" in deploy


# --- password spraying --------------------------------------------------------------


def test_password_spraying_from_one_address_is_throttled(client, framework, settings):
    """The finding: 180 attempts over 45 usernames from one address, none refused."""
    victims = [UserFactory(username=f"user{n}") for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    address = "203.0.113.99"
    for victim in victims:
        fail_from(client, victim.username, address, 1)
    target = UserFactory(username="target")
    assert sign_in(client, target.username, REMOTE_ADDR=address).status_code == 429
    # Another address is not affected.
    assert sign_in(type(client)(), target.username, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_guesses_at_one_username_from_many_addresses_are_throttled(client, engineer, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 12
    for n in range(12):
        fail_from(client, "engineer", f"198.51.100.{n}", 1)
    assert sign_in(client, "engineer", REMOTE_ADDR="192.0.2.77").status_code == 429


# --- demo accounts ------------------------------------------------------------------


def test_demo_accounts_are_known_by_their_flag_not_their_address(framework, client, settings):
    settings.ALLOW_DEMO_ACCOUNTS = False
    flagged = UserFactory(username="flagged", email="someone@example.com", is_demo=True)
    plain = UserFactory(username="plain", email="plain@demo.skillgap.invalid")
    assert sign_in(client, flagged.username).status_code == 200  # refused: the form again
    assert sign_in(type(client)(), plain.username).status_code == 302


def test_seed_demo_flags_its_accounts(framework):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(username="admin", is_demo=True).exists()
    assert not User.objects.filter(is_demo=False, email__endswith="@demo.skillgap.invalid").exists()


def test_demo_accounts_in_production_are_a_system_check_error():
    from tests.test_deploy import PRODUCTION, run_manage

    result = run_manage("check", "--deploy", **PRODUCTION, ALLOW_DEMO_ACCOUNTS="true")
    assert result.returncode != 0
    assert "skillgap.E001" in result.stderr + result.stdout


# --- hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "cp1252", "x-no-such-charset", "utf-32"])
def test_a_post_in_another_charset_is_400_not_500(client, engineer, charset):
    body = "login=engineer&password=é".encode("utf-16" if charset == "utf-16" else "latin-1")
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    anonymous = client.generic("POST", LOGIN, body, content_type=content_type)
    assert anonymous.status_code == 400
    client.force_login(engineer)
    signed_in = client.generic("POST", "/i18n/setlang/", body, content_type=content_type)
    assert signed_in.status_code == 400


def test_a_utf8_post_still_works(client, engineer):
    response = client.post(
        LOGIN,
        f"login=engineer&password={PASSWORD}".encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 302


# --- a planted session ---------------------------------------------------------------


def test_signing_in_over_a_planted_session_replaces_it(client, engineer, outsider):
    """The finding: an attacker's session cookie planted in the victim's
    browser sent the sign-in page straight home, in the attacker's account."""
    client.force_login(outsider)  # the attacker's session, planted
    planted = client.session.session_key
    page = client.get(LOGIN)
    assert page.status_code == 200  # the form, not a redirect into the planted account
    assert sign_in(client, "engineer").status_code == 302
    assert client.session.session_key != planted
    assert str(client.session[SESSION_KEY]) == str(engineer.pk)
    assert client.get("/").context["user"] == engineer


# --- frozen ratings in the admin ------------------------------------------------------


def test_frozen_ratings_are_read_only_in_the_admin(client, engineer, staff):
    frozen = submitted(engineer, level=2)
    rating = Rating.objects.filter(assessment=frozen).first()
    client.force_login(staff)
    page = client.get(f"/admin/assessments/rating/{rating.pk}/change/")
    assert page.status_code == 200
    assert 'name="level"' not in page.content.decode()
    client.post(
        f"/admin/assessments/rating/{rating.pk}/change/",
        {"assessment": frozen.pk, "competency": rating.competency_id, "level": 4},
    )
    rating.refresh_from_db()
    assert rating.level == 2
    inline = client.get(f"/admin/assessments/assessment/{frozen.pk}/change/").content.decode()
    assert 'name="ratings-0-level"' not in inline
    # A draft's ratings stay editable.
    open_one = draft(UserFactory(username="drafter"))
    open_rating = Rating.objects.filter(assessment=open_one).first()
    editable = client.get(f"/admin/assessments/rating/{open_rating.pk}/change/")
    assert 'name="level"' in editable.content.decode()
    assert admin.site.is_registered(Rating)


# --- anti-caching ----------------------------------------------------------------------


def test_personal_pages_and_exports_are_not_stored(client_for, engineer, team, manager):
    assessment = submitted(engineer, level=2)
    mine = client_for(engineer)
    for path in (
        "/",
        f"/assessments/{assessment.pk}/report/",
        f"/assessments/{assessment.pk}/report.json",
    ):
        response = mine.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    managers = client_for(manager)
    csv = managers.get(f"/teams/{team.pk}/ratings.csv")
    assert csv.status_code == 200
    assert "no-store" in csv["Cache-Control"]
    assert "no-store" in type(mine)().get(LOGIN)["Cache-Control"]


# --- PDF renders per user --------------------------------------------------------------


def test_pdf_renders_are_limited_per_user(
    client_for, engineer, outsider, settings, empty_cache, monkeypatch
):
    """The finding: one user forcing re-renders slowed everyone's autosave."""
    settings.PDF_RENDERS_PER_MINUTE = 2
    import core.ratelimit

    monkeypatch.setattr(core.ratelimit, "_now", lambda: 1_800_000_010.0)  # one window
    assessments = [submitted(engineer, level=level) for level in (1, 2, 3)]
    own = client_for(engineer)
    for assessment in assessments[:2]:
        assert own.get(f"/assessments/{assessment.pk}/report.pdf").status_code == 200
    refused = own.get(f"/assessments/{assessments[2].pk}/report.pdf")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Try again in" in refused.content.decode()
    # A PDF already made is served from the cache, not refused.
    assert own.get(f"/assessments/{assessments[0].pk}/report.pdf").status_code == 200
    # Another user is not limited by the first.
    other = submitted(outsider, level=2)
    other_client = type(own)()
    other_client.force_login(outsider)
    assert other_client.get(f"/assessments/{other.pk}/report.pdf").status_code == 200
