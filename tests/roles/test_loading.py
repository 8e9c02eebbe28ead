"""Safe loading (SPEC §13): load_framework creates what is missing and never
overwrites what an administrator changed; --update applies the file's changes
to rows nobody edited and lists the rest as conflicts."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from roles import models
from roles.management.commands.load_framework import FRAMEWORK_FILE

pytestmark = pytest.mark.django_db


def load(*args, file=None):
    out = io.StringIO()
    extra = ["--file", str(file)] if file else []
    call_command("load_framework", *args, *extra, stdout=out, verbosity=1)
    return out.getvalue()


def shipped():
    return yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, document) -> Path:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_edit_in_the_admin_survives_loading_again_twice(client_for, staff):
    python = models.Competency.objects.get(code="programming.python")
    form = {
        "area": python.area_id,
        "code": python.code,
        "order": python.order,
        "is_active": "on",
        **{
            f"{f}_{lang}": getattr(python, f"{f}_{lang}") or ""
            for f in ("name", "description", "level_1", "level_2", "level_3", "level_4")
            for lang in ("en", "ind")
        },
        "name_en": "Python (our house style)",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    response = client_for(staff).post(f"/admin/roles/competency/{python.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "changed successfully" in client_for(staff).get(response["Location"]).content.decode()

    load()
    load()
    python.refresh_from_db()
    assert python.name_en == "Python (our house style)"


def test_loading_recreates_nothing_an_administrator_deleted():
    models.DevelopmentAction.objects.filter(competency__code="database.sql").delete()
    load()
    assert not models.DevelopmentAction.objects.filter(competency__code="database.sql").exists()


def test_loading_creates_what_is_missing():
    models.LoadedRow.objects.filter(table="profiles").delete()
    profile = models.RoleProfile.objects.get(code="regulated-industry")
    models.ProfileTarget.objects.filter(profile=profile).delete()
    models.LoadedRow.objects.filter(table="targets", key__startswith="regulated-industry/").delete()
    out = load()
    assert profile.targets.count() == models.Competency.objects.count()
    assert f"Created {models.Competency.objects.count()}," in out


def test_update_applies_the_files_changes_to_untouched_rows_and_lists_conflicts(tmp_path):
    sql = models.Competency.objects.get(code="database.sql")
    sql.name_ind = "SQL (diubah admin)"
    sql.save()
    document = shipped()
    for row in document["competencies"]:
        if row["code"] in ("database.sql", "database.nosql"):
            row["name_en"] += " (new wording)"
    path = write(tmp_path, document)

    plain = load(file=path)
    assert "1 rows changed in the file; run with --update" in plain
    assert models.Competency.objects.get(code="database.nosql").name_en == "NoSQL"

    out = load("--update", file=path)
    assert models.Competency.objects.get(code="database.nosql").name_en == "NoSQL (new wording)"
    sql.refresh_from_db()
    assert (sql.name_en, sql.name_ind) == ("SQL", "SQL (diubah admin)")
    assert "Conflicts (edited here, changed in the file; left as edited):" in out
    assert "competencies database.sql: name_en, name_ind" in out


def test_a_row_loaded_before_digests_were_kept_counts_as_untouched_while_its_history_says_so(
    tmp_path,
):
    models.LoadedRow.objects.all().delete()
    document = shipped()
    document["competencies"][0]["name_en"] = "Python 3"
    out = load("--update", file=write(tmp_path, document))
    assert models.Competency.objects.get(code="programming.python").name_en == "Python 3"
    assert "Conflicts" not in out


def test_loading_twice_records_nothing_new_in_the_audit_trail():
    load()
    before = models.Competency.history.count()
    load()
    assert models.Competency.history.count() == before
