"""Time the organisation pages on an organisation of 5,000 engineers.

    .venv/bin/python bench/organisation.py [--runs 5] [--members 5000] [--teams 250] [--quarters 8]
    BENCH_DATABASE_URL=sqlite:///org.sqlite3 .venv/bin/python bench/organisation.py --keep

Builds a scratch SQLite database in a temporary folder (or uses
``BENCH_DATABASE_URL``, a database you can throw away), loads the default
framework and builds, with ``demo.builders.bulk_org``, ``--teams`` teams four
levels deep holding ``--members`` engineers, each with one assessment a
quarter for ``--quarters`` quarters (30 competencies each; all reviewed but
the latest of every third engineer). A first request of each page stores the
summaries of the completed reviews (``teams.summaries``), as the first visitor
after the reviews would; then each page is requested ``--runs`` times in
process through Django's test client, signed in as the head of the root team.
Prints the median wall and CPU time and the number of SQL queries of one
request. Targets (SPEC §12, docs/benchmarks.md): ``/org/`` and a subtree of
about 200 members under 300 ms, the search under 100 ms, the trend page under
150 ms.

With ``--keep`` and a ``BENCH_DATABASE_URL`` that an earlier run built (a
5,000-engineer build takes minutes), the organisation found there is timed
as it is, nothing built: to time other code, or the same code again, on the
same data (copy the file first to keep it as built).
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import framework_database, machine, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--teams", type=int, default=250)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument(
        "--keep", action="store_true", help="time the organisation already in the database"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        framework_database(folder)
        from django.test import Client

        from accounts.models import User
        from demo.builders import bulk_org
        from org.models import Team

        head, _ = User.objects.get_or_create(username="bench-head")
        started = time.perf_counter()
        root = Team.objects.filter(parent=None, managers=head).first() if args.keep else None
        if root is None:
            root = bulk_org(
                head,
                teams=args.teams,
                members=args.members,
                depth=4,
                quarters=args.quarters,
                prefix="bench",
            )
        else:
            args.members = User.objects.filter(teams__isnull=False).distinct().count()
            args.teams = Team.objects.count()
        built = time.perf_counter() - started
        # A subtree of about 200 members: a team of the second level and its descendants.
        per_team = args.members / args.teams
        subtree = next(
            team
            for team in Team.objects.filter(parent=root).order_by("pk")
            if Team.objects.filter(ancestor_links__ancestor=team).count() * per_team >= 150
        )
        subtree_members = (
            User.objects.filter(teams__ancestor_links__ancestor=subtree).distinct().count()
        )
        client = Client()
        client.force_login(head)
        pages = {
            "/org/": "/org/?lang=en",
            "/org/ reviewed only": "/org/?ratings=reviewed&lang=en",
            f"/org/ subtree ({subtree_members})": f"/org/?team={subtree.pk}&lang=en",
            f"team {subtree.pk} trend": f"/teams/{subtree.pk}/trend/?lang=en",
            "search": "/search/?competency=programming.python&min_level=3&lang=en",
            "search, reviewed": "/search/?competency=programming.python&min_level=3&reviewed=on&lang=en",
            "/org/teams.csv": "/org/teams.csv?lang=en",
        }
        print(
            f"{args.members} engineers, {args.teams} teams, {args.quarters} quarters "
            f"({'kept' if args.keep else 'built'} in {built:.0f} s); median of {args.runs} runs in seconds; {machine()}"
        )
        print(f"{'page':<28} {'first':>8} {'wall':>8} {'cpu':>8} {'queries':>8}")
        for name, path in pages.items():
            first = time.perf_counter()
            assert client.get(path).status_code == 200, path
            first = time.perf_counter() - first
            wall, cpu, queries, _size = measure(client, path, args.runs)
            print(f"{name:<28} {first:>8.2f} {wall:>8.3f} {cpu:>8.3f} {queries:>8}")


if __name__ == "__main__":
    main()
