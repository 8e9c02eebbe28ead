"""``python manage.py send_reminders``: queue the reminders due today and
send what waits (idempotent: safe to run every few minutes from cron or a
systemd timer; docs/deploy.md)."""

from django.core.management import BaseCommand
from django.utils import timezone

from cycles import reminders, tasks
from cycles.models import Delivery


class Command(BaseCommand):
    help = "Queue the review-cycle reminders due today and the e-mails waiting (idempotent)."

    def handle(self, *args, **options):
        considered = reminders.queue_due(timezone.localdate())
        # Also what a failed attempt left pending: the task sends what is due.
        if Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).exists():
            tasks.deliver_mail.enqueue()
        self.stdout.write(f"Reminders considered: {considered}.")
