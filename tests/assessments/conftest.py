import pytest

from tests.factories import add_rated_competencies, draft


@pytest.fixture
def assessment(engineer):
    """The engineer's draft assessment (a test file that needs another one
    defines its own ``assessment``)."""
    return draft(engineer)


@pytest.fixture
def get_with_fixed_queries(django_assert_num_queries):
    """A check that a page of an assessment runs ``queries`` queries, and the
    same number once the assessment holds 15 more rated competencies:
    ``get_with_fixed_queries(client, url, assessment, queries)`` returns the
    last response."""

    def check(client, url, assessment, queries):
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
        add_rated_competencies(assessment, 15)
        with django_assert_num_queries(queries):
            return client.get(url)

    return check
