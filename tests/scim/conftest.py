"""SCIM's cast: a provisioning token (a service token an administrator
allowed to provision), an ordinary service token and a personal one, and a
client that sends a bearer token and SCIM JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api.tokens import token_create

SCIM_JSON = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimClient:
    """Requests to ``/scim/v2/`` with ``Authorization: Bearer <secret>``."""

    def __init__(self, secret: str | None):
        headers = {"authorization": f"Bearer {secret}"} if secret else {}
        self.client = Client(headers=headers)

    def _send(self, method, path, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        call = getattr(self.client, method)
        return call(f"/scim/v2/{path}", data=data, content_type=SCIM_JSON)

    def get(self, path, **query):
        return self.client.get(f"/scim/v2/{path}", query)

    def post(self, path, body=None, raw=None):
        return self._send("post", path, body, raw)

    def put(self, path, body=None, raw=None):
        return self._send("put", path, body, raw)

    def patch(self, path, body=None, raw=None):
        return self._send("patch", path, body, raw)

    def delete(self, path):
        return self.client.delete(f"/scim/v2/{path}")


def new_user(scim: ScimClient, user_name: str, **extra):
    body = {"schemas": [USER_SCHEMA], "userName": user_name, "active": True, **extra}
    response = scim.post("Users", body)
    assert response.status_code == 201, response.content
    return response.json()


def new_group(scim: ScimClient, name: str, **extra):
    response = scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": name, **extra})
    assert response.status_code == 201, response.content
    return response.json()


def patch_op(*operations):
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}


@pytest.fixture
def provisioning_secret(db):
    return token_create(name="idp", days=30, provisions=True).secret


@pytest.fixture
def scim(provisioning_secret):
    return ScimClient(provisioning_secret)
