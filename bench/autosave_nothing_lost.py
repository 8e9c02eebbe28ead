"""Nothing acknowledged is lost under load: N engineers saving ratings at once.

    .venv/bin/python bench/autosave_nothing_lost.py [--users 50] [--duration 60] [--think 0]

Loopback only, bounded in time (``--duration``) and count (``--max-requests``).
It creates a scratch PostgreSQL database (``createdb``; dropped at the end, or
use ``--database-url`` for one you can throw away), loads the framework,
creates ``--users`` engineers each with a draft, starts gunicorn on
127.0.0.1 (``--workers``, default 2 × cores + 1), and signs every engineer in
through the sign-in form (session cookie, CSRF token) as a browser would.

Then each simulated engineer, a thread of its own, keeps saving one
competency after another exactly as the rating page's htmx autosave does
(``POST /assessments/<id>/ratings/<code>/`` with ``level``, ``evidence`` and
the ``revision`` the page holds, ``HX-Request`` and ``X-CSRFToken`` headers),
waiting ``--think`` seconds between saves. It counts requests, errors and
latency percentiles, and at the end checks against the database that every
acknowledged save (a 200 answer with its new revision) is there: the final
row holds the last one, and the audit trail holds each of them.

Not part of the test suite; prints a summary, and a Markdown table with
``--markdown``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-passphrase-0123"
HOST = "127.0.0.1"


# --- set-up -------------------------------------------------------------------------


def scratch_database(url: str | None) -> tuple[str, str | None]:
    """The database to use, and its name if this script created it."""
    if url:
        return url, None
    name = f"skillgap_load_{os.getpid()}"
    pg = {"PGHOST": os.environ.get("PGHOST", HOST), "PGUSER": os.environ.get("PGUSER", "postgres")}
    subprocess.run(["createdb", name], check=True, env={**os.environ, **pg})
    port = os.environ.get("PGPORT", "5432")
    return f"postgres://{pg['PGUSER']}@{pg['PGHOST']}:{port}/{name}", name


def drop_database(name: str) -> None:
    pg = {"PGHOST": os.environ.get("PGHOST", HOST), "PGUSER": os.environ.get("PGUSER", "postgres")}
    subprocess.run(["dropdb", "--if-exists", name], check=False, env={**os.environ, **pg})


def server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore:No directory at",  # static files are not served here
        # The scratch engineers are ordinary accounts; nothing demo about them.
        "ALLOW_DEMO_ACCOUNTS": "0",
    }


@dataclass
class Engineer:
    username: str
    assessment_id: int
    codes: list[str]
    session: requests.Session | None = None
    csrf: str = ""
    revisions: dict[str, int] = field(default_factory=dict)
    # code -> list of acknowledged saves (revision, level, evidence), in order
    acknowledged: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def prepare(database_url: str, users: int) -> list[Engineer]:
    """Migrate, load the framework, create the engineers and their drafts."""
    os.environ.update(server_env(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from accounts.models import User
    from assessments import services
    from roles.models import ProfileTarget, RoleProfile

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    profile = RoleProfile.objects.get(code="startup-generalist")
    codes = list(
        ProfileTarget.objects.filter(profile=profile).values_list("competency__code", flat=True)
    )
    hashed = make_password(PASSWORD)
    engineers = []
    for n in range(users):
        user, _ = User.objects.get_or_create(
            username=f"load{n:03d}", defaults={"password": hashed, "email": f"load{n}@example.com"}
        )
        assessment = services.assessment_start(engineer=user, role_profile=profile)
        engineers.append(
            Engineer(
                username=user.username,
                assessment_id=assessment.pk,
                codes=codes,
                revisions=dict.fromkeys(codes, 0),
            )
        )
    from django.db import connections

    connections.close_all()
    return engineers


def start_server(database_url: str, port: int, workers: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(database_url),
    )
    return process


def wait_until_ready(process: subprocess.Popen, base: str) -> None:
    for _ in range(150):
        try:
            if requests.get(f"{base}/healthz/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz/")


def sign_in(base: str, engineer: Engineer) -> None:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "login": engineer.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, (engineer.username, response.status_code)
    page = session.get(f"{base}/assessments/{engineer.assessment_id}/", timeout=10)
    assert page.status_code == 200, page.status_code
    engineer.session = session
    engineer.csrf = session.cookies["csrftoken"]


# --- the load -------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # connection errors, timeouts
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.failures.values())

    @property
    def errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s != 200) + sum(self.failures.values())


REVISION = re.compile(r'name="(?P<code>[^"]+)-revision" value="(?P<revision>\d+)"')


def simulate(
    base: str, engineer: Engineer, deadline: float, think: float, tally: Tally, budget
) -> None:
    rng = random.Random(engineer.username)
    session = engineer.session
    page = f"{base}/assessments/{engineer.assessment_id}/"
    headers = {"HX-Request": "true", "HX-Current-URL": page, "X-CSRFToken": engineer.csrf}
    while time.monotonic() < deadline and budget():
        code = rng.choice(engineer.codes)
        level = rng.randint(0, 4)
        evidence = f"{engineer.username} {code} {uuid.uuid4().hex[:12]}"
        data = {"level": level, "evidence": evidence, "revision": engineer.revisions[code]}
        start = time.perf_counter()
        try:
            response = session.post(
                f"{base}/assessments/{engineer.assessment_id}/ratings/{code}/",
                data=data,
                headers=headers,
                timeout=15,
            )
        except requests.RequestException as error:
            with tally.lock:
                tally.failures[type(error).__name__] += 1
            continue
        elapsed = time.perf_counter() - start
        with tally.lock:
            tally.latencies.append(elapsed)
            tally.statuses[response.status_code] += 1
        if response.status_code == 200:
            match = next((m for m in REVISION.finditer(response.text) if m["code"] == code), None)
            if match is None:
                with tally.lock:
                    tally.failures["200 without a revision"] += 1
                continue
            revision = int(match["revision"])
            engineer.revisions[code] = revision
            engineer.acknowledged.setdefault(code, []).append((revision, level, evidence))
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def run_load(base, engineers, duration, think, max_requests) -> tuple[Tally, float]:
    tally = Tally()
    deadline = time.monotonic() + duration

    def budget():
        return tally.requests < max_requests

    threads = [
        threading.Thread(target=simulate, args=(base, e, deadline, think, tally, budget))
        for e in engineers
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
    return tally, time.perf_counter() - start


# --- the check -------------------------------------------------------------------------


def verify(engineers: list[Engineer]) -> dict:
    """Every acknowledged save is in the database: the row holds the last one,
    the audit trail each of them."""
    from django.db import connections

    from assessments.models import Rating

    connections.close_all()
    acknowledged = missing_final = missing_history = 0
    for engineer in engineers:
        ratings = {
            r.competency.code: r
            for r in Rating.objects.filter(assessment_id=engineer.assessment_id).select_related(
                "competency"
            )
        }
        history = {
            (h.competency_id, h.revision): (h.level, h.evidence)
            for h in Rating.history.filter(assessment_id=engineer.assessment_id)
        }
        for code, saves in engineer.acknowledged.items():
            acknowledged += len(saves)
            rating = ratings[code]
            last = saves[-1]
            if (rating.revision, rating.level, rating.evidence) != last:
                missing_final += 1
            for revision, level, evidence in saves:
                if history.get((rating.competency_id, revision)) != (level, evidence):
                    missing_history += 1
    return {
        "acknowledged": acknowledged,
        "rows_not_holding_their_last_save": missing_final,
        "acknowledged_saves_missing": missing_history,
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(args, tally: Tally, wall: float, check: dict) -> str:
    ms = [v * 1000 for v in tally.latencies]
    lines = [
        f"users {args.users}, duration {args.duration:.0f} s, think {args.think} s, "
        f"gunicorn {args.workers} sync workers, PostgreSQL, loopback",
        f"requests {tally.requests} ({tally.requests / wall:.1f}/s), errors {tally.errors}",
        f"statuses {dict(tally.statuses)}, failures {dict(tally.failures)}",
        "latency ms: p50 {:.0f}, p90 {:.0f}, p95 {:.0f}, p99 {:.0f}, max {:.0f}, mean {:.0f}".format(
            percentile(ms, 50),
            percentile(ms, 90),
            percentile(ms, 95),
            percentile(ms, 99),
            max(ms) if ms else float("nan"),
            statistics.fmean(ms) if ms else float("nan"),
        ),
        f"check: {check}",
    ]
    if args.markdown:
        lines += [
            "",
            "| users | think | workers | requests | req/s | errors | p50 ms | p95 ms | p99 ms | max ms | acknowledged | missing |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {args.users} | {args.think} s | {args.workers} | {tally.requests} | "
            f"{tally.requests / wall:.1f} | {tally.errors} | {percentile(ms, 50):.0f} | "
            f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} | "
            f"{check['acknowledged']} | "
            f"{check['acknowledged_saves_missing'] + check['rows_not_holding_their_last_save']} |",
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (max 300)")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between saves")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--database-url", help="a PostgreSQL database to throw away")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    args.duration = min(args.duration, 300.0)
    if args.database_url and urlsplit(args.database_url).hostname not in (HOST, "localhost"):
        raise SystemExit("loopback only: the database must be on 127.0.0.1")

    database_url, created = scratch_database(args.database_url)
    server = None
    try:
        engineers = prepare(database_url, args.users)
        server = start_server(database_url, args.port, args.workers)
        base = f"http://{HOST}:{args.port}"
        wait_until_ready(server, base)
        for engineer in engineers:
            sign_in(base, engineer)
        tally, wall = run_load(base, engineers, args.duration, args.think, args.max_requests)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        server = None
        check = verify(engineers)
        print(report(args, tally, wall, check))
        ok = (
            check["rows_not_holding_their_last_save"] == 0
            and check["acknowledged_saves_missing"] == 0
        )
        return 0 if ok else 1
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        if created:
            from django.db import connections

            connections.close_all()
            drop_database(created)


if __name__ == "__main__":
    sys.exit(main())
