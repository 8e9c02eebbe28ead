"""The framework document: the whole framework in both languages, keyed by
codes, as YAML, JSON or a spreadsheet (one sheet per table).

A document is a mapping of tables, each a list of rows (flat mappings):

    format: skillgap-framework
    version: 1
    scale:         level, name_en, name_ind, descriptor_en, descriptor_ind
    areas:         code, kind, name_*, description_*
    competencies:  code, area, is_active, name_*, description_*, level_1_* … level_4_*
    actions:       competency, kind, text_*, link_url, link_title_*
    primary_roles: code, name_*, description_*
    duties:        code, primary_role, name_*, description_*, competencies (list of codes)
    profiles:      code, is_active, name_*, description_*
    targets:       profile, competency, target, weight

``_en`` is English, ``_ind`` Bahasa Indonesia (the columns' names in the
database). The order of the rows is the framework's order. The published
schema is ``fixtures/framework.schema.json``; :func:`validate` checks it with
``jsonschema`` and then what a schema cannot say (duplicate codes, unknown
references, a translation missing), naming the table, row and field.

Reading refuses hostile input before parsing it: files over
:data:`MAX_BYTES`, YAML tags and aliases, formulas in spreadsheet cells.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache

import jsonschema
import yaml
from django.conf import settings
from django.utils.translation import gettext as _

FORMAT = "skillgap-framework"
VERSION = 1
FORMATS = ("yaml", "json", "xlsx")
MAX_BYTES = 5 * 1024 * 1024
# A spreadsheet is a zip: what it may expand to (a zip bomb is refused).
MAX_XLSX_EXPANDED = 50 * 1024 * 1024
SCHEMA_FILE = settings.BASE_DIR / "fixtures" / "framework.schema.json"
LANGS = ("en", "ind")


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    # Translated texts that both languages must have, and those that may be
    # empty but then in both languages.
    required_text: tuple[str, ...] = ()
    optional_text: tuple[str, ...] = ()
    # The column holding the parent whose rows the order counts within.
    order_within: str | None = None
    ordered: bool = True


def _t(*names: str) -> tuple[str, ...]:
    return tuple(f"{n}_{lang}" for n in names for lang in LANGS)


LEVEL_TEXTS = ("level_1", "level_2", "level_3", "level_4")

TABLES = (
    Table(
        "scale",
        ("level",),
        ("level", *_t("name", "descriptor")),
        required_text=("name", "descriptor"),
        ordered=False,
    ),
    Table(
        "areas",
        ("code",),
        ("code", "kind", *_t("name", "description")),
        required_text=("name",),
        optional_text=("description",),
    ),
    Table(
        "competencies",
        ("code",),
        ("code", "area", "is_active", *_t("name", "description", *LEVEL_TEXTS)),
        required_text=("name",),
        optional_text=("description", *LEVEL_TEXTS),
        order_within="area",
    ),
    Table(
        "actions",
        ("competency", "#"),
        ("competency", "kind", *_t("text"), "link_url", *_t("link_title")),
        required_text=("text",),
        optional_text=("link_title",),
        order_within="competency",
    ),
    Table(
        "primary_roles",
        ("code",),
        ("code", *_t("name", "description")),
        required_text=("name",),
        optional_text=("description",),
    ),
    Table(
        "duties",
        ("code",),
        ("code", "primary_role", *_t("name", "description"), "competencies"),
        required_text=("name",),
        optional_text=("description",),
        order_within="primary_role",
    ),
    Table(
        "profiles",
        ("code",),
        ("code", "is_active", *_t("name", "description")),
        required_text=("name", "description"),
    ),
    Table(
        "targets",
        ("profile", "competency"),
        ("profile", "competency", "target", "weight"),
        ordered=False,
    ),
)
TABLE = {t.name: t for t in TABLES}
# Which table each reference column points into.
REFERENCES = {
    ("competencies", "area"): "areas",
    ("actions", "competency"): "competencies",
    ("duties", "primary_role"): "primary_roles",
    ("duties", "competencies"): "competencies",
    ("targets", "profile"): "profiles",
    ("targets", "competency"): "competencies",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (table, 1-based row, field) and what."""

    table: str
    row: int | None
    field: str | None
    message: str

    def __str__(self):
        where = self.table
        if self.row is not None:
            where = _("%(table)s row %(row)s") % {"table": self.table, "row": self.row}
        if self.field:
            where = _("%(where)s, field %(field)s") % {"where": where, "field": self.field}
        return f"{where}: {self.message}"


