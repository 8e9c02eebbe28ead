"""What every script in bench/ shares: the machine it runs on, a reference of
how fast that machine runs Python right now, and Django set up for a scratch
database. The scripts run as ``.venv/bin/python bench/<name>.py``, so this
folder is on their path."""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    """``2 CPUs (AMD EPYC), load average 0.8``."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs ({model}), load average {load:.1f}"


def reference_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop (best of 5): how fast this
    machine runs Python right now, to set the figures beside another run's."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        total = 0
        for i in range(500_000):
            total += i
        best = min(best, time.process_time() - start)
    return best * 1000


def setup_django(database_url: str, **environ: str) -> None:
    """Django on ``database_url``, DEBUG off, as the test client's host, with
    ``environ`` set on top (settings read from the environment)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # The benches sign their users in with force_login: they measure the pages,
    # not the second-factor step, which a manager must otherwise pass first.
    os.environ.setdefault("MFA_REQUIRED", "0")
    os.environ.update(environ)
    # WhiteNoise warns that STATIC_ROOT is not collected; no static file is served here.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def scratch_database_url(folder: str) -> str:
    """``BENCH_DATABASE_URL`` (a database you can throw away), else a new SQLite
    file in ``folder``."""
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


def framework_database(folder: str, **environ: str) -> None:
    """Django on a scratch database (``scratch_database_url(folder)``), migrated,
    with the default framework loaded; ``environ`` as for ``setup_django``."""
    setup_django(scratch_database_url(folder), **environ)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)


def timed_once(work, before=None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``work()``; ``before`` runs first, untimed."""
    if before:
        before()
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(client, path: str, runs: int, before=None) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds, queries of one request, and bytes;
    ``before`` runs (untimed) before every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up
    assert response.status_code == 200, (path, response.status_code)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = timed_once(lambda: client.get(path), before)
        walls.append(wall)
        cpus.append(cpu)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    size = len(response.content) if not response.streaming else 0
    return statistics.median(walls), statistics.median(cpus), len(queries), size
