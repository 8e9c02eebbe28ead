"""Import and export of the whole framework (SPEC §13): one document format
(YAML, JSON, XLSX), validated against the published schema; export then import
changes nothing; a bad document is refused with the row and field named and
nothing changed; competencies in use are deactivated, never deleted."""

import copy
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.core.management import CommandError, call_command

from roles import document, importing, models
from tests.factories import submitted

pytestmark = pytest.mark.django_db


def export(fmt="json") -> bytes:
    return document.dump(importing.export_document(), fmt)


def snapshot():
    return export("json")


def import_file(tmp_path: Path, data: bytes, name="framework.yaml", *args):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_framework", str(path), *args, stdout=out)
    return out.getvalue()


def refused(tmp_path, data: bytes, name="framework.yaml") -> str:
    before = snapshot()
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data, name)
    assert snapshot() == before, "a refused import changed the framework"
    assert not models.FrameworkImport.objects.exists()
    return str(error.value)


def as_yaml(doc) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


@pytest.fixture
def doc():
    return importing.export_document()


@pytest.mark.parametrize("fmt", document.FORMATS)
def test_export_then_import_changes_nothing_and_exports_the_same(tmp_path, fmt):
    data = export(fmt)
    out = import_file(tmp_path, data, f"framework.{fmt}")
    assert "create 0, change 0, deactivate 0, delete 0" in out
    assert document.read(export(fmt), fmt) == document.read(data, fmt)


def test_the_shipped_document_round_trips_byte_for_byte():
    shipped = Path("fixtures/framework.yaml").read_bytes()
    assert export("yaml") == shipped


