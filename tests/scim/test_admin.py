"""An administrator allows a service token to provision in the admin: the
secret shown once then reaches SCIM; clearing the box later takes it away."""

from __future__ import annotations

import re

import pytest

from api.models import ApiToken
from tests.scim.conftest import ScimClient

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"sg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def test_an_administrator_makes_a_scim_token_and_can_take_the_right_away(client_for, staff):
    client = client_for(staff)
    form = client.get("/admin/api/apitoken/add/").content.decode()
    assert "May provision users and teams (SCIM)" in form
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Entra ID", "provisions": "on", "days": "30"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Entra ID")
    assert token.kind == "service" and token.provisions and token.read_write is False
    scim = ScimClient(SECRET.search(response.content.decode()).group())
    assert scim.get("Users").status_code == 200

    client.post(f"/admin/api/apitoken/{token.pk}/change/", {"name": "Entra ID"})
    token.refresh_from_db()
    assert not token.provisions
    assert scim.get("Users").status_code == 403


def test_a_service_token_made_without_the_box_may_not_provision(client_for, staff):
    response = client_for(staff).post(
        "/admin/api/apitoken/add/", {"name": "HR", "days": "30"}, follow=True
    )
    scim = ScimClient(SECRET.search(response.content.decode()).group())
    assert scim.get("Users").status_code == 403
