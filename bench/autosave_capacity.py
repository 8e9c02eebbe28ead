"""Autosave throughput: wrk against gunicorn on PostgreSQL, beside the /healthz/ floor.

    .venv/bin/python bench/autosave_capacity.py [--connections 32] [--duration 20]
        [--config sync:3 --config gthread:2x4 ...] [--no-redis] [--no-prepared] [--markdown]

Needs wrk (``apt-get install -y wrk``) and a PostgreSQL server on 127.0.0.1
where ``createdb`` may create ``skillgap_bench`` (recreated on every run;
``--database-url`` for another scratch database). Loopback only.

1. Migrates the scratch database, loads the framework, creates one engineer
   per connection with a draft, a signed-in session (the project's session
   engine) and a CSRF token.
2. For every ``--config`` (``sync:W`` = W sync workers, ``gthread:WxT`` = W
   workers of T threads) starts gunicorn on 127.0.0.1 with the production
   settings (``DJANGO_ENV=production``, DEBUG off, persistent connections;
   only the HTTPS redirect is off: requests carry ``X-Forwarded-Proto:
   https`` as from a TLS-terminating load balancer, so secure cookies, HSTS
   and the CSRF origin check behave as in production).
3. Checks one save by hand (200 and "Saved"), warms up, then
   runs wrk (``bench/autosave.lua``) for ``--duration`` seconds against
   ``/healthz/`` (the floor of this stack on this machine) and then against
   the autosave, ``POST /assessments/<id>/ratings/<code>/``, at
   ``--connections`` concurrent connections.
4. Prints requests/s, p50/p95/p99 latency and errors of both, the CPU time
   the server (gunicorn, and the PostgreSQL backends) spent per request, the
   ratios, the targets (autosave >= 10 % of the floor, >= 300 req/s, p95 < 50
   ms), and that every save answered 200 left its audit record.

The server runs as production is meant to with several workers: the cache on
Redis at 127.0.0.1:6379/9 (sessions read through it, the signed-in user kept
in it) and prepared statements on. ``--no-redis`` measures without a shared
cache (sessions then come from the database), ``--no-prepared`` with
``DATABASE_PREPARED_STATEMENTS=0``.

wrk measures a closed loop: each connection sends its next request when the
previous answer arrives, so latency is what a user saving waits for under
that load.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from common import ROOT, machine, reference_ms

HOST = "127.0.0.1"
LUA = ROOT / "bench" / "autosave.lua"
DEFAULT_DATABASE = "skillgap_bench"


# --- the database and the engineers ---------------------------------------------------


def recreate_database(name: str) -> str:
    pg = {**os.environ, "PGHOST": os.environ.get("PGHOST", HOST)}
    pg.setdefault("PGUSER", "postgres")
    subprocess.run(["dropdb", "--if-exists", name], check=True, env=pg)
    subprocess.run(["createdb", name], check=True, env=pg)
    port = os.environ.get("PGPORT", "5432")
    return f"postgres://{pg['PGUSER']}@{pg['PGHOST']}:{port}/{name}"


def server_env(database_url: str, redis_url: str, prepared: bool = False) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "ALLOW_DEMO_ACCOUNTS": "0",
    }
    env.pop("DEBUG", None)
    env["DATABASE_PREPARED_STATEMENTS"] = "1" if prepared else "0"
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


@dataclass
class Engineer:
    assessment_id: int
    session: str
    csrf_cookie: str
    csrf_token: str


def prepare(env: dict, count: int) -> tuple[list[Engineer], list[str]]:
    """Schema, framework, and ``count`` signed-in engineers each with a draft."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections
    from django.middleware.csrf import get_token
    from django.test import Client, RequestFactory

    from accounts.models import User
    from assessments import services
    from roles.models import ProfileTarget, RoleProfile

    cache.clear()  # the scratch Redis database: no sessions or users of an earlier run
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    profile = RoleProfile.objects.get(code="startup-generalist")
    codes = list(
        ProfileTarget.objects.filter(profile=profile)
        .order_by("competency__area__order", "competency__order")
        .values_list("competency__code", flat=True)
    )
    engineers = []
    for n in range(count):
        user = User.objects.create_user(username=f"bench{n:03d}", password=None)
        assessment = services.assessment_start(engineer=user, role_profile=profile)
        client = Client()
        client.force_login(user, backend="accounts.backends.DemoAwareModelBackend")
        request = RequestFactory().get("/")
        token = get_token(request)
        engineers.append(
            Engineer(
                assessment_id=assessment.pk,
                session=client.cookies["sessionid"].value,
                csrf_cookie=request.META["CSRF_COOKIE"],
                csrf_token=token,
            )
        )
    connections.close_all()
    return engineers, codes


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def server_pids(server: subprocess.Popen) -> tuple[list[int], list[int]]:
    """The gunicorn master and workers, and the PostgreSQL backends serving the
    scratch database (not this process's own connection)."""
    from django.db import connection

    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    return [server.pid, *map(int, children)], backends


