"""The skills search's hits, sorted on the raw rows and each built when it is
read (``teams.search.Hits``): the same hits in the same order as building
every one and sorting them, on random levels and names (equal names, names
that differ only in case or by accents, people with no name)."""

from __future__ import annotations

import random

import pytest

from accounts.models import User
from assessments.models import Assessment, Rating
from demo.builders import bulk_org
from roles.models import Competency
from teams import search as search_module
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMES = ["Ana", "ana", "Ána", "Bima", "bima", "Zoë", "zoe", "", "Çelik", "Dewi"]


def _all_built_then_sorted(rows) -> list:
    hits = [search_module._hit(row) for row in rows]
    hits.sort(key=lambda h: (-h.level, h.name.casefold(), h.username))
    return hits


@pytest.fixture
def random_people(framework):
    head = UserFactory(username="hits-head")
    bulk_org(head, teams=4, members=30, depth=2, quarters=2, prefix="hits")
    generator = random.Random(41)
    people = list(User.objects.filter(username__startswith="hits-member-"))
    for person in people:
        person.first_name = generator.choice(NAMES)
        person.last_name = generator.choice(NAMES)
    User.objects.bulk_update(people, ["first_name", "last_name"])
    ratings = list(Rating.objects.filter(assessment__engineer__in=people))
    for rating in ratings:
        rating.level = generator.randint(0, 4)
        if rating.manager_level is not None:
            rating.manager_level = generator.choice([None, 0, 2, 4])
    Rating.objects.bulk_update(ratings, ["level", "manager_level"], batch_size=2000)
    latest = Assessment.objects.filter(status=Assessment.Status.SUBMITTED).order_by("pk")
    Assessment.objects.filter(pk__in=list(latest.values_list("pk", flat=True)[:4])).update(
        status=Assessment.Status.IN_REVIEW
    )
    return head


@pytest.mark.parametrize("reviewed_only", [False, True])
@pytest.mark.parametrize("min_level", [0, 2, 4])
def test_the_hits_read_one_by_one_equal_all_built_and_sorted(
    random_people, monkeypatch, min_level, reviewed_only
):
    competency = Competency.objects.get(code="programming.python")
    seen = {}
    real_hits = search_module.Hits

    def keep(rows):
        seen["rows"] = list(rows)
        return real_hits(rows)

    monkeypatch.setattr(search_module, "Hits", keep)
    hits = search_module.search(
        random_people, competency, min_level=min_level, reviewed_only=reviewed_only
    )
    # In another order than the search's (the username settles every tie).
    unsorted = sorted(seen["rows"], key=lambda row: row[4])
    expected = _all_built_then_sorted(unsorted)
    assert list(hits) == expected
    assert len(hits) == len(expected) and (expected or min_level == 4)
    assert hits[:7] == expected[:7] and hits[3:5] == expected[3:5]
    assert all(hits[i] == expected[i] for i in range(len(expected)))
    if min_level == 0 and not reviewed_only:
        assert len({h.name.casefold() for h in expected}) < len(expected)  # ties on the name
