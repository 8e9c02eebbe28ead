"""The list operations run a fixed number of queries whatever the number of
rows: a team of 5 and of 40 (bulk_team: submitted assessments, some reviewed),
and as many teams as they make."""

from __future__ import annotations

import pytest

from api.tokens import token_create
from demo.builders import bulk_team
from tests.api.conftest import bearer
from tests.budgets import fixed_for_5_or_40_members, queries_of

pytestmark = pytest.mark.django_db

# Token lookup (1, with its user), the list (count + page) and the session-free
# request's own reads; the same at every size.
LIST_BUDGET = 3
TEAMS_BUDGET = 2
# Token lookup, the competency, the search itself (counted from its rows).
SEARCH_BUDGET = 3
# Token lookup, the count, the page and the page's teams.
CYCLES_BUDGET = 4


def _queries(client, url) -> int:
    return queries_of(client.get, url)


def test_the_assessment_list_costs_the_same_for_5_or_40_members(manager):
    client = bearer(token_create(user=manager, name="q", days=1).secret)
    client.get("/api/v1/me")  # the last-used write, once a minute, out of the way
    fixed_for_5_or_40_members(
        lambda: _queries(client, "/api/v1/assessments?limit=100"),
        manager,
        budget=LIST_BUDGET,
        what="assessments list",
    )
    assert client.get("/api/v1/assessments?limit=100").json()["count"] > 40


def test_the_team_list_costs_the_same_for_1_or_8_teams(manager):
    client = bearer(token_create(user=manager, name="q", days=1).secret)
    client.get("/api/v1/me")
    bulk_team(manager, 2, prefix="one")
    one = _queries(client, "/api/v1/teams")
    for i in range(7):
        bulk_team(manager, 2, prefix=f"more{i}", name=f"Team {i}")
    many = _queries(client, "/api/v1/teams")
    print("teams list queries:", one, many)
    assert one == many <= TEAMS_BUDGET, (one, many)
    assert len(client.get("/api/v1/teams").json()) == 8


def test_a_service_tokens_list_costs_one_query_more_its_scope(manager):
    team = bulk_team(manager, 5, prefix="svc")
    client = bearer(token_create(name="q", days=1, teams=[team]).secret)
    client.get("/api/v1/me")
    small = _queries(client, "/api/v1/assessments?limit=100")
    team.members.add(*bulk_team(manager, 30, prefix="svc2").members.all())
    large = _queries(client, "/api/v1/assessments?limit=100")
    assert small == large <= LIST_BUDGET + 1, (small, large)


def test_the_dashboard_costs_the_same_for_5_or_40_members(manager):
    client = bearer(token_create(user=manager, name="q", days=1).secret)
    client.get("/api/v1/me")
    small = bulk_team(manager, 5, prefix="d5")
    large = bulk_team(manager, 40, prefix="d40")
    few = _queries(client, f"/api/v1/teams/{small.pk}/dashboard")
    many = _queries(client, f"/api/v1/teams/{large.pk}/dashboard")
    print("dashboard queries:", few, many)
    assert few == many, (few, many)


def test_the_search_costs_the_same_for_5_or_40_members(manager):
    client = bearer(token_create(user=manager, name="q", days=1).secret)
    client.get("/api/v1/me")
    url = "/api/v1/search?competency=programming.python&limit=100"
    bulk_team(manager, 5, prefix="s5")
    small = _queries(client, url)
    found = client.get(url).json()["count"]
    bulk_team(manager, 40, prefix="s40")
    large = _queries(client, url)
    print("search queries:", small, large)
    assert small == large <= SEARCH_BUDGET, (small, large)
    assert client.get(url).json()["count"] > found > 0


def _cycles(manager, count: int, prefix: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cycles.models import Cycle

    today = timezone.localdate()
    for i in range(count):
        cycle = Cycle.objects.create(
            name=f"{prefix} {i}",
            self_due=today + timedelta(days=7),
            review_due=today + timedelta(days=14),
            opened_by=manager,
        )
        cycle.teams.set([bulk_team(manager, 1, prefix=f"{prefix}{i}", name=f"{prefix} team {i}")])


def test_the_cycle_list_costs_the_same_for_1_or_8_cycles(manager):
    client = bearer(token_create(user=manager, name="q", days=1).secret)
    client.get("/api/v1/me")
    _cycles(manager, 1, "one")
    one = _queries(client, "/api/v1/cycles?limit=100")
    _cycles(manager, 7, "more")
    many = _queries(client, "/api/v1/cycles?limit=100")
    print("cycles list queries:", one, many)
    assert one == many <= CYCLES_BUDGET, (one, many)
    assert client.get("/api/v1/cycles?limit=100").json()["count"] == 8
