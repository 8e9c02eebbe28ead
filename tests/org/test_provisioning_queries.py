"""Provisioning runs a fixed number of queries whatever the size of the
files: 10 or 100 people in 2 or 20 teams, when everything is new, when
everything is known (the second run), when every person changes, and with
the removal of people the file does not list. Reads are
one query per table, writes one bulk statement per kind (SQLite takes new
users a few dozen at a time: one insert more per batch); the tree's closure
is rebuilt once, not once per team."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from org import provisioning
from tests.org.helpers import PEOPLE_HEADER, TEAMS_HEADER

pytestmark = pytest.mark.django_db

# The teams, users, users by e-mail, and the three relations.
PLAN_BUDGET = 6
# The transaction's savepoint and release, teams created and placed, the
# closure (read, its own savepoint, delete, write), users created, users
# changed, each relation's new rows.
APPLY_BUDGET = 13


def files(people: int, *, prefix: str, surname="Putra"):
    teams = max(people // 5, 2)
    team_rows = [TEAMS_HEADER, f"{prefix}root,Root {prefix},"] + [
        f"{prefix}t{i},Team {prefix}{i},{prefix}root" for i in range(teams)
    ]
    people_rows = [PEOPLE_HEADER] + [
        f"{prefix}{i},{prefix}{i}@example.com,P{i},{surname},id,{prefix}t{i % teams},{role}"
        for i in range(people)
        for role in (("member", "manager") if i % 5 == 0 else ("member",))
    ]
    return {
        "people": "\n".join(people_rows).encode(),
        "teams": "\n".join(team_rows).encode(),
    }


def queries(remove_unlisted=False, **data):
    with CaptureQueriesContext(connection) as planned:
        plan = provisioning.make_plan(**data, remove_unlisted=remove_unlisted)
    with CaptureQueriesContext(connection) as applied:
        provisioning.apply(plan)
    return len(planned), len(applied), plan


def user_batches(people: int) -> int:
    fields = [f for f in User._meta.concrete_fields if not f.primary_key]
    users = [User(username=str(i)) for i in range(people)]
    size = connection.ops.bulk_batch_size(fields, users) or people
    return math.ceil(people / size)


def costs(people: int, prefix: str):
    """(plan, apply) queries of a first run, the same files again, every
    person changed, and the same files removing whoever they do not list."""
    first = queries(**files(people, prefix=prefix))
    assert first[2].counts["users"]["created"] == people
    again = queries(**files(people, prefix=prefix))
    assert again[2].created == again[2].updated == 0
    changed = queries(**files(people, prefix=prefix, surname="Wijaya"))
    assert changed[2].counts["users"]["updated"] == people
    removing = queries(**files(people, prefix=prefix), remove_unlisted=True)
    assert removing[2].removed == 0
    return [run[:2] for run in (first, again, changed, removing)]


def test_a_run_costs_the_same_for_10_or_100_people():
    small = costs(10, "s")
    large = costs(100, "l")
    print("provisioning queries (plan, apply): first, again, changed:", small, large)
    # SQLite takes at most 999 values in a statement: new users go in as many
    # inserts as that needs (one on PostgreSQL). Nothing else grows.
    extra = user_batches(100) - user_batches(10)
    assert small[1:] == large[1:], (small, large)
    assert (small[0][0], small[0][1] + extra) == large[0], (small, large, extra)
    assert all(plan <= PLAN_BUDGET and apply <= APPLY_BUDGET for plan, apply in small)
