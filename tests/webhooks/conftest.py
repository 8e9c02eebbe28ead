"""The webhooks' cast: a receiver on loopback that checks every signature with
the code docs/api.md shows, and endpoints made as an administrator would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import submitted
from webhooks.models import Endpoint, Event

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def docs_snippet() -> str:
    """The Python block under "Verify a webhook signature in Python" in docs/api.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Verify a webhook signature in Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="session")
def verify():
    """``verify(secret, header, body, now=None)``, exactly as docs/api.md writes it."""
    namespace: dict = {}
    exec(compile(docs_snippet(), str(DOCS), "exec"), namespace)  # noqa: S102 - our own docs
    return namespace["verify"]


@pytest.fixture
def receiver(verify):
    from .receiver import serving

    with serving(verify) as running:
        yield running


@pytest.fixture
def make_endpoint(staff):
    def make(url, events=tuple(Event.values), *, active=True, receiver=None):
        endpoint = Endpoint.objects.create(
            url=url, events=list(events), active=active, created_by=staff
        )
        if receiver is not None:
            receiver.secret = endpoint.secret
        return endpoint

    return make


@pytest.fixture
def reviewed(engineer, manager, team, django_capture_on_commit_callbacks):
    """An assessment of the engineer, submitted and reviewed (before any endpoint)."""
    from assessments import services

    with django_capture_on_commit_callbacks(execute=True):
        assessment = submitted(engineer)
        services.review_complete(user=manager, assessment=assessment, agree_remaining=True)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def production(settings):
    """The production rule: https only, no private addresses."""
    settings.PRODUCTION = True
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    return settings
