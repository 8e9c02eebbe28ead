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
- the same report's HTML (rendered once, untimed) written by WeasyPrint
  tagged (PDF/UA-1, as the app writes it) and untagged: what tagging costs;
- the team PDF of each size, requested in process as its manager
  (``/teams/<id>/report.pdf``: the data, the template and WeasyPrint);
- the report PDF and the smallest team's PDF downloaded again, requested in
  process with the cache kept: the cached re-download.

Prints the median wall and CPU time of each, its ratio to the plain page (the
figure to compare between machines), the machine's load, the targets (report
< 0.6 s, tagged ≤ 1.5 × untagged, team of 50 < 1 s, a cached re-download
< 20 ms) met or not, and how the biggest team compares with a gunicorn
worker's timeout.
``bench/pdf_render.py`` and ``bench/team_dashboard.py`` break the two down.
"""

from __future__ import annotations

import argparse
import io
import os
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
        setup_django(
            scratch_database_url(folder), TEAM_PDF_INLINE_MEMBERS=str(10**9), EMAIL_URL="memory://"
        )
        import weasyprint
        from django.core.cache import cache
        from django.core.management import call_command
        from django.template.loader import render_to_string
        from django.test import Client
        from django.utils import translation

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
        # The report downloaded as a manager of eko's team sees it (the demo
        # people sign in with a second factor, which force_login does not give).
        for team in eko.engineer.teams.all():
            team.managers.add(manager)
        with translation.override(args.lang):
            changed = pdf.latest_change(eko)
            report_html = render_to_string(
                pdf.REPORT_TEMPLATE,
                {**pdf.report_pdf_context(eko, changed=changed), "for_pdf": True},
            )

        def untagged(html=report_html):
            """What ``core.pdf.html_to_pdf`` does (its kept font configuration),
            without ``pdf_variant``."""
            with engine._collector_paused():
                document = weasyprint.HTML(
                    string=html, base_url=engine.BASE_URL, url_fetcher=engine.static_url_fetcher()
                )
                return document.write_pdf(
                    stylesheets=[engine._stylesheet(name) for name in pdf.REPORT_STYLESHEETS],
                    font_config=engine._font_config(),
                )

        def download(who, path):
            def get():
                response = who.get(path)
                assert response.status_code == 200 and response.content.startswith(b"%PDF"), (
                    path,
                    response.status_code,
                    response.get("Location"),
                )

            return get

        report_path = f"/assessments/{eko.pk}/report.pdf?lang={args.lang}"
        documents = {
            "plain page": lambda: engine.html_to_pdf(PLAIN_PAGE),
            "report PDF (eko)": lambda: pdf.assessment_report_pdf(eko, language=args.lang),
            "report, tagged": lambda: engine.html_to_pdf(
                report_html, stylesheets=pdf.REPORT_STYLESHEETS
            ),
            "report, untagged": untagged,
        }
        cached = {"report PDF, cached": download(client, report_path)}
        for size in args.sizes:
            team = bulk_team(manager, size, prefix=f"pdf{size}", name=f"PDF team {size}")
            path = f"/teams/{team.pk}/report.pdf?lang={args.lang}"

            def team_pdf(path=path):
                response = client.get(path)
                assert response.status_code == 200 and response.content.startswith(b"%PDF")

            documents[f"team PDF ({size})"] = team_pdf
            if size == min(args.sizes):
                cached[f"team PDF ({size}), cached"] = download(client, path)

        for work in [*documents.values(), *cached.values()]:  # warm up: imports, fonts
            cache.clear()
            work()
        timings = {name: Timed() for name in [*documents, *cached]}
        load_before = os.getloadavg()
        for round_ in range(args.runs):
            for name, work in documents.items():
                big = name.startswith("team PDF (") and int(name[10:-1]) > 100
                if big and round_ >= args.big_runs:
                    continue
                timings[name].run(work, before=cache.clear)
            for name, work in cached.items():
                work()  # into the cache (untimed), then from it
                timings[name].run(work)
        load_after = os.getloadavg()

        plain = timings["plain page"]
        print(f"SkillGap PDF benchmark, {datetime.now():%Y-%m-%d %H:%M}")
        print(f"machine: {machine()}; python {platform.python_version()}")
        print(f"reference: a 500 000-step Python loop takes {reference_ms():.0f} ms of CPU here")
        print(
            "load average (1, 5, 15 min) before: "
            + ", ".join(f"{x:.2f}" for x in load_before)
            + "; after: "
            + ", ".join(f"{x:.2f}" for x in load_after)
            + f"; {os.cpu_count()} CPUs"
        )
        print(
            f"WeasyPrint {weasyprint.__version__}, language {args.lang}; cache emptied before "
            f"each render (kept for the cached downloads); median of {args.runs} rounds "
            f"({args.big_runs} for teams over 100)"
        )
        print()
        print(
            f"{'document':<24} {'wall s':>8} {'cpu s':>8} {'x plain (wall)':>15} {'x plain (cpu)':>14}"
        )
        for name, timed in timings.items():
            print(
                f"{name:<24} {timed.wall:8.3f} {timed.cpu:8.3f} "
                f"{timed.wall / plain.wall:15.1f} {timed.cpu / plain.cpu:14.1f}"
            )
        print()
        tagged, plain_report = timings["report, tagged"], timings["report, untagged"]
        ratio_wall = tagged.wall / plain_report.wall
        ratio_cpu = tagged.cpu / plain_report.cpu
        print(
            f"tagging: tagged / untagged render of the same report = {ratio_wall:.2f} (wall), "
            f"{ratio_cpu:.2f} (cpu)"
        )

        def verdict(ok):
            return "met" if ok else "NOT met"

        print(f"target tagged <= 1.5 x untagged: {verdict(ratio_wall <= 1.5)}")
        targets = [("report PDF (eko)", 0.6), ("report, tagged", 0.6)]
        targets += [(f"team PDF ({size})", 1.0) for size in args.sizes if size == 50]
        targets += [(name, 0.020) for name in cached]
        for name, limit in targets:
            timed = timings[name]
            print(
                f"target {name} < {limit * 1000:g} ms: wall {verdict(timed.wall < limit)}, "
                f"cpu {verdict(timed.cpu < limit)}"
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
