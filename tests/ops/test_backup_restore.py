"""The backup and restore of docs/deploy.md, run for real: pg_dump of the
test database, pg_restore into a fresh database, and every assessment, rating
and goal found there as it was."""

import shutil
import subprocess
import uuid

import pytest
from django.db import connection

from assessments import services
from assessments.models import Assessment, Goal, Rating
from tests.factories import UserFactory, draft, submitted
from tests.postgres import postgres_only

pytestmark = [
    *postgres_only("backup and restore are PostgreSQL's"),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def libpq_args(settings_dict, dbname):
    args = ["--host", settings_dict["HOST"] or "127.0.0.1", "--dbname", dbname]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    return args


def rows(cursor, sql):
    cursor.execute(sql)
    return sorted(cursor.fetchall())


def test_a_dump_restored_into_a_fresh_database_has_every_assessment_rating_and_goal(
    framework, tmp_path
):
    import psycopg

    engineer = UserFactory(username="backup-engineer")
    other = UserFactory(username="backup-other")
    done = submitted(engineer, level=2)
    services.goal_save(
        user=engineer,
        assessment=done,
        competency_code=Rating.objects.filter(assessment=done).first().competency.code,
        text="Ship the evaluation harness",
        due_date=None,
        status="in_progress",
    )
    draft(other)

    db = connection.settings_dict
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    dump = tmp_path / "skillgap.dump"
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump),
            *libpq_args(db, db["NAME"]),
        ],
        check=True,
        env={**env, "PATH": "/usr/bin:/bin"},
    )
    fresh = f"skillgap_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER"),
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *libpq_args(db, fresh), str(dump)],
            check=True,
            env={**env, "PATH": "/usr/bin:/bin"},
        )
        tables = {
            "assessments": (Assessment._meta.db_table, "id, engineer_id, status, submitted_at"),
            "ratings": (
                Rating._meta.db_table,
                "id, assessment_id, competency_id, level, evidence, target, weight",
            ),
            "goals": (Goal._meta.db_table, "id, assessment_id, competency_id, text, status"),
        }
        with (
            connection.cursor() as live,
            psycopg.connect(
                host=db["HOST"] or "127.0.0.1",
                port=db.get("PORT") or 5432,
                user=db.get("USER"),
                password=db.get("PASSWORD") or None,
                dbname=fresh,
            ) as restored_db,
        ):
            restored = restored_db.cursor()
            for what, (table, columns) in tables.items():
                sql = f'SELECT {columns} FROM "{table}"'  # noqa: S608 (our table names)
                before = rows(live, sql)
                after = rows(restored, sql)
                assert before, what
                assert after == before, what
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
