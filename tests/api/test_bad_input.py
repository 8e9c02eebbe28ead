"""Tokens that do not work, writes a token may not make, bodies the API will
not read: each answered with its status and a JSON message, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import token_create
from tests.api.conftest import CODE, bearer, put_rating

pytestmark = pytest.mark.django_db


def _assert_401(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_an_expired_token_is_401(tokens, scene):
    ApiToken.objects.filter(name="owner").update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_401(bearer(tokens["owner"]).get("/api/v1/me"))


def test_a_revoked_token_is_401(tokens, scene):
    ApiToken.objects.filter(name="owner").update(revoked_at=timezone.now())
    _assert_401(bearer(tokens["owner"]).get("/api/v1/me"))


def test_the_token_of_a_deactivated_user_is_401(tokens, scene):
    scene.users["owner"].is_active = False
    scene.users["owner"].save()
    _assert_401(bearer(tokens["owner"]).get("/api/v1/me"))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer not-a-token",
        "Bearer sg_zzzzzzzz_" + "a" * 43,
        "Bearer sg_0123abcd_" + "a" * 44,
        "Bearer sg_0123abcd_" + "ä" * 43,
        "Bearer \x00",
        "Basic dXNlcjpwYXNz",
        "Token abc",
        "bearer",
    ],
)
def test_a_malformed_authorization_header_is_401(db, header):
    _assert_401(Client(headers={"authorization": header}).get("/api/v1/me"))


def test_an_unknown_token_is_401(tokens):
    known = tokens["owner"]
    _assert_401(
        bearer(known[:-4] + ("aaaa" if not known.endswith("aaaa") else "bbbb")).get("/api/v1/me")
    )
    prefix = known.split("_")[1]
    forged = f"sg_{'0' * 8 if prefix != '0' * 8 else '1' * 8}_" + known[-43:]
    _assert_401(bearer(forged).get("/api/v1/me"))


def test_no_header_is_401(db):
    _assert_401(Client().get("/api/v1/assessments"))


def test_a_session_alone_authenticates_nothing(scene):
    client = scene.client("owner")
    assert client.get("/").status_code == 200  # the session works for the pages
    _assert_401(client.get("/api/v1/me"))
    _assert_401(
        client.put(
            f"/api/v1/assessments/{scene.draft.pk}/ratings/{CODE}",
            {"level": 1},
            content_type="application/json",
        )
    )


def test_a_read_only_token_may_not_write(tokens, scene):
    response = put_rating(tokens["owner_ro"], scene.draft, {"level": 1})
    assert response.status_code == 403
    assert scene.draft.ratings.get(competency__code=CODE).level == 2


def test_a_service_token_may_not_write(tokens, scene):
    response = put_rating(tokens["service"], scene.draft, {"level": 1})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["teammate", "manager", "head", "partner", "outsider", "staff"])
def test_another_users_draft_is_404_to_read_and_to_write(tokens, scene, role):
    client = bearer(tokens[role])
    for path in ("", "/report", "/ratings"):
        assert client.get(f"/api/v1/assessments/{scene.draft.pk}{path}").status_code == 404
    response = client.put(
        f"/api/v1/assessments/{scene.draft.pk}/ratings/{CODE}",
        {"level": 1},
        content_type="application/json",
    )
    assert response.status_code == 404, role


def test_a_manager_writing_a_members_submitted_self_rating_is_403(tokens, scene):
    response = put_rating(tokens["manager"], scene.submitted, {"level": 1})
    assert response.status_code == 403


def test_an_oversized_body_is_400_and_says_so(tokens, scene):
    response = put_rating(tokens["owner"], scene.draft, '{"evidence": "' + "x" * (65 * 1024) + '"}')
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    ['{"level": ', "not json", "[1, 2]", '"level"', '{"level": 1}}', "\xff\xfe", "null"],
)
def test_a_malformed_json_body_is_400_with_a_message(tokens, scene, body):
    response = put_rating(tokens["owner"], scene.draft, body)
    assert response.status_code == 400, body
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assessments/99999999999999999999999",
        "/api/v1/assessments/-1/report",
        "/api/v1/assessments/abc",
        "/api/v1/teams/99999999999999999999999/dashboard",
        "/api/v1/assessments?limit=99999999999999999999",
        "/api/v1/assessments/1/report?profile=%00",
    ],
)
def test_hostile_urls_are_never_a_500(tokens, path):
    assert bearer(tokens["owner"]).get(path).status_code in (400, 404, 422)


def test_hostile_bodies_are_never_a_500(tokens, scene):
    url = f"/api/v1/assessments/{scene.draft.pk}/ratings/{CODE}"
    for body in (
        '{"evidence": "\\u0000"}',
        '{"evidence": "' + "y" * 2001 + '"}',
        '{"revision": 99999999999999999999}',
        '{"level": 1e400}',
        '{"level": null, "evidence": null, "revision": null, "extra": [1]}',
    ):
        response = bearer(tokens["owner"]).put(url, body, content_type="application/json")
        assert response.status_code in (200, 400), (body, response.status_code)


def test_tokens_are_rate_limited_per_token(tokens, settings, empty_cache):
    settings.API_REQUESTS_PER_MINUTE = 3
    client = bearer(tokens["owner"])
    assert [client.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    last = client.get("/api/v1/me")
    assert last.status_code == 429 and int(last["Retry-After"]) >= 1
    assert bearer(tokens["manager"]).get("/api/v1/me").status_code == 200  # another token


def test_only_a_digest_of_the_secret_is_stored(scene):
    issued = token_create(user=scene.users["owner"], name="ci", days=1)
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret not in (row.digest, row.prefix, row.name)
    assert issued.secret.startswith(f"sg_{row.prefix}_")
    assert len(row.digest) == 64


def test_last_used_is_recorded(tokens):
    assert ApiToken.objects.get(name="owner").last_used_at is None
    bearer(tokens["owner"]).get("/api/v1/me")
    assert ApiToken.objects.get(name="owner").last_used_at is not None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?competency=",
        "?competency=no.such-code",
        "?competency=%00",
        "?competency=" + "a" * 200,
        f"?competency={CODE}&min_level=5",
        f"?competency={CODE}&min_level=-1",
        f"?competency={CODE}&min_level=three",
        f"?competency={CODE}&min_level=99999999999999999999",
        f"?competency={CODE}&reviewed_only=maybe",
        f"?competency={CODE}&limit=0",
    ],
)
def test_a_bad_search_is_400_with_a_message(tokens, scene, query):
    response = bearer(tokens["manager"]).get("/api/v1/search" + query)
    assert response.status_code == 400, (query, response.content)
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["?competency=no.such-code", f"?competency={CODE}&min_level=5"])
def test_the_search_page_refuses_the_same_search(tokens, scene, client_for, query):
    page = client_for(scene.users["manager"]).get("/search/" + query)
    assert page.status_code == 400
    response = bearer(tokens["manager"]).get("/api/v1/search" + query)
    assert response.status_code == 400


def test_an_unknown_competency_is_named_in_the_message(tokens, scene):
    response = bearer(tokens["manager"]).get("/api/v1/search?competency=no.such-code")
    assert response.json() == {"detail": "There is no such competency in the framework."}


@pytest.mark.parametrize("cycle_id", ["0", "-1", "x", "99999999999999999999"])
def test_a_bad_cycle_id_is_never_a_500(tokens, cycle_id):
    assert bearer(tokens["staff"]).get(f"/api/v1/cycles/{cycle_id}").status_code in (400, 404)
