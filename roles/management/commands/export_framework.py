"""Write the whole framework (both languages, keyed by codes) as one document."""

import sys

from django.core.management import BaseCommand

from roles import document, importing


class Command(BaseCommand):
    help = "Export the framework as YAML, JSON or a spreadsheet (one sheet per table)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=document.FORMATS, default=None)
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"] or (document.format_of(output) if output else "yaml")
        data = document.dump(importing.export_document(), fmt)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data) if fmt == "xlsx" else self.stdout.write(
                data.decode(), ending=""
            )