class DocumentError(Exception):
    """The document is refused; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def refuse(message: str, table: str = "", row=None, field=None):
    raise DocumentError([Problem(table or _("file"), row, field, message)])


# Reading --------------------------------------------------------------------


def read(data: bytes, fmt: str) -> dict:
    """The document in ``data`` (``fmt``: yaml, json or xlsx), validated."""
    if len(data) > MAX_BYTES:
        refuse(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if fmt == "xlsx":
        document = _read_xlsx(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            refuse(_("The file is not UTF-8 text."))
        document = _read_yaml(text) if fmt == "yaml" else _read_json(text)
    validate(document)
    return document


def format_of(filename: str) -> str:
    """The format a file name says (``.yaml``/``.yml``, ``.json``, ``.xlsx``)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    fmt = {"yml": "yaml", "yaml": "yaml", "json": "json", "xlsx": "xlsx"}.get(suffix)
    if fmt is None:
        refuse(_("Choose a .yaml, .json or .xlsx file."))
    return fmt


def _read_json(text: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        refuse(_("The file is not valid JSON: %(error)s") % {"error": str(error)[:200]})


def _read_yaml(text: str):
    # Plain YAML only: a tag (!!python/object, !include …) or an alias (the
    # "billion laughs" expansion) is refused before anything is built.
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                refuse(
                    _("Line %(line)s: YAML anchors and aliases are not allowed.") % {"line": line}
                )
            if getattr(event, "tag", None) is not None and not isinstance(
                event, yaml.DocumentStartEvent
            ):
                line = event.start_mark.line + 1
                refuse(_("Line %(line)s: YAML tags are not allowed.") % {"line": line})
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        refuse(_("The file is not valid YAML: %(error)s") % {"error": str(error)[:200]})
    except RecursionError:
        refuse(_("The file is nested too deeply."))


def _read_xlsx(data: bytes) -> dict:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_EXPANDED:
                refuse(_("The spreadsheet expands to more than %(mb)s MB.") % {"mb": 50})
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except DocumentError:
        raise
    except Exception:
        refuse(_("The file is not an .xlsx spreadsheet."))
    document: dict = {"format": FORMAT, "version": VERSION}
    for table in TABLES:
        if table.name not in book.sheetnames:
            refuse(_("The sheet is missing."), table=table.name)
        rows = book[table.name].iter_rows()
        header = [str(c.value).strip() if c.value is not None else "" for c in next(rows, [])]
        out = []
        for number, cells in enumerate(rows, start=1):
            row = {}
            for name, cell in zip(header, cells, strict=False):
                if not name:
                    continue
                if cell.data_type == "f":
                    refuse(
                        _("Cell %(cell)s holds a formula; only values can be imported.")
                        % {"cell": cell.coordinate},
                        table=table.name,
                        row=number,
                        field=name,
                    )
                row[name] = _cell_value(table.name, name, cell.value)
            if any(v not in ("", None, []) for v in row.values()):
                out.append(row)
        document[table.name] = out
    return document


def _cell_value(table: str, column: str, value):
    """A spreadsheet cell as the document has it."""
    kind = _column_type(table, column)
    if value is None:
        return [] if kind == "array" else ("" if kind == "string" else None)
    if kind == "array":
        return [part.strip() for part in str(value).split(",") if part.strip()]
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        return {"true": True, "1": True, "false": False, "0": False}.get(
            str(value).strip().lower(), value
        )
    if kind == "integer":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        return value
    return str(value) if not isinstance(value, str) else value


# Validating ----------------------------------------------------------------


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _column_type(table: str, column: str) -> str:
    spec = schema()["properties"][table]["items"]["properties"].get(column, {})
    kind = spec.get("type", "string")
    return kind[0] if isinstance(kind, list) else kind


def validate(document) -> None:
    """Refuse ``document`` with every problem found (the schema's first)."""
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        _schema_problem(error)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))[:20]
    ]
    if problems:
        raise DocumentError(problems)
    problems = _semantic_problems(document)
    if problems:
        raise DocumentError(problems)


