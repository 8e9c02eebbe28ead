"""The framework in the database as document rows, and the three ways a
document reaches the database:

- :func:`export_document`: the framework as a document (``roles.document``);
- :func:`plan_import` / :func:`apply_import`: an administrator's import, which
  makes the framework what the document says: what is new is created, what
  differs is changed, what the document no longer lists is deleted, or
  deactivated when assessments use it (a competency, a role profile); all in
  one transaction, recorded in ``FrameworkImport``;
- :func:`load`: ``load_framework``'s safe loading of the shipped document,
  which creates what is missing and never overwrites a row edited since it
  was loaded (``LoadedRow`` keeps a digest of what it wrote); ``update=True``
  applies the file's changes to rows nobody edited and lists the others as
  conflicts.

Rows are compared as the document has them (codes, both languages, the
position as the order), so export then import changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db import models as db_models
from django.db import transaction

from . import models
from .document import FORMAT, TABLES, VERSION, validate

CREATE, CHANGE, DEACTIVATE, DELETE = "create", "change", "deactivate", "delete"
CHANGE_REASON_LOAD = "load_framework"
CHANGE_REASON_IMPORT = "import_framework"

MODEL = {
    "scale": models.ProficiencyLevel,
    "areas": models.CompetencyArea,
    "competencies": models.Competency,
    "actions": models.DevelopmentAction,
    "primary_roles": models.PrimaryRole,
    "duties": models.Duty,
    "profiles": models.RoleProfile,
    "targets": models.ProfileTarget,
}
# Reference columns: the model field they set and the table they point into.
FOREIGN = {
    "competencies": {"area": ("area", "areas")},
    "actions": {"competency": ("competency", "competencies")},
    "duties": {"primary_role": ("primary_role", "primary_roles")},
    "targets": {"profile": ("profile", "profiles"), "competency": ("competency", "competencies")},
}


@dataclass
class Row:
    instance: object
    values: dict


@dataclass(frozen=True)
class Change:
    table: str
    key: str
    action: str
    fields: tuple[str, ...] = ()


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in (CREATE, CHANGE, DEACTIVATE, DELETE)}

    def summary(self) -> list[dict]:
        return [
            {"table": c.table, "key": c.key, "action": c.action, "fields": list(c.fields)}
            for c in self.changes
        ]


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    # Rows whose file values differ from what is in the database, which was edited.
    conflicts: list[Change] = field(default_factory=list)
    # Rows the file changed that nobody edited, left as they are without --update.
    pending: list[str] = field(default_factory=list)
    # Rows someone deleted since they were loaded: not recreated.
    kept_deleted: list[str] = field(default_factory=list)


def key_text(key: tuple) -> str:
    return "/".join(str(part) for part in key)


def digest(values: dict) -> str:
    return hashlib.sha256(
        json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


# The database as document rows --------------------------------------------


def database_rows() -> dict[str, dict[str, Row]]:
    """Every framework row, in framework order, keyed as the document keys it."""
    areas = list(models.CompetencyArea.objects.all())
    area_code = {a.pk: a.code for a in areas}
    competencies = list(models.Competency.objects.select_related("area"))
    competency_code = {c.pk: c.code for c in competencies}
    roles = list(models.PrimaryRole.objects.all())
    role_code = {r.pk: r.code for r in roles}
    profiles = list(models.RoleProfile.objects.all())
    profile_code = {p.pk: p.code for p in profiles}
    duty_links: dict[int, list[str]] = {}
    through = models.Duty.competencies.through.objects.all()
    for duty_id, competency_id in through.values_list("duty_id", "competency_id"):
        duty_links.setdefault(duty_id, []).append(competency_id)
    order_of_competency = {c.pk: i for i, c in enumerate(competencies)}

    out: dict[str, dict[str, Row]] = {t.name: {} for t in TABLES}
    columns = {t.name: t.columns for t in TABLES}

    def plain(table, obj, **refs):
        values = {}
        for column in columns[table]:
            value = refs[column] if column in refs else getattr(obj, column)
            # An empty translation may be stored as NULL; the document says "".
            values[column] = "" if value is None else value
        return values

    for level in models.ProficiencyLevel.objects.all():
        out["scale"][str(level.level)] = Row(level, plain("scale", level))
    for position, area in enumerate(areas, start=1):
        out["areas"][area.code] = Row(area, {**plain("areas", area), "order": position})
    within: dict = {}
    for competency in competencies:
        position = within[competency.area_id] = within.get(competency.area_id, 0) + 1
        values = plain("competencies", competency, area=area_code[competency.area_id])
        out["competencies"][competency.code] = Row(competency, {**values, "order": position})
    actions = sorted(
        models.DevelopmentAction.objects.all(),
        key=lambda a: (order_of_competency[a.competency_id], a.order, a.pk),
    )
    within = {}
    for action in actions:
        code = competency_code[action.competency_id]
        position = within[code] = within.get(code, 0) + 1
        values = plain("actions", action, competency=code)
        out["actions"][f"{code}/{position}"] = Row(action, {**values, "order": position})
    for position, role in enumerate(roles, start=1):
        out["primary_roles"][role.code] = Row(
            role, {**plain("primary_roles", role), "order": position}
        )
    within = {}
    for duty in models.Duty.objects.all():
        position = within[duty.primary_role_id] = within.get(duty.primary_role_id, 0) + 1
        links = sorted(duty_links.get(duty.pk, []), key=order_of_competency.__getitem__)
        values = plain(
            "duties",
            duty,
            primary_role=role_code[duty.primary_role_id],
            competencies=[competency_code[c] for c in links],
        )
        out["duties"][duty.code] = Row(duty, {**values, "order": position})
    for position, profile in enumerate(profiles, start=1):
        out["profiles"][profile.code] = Row(
            profile, {**plain("profiles", profile), "order": position}
        )
    targets = sorted(
        models.ProfileTarget.objects.all(),
        key=lambda t: (profile_code[t.profile_id], order_of_competency[t.competency_id]),
    )
    profile_position = {p.code: i for i, p in enumerate(profiles)}
    targets.sort(key=lambda t: profile_position[profile_code[t.profile_id]])
    for target in targets:
        values = plain(
            "targets",
            target,
            profile=profile_code[target.profile_id],
            competency=competency_code[target.competency_id],
        )
        key = f"{values['profile']}/{values['competency']}"
        out["targets"][key] = Row(target, values)
    return out


def document_rows(document: dict) -> dict[str, dict[str, dict]]:
    """A document's rows keyed like :func:`database_rows`, with their order."""
    out: dict[str, dict[str, dict]] = {}
    for table in TABLES:
        rows: dict[str, dict] = {}
        within: dict = {}
        for position, row in enumerate(document[table.name], start=1):
            values = {c: row[c] for c in table.columns}
            if table.order_within:
                parent = row[table.order_within]
                position = within[parent] = within.get(parent, 0) + 1
            if table.ordered:
                values["order"] = position
            if table.name == "actions":
                key = f"{row['competency']}/{position}"
            else:
                key = key_text(tuple(row[k] for k in table.key))
            rows[key] = values
        out[table.name] = rows
    return out


