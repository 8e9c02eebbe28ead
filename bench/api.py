"""API report reads: wrk against gunicorn on PostgreSQL, beside the /healthz/ floor.

    .venv/bin/python bench/api.py [--connections 32] [--duration 20]
        [--config sync:3 --config gthread:2x4 ...] [--markdown]

The same set-up as ``bench/autosave_capacity.py`` (its functions are used
here): a scratch PostgreSQL database ``skillgap_bench_api`` (recreated on
every run), gunicorn on 127.0.0.1 with the production settings (prepared
statements on, as there), the cache on
Redis at 127.0.0.1:6379/9, wrk (``apt-get install -y wrk``). Loopback only.

1. Migrates, loads the framework and builds a team (``demo.builders.bulk_team``)
   of ``--connections`` members plus a few; each member with a submitted
   assessment gets a personal read-only token (``api.tokens.token_create``).
2. Checks one report by hand (200 and the JSON of ``/report.json``), warms up,
   then runs wrk (``bench/api.lua``) for ``--duration`` seconds against
   ``/healthz/`` (the floor) and against ``GET /api/v1/assessments/<id>/report``,
   each connection one member reading their own report with their token.
3. Prints requests/s, latency, errors, the server CPU per request and the
   target: the report reaches at least 30 % of the floor's requests/s.

The per-token rate limit stays on (every request counts in Redis, as in
production) with a limit no run can reach (``API_REQUESTS_PER_MINUTE``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import urllib.request
from datetime import datetime
from pathlib import Path

from autosave_capacity import (
    HOST,
    load_arguments,
    loaded_arguments,
    markdown_row,
    recreate_database,
    result_line,
    served,
    server_env,
    server_pids,
    wrk,
)
from common import ROOT, machine, reference_ms

LUA = ROOT / "bench" / "api.lua"
DEFAULT_DATABASE = "skillgap_bench_api"
TARGET = 0.30


def prepare(env: dict, count: int) -> list[tuple[int, str]]:
    """Schema, framework, a team, and (assessment id, token) of ``count`` readers."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    from accounts.models import User
    from api.tokens import token_create
    from assessments.models import Assessment
    from demo.builders import bulk_team

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    manager = User.objects.create_user(username="bench-manager", password=None)
    # Every tenth member has no assessment: build enough for ``count`` readers.
    team = bulk_team(manager, count + count // 8 + 2, name="Bench", prefix="bench")
    submitted = (
        Assessment.objects.filter(engineer__in=team.members.all())
        .exclude(status=Assessment.Status.DRAFT)
        .order_by("engineer_id", "-submitted_at")
        .distinct("engineer_id")
        .values_list("pk", "engineer_id")
    )
    readers = []
    for assessment_id, engineer_id in list(submitted)[:count]:
        user = User.objects.get(pk=engineer_id)
        issued = token_create(user=user, name="bench", days=1)
        readers.append((assessment_id, issued.secret))
    connections.close_all()
    if len(readers) < count:
        raise SystemExit(f"only {len(readers)} members with a submitted assessment")
    return readers


def check_one_report(port: int, assessment_id: int, token: str) -> int:
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/v1/assessments/{assessment_id}/report",
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - http://127.0.0.1
        status, body = answer.status, answer.read()
    document = json.loads(body)
    if status != 200 or "areas" not in document:
        raise SystemExit(f"the check report answered {status}: {body[:400]!r}")
    return len(body)


def run_config(config, args, env, readers, readers_file) -> dict:
    port = args.port
    with served(env, args, config, "config.wsgi:application") as (server, outcome):
        outcome["bytes"] = check_one_report(port, *readers[0])
        for mode in ("floor", "report"):
            wrk(port, mode, args, readers_file, args.warmup, script=LUA)
        pids = server_pids(server)
        for mode in ("floor", "me", "report"):
            outcome[mode] = wrk(port, mode, args, readers_file, args.duration, pids, script=LUA)
    return outcome


def describe(result: dict) -> list[str]:
    floor, report = result["floor"], result["report"]
    ratio = report["rps"] / floor["rps"]
    lines = [f"gunicorn {result['config']} (a report is {result['bytes'] / 1024:.1f} KiB)"]
    named = (("/healthz/ (floor)", floor), ("API /me", result["me"]), ("API report", report))
    lines += [result_line(name, r) for name, r in named]
    lines.append(
        f"  report / floor: {ratio:.1%} of the requests/s "
        f"(/me, the token and the API's own cost alone: {result['me']['rps'] / floor['rps']:.1%})"
    )
    errors = report["errors"] + floor["errors"] + result["me"]["errors"] + result["tracebacks"]
    for name, ok in (
        (f"report >= {TARGET:.0%} of the floor", ratio >= TARGET),
        ("no errors", not errors),
    ):
        lines.append(f"  target {name}: {'met' if ok else 'NOT met'}")
    return lines


def markdown(results: list[dict]) -> list[str]:
    lines = [
        "| gunicorn | path | req/s | p50 ms | p95 ms | p99 ms | errors | of the floor |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for name, label in (("floor", "/healthz/"), ("me", "API /me"), ("report", "API report")):
            r = result[name]
            share = f"{r['rps'] / result['floor']['rps']:.1%}" if name != "floor" else ""
            lines.append(markdown_row(result["config"], label, r, share))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    load_arguments(parser, port=8732)
    args = loaded_arguments(parser)
    env = server_env(recreate_database(DEFAULT_DATABASE), args.redis_url, prepared=True)
    env["API_REQUESTS_PER_MINUTE"] = str(10**9)
    readers = prepare(env, args.connections)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.writelines(f"{a}\t{t}\n" for a, t in readers)
        readers_file = handle.name
    results = []
    try:
        print(f"SkillGap API benchmark, {datetime.now():%Y-%m-%d %H:%M}")
        print(f"machine: {machine()} before the run; {platform.system()} {platform.release()}")
        print(f"reference: a 500 000-step Python loop takes {reference_ms():.0f} ms of CPU here")
        print(
            f"wrk {args.threads} threads, {args.connections} connections (one reader each), "
            f"{args.duration:g} s per run after {args.warmup:g} s of warm-up; PostgreSQL, Redis"
        )
        for config in args.configs:
            result = run_config(config, args, env, readers, readers_file)
            results.append(result)
            print("\n".join(describe(result)), flush=True)
        if args.markdown:
            print()
            print("\n".join(markdown(results)))
    finally:
        Path(readers_file).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
