"""``/me/tokens/``: make a token (its secret shown once), see them, revoke one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from api.models import ApiToken
from api.tokens import token_create
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"sg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def test_a_new_token_is_shown_once_and_works(client_for, engineer):
    client = client_for(engineer)
    response = client.post("/me/tokens/", {"name": "CI", "days": "30", "scope": "read"})
    assert response.status_code == 200
    secret = SECRET.search(response.content.decode()).group()
    token = ApiToken.objects.get(user=engineer)
    assert (token.name, token.read_write) == ("CI", False)
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    assert bearer(secret).get("/api/v1/me").json()["username"] == engineer.username
    again = client.get("/me/tokens/").content.decode()
    assert secret not in again and f"sg_{token.prefix}_" in again


def test_the_default_expiry_is_90_days_and_at_most_365(client_for, engineer):
    client = client_for(engineer)
    page = client.get("/me/tokens/").content.decode()
    assert 'name="days" value="90"' in page
    for days in ("0", "366", "x", ""):
        response = client.post("/me/tokens/", {"name": "CI", "days": days, "scope": "read"})
        assert response.status_code == 400, days
    assert not ApiToken.objects.exists()


def test_a_read_write_token_may_be_chosen(client_for, engineer):
    client_for(engineer).post("/me/tokens/", {"name": "Sync", "days": "7", "scope": "write"})
    assert ApiToken.objects.get(user=engineer).read_write is True


def test_bad_names_and_scopes_are_refused(client_for, engineer):
    client = client_for(engineer)
    for data in (
        {"name": "", "days": "7", "scope": "read"},
        {"name": "x" * 101, "days": "7", "scope": "read"},
        {"name": "nul\x00", "days": "7", "scope": "read"},
        {"name": "CI", "days": "7", "scope": "admin"},
    ):
        assert client.post("/me/tokens/", data).status_code == 400, data
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token(client_for, engineer):
    issued = token_create(user=engineer, name="old", days=30)
    response = client_for(engineer).post(f"/me/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 302
    assert bearer(issued.secret).get("/api/v1/me").status_code == 401
    page = client_for(engineer).get("/me/tokens/").content.decode()
    assert "Revoked" in page


def test_nobody_revokes_anyone_elses_token(client_for, engineer, teammate):
    issued = token_create(user=engineer, name="mine", days=30)
    assert client_for(teammate).post(f"/me/tokens/{issued.token.pk}/revoke/").status_code == 404
    assert bearer(issued.secret).get("/api/v1/me").status_code == 200


def test_the_page_lists_only_ones_own_tokens(client_for, engineer, teammate):
    token_create(user=teammate, name="Theirs", days=30)
    token_create(user=engineer, name="Mine", days=30)
    page = client_for(engineer).get("/me/tokens/").content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_every_change_needs_the_csrf_token(engineer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    issued = token_create(user=engineer, name="kept", days=30)
    assert (
        client.post("/me/tokens/", {"name": "CI", "days": "7", "scope": "read"}).status_code == 403
    )
    assert client.post(f"/me/tokens/{issued.token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_the_page_speaks_indonesian(client_for, engineer):
    page = client_for(engineer).get("/me/tokens/?lang=id").content.decode()
    assert "Token API" in page


def test_an_administrator_makes_a_service_token_in_the_admin(client_for, staff, team):
    client = client_for(staff)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "HR sync", "teams": [team.pk], "days": "30"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="HR sync")
    assert token.kind == "service" and token.read_write is False and token.user is None
    secret = SECRET.search(response.content.decode()).group()
    assert bearer(secret).get("/api/v1/teams").json()[0]["id"] == team.pk


def test_a_manager_without_a_second_factor_is_sent_to_enrol_first(
    client_for, manager, team, settings
):
    """A token outlives the sign-in it was made in: it is made only by someone
    who signed in as strongly as their role asks."""
    settings.MFA_REQUIRED = True
    response = client_for(manager).get("/me/tokens/")
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    client_for(manager).post("/me/tokens/", {"name": "CI", "days": "7", "scope": "read"})
    assert not ApiToken.objects.exists()
