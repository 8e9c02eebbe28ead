"""Who may call SCIM and what it refuses to read: each refusal a SCIM error
body with its status (RFC 7644 §3.12), never a 500, nothing saved."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import token_create
from tests.factories import UserFactory
from tests.scim.conftest import SCIM_JSON, USER_SCHEMA, ScimClient, new_user, patch_op

pytestmark = pytest.mark.django_db
User = get_user_model()
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


def _scim_error(response, status: int, scim_type: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(SCIM_JSON)
    body = response.json()
    assert body["schemas"] == [ERROR_SCHEMA]
    assert body["status"] == str(status) and body["detail"]
    if scim_type is not None:
        assert body["scimType"] == scim_type
    return body


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Bearer sg_zzzzzzzz_" + "a" * 43, "Basic dXNlcjpwYXNz"],
)
def test_no_or_a_malformed_token_is_401(db, header):
    headers = {"authorization": header} if header else {}
    response = Client(headers=headers).get("/scim/v2/Users")
    _scim_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("change", ["expired", "revoked"])
def test_an_expired_or_revoked_provisioning_token_is_401(provisioning_secret, change):
    field = {"expired": "expires_at", "revoked": "revoked_at"}[change]
    moment = timezone.now() - timedelta(seconds=1)
    ApiToken.objects.filter(provisions=True).update(**{field: moment})
    _scim_error(ScimClient(provisioning_secret).get("Users"), 401)


def test_a_personal_token_is_403(db):
    user = UserFactory(username="ann")
    secret = token_create(user=user, name="mine", days=1, read_write=True).secret
    _scim_error(ScimClient(secret).get("Users"), 403)
    response = ScimClient(secret).post("Users", {"schemas": [USER_SCHEMA], "userName": "bob"})
    _scim_error(response, 403)
    assert not User.objects.filter(username="bob").exists()


def test_an_ordinary_service_token_is_403(db):
    secret = token_create(name="reporting", days=1).secret
    _scim_error(ScimClient(secret).get("ServiceProviderConfig"), 403)


def test_a_personal_token_cannot_be_made_to_provision(db):
    user = UserFactory(username="ann")
    issued = token_create(user=user, name="mine", days=1, provisions=True)
    assert issued.token.provisions is False


def test_a_session_alone_is_401_and_needs_no_csrf_token(db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username="ann", is_staff=True, is_superuser=True))
    response = browser.post(
        "/scim/v2/Users", {"schemas": [USER_SCHEMA], "userName": "x"}, content_type=SCIM_JSON
    )
    _scim_error(response, 401)


def test_the_rate_limit_is_per_token_and_answers_429(settings, provisioning_secret, empty_cache):
    settings.API_REQUESTS_PER_MINUTE = 3
    scim = ScimClient(provisioning_secret)
    assert [scim.get("Users").status_code for _ in range(3)] == [200] * 3
    # A new minute may begin among these; then the next three are counted afresh.
    response = next(r for r in (scim.get("Users") for _ in range(4)) if r.status_code != 200)
    _scim_error(response, 429)
    assert int(response["Retry-After"]) >= 1
    other = ScimClient(token_create(name="idp2", days=1, provisions=True).secret)
    assert other.get("Users").status_code == 200


@pytest.mark.parametrize(
    "body", ['{"userName": ', "not json", "[1, 2]", '"ann"', "null", '{"a": NaN}']
)
def test_malformed_json_is_400_invalid_syntax(scim, body):
    _scim_error(scim.post("Users", raw=body), 400, "invalidSyntax")
    assert not User.objects.exists()


def test_a_body_not_utf8_is_400(scim):
    response = scim.client.post("/scim/v2/Users", data=b"\xff\xfe{}", content_type=SCIM_JSON)
    _scim_error(response, 400, "invalidSyntax")


def test_an_oversized_body_is_413_and_nothing_is_made(scim):
    big = json.dumps({"schemas": [USER_SCHEMA], "userName": "a" * (65 * 1024)})
    _scim_error(scim.post("Users", raw=big), 413, "tooLarge")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"schemas": [USER_SCHEMA]},
        {"schemas": [USER_SCHEMA], "userName": ""},
        {"schemas": [USER_SCHEMA], "userName": "has space"},
        {"schemas": [USER_SCHEMA], "userName": "x" * 151},
        {"schemas": [USER_SCHEMA], "userName": "ann", "emails": [{"value": "not-an-address"}]},
        {"schemas": [USER_SCHEMA], "userName": "ann", "active": "maybe"},
        {"schemas": [USER_SCHEMA], "userName": 12},
        {"schemas": [USER_SCHEMA], "userName": "ann", "name": "Ann"},
    ],
)
def test_an_invalid_user_is_400_and_nothing_is_made(scim, body):
    response = scim.post("Users", body)
    assert response.status_code == 400, response.content
    assert response.json()["scimType"] in ("invalidValue", "invalidSyntax")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "operations",
    [
        [{"op": "jump", "path": "active", "value": False}],
        [{"op": "replace", "path": "nickName[", "value": "x"}],
        [{"op": "remove", "path": "userName"}],
        [
            {"op": "replace", "path": "active", "value": False},
            {"op": "replace", "path": "userName", "value": ""},
        ],
        "not a list",
    ],
)
def test_a_bad_patch_is_400_and_changes_nothing(scim, operations):
    created = new_user(scim, "ann")
    body = patch_op() | {"Operations": operations}
    response = scim.patch(f"Users/{created['id']}", body)
    assert response.status_code == 400, response.content
    user = User.objects.get(pk=created["id"])
    assert user.is_active and user.username == "ann"


@pytest.mark.parametrize(
    "query",
    [
        {"filter": 'userName sw "a"'},
        {"filter": 'nickName eq "a"'},
        {"filter": 'userName eq "a" or userName eq "b"'},
        {"filter": "userName eq"},
        {"filter": 'active eq "yes"'},
    ],
)
def test_a_filter_not_understood_is_400_invalid_filter(scim, query):
    _scim_error(scim.get("Users", **query), 400, "invalidFilter")


@pytest.mark.parametrize(
    "query", [{"startIndex": "one"}, {"count": "1.5"}, {"attributes": "no such[attr"}]
)
def test_bad_paging_or_attributes_are_400(scim, query):
    assert scim.get("Users", **query).status_code == 400


def test_an_unknown_endpoint_is_404_and_a_wrong_method_405(scim):
    _scim_error(scim.get("Widgets"), 404)
    _scim_error(scim.post("ServiceProviderConfig", {}), 405)
    _scim_error(scim.post(".search", {}), 501)
