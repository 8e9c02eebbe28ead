"""Both PDFs beside a one-page plain WeasyPrint document, in one run.

    .venv/bin/python bench/pdfs.py [--runs 5] [--sizes 50 500] [--lang en]

Builds a scratch SQLite database in a temporary folder (or uses
``BENCH_DATABASE_URL``, a database you can throw away), loads the framework
and the demo organisation, and teams of ``--sizes`` members
(``demo/builders.bulk_team``). Then, round after round so that every
document meets the same load, it renders with the cache emptied first:

- a one-page plain document (a heading and a paragraph) through the same
  WeasyPrint function the app uses: the yardstick of this machine, now;
- the report PDF of the demo engineer eko (``assessment_report_pdf``);
- the team PDF of each size, requested in process as its manager
  (``/teams/<id>/report.pdf``: the data, the template and WeasyPrint).

Prints the median wall and CPU time of each, its ratio to the plain page (the
figure to compare between machines), the targets (report < 1 s, team of 50
< 3 s) and how the biggest team compares with a gunicorn worker's timeout.
``bench/pdf_render.py`` and ``bench/team_dashboard.py`` break the two down.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import sys
import tempfile
from datetime import datetime

from common import machine, reference_ms, scratch_database_url, setup_django, timed_once

PLAIN_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Plain</title></head>"
    "<body><h1>A plain page</h1><p>"
    + "SkillGap renders this one-page document to compare with the reports. " * 12
    + "</p></body></html>"
)
WORKER_TIMEOUT = 60  # docs/deploy.md starts gunicorn with --timeout 60 (its default is 30)


class Timed:
    def __init__(self):
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def run(self, work, before=None):
        wall, cpu = timed_once(work, before)
        self.walls.append(wall)
        self.cpus.append(cpu)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 500])
    parser.add_argument(
        "--big-runs", type=int, default=2, help="runs for teams over 100 members (slow)"
    )
    parser.add_argument("--lang", default="en", choices=["en", "id"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        # Time the render itself: every team's PDF made on the request, as a
        # background worker makes a big team's (TEAM_PDF_INLINE_MEMBERS).
        setup_django(scratch_database_url(folder), TEAM_PDF_INLINE_MEMBERS=str(10**9))
        import weasyprint
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User
        from assessments import pdf
        from assessments.models import Assessment
        from core import pdf as engine
        from demo.builders import bulk_team

        call_command("migrate", verbosity=0)
        call_command("load_framework", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        eko = (
            Assessment.objects.filter(engineer__username="eko")
            .exclude(status=Assessment.Status.DRAFT)
            .order_by("-submitted_at")
            .first()
        )
        manager, _ = User.objects.get_or_create(username="bench-manager")
        client = Client()
        client.force_login(manager)
        documents = {
            "plain page": lambda: engine.html_to_pdf(PLAIN_PAGE),
            "report PDF (eko)": lambda: pdf.assessment_report_pdf(eko, language=args.lang),
        }
        for size in args.sizes:
            team = bulk_team(manager, size, prefix=f"pdf{size}", name=f"PDF team {size}")
            path = f"/teams/{team.pk}/report.pdf?lang={args.lang}"

            def team_pdf(path=path):
                response = client.get(path)
                assert response.status_code == 200 and response.content.startswith(b"%PDF")

            documents[f"team PDF ({size})"] = team_pdf

        for work in documents.values():  # warm up: imports, fonts, stylesheets
            cache.clear()
            work()
        timings = {name: Timed() for name in documents}
        for round_ in range(args.runs):
            for name, work in documents.items():
                big = name.startswith("team PDF (") and int(name[10:-1]) > 100
                if big and round_ >= args.big_runs:
                    continue
                timings[name].run(work, before=cache.clear)

        plain = timings["plain page"]
        print(f"SkillGap PDF benchmark, {datetime.now():%Y-%m-%d %H:%M}")
        print(f"machine: {machine()}; python {platform.python_version()}")
        print(f"reference: a 500 000-step Python loop takes {reference_ms():.0f} ms of CPU here")
        print(
            f"WeasyPrint {weasyprint.__version__}, language {args.lang}; cache emptied before "
            f"each render; median of {args.runs} rounds ({args.big_runs} for teams over 100)"
        )
        print()
        print(
            f"{'document':<20} {'wall s':>8} {'cpu s':>8} {'x plain (wall)':>15} {'x plain (cpu)':>14}"
        )
        for name, timed in timings.items():
            print(
                f"{name:<20} {timed.wall:8.3f} {timed.cpu:8.3f} "
                f"{timed.wall / plain.wall:15.1f} {timed.cpu / plain.cpu:14.1f}"
            )
        print()
        targets = [("report PDF (eko)", 1.0)] + [
            (f"team PDF ({size})", 3.0) for size in args.sizes if size == 50
        ]
        for name, limit in targets:
            timed = timings[name]
            print(
                f"target {name} < {limit:g} s: wall {'met' if timed.wall < limit else 'NOT met'}, "
                f"cpu {'met' if timed.cpu < limit else 'NOT met'}"
            )
        if args.sizes:
            biggest = f"team PDF ({max(args.sizes)})"
            share = timings[biggest].wall / WORKER_TIMEOUT
            print(
                f"{biggest}: {timings[biggest].wall:.1f} s, {share:.0%} of the {WORKER_TIMEOUT} s "
                f"worker timeout of docs/deploy.md ({timings[biggest].wall / 30:.0%} of "
                "gunicorn's default 30 s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
