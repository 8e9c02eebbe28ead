"""Exactly once on PostgreSQL: two ``send_reminders`` runs and two workers at
once deliver each reminder once (row locks with SKIP LOCKED; the unique key
of a delivery)."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from cycles import delivery, reminders
from cycles.models import Cycle, Delivery, Invitation
from org.models import Team
from tests.factories import UserFactory
from tests.postgres import postgres_only
from tests.threads import run_together

pytestmark = postgres_only("the race needs PostgreSQL row locks")


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

    errors = run_together([run_and_send for _ in range(4)])
    assert not errors, errors
    delivery.deliver_pending()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(m.email for m in members)  # each once
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40
