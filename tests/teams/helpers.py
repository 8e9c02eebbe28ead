"""Helpers shared by the team tests."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.builders import bulk_team


def queries_for_5_and_500_members(manager, url, *, warm_with=None):
    """The queries of ``url(team)`` for a team of 5 (asked a second time, once
    warm) and for a team of 500, and the response for the 500. ``warm_with``:
    the address (of the team) asked first instead, when asking ``url`` itself
    would leave its answer cached."""
    small = bulk_team(manager, 5, prefix="small")
    big = bulk_team(manager, 500, prefix="big")
    client = Client()
    client.force_login(manager)
    client.get((warm_with or url)(small))
    with CaptureQueriesContext(connection) as few:
        client.get(url(small))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(big))
    return few, many, response
