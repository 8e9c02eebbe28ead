"""Provision users and teams from CSV files (docs/provisioning.md): what would
be created and updated is listed, ``--dry-run`` stops there. Any problem in
either file: every one printed with its line, nothing changed, exit status 1."""

from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from org import provisioning


class Command(BaseCommand):
    help = "Create and update users and teams from an HR system's CSV export."

    def add_arguments(self, parser):
        parser.add_argument(
            "people", nargs="?", help="The people file (one row per person and team)."
        )
        parser.add_argument("--teams", help="The teams file (team_code, team_name, parent_code).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change, save nothing."
        )
        parser.add_argument(
            "--remove-unlisted",
            action="store_true",
            help="Take out of each team the people file names whoever it does not list there.",
        )

    def _read(self, path):
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:
                return handle.read(provisioning.MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{path}: {error}") from error

    def handle(self, *args, **options):
        if not options["people"] and not options["teams"]:
            raise CommandError(_("Name a people file, a teams file (--teams) or both."))
        people, teams = self._read(options["people"]), self._read(options["teams"])
        try:
            with transaction.atomic():
                plan = provisioning.make_plan(
                    people=people,
                    teams=teams,
                    people_name=options["people"] or "",
                    teams_name=options["teams"] or "",
                    remove_unlisted=options["remove_unlisted"],
                )
                if not options["dry_run"]:
                    provisioning.apply(plan)
        except provisioning.ProvisioningError as error:
            lines = [_("Refused, nothing changed:")] + [f"  {p}" for p in error.problems]
            raise CommandError("\n".join(lines)) from error
        for change in plan.changes:
            self.stdout.write(provisioning.change_line(change))
        for notice in plan.notices:
            self.stdout.write(str(notice))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved. It would do this:"))
        for line in provisioning.summary_lines(plan):
            self.stdout.write(line)
