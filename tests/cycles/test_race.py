"""Exactly once on PostgreSQL: two ``send_reminders`` runs and two workers at
once deliver each reminder once (row locks with SKIP LOCKED; the unique key
of a delivery)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.utils import timezone

from cycles import delivery, reminders
from cycles.models import Cycle, Delivery, Invitation
from org.models import Team
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the race needs PostgreSQL row locks: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]


def together(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    close_old_connections()
    return errors


def test_two_runs_and_two_workers_at_once_send_each_reminder_once(framework, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    manager = UserFactory(username="racemanager")
    team = Team.objects.create(name="Race team")
    team.managers.add(manager)
    members = [UserFactory(username=f"racer{i}") for i in range(40)]
    team.members.add(*members)
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        name="Race",
        self_due=today,
        review_due=today + timedelta(days=7),
        opened_by=manager,
        prepared_at=timezone.now(),
    )
    cycle.teams.set([team])
    Invitation.objects.bulk_create([Invitation(cycle=cycle, engineer=m) for m in members])

    def run_and_send():
        reminders.queue_due(today)
        delivery.deliver_pending(batch=5)

    errors = together([run_and_send for _ in range(4)])
    assert not errors, errors
    delivery.deliver_pending()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(m.email for m in members)  # each once
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40
