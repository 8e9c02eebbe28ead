"""Reads written as SQL because every autosave runs them, kept here alone and
tested against the ORM (tests/assessments/test_fastpaths.py, on SQLite and
PostgreSQL). What they return goes through the loader's rules
(``assessments.loading``): only how the rows are read differs.

Keep a read here only while it pays (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection

from core.sql import column, table
from roles.models import Competency, CompetencyArea, ProfileTarget

from .loading import Item, framework_key
from .models import Assessment, Rating


@cache
def _area_columns() -> list[str]:
    """The columns of an area that the progress shows, in the model's order: its
    name in every language, so that ``name`` answers in the active one."""
    from modeltranslation.settings import AVAILABLE_LANGUAGES
    from modeltranslation.utils import build_localized_fieldname

    wanted = {"id", "code", "kind", "order"}
    wanted.update(build_localized_fieldname("name", lang) for lang in AVAILABLE_LANGUAGES)
    return [f.attname for f in CompetencyArea._meta.concrete_fields if f.attname in wanted]


@cache
def _progress_sql() -> str:
    """A draft's targets with its self-ratings, written once per process from
    the models' tables and columns (building it through the ORM, a filtered
    outer join, costs more than running it)."""
    selected = [
        column(ProfileTarget, "target"),
        column(ProfileTarget, "weight"),
        column(Rating, "level"),
        column(Competency, "code"),
        column(Competency, "order"),
        *(column(CompetencyArea, name) for name in _area_columns()),
    ]
    # Only the models' own table and column names, quoted; the values are parameters.
    return (
        f"SELECT {', '.join(selected)} FROM {table(ProfileTarget)}"  # noqa: S608
        f" JOIN {table(Competency)}"
        f" ON {column(Competency, 'id')} = {column(ProfileTarget, 'competency')}"
        f" JOIN {table(CompetencyArea)}"
        f" ON {column(CompetencyArea, 'id')} = {column(Competency, 'area')}"
        f" LEFT JOIN {table(Rating)}"
        f" ON {column(Rating, 'competency')} = {column(ProfileTarget, 'competency')}"
        f" AND {column(Rating, 'assessment')} = %s"
        f" WHERE {column(ProfileTarget, 'profile')} = %s"
    )


@dataclass(frozen=True, slots=True)
class _Competency:
    """What the loader reads of a competency (its code, order and area). A
    model instance would cost far more than the query: a translated model's
    ``__init__`` computes the default of every language's field."""

    code: str
    order: int
    area: CompetencyArea

    @property
    def area_id(self) -> int:
        return self.area.pk


def draft_progress_items(assessment) -> list[Item]:
    """The draft's items against its profile's live targets, with its
    self-ratings, in one query and framework order: the same items
    ``loading.items_for`` gives, read as plain rows (the areas are partly
    loaded instances, the competencies their code, order and area alone)."""
    area_columns = _area_columns()
    with connection.cursor() as cursor:
        cursor.execute(_progress_sql(), [assessment.pk, assessment.role_profile_id])
        rows = cursor.fetchall()
    areas: dict[int, CompetencyArea] = {}
    items = []
    for target, weight, level, code, order, *area_values in rows:
        area = areas.get(area_values[0])
        if area is None:
            area = CompetencyArea.from_db(connection.alias, area_columns, area_values)
            areas[area.pk] = area
        competency = _Competency(code=code, order=order, area=area)
        items.append(Item(competency=competency, target=target, weight=weight, level=level))
    items.sort(key=lambda item: framework_key(item.competency))
    return items


# --- the autosave's locked read -------------------------------------------------

# What the autosave reads of the assessment and the competency besides the
# rating itself (read whole: its audit record copies every field).
_ASSESSMENT_FIELDS = ("id", "engineer", "role_profile", "status")
_COMPETENCY_FIELDS = ("id", "code", "area")


@cache
def _own_draft_rating_sql() -> str:
    """The rating of a competency in the assessment's profile, with its
    assessment, both locked (the assessment first, as every writer does), on
    the condition that the assessment is ``user``'s draft: the query
    ``services._locked_rating`` makes through the ORM plus the owner check,
    written once per process from the models' tables and columns."""
    selected = [column(Rating, f.name) for f in Rating._meta.concrete_fields]
    for model, prefix, names in (
        (Assessment, "a_", _ASSESSMENT_FIELDS),
        (Competency, "c_", _COMPETENCY_FIELDS),
    ):
        for name in names:
            field = model._meta.get_field(name)
            selected.append(f"{column(model, name)} AS {prefix}{field.attname}")
    lock = ""
    if connection.features.has_select_for_update_of:
        lock = f" FOR UPDATE OF {table(Assessment)}, {table(Rating)}"
    # Only the models' own table and column names, quoted; the values are parameters.
    return (
        f"SELECT {', '.join(selected)} FROM {table(Rating)}"  # noqa: S608
        f" JOIN {table(Assessment)}"
        f" ON {column(Assessment, 'id')} = {column(Rating, 'assessment')}"
        f" JOIN {table(Competency)}"
        f" ON {column(Competency, 'id')} = {column(Rating, 'competency')}"
        f" JOIN {table(ProfileTarget)}"
        f" ON {column(ProfileTarget, 'competency')} = {column(Competency, 'id')}"
        f" AND {column(ProfileTarget, 'profile')} = {column(Assessment, 'role_profile')}"
        f" WHERE {column(Assessment, 'id')} = %s AND {column(Assessment, 'engineer')} = %s"
        f" AND {column(Assessment, 'status')} = %s AND {column(Competency, 'code')} = %s"
        f"{lock}"
    )


def _attnames(model, names) -> list[str]:
    """The attribute names of ``names``, in the model's field order (the order
    ``Model.from_db`` takes values in)."""
    return [f.attname for f in model._meta.concrete_fields if f.name in names]


def own_draft_rating_for_update(*, user_id, assessment_id, competency_code: str) -> Rating | None:
    """``user_id``'s draft rating of ``competency_code`` in ``assessment_id``,
    locked with its assessment (inside the caller's transaction), with
    ``rating.assessment`` and ``rating.competency`` partly loaded; None when
    there is none (not theirs, not a draft, not in its profile, no such id).

    Read with ``Manager.raw`` (the ORM's own conversions of the rating's
    columns) and ``Model.from_db`` for the two related rows."""
    if not isinstance(assessment_id, int) or not -(2**63) <= assessment_id < 2**63:
        return None
    found = list(
        Rating.objects.raw(
            _own_draft_rating_sql(),
            [assessment_id, user_id, Assessment.Status.DRAFT, competency_code],
        )
    )
    if not found:
        return None
    rating = found[0]
    for model, prefix, names, attr in (
        (Assessment, "a_", _ASSESSMENT_FIELDS, "assessment"),
        (Competency, "c_", _COMPETENCY_FIELDS, "competency"),
    ):
        attnames = _attnames(model, names)
        values = [getattr(rating, f"{prefix}{name}") for name in attnames]
        setattr(rating, attr, model.from_db(rating._state.db, attnames, values))
    return rating
