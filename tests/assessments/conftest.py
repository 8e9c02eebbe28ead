import pytest

from tests.factories import draft


@pytest.fixture
def assessment(engineer):
    """The engineer's draft assessment (a test file that needs another one
    defines its own ``assessment``)."""
    return draft(engineer)
