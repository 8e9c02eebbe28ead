"""Load the default framework (both languages) from ``fixtures/framework.yaml``,
safely: what is missing is created, and a row an administrator edited (or
deleted) since it was loaded is never overwritten (or recreated). ``--update``
applies the file's changes to the rows nobody edited and lists the rest as
conflicts. Safe to run on every start and every deploy."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from roles import document, importing

FRAMEWORK_FILE = settings.BASE_DIR / "fixtures" / "framework.yaml"


class Command(BaseCommand):
    help = "Load the default AI-engineer competency framework without overwriting edits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Apply the file's changes to rows nobody edited; list the edited ones.",
        )
        parser.add_argument(
            "--file", default=str(FRAMEWORK_FILE), help="Another framework document."
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                data = handle.read(document.MAX_BYTES + 1)
            loaded = document.read(data, document.format_of(path))
        except (OSError, document.DocumentError) as error:
            raise CommandError(f"{path}: {error}") from error
        result = importing.load(loaded, update=options["update"])
        verbose = options["verbosity"]
        if verbose:
            self.stdout.write(
                f"Created {len(result.created)}, updated {len(result.updated)}; "
                f"{len(result.conflicts)} edited here and changed in the file (kept as edited)."
            )
        if verbose > 1:
            for label in result.created:
                self.stdout.write(f"  created {label}")
            for label in result.updated:
                self.stdout.write(f"  updated {label}")
        if verbose and result.pending:
            self.stdout.write(
                f"{len(result.pending)} rows changed in the file; run with --update to apply them."
            )
        if verbose and result.kept_deleted:
            self.stdout.write(f"{len(result.kept_deleted)} rows deleted here were not recreated.")
        if options["update"] and result.conflicts:
            self.stdout.write("Conflicts (edited here, changed in the file; left as edited):")
            for change in result.conflicts:
                self.stdout.write(f"  {change.table} {change.key}: {', '.join(change.fields)}")
