"""Import a framework document: what it will create, change, deactivate and
delete is listed; ``--dry-run`` stops there. One transaction: an invalid
document is refused with the table, row and field named, and nothing changes."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from roles import document, importing


class Command(BaseCommand):
    help = "Import a framework document (YAML, JSON or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the changes, save nothing."
        )
        parser.add_argument("--format", choices=document.FORMATS, default=None)
        parser.add_argument("--user", help="The username the import history records.")

    def handle(self, *args, **options):
        path = options["file"]
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        try:
            with open(path, "rb") as handle:
                data = handle.read(document.MAX_BYTES + 1)
            fmt = options["format"] or document.format_of(path)
            loaded = document.read(data, fmt)
        except OSError as error:
            raise CommandError(f"{path}: {error}") from error
        except document.DocumentError as error:
            raise CommandError(
                "\n".join(
                    [f"{path}: refused, nothing changed."] + [f"  {p}" for p in error.problems]
                )
            ) from error
        plan, _record = importing.apply_import(
            loaded,
            user=user,
            source=path,
            sha256=hashlib.sha256(data).hexdigest(),
            dry_run=options["dry_run"],
        )
        for change in plan.changes:
            detail = f" ({', '.join(change.fields)})" if change.fields else ""
            self.stdout.write(f"{change.action:10} {change.table} {change.key}{detail}")
        counts = plan.counts
        verb = "Would" if options["dry_run"] else "Did"
        self.stdout.write(
            f"{verb} create {counts['create']}, change {counts['change']}, "
            f"deactivate {counts['deactivate']}, delete {counts['delete']}."
        )
