"""Time the team dashboard, its CSV and its PDF for teams of 50 and 500 members.

    .venv/bin/python bench/team_dashboard.py [--runs 5] [--sizes 50 500]

Builds a scratch SQLite database in a temporary folder (or uses
``BENCH_DATABASE_URL``, e.g. a PostgreSQL database you can throw away), loads
the default framework, creates one team per size with bulk_create (30
competencies per member, a tenth of them without an assessment) and requests
each page in process through Django's test client, signed in as the team's
manager. Prints the median wall and CPU time of ``--runs`` requests per page,
and the number of SQL queries of one request.

The team PDF is timed twice: ``pdf (render)`` with the cache emptied before
every request, i.e. the WeasyPrint rendering a manager waits for the first
time; ``pdf (cached)`` when nothing the PDF shows has changed since.
"""

from __future__ import annotations

import argparse
import tempfile

from common import machine, measure, scratch_database_url, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        # Time the render itself: every team's PDF made on the request, as a
        # background worker makes a big team's (TEAM_PDF_INLINE_MEMBERS).
        setup_django(scratch_database_url(folder), TEAM_PDF_INLINE_MEMBERS=str(10**9))
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User
        from demo.builders import bulk_team

        call_command("migrate", verbosity=0)
        call_command("load_framework", verbosity=0)
        manager, _ = User.objects.get_or_create(username="bench-manager")
        client = Client()
        client.force_login(manager)

        print(f"median of {args.runs} runs in seconds; {machine()}")
        print(f"{'members':>8} {'page':<15} {'wall':>8} {'cpu':>8} {'queries':>8}")
        for size in args.sizes:
            team = bulk_team(manager, size, prefix=f"bench{size}", name=f"Bench team {size}")
            pages = {
                "dashboard": f"/teams/{team.pk}/?lang=en",
                "ratings.csv": f"/teams/{team.pk}/ratings.csv?lang=en",
                "pdf (render)": f"/teams/{team.pk}/report.pdf?lang=en",
            }
            for name, path in pages.items():
                before = cache.clear if name == "pdf (render)" else None
                wall, cpu, queries, _size = measure(client, path, args.runs, before=before)
                print(f"{size:>8} {name:<15} {wall:>8.2f} {cpu:>8.2f} {queries:>8}")
            wall, cpu, _queries, _size = measure(client, pages["pdf (render)"], args.runs)
            print(f"{size:>8} {'pdf (cached)':<15} {wall:>8.2f} {cpu:>8.2f}")


if __name__ == "__main__":
    main()
