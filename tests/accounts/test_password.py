"""Password change, and reset by e-mail through a real SMTP server (aiosmtpd
on loopback) with the link it carries."""

import re
import time

import pytest

from tests.factories import PASSWORD
from tests.smtp import serving

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 2026"


@pytest.fixture
def smtp(settings):
    with serving(settings) as inbox:
        settings.DEFAULT_FROM_EMAIL = "SkillGap <skillgap@example.com>"
        yield inbox


def body_of(message) -> str:
    if message.is_multipart():
        return "".join(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
    return message.get_payload(decode=True).decode()


def signs_in(client, password) -> bool:
    response = client.post("/accounts/login/", {"login": "engineer", "password": password})
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_a_forgotten_password_is_reset_through_the_e_mailed_link(client, engineer, smtp):
    engineer.email = "eko@example.com"
    engineer.save()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200
    response = client.post("/accounts/password/reset/", {"email": "eko@example.com"})
    assert response.status_code == 302
    deadline = time.monotonic() + 5
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["eko@example.com"]
    assert "skillgap@example.com" in message["From"]
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", body_of(message)
    ).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert not signs_in(type(client)(), PASSWORD)
    assert signs_in(type(client)(), NEW_PASSWORD)
    # The link works once.
    again = type(client)().get(link, follow=True)
    assert "password1" not in again.content.decode()


def test_an_unknown_address_gets_no_reset_link_and_the_page_says_the_same(client, engineer, smtp):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302  # the same answer as for a known address
    time.sleep(0.3)
    for recipients, message in smtp.messages:
        assert recipients == ["nobody@example.com"]
        assert "/accounts/password/reset/key/" not in body_of(message)


def test_a_password_change_needs_the_current_password(client, engineer):
    assert signs_in(client, PASSWORD)
    page = client.get("/accounts/password/change/")
    assert page.status_code == 200
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert not signs_in(type(client)(), NEW_PASSWORD)
    changed = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert signs_in(type(client)(), NEW_PASSWORD)
    assert client.get("/").status_code == 200  # this session goes on


def test_the_reset_page_speaks_indonesian(client):
    html = client.get("/accounts/password/reset/?lang=id").content.decode()
    assert 'lang="id"' in html
    assert "Kata sandi" in html or "kata sandi" in html
