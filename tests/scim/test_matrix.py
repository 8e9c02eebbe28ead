"""Who gets what from every SCIM route, for every kind of token: only a
service token an administrator allowed to provision reaches SCIM. A SCIM
route without an entry here fails the test, so a new one cannot escape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import token_create
from tests.factories import TeamFactory, UserFactory
from tests.scim.conftest import ScimClient

pytestmark = pytest.mark.django_db

TOKENS = ("none", "malformed", "expired", "revoked", "personal", "service", "provisioning")
REFUSED = {"none": 401, "malformed": 401, "expired": 401, "revoked": 401}
REFUSED |= {"personal": 403, "service": 403}


def expect(provisioning: int) -> dict[str, int]:
    return REFUSED | {"provisioning": provisioning}


# (route name, what its argument is) -> method -> the provisioning token's status.
MATRIX = {
    ("service_provider_config", None): {"GET": expect(200), "POST": expect(405)},
    ("resource_types", None): {"GET": expect(200)},
    ("resource_type", "User"): {"GET": expect(200)},
    ("resource_type", "Widget"): {"GET": expect(404)},
    ("schemas", None): {"GET": expect(200)},
    ("schema", "urn:ietf:params:scim:schemas:core:2.0:Group"): {"GET": expect(200)},
    ("schema", "urn:x"): {"GET": expect(404)},
    ("users", None): {"GET": expect(200), "POST": expect(201), "DELETE": expect(405)},
    ("user", "user"): {
        "GET": expect(200),
        "PUT": expect(200),
        "PATCH": expect(200),
        "DELETE": expect(204),
        "POST": expect(405),
    },
    ("user", "admin"): {"GET": expect(404), "PATCH": expect(404), "DELETE": expect(404)},
    ("user", "missing"): {"GET": expect(404), "PUT": expect(404), "DELETE": expect(404)},
    ("groups", None): {"GET": expect(200), "POST": expect(201)},
    ("group", "team"): {
        "GET": expect(200),
        "PUT": expect(200),
        "PATCH": expect(200),
        "DELETE": expect(204),
    },
    ("group", "missing"): {"GET": expect(404), "PATCH": expect(404), "DELETE": expect(404)},
    ("search", None): {"POST": expect(501), "GET": expect(405)},
    ("unknown", "Widgets"): {"GET": expect(404), "POST": expect(404)},
}


def _scim_routes() -> set[str]:
    scim = next(p for p in get_resolver().url_patterns if str(p.pattern) == "scim/v2/")
    return {p.name for p in scim.url_patterns}


def test_every_scim_route_is_in_the_matrix():
    assert _scim_routes() == {name for name, _arg in MATRIX}


def _secrets():
    expired = token_create(name="old", days=1, provisions=True)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = token_create(name="gone", days=1, provisions=True)
    ApiToken.objects.filter(pk=revoked.token.pk).update(revoked_at=timezone.now())
    owner = UserFactory(username="owner")
    return {
        "none": None,
        "malformed": "sg_nothing",
        "expired": expired.secret,
        "revoked": revoked.secret,
        "personal": token_create(user=owner, name="p", days=1, read_write=True).secret,
        "service": token_create(name="s", days=1).secret,
        "provisioning": token_create(name="idp", days=1, provisions=True).secret,
    }


def _body(name: str, arg) -> dict:
    if name in ("users", "user"):
        return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "made"}
    if name in ("groups", "group"):
        return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Made"}
    return {}


def _patch() -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "externalId", "value": "x"}],
    }


@pytest.mark.parametrize(("route", "arg"), list(MATRIX), ids=[f"{n}-{a}" for n, a in MATRIX])
def test_each_token_gets_what_the_matrix_says(route, arg):
    secrets = _secrets()
    wrong = []
    for method, expects in MATRIX[(route, arg)].items():
        for kind in TOKENS:
            user = UserFactory(username=f"u-{method}-{kind}".lower())
            admin = UserFactory(username=f"a-{method}-{kind}".lower(), is_staff=True)
            team = TeamFactory(name=f"T {method} {kind}")
            value = {"user": user.pk, "admin": admin.pk, "team": team.pk, "missing": 987654}
            kwargs = {}
            if arg is not None:
                kwargs = (
                    {"id": str(value.get(arg, arg))}
                    if route in ("user", "group")
                    else {"rest" if route == "unknown" else "object_id": arg}
                )
            path = reverse(f"scim:{route}", kwargs=kwargs).removeprefix("/scim/v2/")
            client = ScimClient(secrets[kind])
            body = _patch() if method == "PATCH" else _body(route, arg)
            if method == "POST":
                body = {**body, "userName": f"new-{kind}"} if "userName" in body else body
                body = {**body, "displayName": f"New {kind}"} if "displayName" in body else body
            if method in ("GET", "DELETE"):
                response = getattr(client, method.lower())(path)
            else:
                response = getattr(client, method.lower())(path, body)
            if response.status_code != expects[kind]:
                wrong.append(
                    f"{method} {path} with {kind}: {response.status_code}, expected {expects[kind]}"
                )
    assert not wrong, "\n".join(wrong)
