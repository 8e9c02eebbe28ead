"""The Users and Groups lists run a fixed number of queries whatever the
number of people, teams and members."""

from __future__ import annotations

import pytest

from demo.builders import bulk_team
from tests.budgets import fixed_for_5_or_40_members, queries_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The token (with its user), the count, the page (each user with its SCIM row).
USERS_BUDGET = 3
# The token, the count, the page of teams (with their SCIM rows), their members.
GROUPS_BUDGET = 4


def _queries(scim, path) -> int:
    return queries_of(scim.get, path, count=200)


def test_the_users_list_costs_the_same_for_5_or_40_people(scim):
    scim.get("ServiceProviderConfig")  # the token's last-used write, once a minute
    manager = UserFactory(username="mia")
    fixed_for_5_or_40_members(
        lambda: _queries(scim, "Users"), manager, budget=USERS_BUDGET, what="SCIM users list"
    )
    assert scim.get("Users").json()["totalResults"] > 40


def test_the_groups_list_costs_the_same_for_1_or_8_teams(scim):
    scim.get("ServiceProviderConfig")
    manager = UserFactory(username="mia")
    bulk_team(manager, 3, prefix="one")
    one = _queries(scim, "Groups")
    for i in range(7):
        bulk_team(manager, 6, prefix=f"more{i}", name=f"Team {i}")
    many = _queries(scim, "Groups")
    print("SCIM groups list queries:", one, many)
    assert one == many <= GROUPS_BUDGET, (one, many)
    listing = scim.get("Groups").json()
    assert listing["totalResults"] == 8
    assert sum(len(g.get("members", [])) for g in listing["Resources"]) >= 45
