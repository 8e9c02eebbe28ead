"""The team tests' shared scene."""

import pytest

from assessments import services
from tests.factories import submitted


@pytest.fixture
def in_review(team, engineer, teammate, manager):
    """The engineer's assessment, in review (the manager has rated one
    competency, fine-tuning, at 0); the teammate's submitted against another
    role profile."""
    mine = submitted(engineer, level=2)
    services.review_save(
        user=manager, assessment=mine, competency_code="ai-ml.fine-tuning", level=0
    )
    submitted(teammate, "regulated-industry", level=3)
    return mine
