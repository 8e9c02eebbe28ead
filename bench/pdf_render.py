"""Time the report PDF of the demo engineer (eko) against a one-page plain PDF.

    .venv/bin/python bench/pdf_render.py [--runs 7] [--lang en]

Builds a scratch SQLite database in a temporary folder (or uses
``BENCH_DATABASE_URL``, a database you can throw away), loads the default
framework and the demo organisation (``seed_demo``), and renders eko's latest
assessment in process, ``--runs`` times after one warm-up run:

- ``report (render)``: what a user waits for the first time, the cache
  emptied before every run: the queries, the scoring, the template and
  WeasyPrint (``assessments.pdf.assessment_report_pdf``);
- its phases, each timed on its own: ``context`` (queries and scoring),
  ``template`` (context and Django template), ``weasyprint`` (HTML to PDF);
- ``report (cached)``: the same call when nothing has changed since;
- ``plain page``: WeasyPrint rendering a one-page plain document (a heading
  and a paragraph) through the same function, in the same run, so the ratio
  says how heavy the report is whatever the machine's speed or load.

Prints medians (and min–max) of wall time, medians of the process's CPU
time, and the machine it ran on with its load average: on a busy machine the
wall time grows, the CPU time and the ratio much less.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import tempfile
from datetime import datetime

from common import machine, scratch_database_url, setup_django, timed_once

PLAIN_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Plain</title></head>"
    "<body><h1>A plain page</h1><p>"
    + "SkillGap renders this one-page document to compare with the report. " * 12
    + "</p></body></html>"
)


class Timings:
    """Wall time (what a user waits) and CPU time of this process (what the
    render costs, less sensitive to other work on the machine) of each run."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def median(self) -> float:
        return statistics.median(self.wall)

    def __str__(self) -> str:
        return (
            f"{self.median():7.3f} s  ({min(self.wall):.3f}–{max(self.wall):.3f})"
            f"   cpu {statistics.median(self.cpu):6.3f} s"
        )


def timed(function, runs: int, before=None) -> Timings:
    function()  # warm-up: imports, fonts, template compilation
    timings = Timings()
    for _ in range(runs):
        wall, cpu = timed_once(function, before)
        timings.wall.append(wall)
        timings.cpu.append(cpu)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lang", default="en", choices=["en", "id"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        setup_django(scratch_database_url(folder))
        from django.core.cache import cache
        from django.core.management import call_command
        from django.template.loader import render_to_string
        from django.utils import translation
        from pypdf import PdfReader

        from assessments import pdf
        from assessments.models import Assessment
        from core import pdf as engine

        call_command("migrate", verbosity=0)
        call_command("load_framework", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        assessment = (
            Assessment.objects.filter(engineer__username="eko")
            .select_related("engineer", "role_profile")
            .order_by("-created_at", "-pk")
            .first()
        )

        def report():
            return pdf.assessment_report_pdf(assessment, language=args.lang)

        render = timed(report, args.runs, before=cache.clear)
        cached = timed(report, args.runs)
        plain = timed(lambda: engine.html_to_pdf(PLAIN_PAGE), args.runs)

        # The phases of an uncached render, each on its own.
        with translation.override(args.lang):

            def context():
                return pdf.report_pdf_context(assessment, changed=pdf.latest_change(assessment))

            def template():
                return render_to_string("assessments/report_pdf.html", context())

            html = template()
            phases = {
                "context": timed(context, args.runs),
                "template": timed(template, args.runs),
                "weasyprint": timed(
                    lambda: engine.html_to_pdf(html, stylesheets=pdf.REPORT_STYLESHEETS), args.runs
                ),
            }

        data, filename = report()
        pages = len(PdfReader(io.BytesIO(data)).pages)
        import weasyprint

        print(f"SkillGap report PDF benchmark, {datetime.now():%Y-%m-%d %H:%M}")
        print(f"machine: {machine()}")
        print(
            f"python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
            f"{args.runs} runs after a warm-up: median wall time (min–max), median CPU time"
        )
        print(f"document: {filename}, {pages} pages, {len(data) // 1024} KiB, language {args.lang}")
        print()
        print(f"report (render)     {render}")
        for name, timings in phases.items():
            print(f"  {name:17s} {timings}")
        print(f"report (cached)     {cached}")
        print(f"plain page          {plain}")
        print()
        ratio = render.median() / plain.median()
        cpu_ratio = statistics.median(render.cpu) / statistics.median(plain.cpu)
        print(f"ratio report / plain page: {ratio:.1f} (wall), {cpu_ratio:.1f} (cpu)")
        target = "met" if render.median() < 1 else "NOT met"
        print(f"target < 1 s for the full report: {target}")


if __name__ == "__main__":
    main()
