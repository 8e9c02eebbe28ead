"""Query budgets of the organisation pages: the same number of queries for a
small organisation and for one several times its size (more teams, deeper,
more members, more quarters of history), once the summaries of completed
reviews are stored (the first request stores them)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.builders import bulk_org
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/?competency=programming.python&min_level=2"


def _queries(client, path) -> tuple[int, object]:
    client.get(path)  # warm: the summaries of completed reviews are stored
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), response


@pytest.fixture
def two_orgs(framework):
    """A head of a small organisation and a head of a bigger one."""
    small_head = UserFactory(username="small-head")
    big_head = UserFactory(username="big-head")
    small = bulk_org(small_head, teams=3, members=9, depth=2, quarters=2, prefix="s")
    big = bulk_org(big_head, teams=15, members=90, depth=4, quarters=5, prefix="b")
    return (small_head, small), (big_head, big)


@pytest.mark.parametrize(
    "path, budget",
    [
        # Session, user, the scope, the filter's choices, memberships, latest
        # assessments, summaries, the ratings and framework of those not
        # reviewed yet, the framework's order, the trend's assessments and
        # summaries, the sums of the competencies (fewer with reviewed ratings
        # only: nothing in review to score live).
        ("/org/", 17),
        ("/org/?ratings=reviewed", 14),
        ("/org/teams.csv", 16),
        (SEARCH, 4),
        ("{root}/trend/", 8),
        ("{root}/?area=programming", 8),
    ],
)
def test_an_organisation_page_runs_the_same_queries_whatever_its_size(two_orgs, path, budget):
    counts = []
    for head, root in two_orgs:
        client = Client()
        client.force_login(head)
        count, response = _queries(client, path.format(root=f"/teams/{root.pk}"))
        counts.append(count)
    few, many = counts
    assert few == many <= budget, counts


def test_the_big_organisation_shows_every_team_and_the_trend(two_orgs):
    _small, (head, _root) = two_orgs
    client = Client()
    client.force_login(head)
    body = client.get("/org/").content.decode()
    assert body.count('data-team="') == 15
    assert body.count('<tr><th scope="row" class="fw-normal">') >= 5  # the trend's quarters