def export_document() -> dict:
    """The framework as a document."""
    document: dict = {"format": FORMAT, "version": VERSION}
    rows = database_rows()
    for table in TABLES:
        document[table.name] = [
            {c: row.values[c] for c in table.columns} for row in rows[table.name].values()
        ]
    return document


# Writing one row -------------------------------------------------------------


class _Writer:
    """Creates and updates framework rows from document values, resolving
    codes to the rows they name (also rows created earlier in the same run)."""

    def __init__(self, rows: dict[str, dict[str, Row]], user=None, reason=CHANGE_REASON_IMPORT):
        self.rows = rows
        self.user = user
        self.reason = reason

    def instance_of(self, table: str, key: str):
        row = self.rows[table].get(key)
        return row.instance if row is not None else None

    def write(self, table: str, key: str, values: dict):
        model = MODEL[table]
        instance = self.instance_of(table, key)
        if instance is None:
            instance = model()
            if table == "scale":
                instance.level = values["level"]
        for column, value in values.items():
            if column == "competencies" and table == "duties":
                continue
            if column in FOREIGN.get(table, {}):
                attr, target = FOREIGN[table][column]
                setattr(instance, attr, self.instance_of(target, value))
            elif column != "level":
                setattr(instance, column, value)
        instance._history_user = self.user
        instance._change_reason = self.reason
        instance.save()
        if table == "duties":
            instance.competencies.set(
                [self.instance_of("competencies", code) for code in values["competencies"]]
            )
        self.rows[table][key] = Row(instance, dict(values))
        return instance


def _changed_fields(current: dict, wanted: dict) -> tuple[str, ...]:
    return tuple(c for c in wanted if current.get(c) != wanted[c])


def _in_use(model, pks) -> set:
    """The rows among ``pks`` that another app's rows protect from deletion
    (ratings and goals of a competency, assessments of a profile)."""
    used: set = set()
    for relation in model._meta.related_objects:
        if (
            relation.on_delete is db_models.PROTECT
            and relation.related_model._meta.app_label != "roles"
        ):
            used |= set(
                relation.related_model._base_manager.filter(
                    **{f"{relation.field.name}__in": pks}
                ).values_list(relation.field.attname, flat=True)
            )
    return used


# Import ----------------------------------------------------------------------

CREATE_ORDER = [t.name for t in TABLES]
DELETE_ORDER = [
    "targets",
    "duties",
    "actions",
    "profiles",
    "primary_roles",
    "competencies",
    "areas",
]


