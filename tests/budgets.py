"""Query budgets, counted the same way by every test that keeps one: the
queries of one request, and those of the same request before and after the
data grew."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(get, *args, **kwargs) -> int:
    """The queries ``get(*args, **kwargs)`` makes; it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = get(*args, **kwargs)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def at_two_sizes(measure, small, large) -> tuple[int, int]:
    """``measure()`` once ``small()`` has made the data, and again once
    ``large()`` has added more."""
    small()
    before = measure()
    large()
    return before, measure()
