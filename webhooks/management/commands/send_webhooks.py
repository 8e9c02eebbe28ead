"""``python manage.py send_webhooks``: attempt every webhook delivery that is
due (idempotent: safe to run every minute from cron or a systemd timer,
docs/api.md). With the immediate tasks backend it is what sends the retries."""

from collections import Counter

from django.core.management import BaseCommand

from webhooks import sending, tasks


class Command(BaseCommand):
    help = "Attempt every webhook delivery that is due (idempotent)."

    def handle(self, *args, **options):
        counts = Counter(tasks.send_delivery.call(pk) for pk in sending.due_ids())
        self.stdout.write(
            f"Webhook deliveries sent: {counts['sent']}, to retry: {counts['pending']}, "
            f"failed: {counts['failed']}."
        )
