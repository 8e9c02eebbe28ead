"""The API's cast: bearer-token clients for the security tests' scene (an
engineer with an assessment in every state, their teammate and manager, a
head of department and a people partner above, another team, an
administrator) and a service token of the engineer's team."""

from __future__ import annotations

import pytest
from django.test import Client

from api.tokens import token_create
from tests.security.conftest import CODE, scene  # noqa: F401  (the fixture)

__all__ = ["CODE", "bearer", "put_rating", "tokens"]


def bearer(secret: str | None) -> Client:
    """A client that sends ``Authorization: Bearer <secret>`` (nothing for None)."""
    headers = {"authorization": f"Bearer {secret}"} if secret else {}
    return Client(headers=headers)


def put_rating(secret: str | None, assessment, body, *, code: str = CODE):
    """PUT ``body`` (a dict, or a raw JSON string) as the rating of ``code`` on
    ``assessment``, with ``secret``'s bearer token."""
    return bearer(secret).put(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}", body, content_type="application/json"
    )


@pytest.fixture
def tokens(scene):  # noqa: F811
    """A read-write personal token for each person of the scene (``scene.users``),
    a read-only one of the engineer (``owner_ro``), a service token of the
    engineer's team (``service``) and of the other team (``other_service``)."""
    out = {
        role: token_create(user=user, name=role, days=30, read_write=True).secret
        for role, user in scene.users.items()
    }
    out["owner_ro"] = token_create(user=scene.users["owner"], name="ro", days=30).secret
    out["service"] = token_create(name="hr", days=30, teams=[scene.team]).secret
    out["other_service"] = token_create(name="other", days=30, teams=[scene.other_team]).secret
    return out
