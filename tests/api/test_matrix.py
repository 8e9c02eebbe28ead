"""Who gets what from the API, for every operation its OpenAPI description
lists and every persona holding a token (SPEC §6, §12, §15): the API obeys
the pages' rules. An operation without an entry here fails the test, so a new
one cannot escape.

Personas: the engineer (``owner``, a read-write token, and ``owner_ro``, a
read-only one), other engineers (``teammate``, ``outsider``), the engineer's
``manager``, the head of the department above (``head``), its people
``partner``, another team's manager, an administrator (``staff``), a service
token of the engineer's team (``service``) and of the other team, and
``anonymous`` (no token)."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.api.conftest import CODE, bearer
from tests.security.conftest import fingerprint

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "owner",
    "owner_ro",
    "teammate",
    "outsider",
    "manager",
    "head",
    "partner",
    "other_manager",
    "staff",
    "service",
    "other_service",
)
SEE_SUBMITTED = ("owner", "owner_ro", "manager", "head", "partner", "service")


def expect(default: int, **personas: int) -> dict[str, int]:
    assert not set(personas) - set(PERSONAS)
    return {p: personas.get(p, default) for p in PERSONAS} | {"anonymous": 401}


EVERYONE = expect(200)
OWN_DRAFT = expect(404, owner=200, owner_ro=200)
SUBMITTED = expect(404, **dict.fromkeys(SEE_SUBMITTED, 200))
NOBODY = expect(404)
ASSESSMENT = {"draft": OWN_DRAFT, "submitted": SUBMITTED, "reviewed": SUBMITTED, "missing": NOBODY}

MATRIX: dict[tuple[str, str], dict[str, dict[str, int]]] = {
    ("get", "/api/v1/me"): {"none": EVERYONE},
    ("get", "/api/v1/assessments"): {"none": EVERYONE},
    ("get", "/api/v1/assessments/{id}"): ASSESSMENT,
    ("get", "/api/v1/assessments/{id}/report"): ASSESSMENT,
    ("get", "/api/v1/assessments/{id}/ratings"): ASSESSMENT,
    ("put", "/api/v1/assessments/{id}/ratings/{competency_code}"): {
        # One's own draft, with a read-write token; a read-only or service
        # token is 403 whatever the object; anyone else's draft is 404.
        "draft": expect(404, owner=200, owner_ro=403, service=403, other_service=403),
        # Frozen: its engineer is told so (409); those who may see it but not
        # change it get 403.
        "submitted": expect(
            404,
            owner=409,
            owner_ro=403,
            manager=403,
            head=403,
            partner=403,
            service=403,
            other_service=403,
        ),
        "missing": expect(404, owner_ro=403, service=403, other_service=403),
    },
    ("get", "/api/v1/teams"): {"none": EVERYONE},
    ("get", "/api/v1/teams/{id}/dashboard"): {
        "team": expect(404, manager=200, head=200, partner=200, service=200),
        "other_team": expect(404, other_manager=200, other_service=200),
        "missing": NOBODY,
    },
    ("get", "/api/v1/framework"): {"none": EVERYONE},
    # The search page's rule: anyone signed in may search, and finds only the
    # people they may see (an engineer with no team: themselves at most).
    ("get", "/api/v1/search"): {"none": EVERYONE},
    # The cycles pages' rule: an administrator, or a manager of one of the
    # cycle's teams; the list is empty for everyone else.
    ("get", "/api/v1/cycles"): {"none": EVERYONE},
    ("get", "/api/v1/cycles/{id}"): {
        "cycle": expect(404, manager=200, staff=200),
        "missing": NOBODY,
    },
}
# The query an operation needs (its required parameters).
QUERIES = {"/api/v1/search": f"?competency={CODE}"}
MISSING_ID = 987654321


def operations(client) -> list[tuple[str, str]]:
    description = client.get("/api/v1/openapi.json").json()
    return [
        (method, path)
        for path, item in description["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    ]


def url(path: str, state: str, scene) -> str:
    ids = {
        "team": scene.team.pk,
        "other_team": scene.other_team.pk,
        "missing": MISSING_ID,
    }
    value = ids.get(state) or (getattr(scene, state).pk if state != "none" else None)
    target = path.replace("{id}", str(value)).replace("{competency_code}", CODE)
    return target + QUERIES.get(path, "")


def test_every_operation_of_the_description_is_in_the_matrix(client):
    listed = operations(client)
    assert set(listed) == set(MATRIX), {
        "missing": set(listed) - set(MATRIX),
        "stale": set(MATRIX) - set(listed),
    }


def test_every_persona_gets_what_the_rules_say(scene, tokens, client):
    wrong = []
    for method, path in operations(client):
        for state, statuses in MATRIX[(method, path)].items():
            target = url(path, state, scene)
            for persona in PERSONAS:
                with transaction.atomic():
                    api = bearer(tokens.get(persona))
                    before = fingerprint()
                    if method == "get":
                        response = api.get(target)
                    else:
                        response = api.put(target, {"level": 3}, content_type="application/json")
                    changed = fingerprint() != before
                    transaction.set_rollback(True)
                if response.status_code != statuses[persona]:
                    wrong.append(
                        f"{method.upper()} {target} ({state}) as {persona}: expected "
                        f"{statuses[persona]}, got {response.status_code}"
                    )
                if changed and not (method == "put" and response.status_code == 200):
                    wrong.append(f"{method.upper()} {target} ({state}) as {persona} changed data")
    assert not wrong, "\n".join(wrong)