def history_count() -> int:
    from django.db import connections

    from assessments.models import Rating

    connections.close_all()
    return Rating.history.filter(history_type="~").count()


# --- gunicorn and wrk ---------------------------------------------------------------


def gunicorn_args(config: str) -> list[str]:
    kind, _, size = config.partition(":")
    if kind == "sync":
        return ["--worker-class", "sync", "--workers", str(int(size))]
    if kind == "gthread":
        workers, _, threads = size.partition("x")
        return ["--worker-class", "gthread", "--workers", workers, "--threads", threads]
    raise SystemExit(f"unknown config {config!r}: use sync:W or gthread:WxT")


def start_server(env: dict, port: int, config: str, log, app: str) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            app,
            "--bind",
            f"{HOST}:{port}",
            *gunicorn_args(config),
            "--backlog",
            "2048",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz/", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz/")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def check_one_save(port: int, engineer: Engineer, code: str) -> None:
    """One autosave exactly as wrk will send it: it must land, not be refused."""
    body = f"level=2&evidence=check+{time.time_ns()}".encode()
    request = urllib.request.Request(
        f"http://{HOST}:{port}/assessments/{engineer.assessment_id}/ratings/{code}/",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={engineer.session}; csrftoken={engineer.csrf_cookie}",
            "X-CSRFToken": engineer.csrf_token,
            "HX-Request": "true",
            "Origin": f"https://{HOST}:{port}",
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - http://127.0.0.1
            status, html = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, html = error.code, error.read().decode(errors="replace")
    if status != 200 or "Saved" not in html:
        raise SystemExit(f"the check save answered {status}:\n{html[:800]}")


def wrk(
    port: int, mode: str, args, engineers_file: str, duration: float, pids=None, script=LUA
) -> dict:
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{duration:g}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}",
        "--",
        mode,
        engineers_file,
        str(args.threads),
        str(time.time_ns()),
    ]
    python_pids, database_pids = pids or ([], [])
    before = cpu_seconds(python_pids), cpu_seconds(database_pids)
    # From the project's folder: the scripts load bench/wrk_common.lua.
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    python_cpu = cpu_seconds(python_pids) - before[0]
    database_cpu = cpu_seconds(database_pids) - before[1]
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{output}")
    result = json.loads(line.removeprefix("RESULT "))
    seconds = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds
    per_request = 1000 / result["requests"] if pids and result["requests"] else 0.0
    result["python_ms"] = python_cpu * per_request
    result["database_ms"] = database_cpu * per_request
    result["cpu_ms"] = result["python_ms"] + result["database_ms"]
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


# --- the run --------------------------------------------------------------------------


def ms(us: float) -> str:
    return f"{us / 1000:.1f}"


@contextmanager
def served(env: dict, args, config: str, app: str):
    """gunicorn in ``config`` for the body of the ``with``; then stopped, its
    log's tracebacks counted into the dict it yields (and printed)."""
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")
    server = start_server(env, args.port, config, log, app)
    outcome = {"config": config, "tracebacks": 0}
    try:
        yield server, outcome
    finally:
        stop(server)
        log.seek(0)
        server_log = log.read()
        log.close()
        outcome["tracebacks"] = server_log.count("Traceback")
        if outcome["tracebacks"]:
            print(server_log[-4000:])


def run_config(config, args, env, engineers, codes, engineers_file) -> dict:
    port = args.port
    with served(env, args, config, args.app) as (server, outcome):
        check_one_save(port, engineers[0], codes[0])
        wrk(port, "floor", args, engineers_file, args.warmup)
        wrk(port, "autosave", args, engineers_file, args.warmup)
        before = history_count()
        pids = server_pids(server)
        outcome["floor"] = wrk(port, "floor", args, engineers_file, args.duration, pids)
        outcome["autosave"] = wrk(port, "autosave", args, engineers_file, args.duration, pids)
        outcome["recorded"] = history_count() - before
    return outcome


def describe(result: dict, args) -> list[str]:
    floor, autosave = result["floor"], result["autosave"]
    ratio = autosave["rps"] / floor["rps"]
    answered_ok = autosave["requests"] - autosave["errors"]
    lines = [f"gunicorn {result['config']}"]
    for name, r in (("/healthz/ (floor)", floor), ("autosave", autosave)):
        lines.append(result_line(name, r))
    cpu_ratio = floor["cpu_ms"] / autosave["cpu_ms"] if autosave["cpu_ms"] else 0.0
    lines.append(
        f"  autosave / floor: {ratio:.1%} of the requests/s, {cpu_ratio:.1%} by server CPU "
        f"per request (gunicorn + PostgreSQL backends); saves answered 200: {answered_ok}, "
        f"audit records written: {result['recorded']}"
    )
    targets = [
        ("autosave >= 10% of the floor", ratio >= 0.10),
        ("autosave >= 300 req/s", autosave["rps"] >= 300),
        (f"autosave p95 < 50 ms at {args.connections} connections", autosave["p95_us"] < 50_000),
        (
            "no errors",
            autosave["errors"] == 0 and floor["errors"] == 0 and result["tracebacks"] == 0,
        ),
        ("every save answered 200 is in the audit trail", result["recorded"] >= answered_ok),
    ]
    lines += [f"  target {name}: {'met' if ok else 'NOT met'}" for name, ok in targets]
    return lines


