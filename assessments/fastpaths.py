"""Reads written as SQL because every autosave runs them, kept here alone and
tested against the ORM (tests/assessments/test_fastpaths.py, on SQLite and
PostgreSQL). What they return goes through the loader's rules
(``assessments.loading``): only how the rows are read differs.

Keep a read here only while it pays (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

from functools import cache

from django.db import connection

from core.sql import column, table
from roles.models import Competency, CompetencyArea, ProfileTarget

from .loading import Item, framework_key
from .models import Rating


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


def draft_progress_items(assessment) -> list[Item]:
    """The draft's items against its profile's live targets, with its
    self-ratings, in one query and framework order: the same items
    ``loading.items_for`` gives, read as plain rows (the areas are partly
    loaded instances, the competencies unsaved ones with code and order)."""
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
        competency = Competency(code=code, order=order, area=area)
        items.append(Item(competency=competency, target=target, weight=weight, level=level))
    items.sort(key=lambda item: framework_key(item.competency))
    return items
