"""A cycle's cast: the test cast's team "Platform AI" (engineer, teammate,
manager) and helpers to open a cycle the way a manager does, with every
task run at once (the immediate tasks backend) once the transaction commits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cycles import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def open_cycle(django_capture_on_commit_callbacks, today):
    """``open_cycle(user, teams, name=…, self_in=7, review_in=14)``: open it and
    run its preparation and mail (on commit, as in production)."""

    def open_(user, teams, *, name="Q4 2026", self_in=7, review_in=14):
        with django_capture_on_commit_callbacks(execute=True):
            cycle = services.cycle_open(
                user=user,
                name=name,
                teams=teams,
                self_due=today + timedelta(days=self_in),
                review_due=today + timedelta(days=review_in),
            )
        cycle.refresh_from_db()
        return cycle

    return open_


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it (``EMAIL_URL=smtp://127.0.0.1:<port>``)."""
    from tests.smtp import serving

    with serving(settings) as inbox:
        yield inbox
