"""Load the default framework (both languages) from ``fixtures/``; loading twice
changes nothing, since every row has a fixed primary key."""

from django.conf import settings
from django.core.management import BaseCommand, call_command

FRAMEWORK_FIXTURE = settings.BASE_DIR / "fixtures" / "framework.json"


class Command(BaseCommand):
    help = "Load the default AI-engineer competency framework."

    def handle(self, *args, **options):
        call_command("loaddata", str(FRAMEWORK_FIXTURE), verbosity=options["verbosity"])
