"""Production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def run_manage(*args, **env_overrides):
    env = {**os.environ, **env_overrides}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-for-the-deployment-check-0123",
        ALLOWED_HOSTS="skillgap.example.com",
        DATABASE_URL="sqlite:////tmp/skillgap-check-deploy.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deployment-check-0123",
    "ALLOWED_HOSTS": "skillgap.example.com",
    "DATABASE_URL": "sqlite:////tmp/skillgap-check-deploy.sqlite3",
}
SHOW_SESSIONS = (
    "from django.conf import settings; from django.core.cache import cache; "
    "print(settings.SESSION_ENGINE, settings.AUTH_USER_CACHE_SECONDS); "
    "cache.set('deploy-check', 'kept', 5); print(cache.get('deploy-check'))"
)


def redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_production_without_a_shared_cache_reads_sessions_from_the_database():
    """Each gunicorn worker has its own local-memory cache: a session kept in one
    would outlive a sign-out handled by another."""
    result = run_manage("shell", "-v", "0", "-c", SHOW_SESSIONS, **PRODUCTION, REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.contrib.sessions.backends.db", "0", "kept"]


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_production_with_redis_shares_sessions_and_the_signed_in_user():
    result = run_manage(
        "shell", "-v", "0", "-c", SHOW_SESSIONS, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/15"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.contrib.sessions.backends.cached_db", "60", "kept"]
