"""An identity provider that sends the same creation twice at once (a retry
after a timeout) gets one 201 and a 409, never a 500 nor two accounts."""

from __future__ import annotations

import threading

from django.contrib.auth import get_user_model

from api.tokens import token_create
from org.models import Team
from tests.postgres import postgres_only
from tests.scim.conftest import GROUP_SCHEMA, USER_SCHEMA, ScimClient
from tests.threads import run_together

pytestmark = postgres_only("concurrent creations need PostgreSQL's concurrent writers")
User = get_user_model()


def _race(secret, path, body, times=4) -> list[int]:
    statuses, lock = [], threading.Lock()

    def work():
        response = ScimClient(secret).post(path, body)
        with lock:
            statuses.append(response.status_code)

    assert run_together([work] * times) == []
    return sorted(statuses)


def test_the_same_user_created_at_once_is_made_once():
    secret = token_create(name="idp", days=1, provisions=True).secret
    body = {"schemas": [USER_SCHEMA], "userName": "ann"}
    assert _race(secret, "Users", body) == [201, 409, 409, 409]
    assert User.objects.filter(username="ann").count() == 1


def test_the_same_team_created_at_once_is_made_once():
    secret = token_create(name="idp", days=1, provisions=True).secret
    body = {"schemas": [GROUP_SCHEMA], "displayName": "Platform"}
    assert _race(secret, "Groups", body) == [201, 409, 409, 409]
    assert Team.objects.filter(name="Platform").count() == 1