def _schema_problem(error) -> Problem:
    path = list(error.path)
    table = str(path[0]) if path else _("document")
    row = path[1] + 1 if len(path) > 1 and isinstance(path[1], int) else None
    field = str(path[2]) if len(path) > 2 else None
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [m for m in error.validator_value if m not in error.instance]
        field = missing[0] if missing else field
        return Problem(table, row, field, _("This field is missing."))
    if error.validator == "additionalProperties":
        return Problem(table, row, field, _("Unknown field: %(msg)s") % {"msg": error.message})
    return Problem(table, row, field, error.message[:300])


def _semantic_problems(document: dict) -> list[Problem]:
    problems: list[Problem] = []
    keys: dict[str, set] = {}
    for table in TABLES:
        seen: dict = {}
        for number, row in enumerate(document[table.name], start=1):
            key = tuple(row[k] for k in table.key if k != "#")
            if table.key != ("competency", "#"):
                if key in seen:
                    problems.append(
                        Problem(
                            table.name,
                            number,
                            table.key[-1],
                            _("%(key)s appears twice (first in row %(first)s).")
                            % {"key": "/".join(map(str, key)), "first": seen[key]},
                        )
                    )
                seen.setdefault(key, number)
            for name in table.required_text:
                for lang in LANGS:
                    if not str(row[f"{name}_{lang}"]).strip():
                        problems.append(
                            Problem(table.name, number, f"{name}_{lang}", _("The text is missing."))
                        )
            for name in table.optional_text:
                filled = [bool(str(row[f"{name}_{lang}"]).strip()) for lang in LANGS]
                if any(filled) and not all(filled):
                    missing = LANGS[filled.index(False)]
                    problems.append(
                        Problem(
                            table.name,
                            number,
                            f"{name}_{missing}",
                            _("The translation is missing."),
                        )
                    )
        keys[table.name] = {k[0] for k in seen} if len(table.key) == 1 else set()
    for (table_name, column), target in REFERENCES.items():
        for number, row in enumerate(document[table_name], start=1):
            values = row[column] if isinstance(row[column], list) else [row[column]]
            for value in values:
                if value not in keys[target]:
                    problems.append(
                        Problem(
                            table_name,
                            number,
                            column,
                            _("Unknown code %(code)s (not in %(table)s).")
                            % {"code": value, "table": target},
                        )
                    )
    levels = sorted(row["level"] for row in document["scale"])
    if levels != list(range(5)):
        problems.append(
            Problem("scale", None, "level", _("The scale needs levels 0 to 4, once each."))
        )
    for number, row in enumerate(document["actions"], start=1):
        if bool(row["link_url"]) != bool(row["link_title_en"]):
            problems.append(
                Problem(
                    "actions",
                    number,
                    "link_title_en",
                    _("A learning link needs a URL and a title."),
                )
            )
    return problems[:50]


# Writing -------------------------------------------------------------------


def dump(document: dict, fmt: str) -> bytes:
    """``document`` as ``fmt`` bytes (stable: the same document, the same bytes)."""
    if fmt == "json":
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "yaml":
        text = yaml.safe_dump(
            document, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
        )
        return text.encode()
    if fmt == "xlsx":
        return _dump_xlsx(document)
    raise ValueError(fmt)


def _dump_xlsx(document: dict) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.columns))
        for row in document[table.name]:
            values = [
                ", ".join(row[c]) if isinstance(row[c], list) else row[c] for c in table.columns
            ]
            sheet.append(values)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":
                    # Text that starts with "=" stays text, never a formula.
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
