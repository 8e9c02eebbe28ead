"""The tests that need PostgreSQL (row locks, pg_dump): marked ``postgres``,
skipped on another database, each in a transaction of its own (their work
runs on other connections, or in other programs)."""

import pytest
from django.db import connection


def postgres_only(why: str) -> list[pytest.MarkDecorator]:
    """The marks of such a test (or module: ``pytestmark``); ``why`` says in
    the skip reason what of PostgreSQL it needs."""
    return [
        pytest.mark.postgres,
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason=f"{why}: run with DATABASE_URL=postgres://…",
        ),
        pytest.mark.django_db(transaction=True),
    ]
