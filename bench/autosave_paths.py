"""What the autosave's fast path buys: CPU per save with and without it, in one run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/skillgap_bench_paths \\
        .venv/bin/python bench/autosave_paths.py [--saves 400] [--rounds 3]

In process, through Django's test client (no network, no gunicorn), one
engineer saving their draft's ratings as the rating page does (htmx). Each
round times ``--saves`` saves with the fast path (``services.own_draft_rating_save``)
and as many through the ordinary path (the permission lookup, then
``services.rating_save``), alternating, and prints the process CPU and the
database queries per save. A shared machine's speed drifts: compare the two
paths within a round, and the ratio across rounds.

Without ``BENCH_DATABASE_URL`` it uses a scratch SQLite database.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import framework_database, machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        framework_database(folder)
        from django.db import connection
        from django.test import Client

        from accounts.models import User
        from assessments import services
        from roles.models import ProfileTarget, RoleProfile

        user = User.objects.create_user("bench-engineer", password="x")  # noqa: S106
        profile = RoleProfile.objects.order_by("order").first()
        draft = services.assessment_start(engineer=user, role_profile=profile)
        codes = list(
            ProfileTarget.objects.filter(profile=profile).values_list("competency__code", flat=True)
        )
        client = Client(HTTP_HX_REQUEST="true")
        client.force_login(user)
        fast = services.own_draft_rating_save

        def run(n: int, offset: int) -> tuple[float, float]:
            executed = []

            def count(execute, sql, params, many, context):
                executed.append(sql)
                return execute(sql, params, many, context)

            # Django empties connection.queries at every request: count them here.
            with connection.execute_wrapper(count):
                start = time.process_time()
                for i in range(n):
                    code = codes[(offset + i) % len(codes)]
                    response = client.post(
                        f"/assessments/{draft.pk}/ratings/{code}/", {"level": str((offset + i) % 5)}
                    )
                    assert response.status_code == 200, response.status_code  # noqa: S101
                cpu = (time.process_time() - start) / n
            return cpu * 1000, len(executed) / n

        print(machine())
        print(f"{args.saves} saves per path and round, {len(codes)} competencies")
        run(50, 0)  # warm up both paths
        offset = 0
        ratios = []
        for round_ in range(1, args.rounds + 1):
            services.own_draft_rating_save = fast
            fast_cpu, fast_q = run(args.saves, offset := offset + 7)
            services.own_draft_rating_save = lambda **kwargs: None
            orm_cpu, orm_q = run(args.saves, offset := offset + 7)
            services.own_draft_rating_save = fast
            ratios.append(orm_cpu / fast_cpu)
            print(
                f"round {round_}: fast path {fast_cpu:.2f} ms CPU, {fast_q:.1f} queries; "
                f"ordinary path {orm_cpu:.2f} ms CPU, {orm_q:.1f} queries; "
                f"ordinary / fast = {orm_cpu / fast_cpu:.2f}"
            )
        print(f"ordinary / fast, per round: {', '.join(f'{r:.2f}' for r in ratios)}")


if __name__ == "__main__":
    main()
