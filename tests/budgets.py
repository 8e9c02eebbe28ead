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


def fixed_for_5_or_40_members(measure, manager, *, budget: int, what: str) -> None:
    """``measure()`` costs the same, at most ``budget`` queries, with a team of
    5 members of ``manager`` and once another of 40 is added (bulk_team)."""
    from demo.builders import bulk_team

    small, large = at_two_sizes(
        measure,
        lambda: bulk_team(manager, 5, prefix="small"),
        lambda: bulk_team(manager, 40, prefix="large"),
    )
    print(f"{what} queries:", small, large)
    assert small == large <= budget, (small, large)