def plan_import(document: dict, rows: dict | None = None) -> Plan:
    """What importing ``document`` would create, change, deactivate and delete."""
    validate(document)
    rows = rows if rows is not None else database_rows()
    wanted = document_rows(document)
    plan = Plan()
    for table in CREATE_ORDER:
        for key, values in wanted[table].items():
            current = rows[table].get(key)
            if current is None:
                plan.changes.append(Change(table, key, CREATE))
            else:
                changed = _changed_fields(current.values, values)
                if changed:
                    plan.changes.append(Change(table, key, CHANGE, changed))
    for table in DELETE_ORDER:
        gone = [key for key in rows[table] if key not in wanted[table]]
        if not gone:
            continue
        if table in ("competencies", "profiles"):
            model = MODEL[table]
            used = _in_use(model, [rows[table][k].instance.pk for k in gone])
            for key in gone:
                row = rows[table][key]
                if row.instance.pk in used:
                    if row.values["is_active"]:
                        plan.changes.append(Change(table, key, DEACTIVATE))
                else:
                    plan.changes.append(Change(table, key, DELETE))
        elif table == "areas":
            kept = {
                rows["competencies"][k].values["area"]
                for k in rows["competencies"]
                if k not in wanted["competencies"]
                and Change("competencies", k, DELETE) not in plan.changes
            }
            for key in gone:
                if key not in kept:
                    plan.changes.append(Change(table, key, DELETE))
        else:
            plan.changes.extend(Change(table, key, DELETE) for key in gone)
    return plan


@transaction.atomic
def apply_import(
    document: dict, *, user=None, source: str, sha256: str, dry_run=False, record=None
):
    """Make the framework what ``document`` says; returns the plan and the
    ``FrameworkImport`` record (``None`` on a dry run; ``record``, a previewed
    import, is marked applied). One transaction: a failure leaves everything
    as it was."""
    rows = database_rows()
    plan = plan_import(document, rows)
    if dry_run:
        return plan, None
    wanted = document_rows(document)
    writer = _Writer(rows, user=user)
    for change in plan.changes:
        if change.action in (CREATE, CHANGE):
            writer.write(change.table, change.key, wanted[change.table][change.key])
    for change in plan.changes:
        instance = rows[change.table][change.key].instance
        if change.action == DEACTIVATE:
            instance.is_active = False
            instance._history_user = user
            instance._change_reason = CHANGE_REASON_IMPORT
            instance.save(update_fields=["is_active"])
        elif change.action == DELETE:
            instance._history_user = user
            instance._change_reason = CHANGE_REASON_IMPORT
            instance.delete()
    counts = plan.counts
    record = record or models.FrameworkImport()
    record.status = models.FrameworkImport.Status.APPLIED
    record.user = user
    record.source = source[:200]
    record.sha256 = sha256
    record.created, record.changed = counts[CREATE], counts[CHANGE]
    record.deactivated, record.deleted = counts[DEACTIVATE], counts[DELETE]
    record.summary = plan.summary()
    record.save()
    return plan, record


# Safe loading ----------------------------------------------------------------


def _baseline(table: str, key: str, row: Row | None, states: dict) -> str | None:
    """The digest of ``key`` as it was last loaded: the recorded one, or, for
    a row loaded before digests were kept, its current values when its
    audit trail's last entry is a load (nobody edited it since)."""
    state = states.get((table, key))
    if state is not None or row is None:
        return state
    history = getattr(row.instance, "history", None)
    if history is not None:
        latest = history.order_by("-history_date", "-history_id").first()
        if latest is not None and latest.history_change_reason == CHANGE_REASON_LOAD:
            return digest(row.values)
    return None


@transaction.atomic
def load(document: dict, *, update: bool = False) -> LoadResult:
    """Load ``document`` safely (see the module's docstring)."""
    validate(document)
    rows = database_rows()
    wanted = document_rows(document)
    states = {(s.table, s.key): s.digest for s in models.LoadedRow.objects.all()}
    record: dict[tuple[str, str], str] = {}
    writer = _Writer(rows, reason=CHANGE_REASON_LOAD)
    result = LoadResult()
    for table in CREATE_ORDER:
        for key, values in wanted[table].items():
            row = rows[table].get(key)
            wanted_digest = digest(values)
            baseline = _baseline(table, key, row, states)
            label = f"{table} {key}"
            if row is None:
                if baseline is not None:
                    result.kept_deleted.append(label)
                elif _references_exist(table, values, writer):
                    writer.write(table, key, values)
                    record[(table, key)] = wanted_digest
                    result.created.append(label)
                continue
            current = digest(row.values)
            if current == wanted_digest:
                if baseline != wanted_digest:
                    record[(table, key)] = wanted_digest
            elif current == baseline:
                if update:
                    writer.write(table, key, values)
                    record[(table, key)] = wanted_digest
                    result.updated.append(label)
                else:
                    result.pending.append(label)
            else:
                result.conflicts.append(
                    Change(table, key, CHANGE, _changed_fields(row.values, values))
                )
    for (table, key), value in record.items():
        models.LoadedRow.objects.update_or_create(table=table, key=key, defaults={"digest": value})
    return result


def _references_exist(table: str, values: dict, writer: _Writer) -> bool:
    """Whether the rows a new row points to exist (someone may have deleted them)."""
    for column, (_attr, target) in FOREIGN.get(table, {}).items():
        if writer.instance_of(target, values[column]) is None:
            return False
    if table == "duties":
        return all(writer.instance_of("competencies", c) for c in values["competencies"])
    return True
