"""Sign-in is throttled per username and address, with a cool-off (docs/security.md,
ASVS 6.3.1): django-axes, through the real sign-in form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADDRESS = "203.0.113.10"


def sign_in(client, username, password, address=ADDRESS, **headers):
    return client.post(
        LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username="engineer", times=None, address=ADDRESS, **headers):
    for _ in range(times or settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong password", address, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def assert_locked(response):
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_a_few_wrong_passwords_are_just_wrong(client, engineer, password):
    fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "engineer", password))


def test_after_the_limit_even_the_right_password_is_refused(client, engineer, password):
    fail(client)
    assert_locked(sign_in(client, "engineer", password))
    assert client.get("/").status_code == 302  # still signed out


def test_the_same_username_from_another_address_is_not_locked(client, engineer, password):
    fail(client)
    assert signed_in(sign_in(client, "engineer", password, address="198.51.100.7"))


def test_another_username_from_the_locked_address_is_not_locked(
    client, engineer, teammate, password
):
    fail(client, username="engineer")
    assert signed_in(sign_in(client, "teammate", password))


def test_the_lockout_is_a_cool_off_not_a_permanent_ban(client, engineer, password):
    fail(client)
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert cool_off == timedelta(minutes=15)
    # A minute before the end of the cool-off it still holds (and trying again
    # while locked starts it over)...
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off + timedelta(minutes=1))
    assert_locked(sign_in(client, "engineer", password))
    # ...and once it has passed, the right password signs in.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off - timedelta(minutes=1))
    assert signed_in(sign_in(client, "engineer", password))


def test_a_successful_sign_in_starts_the_count_again(client, engineer, password):
    fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "engineer", password))
    client.post("/accounts/logout/")
    fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "engineer", password))


def test_a_made_up_forwarded_for_header_does_not_dodge_the_lockout(client, engineer, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "engineer", "wrong password", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    assert_locked(sign_in(client, "engineer", password, HTTP_X_FORWARDED_FOR="10.9.8.200"))


def test_behind_a_proxy_each_client_is_throttled_on_its_own_address(
    client, engineer, password, settings
):
    """Behind one load balancer every request comes from its address; the client
    is the address the balancer saw (the last X-Forwarded-For entry), so one
    attacker cannot lock everyone out, nor dodge the lock by forging entries."""
    settings.PROXY_COUNT = 1
    balancer = "10.0.0.2"
    settings.TRUSTED_PROXIES = [balancer]
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client,
            "engineer",
            "wrong password",
            balancer,
            HTTP_X_FORWARDED_FOR=f"10.9.8.{n}, {ADDRESS}",
        )
    assert_locked(
        sign_in(client, "engineer", password, balancer, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ADDRESS}")
    )
    other = sign_in(client, "engineer", password, balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert signed_in(other)


def test_the_lockout_page_says_what_happened_in_the_users_language(client, engineer, password):
    fail(client)
    response = client.post(
        f"{LOGIN}?lang=id", {"login": "engineer", "password": password}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 429
    assert 'lang="id"' in response.content.decode()