def markdown(results: list[dict]) -> list[str]:
    lines = [
        "| gunicorn | path | req/s | p50 ms | p95 ms | p99 ms | errors | autosave / floor |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        ratio = result["autosave"]["rps"] / result["floor"]["rps"]
        for name in ("floor", "autosave"):
            r = result[name]
            label = "/healthz/" if name == "floor" else "autosave"
            share = f"{ratio:.1%}" if name == "autosave" else ""
            lines.append(markdown_row(result["config"], label, r, share))
    return lines


def load_arguments(parser, *, port: int) -> None:
    """The options every wrk bench takes (this one and ``bench/api.py``)."""
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--threads", type=int, help="wrk threads (default: one per connection, up to 32)"
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--config",
        action="append",
        help="gunicorn workers: sync:W or gthread:WxT (repeat to compare; default sync:3)",
    )
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--markdown", action="store_true")


def loaded_arguments(parser):
    args = parser.parse_args()
    args.configs = args.config or ["sync:3"]
    args.threads = args.threads or min(args.connections, 32)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return args


def result_line(name: str, r: dict) -> str:
    """One measured path of a run, for the terminal."""
    return (
        f"  {name:18s} {r['rps']:8.1f} req/s  p50 {ms(r['p50_us']):>6} ms  "
        f"p95 {ms(r['p95_us']):>6} ms  p99 {ms(r['p99_us']):>6} ms  "
        f"errors {r['errors']} of {r['requests']}  server CPU {r['cpu_ms']:.2f} ms/request "
        f"({r['python_ms']:.2f} gunicorn + {r['database_ms']:.2f} PostgreSQL)"
    )


def markdown_row(config: str, label: str, r: dict, share: str) -> str:
    """One measured path of a run, as a row of the tables in docs/benchmarks.md."""
    return (
        f"| {config} | {label} | {r['rps']:.0f} | {ms(r['p50_us'])} | {ms(r['p95_us'])} | "
        f"{ms(r['p99_us'])} | {r['errors']} | {share} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    load_arguments(parser, port=8731)
    switches = {
        "redis": "no shared cache: sessions and the user read from the database",
        "prepared": "DATABASE_PREPARED_STATEMENTS off: PostgreSQL plans every query again",
    }
    for name, meaning in switches.items():
        parser.add_argument(f"--no-{name}", dest=name, action="store_false", help=meaning)
    parser.add_argument("--database-url", help="a scratch PostgreSQL database on 127.0.0.1")
    parser.add_argument(
        "--app", default="config.wsgi:application", help="the WSGI app (e.g. a profiling wrapper)"
    )
    args = loaded_arguments(parser)
    if args.redis and importlib.util.find_spec("redis") is None:
        raise SystemExit("the redis package is missing: make install (or --no-redis)")
    if args.database_url:
        if urlsplit(args.database_url).hostname not in (HOST, "localhost"):
            raise SystemExit("loopback only: the database must be on 127.0.0.1")
        database_url = args.database_url
    else:
        database_url = recreate_database(DEFAULT_DATABASE)
    env = server_env(database_url, args.redis_url if args.redis else "", args.prepared)
    engineers, codes = prepare(env, args.connections)

    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.write(",".join(codes) + "\n")
        for e in engineers:
            handle.write(f"{e.assessment_id}\t{e.session}\t{e.csrf_cookie}\t{e.csrf_token}\n")
        engineers_file = handle.name
    try:
        print(f"SkillGap autosave capacity benchmark, {datetime.now():%Y-%m-%d %H:%M}")
        print(f"machine: {machine()} before the run; {platform.system()} {platform.release()}")
        print(f"reference: a 500 000-step Python loop takes {reference_ms():.0f} ms of CPU here")
        print(
            f"wrk {args.threads} threads, {args.connections} connections (one engineer each), "
            f"{args.duration:g} s per run after {args.warmup:g} s of warm-up; PostgreSQL, "
            f"{'sessions and user through Redis' if args.redis else 'sessions and user from the database'}, "
            f"prepared statements {'on' if args.prepared else 'off'}"
        )
        for config in args.configs:
            result = run_config(config, args, env, engineers, codes, engineers_file)
            results.append(result)
            print("\n".join(describe(result, args)), flush=True)
        if args.markdown:
            print()
            print("\n".join(markdown(results)))
    finally:
        os.unlink(engineers_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
