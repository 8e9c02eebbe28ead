"""schemathesis against the live API: the OpenAPI description as the server
serves it, every operation, as an engineer, a manager and an integration's
service token. Whatever it sends, the server never answers 5xx and every
answer matches the description (``response_schema_conformance``)."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.tokens import token_create
from tests.security.conftest import CODE

# Examples per operation and token: 9 operations × 3 tokens × 25 stays well
# under a minute here.
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_whatever_it_is_sent_as_described(live_server, scene):
    secrets = {
        "engineer": token_create(user=scene.users["owner"], name="st", days=1, read_write=True),
        "manager": token_create(user=scene.users["manager"], name="st", days=1),
        "service": token_create(name="st", days=1, teams=[scene.team]),
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    ids = [
        scene.draft.pk,
        scene.submitted.pk,
        scene.in_review.pk,
        scene.reviewed.pk,
        scene.team.pk,
        scene.other_team.pk,
        scene.cycle.pk,
    ]
    started = time.monotonic()
    for who, issued in secrets.items():
        headers = {"Authorization": f"Bearer {issued.secret}"}
        for operation in operations:
            answers_as_described = _fuzz(operation, live_server.url, headers, ids)
            try:
                answers_as_described()
            except Exception as error:
                raise AssertionError(f"{operation.label} as {who}: {error}") from error
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations × {len(secrets)} tokens in {elapsed:.1f} s")


def _fuzz(operation, base_url, headers, ids):
    """A hypothesis test of ``operation``: each generated case sent with
    ``headers``; its ``{id}`` is often one of ``ids`` (objects that exist),
    its competency (in the path or the search's query) often one the
    assessments have, so the cases reach past 404."""

    @given(
        case=operation.as_strategy(),
        known_id=st.sampled_from([None, *ids]),
        known_code=st.sampled_from([None, CODE]),
    )
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_described(case, known_id, known_code):
        parameters = case.path_parameters or {}
        if known_id is not None and "id" in parameters:
            parameters["id"] = known_id
        if known_code is not None and "competency_code" in parameters:
            parameters["competency_code"] = known_code
        if known_code is not None and "competency" in (case.query or {}):
            case.query["competency"] = known_code
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    return answers_as_described
