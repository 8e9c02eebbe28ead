"""Open a review cycle for thousands of engineers, deliver its e-mails, and run
``send_reminders`` when nothing is due.

    BENCH_DATABASE_URL=postgres://…/scratch .venv/bin/python bench/cycle_fanout.py [--members 5000]

Builds a team of ``--members`` engineers (demo.builders.bulk_team: most with a
submitted assessment, a tenth with none), each with an e-mail address, on a
database you can throw away (``BENCH_DATABASE_URL``; a SQLite file in a
temporary folder otherwise). Then:

1. ``open``: the manager's POST of the "open a review cycle" form, in
   process through Django's test client, with the database tasks backend: the
   request creates the cycle and queues two tasks (invitations and e-mails,
   then drafts).
2. ``deliver``: one ``manage.py db_worker --batch`` process invites the
   members and sends every e-mail to a real SMTP server (aiosmtpd) on a
   loopback port, then prepares the drafts; timed from the start of the
   worker until the server has received the last message, then until the
   worker is done (or stopped at ``--timeout``).
3. ``send_reminders``: the command over the same members when nothing is due
   (the self-assessment due in 10 days), its wall time and its queries, twice.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from common import ROOT, machine, reference_ms, scratch_database_url, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--timeout", type=int, default=600, help="seconds the worker may take")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = scratch_database_url(folder)
        setup_django(url, TASKS_BACKEND="database")
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import F, Value
        from django.db.models.functions import Concat
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from accounts.models import User
        from cycles.models import Cycle, Delivery, Invitation
        from demo.builders import bulk_team

        sys.path.insert(0, str(ROOT))
        from tests.smtp import start

        call_command("migrate", verbosity=0)
        call_command("load_framework", verbosity=0)
        print(f"{machine()}; reference {reference_ms():.1f} ms; {connection.vendor}")
        manager, _ = User.objects.get_or_create(
            username="bench-manager", defaults={"email": "manager@bench.invalid"}
        )
        prefix = f"fan{int(time.time())}"
        started = time.perf_counter()
        team = bulk_team(manager, args.members, name=f"Fan-out {prefix}", prefix=prefix)
        User.objects.filter(last_name=prefix).update(
            email=Concat(F("username"), Value("@bench.invalid"))
        )
        print(f"built {args.members} members in {time.perf_counter() - started:.1f} s")

        client = Client()
        client.force_login(manager)
        today = timezone.localdate()
        data = {
            "name": f"Bench {prefix}",
            "teams": [team.pk],
            "self_due": (today + timedelta(days=10)).isoformat(),
            "review_due": (today + timedelta(days=20)).isoformat(),
        }
        assert client.get("/cycles/new/").status_code == 200  # warm: URLs, templates
        wall = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/cycles/new/", data)
        wall = time.perf_counter() - wall
        assert response.status_code == 302, response.status_code
        cycle = Cycle.objects.get(name=data["name"])
        invited = Invitation.objects.filter(cycle=cycle).count()
        print(
            f"open: {wall:.2f} s for {invited} invitations, {len(queries)} queries (target < 2 s)"
        )

        controller, inbox = start()
        env = dict(
            os.environ,
            DATABASE_URL=url,
            TASKS_BACKEND="database",
            EMAIL_URL=f"smtp://127.0.0.1:{controller.port}",
            DEBUG="0",
        )
        wall = time.perf_counter()
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v", "0"],
            cwd=ROOT,
            env=env,
        )
        expected = User.objects.filter(last_name=prefix).count()  # every member
        deadline = time.monotonic() + args.timeout
        while len(inbox.messages) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        delivered = time.perf_counter() - wall
        received = len(inbox.messages)
        print(
            f"deliver: {received} of {expected} messages received {delivered:.1f} s after the "
            "worker started (target < 120 s)"
        )
        try:
            worker.wait(timeout=max(deadline - time.monotonic(), 1))
            prepared = Invitation.objects.filter(cycle=cycle, prepared_at__isnull=False).count()
            print(
                f"drafts: {prepared} prepared, the worker done {time.perf_counter() - wall:.1f} s "
                "after it started"
            )
        except subprocess.TimeoutExpired:
            worker.kill()  # SIGTERM would let it finish the preparation first
            worker.wait()
            prepared = Invitation.objects.filter(cycle=cycle, prepared_at__isnull=False).count()
            print(f"drafts: {prepared} prepared when the worker was stopped at {args.timeout} s")
        controller.stop()
        sent = Delivery.objects.filter(cycle=cycle, status=Delivery.Status.SENT).count()
        print(f"{sent} deliveries marked sent, each once")

        for run in (1, 2):
            wall = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                call_command("send_reminders", stdout=open(os.devnull, "w"))
            wall = time.perf_counter() - wall
            print(
                f"send_reminders, nothing due, run {run}: {wall:.2f} s, "
                f"{len(queries)} queries (target < 5 s, fixed)"
            )


if __name__ == "__main__":
    main()