def test_the_export_validates_against_the_published_schema():
    import jsonschema

    schema = json.loads(Path("fixtures/framework.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(export("json")), schema)


def test_the_spreadsheet_has_one_sheet_per_table():
    book = openpyxl.load_workbook(io.BytesIO(export("xlsx")))
    assert book.sheetnames == [t.name for t in document.TABLES]
    assert [c.value for c in book["targets"][1]] == ["profile", "competency", "target", "weight"]


def test_a_dry_run_lists_what_would_change_and_saves_nothing(tmp_path, doc):
    doc["competencies"][0]["name_en"] = "Python 3"
    doc["areas"].append(
        {
            "code": "research",
            "kind": "skill",
            "name_en": "Research",
            "name_ind": "Riset",
            "description_en": "",
            "description_ind": "",
        }
    )
    before = snapshot()
    out = import_file(tmp_path, as_yaml(doc), "framework.yaml", "--dry-run")
    assert "create     areas research" in out
    assert "change     competencies programming.python (name_en)" in out
    assert "Would create 1, change 1, deactivate 0, delete 0." in out
    assert snapshot() == before
    assert not models.FrameworkImport.objects.exists()


def test_an_import_applies_everything_and_records_who_imported_what(tmp_path, doc, staff):
    doc["competencies"][0]["name_ind"] = "Python (baru)"
    doc["targets"] = [t for t in doc["targets"] if t["competency"] != "database.nosql"]
    doc["actions"] = [a for a in doc["actions"] if a["competency"] != "database.nosql"]
    doc["competencies"] = [c for c in doc["competencies"] if c["code"] != "database.nosql"]
    for duty in doc["duties"]:
        duty["competencies"] = [c for c in duty["competencies"] if c != "database.nosql"]
    import_file(tmp_path, as_yaml(doc), "framework.yaml", "--user", "staff")
    assert models.Competency.objects.get(code="programming.python").name_ind == "Python (baru)"
    assert not models.Competency.objects.filter(code="database.nosql").exists()
    record = models.FrameworkImport.objects.get()
    # Changed: Python's name, the two competencies after NoSQL (their order)
    # and the duty that listed it; deleted: NoSQL, its actions and targets.
    assert (record.user, record.changed, record.deleted) == (staff, 4, 1 + 2 + 4)
    assert record.sha256 and record.source.endswith("framework.yaml")
    history = models.Competency.history.filter(code="programming.python").first()
    assert history.history_user == staff


def test_a_competency_in_use_is_deactivated_not_deleted(tmp_path, doc, engineer):
    report = submitted(engineer)
    doc["targets"] = [t for t in doc["targets"] if t["competency"] != "database.nosql"]
    doc["actions"] = [a for a in doc["actions"] if a["competency"] != "database.nosql"]
    doc["competencies"] = [c for c in doc["competencies"] if c["code"] != "database.nosql"]
    for duty in doc["duties"]:
        duty["competencies"] = [c for c in duty["competencies"] if c != "database.nosql"]
    out = import_file(tmp_path, as_yaml(doc))
    assert "deactivate competencies database.nosql" in out
    nosql = models.Competency.objects.get(code="database.nosql")
    assert nosql.is_active is False
    assert not nosql.targets.exists()
    assert report.ratings.filter(competency=nosql).exists()
    # The export says so, and importing it again changes nothing.
    exported = importing.export_document()
    assert {c["code"]: c["is_active"] for c in exported["competencies"]}["database.nosql"] is False
    assert "create 0, change 0, deactivate 0, delete 0" in import_file(tmp_path, as_yaml(exported))


def test_a_failure_halfway_leaves_everything_as_it_was(tmp_path, doc, monkeypatch):
    doc["competencies"][0]["name_en"] = "Python 3"
    doc["competencies"][1]["name_en"] = "JavaScript 2"
    before = snapshot()
    calls = []
    real = importing._Writer.write

    def failing(self, table, key, values):
        calls.append(key)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(self, table, key, values)

    monkeypatch.setattr(importing._Writer, "write", failing)
    with pytest.raises(RuntimeError):
        importing.apply_import(doc, source="x", sha256="0")
    assert snapshot() == before


# Bad input: each refused with the table, row and field named, nothing changed.


def test_a_duplicate_code_is_refused(tmp_path, doc):
    doc["competencies"].append(copy.deepcopy(doc["competencies"][0]))
    row = len(doc["competencies"])
    message = refused(tmp_path, as_yaml(doc))
    assert (
        f"competencies row {row}, field code: programming.python appears twice (first in row 1)"
        in message
    )


@pytest.mark.parametrize("level", [-1, 5])
def test_a_level_outside_the_scale_is_refused(tmp_path, doc, level):
    doc["targets"][3]["target"] = level
    message = refused(tmp_path, as_yaml(doc))
    assert "targets row 4, field target:" in message


@pytest.mark.parametrize("weight", [0, 4])
def test_a_weight_outside_one_to_three_is_refused(tmp_path, doc, weight):
    doc["targets"][7]["weight"] = weight
    assert "targets row 8, field weight:" in refused(tmp_path, as_yaml(doc))


def test_a_missing_translation_is_refused(tmp_path, doc):
    doc["competencies"][2]["level_3_ind"] = ""
    doc["areas"][1]["name_en"] = "  "
    message = refused(tmp_path, as_yaml(doc))
    assert "competencies row 3, field level_3_ind: The translation is missing." in message
    assert "areas row 2, field name_en: The text is missing." in message


def test_a_missing_field_is_refused(tmp_path, doc):
    del doc["actions"][4]["text_ind"]
    assert "actions row 5, field text_ind: This field is missing." in refused(
        tmp_path, as_yaml(doc)
    )


def test_a_profile_targeting_an_unknown_competency_is_refused(tmp_path, doc):
    doc["targets"][10]["competency"] = "programming.cobol"
    message = refused(tmp_path, as_yaml(doc))
    assert (
        "targets row 11, field competency: Unknown code programming.cobol (not in competencies)."
        in message
    )


def test_a_duty_linked_to_an_unknown_competency_is_refused(tmp_path, doc):
    doc["duties"][0]["competencies"].append("ai-ml.telepathy")
    assert "duties row 1, field competencies: Unknown code ai-ml.telepathy" in refused(
        tmp_path, as_yaml(doc)
    )


@pytest.mark.parametrize(
    "text, what",
    [
        ("!!python/object/apply:os.system ['true']\n", "YAML tags are not allowed"),
        ("format: !custom skillgap-framework\n", "YAML tags are not allowed"),
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases are not allowed"),
        ("a: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "document: []"),
    ],
)
def test_hostile_or_malformed_yaml_is_refused(tmp_path, text, what):
    message = refused(tmp_path, text.encode())
    assert what.split(":")[0] in message


def test_a_billion_laughs_yaml_is_refused_before_expanding(tmp_path):
    lines = ['a0: &a0 ["lol"]'] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
    ]
    assert "anchors and aliases are not allowed" in refused(tmp_path, "\n".join(lines).encode())


def test_a_huge_file_is_refused(tmp_path):
    data = b"# " + b"x" * document.MAX_BYTES + b"\n"
    assert "larger than 5 MB" in refused(tmp_path, data)


def test_malformed_json_is_refused(tmp_path):
    assert "not valid JSON" in refused(tmp_path, b'{"format": ', "framework.json")
    assert "not valid JSON" in refused(tmp_path, b"[" * 100000, "framework.json")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    assert "not UTF-8" in refused(tmp_path, "name: caf\xe9".encode("latin-1"))


def test_a_formula_in_a_spreadsheet_cell_is_refused(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(export("xlsx")))
    book["targets"]["C5"] = "=1+2"
    out = io.BytesIO()
    book.save(out)
    message = refused(tmp_path, out.getvalue(), "framework.xlsx")
    assert "targets row 4, field target: Cell C5 holds a formula" in message


def test_text_that_starts_with_equals_stays_text_through_a_spreadsheet(tmp_path, doc):
    doc["competencies"][0]["description_en"] = "=SUM(A1) is how a spreadsheet formula looks."
    doc["competencies"][0]["description_ind"] = "=SUM(A1) adalah bentuk rumus spreadsheet."
    data = document.dump(doc, "xlsx")
    assert document.read(data, "xlsx")["competencies"][0]["description_en"].startswith("=SUM")


def test_a_zip_bomb_spreadsheet_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (document.MAX_XLSX_EXPANDED + 1))
    assert "expands to more than" in refused(tmp_path, out.getvalue(), "framework.xlsx")


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    assert "not an .xlsx spreadsheet" in refused(tmp_path, b"PK not really", "framework.xlsx")


def test_an_unknown_extension_is_refused(tmp_path):
    assert "Choose a .yaml, .json or .xlsx file." in refused(tmp_path, b"x", "framework.csv")


def test_the_scale_must_have_each_level_once(tmp_path, doc):
    doc["scale"] = doc["scale"][:4]
    assert re.search(
        r"scale, field level: The scale needs levels 0 to 4", refused(tmp_path, as_yaml(doc))
    )
