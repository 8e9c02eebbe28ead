"""Multi-factor sign-in (allauth.mfa): managers and administrators must enrol
a TOTP authenticator at their first sign-in; then a sign-in asks for a code
or a recovery code. Through the real pages, with real codes."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory
from tests.totp import code_for

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ENROL = "/accounts/2fa/totp/activate/"
CHALLENGE = "/accounts/2fa/authenticate/"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED = True
    settings.MFA_DEMO_EXEMPT = False
    cache.clear()


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def enrol(client) -> str:
    page = client.get(ENROL)
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode())
    secret = secret.group(1)
    response = client.post(ENROL, {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_a_manager_without_a_second_factor_is_sent_to_enrol(client, manager, team):
    assert sign_in(client, "manager").status_code == 302
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == ENROL
    # Nothing else is reachable either, but signing out is.
    assert client.get(f"/teams/{team.pk}/")["Location"] == ENROL
    assert client.post("/accounts/logout/").status_code == 302


def test_an_administrator_must_enrol_too(client, staff):
    sign_in(client, "staff")
    assert client.get("/")["Location"] == ENROL


def test_a_people_partner_must_enrol_too(client, outsider, team):
    team.people_partners.add(outsider)
    sign_in(client, "outsider")
    assert client.get("/")["Location"] == ENROL


def test_an_engineer_is_not_asked_for_a_second_factor(client, engineer):
    sign_in(client, "engineer")
    assert client.get("/").status_code == 200


def test_a_demo_manager_is_exempt_only_where_the_settings_say(client, framework, settings):
    demo = UserFactory(username="demo-manager", is_staff=True, is_demo=True)
    settings.MFA_DEMO_EXEMPT = True
    sign_in(client, demo.username)
    assert client.get("/").status_code == 200
    settings.MFA_DEMO_EXEMPT = False
    other = type(client)()
    sign_in(other, demo.username)
    assert other.get("/")["Location"] == ENROL


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(client, manager, team):
    sign_in(client, "manager")
    secret = enrol(client)
    assert client.get("/").status_code == 200  # enrolled: the pages open
    assert Authenticator.objects.filter(user=manager, type="totp").exists()
    recovery = Authenticator.objects.get(user=manager, type="recovery_codes")
    codes = RecoveryCodes(recovery).get_unused_codes()
    assert len(codes) >= 8
    client.post("/accounts/logout/")

    # The password alone is not enough now.
    cache.clear()  # the enrolment code was marked used; a new period's code is the same here
    response = sign_in(client, "manager")
    assert response.status_code == 302 and response["Location"] == CHALLENGE
    assert client.get("/").status_code == 302  # not signed in yet
    wrong = client.post(CHALLENGE, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    assert client.post(CHALLENGE, {"code": code_for(secret)}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")

    # A recovery code signs in once.
    sign_in(client, "manager")
    assert client.post(CHALLENGE, {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, "manager")
    reused = client.post(CHALLENGE, {"code": codes[0]})
    assert reused.status_code == 200
    assert client.get("/").status_code == 302


def test_the_recovery_codes_right_after_enrolling_ask_for_no_second_password(
    client, manager, team, settings
):
    sign_in(client, "manager")
    enrol(client)
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200
    # Once the sign-in is older than the reauthentication window, they ask.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    later = client.get("/accounts/2fa/recovery-codes/")
    assert later.status_code == 302
    assert later["Location"].startswith("/accounts/reauthenticate/")


def test_someone_elses_security_key_cannot_be_renamed_or_removed(client, engineer, outsider):
    key = Authenticator.objects.create(
        user=outsider, type=Authenticator.Type.WEBAUTHN, data={"name": "Outsider's key"}
    )
    sign_in(client, "engineer")
    # These pages ask for the password again first; given, the key is not found.
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    for action in ("edit", "remove"):
        response = client.get(f"/accounts/2fa/webauthn/keys/{key.pk}/{action}/")
        assert response.status_code == 404, (action, response.status_code)
        assert client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/{action}/").status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_the_enrolment_page_speaks_indonesian(client, manager, team):
    sign_in(client, "manager")
    page = client.get(f"{ENROL}?lang=id")
    assert page.status_code == 200
    assert 'lang="id"' in page.content.decode()
