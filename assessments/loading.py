"""The one place where an assessment becomes scored items and scoring inputs.

An assessment is scored against one of two sets of targets:

- a **frozen** (submitted or reviewed) assessment against the snapshot its
  ratings took at submit (``Rating.target``/``Rating.weight``): a later edit of
  the framework never changes an old report; ratings without a snapshot are
  not part of it;
- a **draft** against its role profile's live targets (``ProfileTarget``),
  each with the draft's rating of that competency if there is one.

Either way the items are in **framework order** (:func:`framework_key`), and
:func:`scoring_inputs` turns them into ``scoring`` inputs. The rating page, the
report, the JSON, the PDF, the history, the home page's progress, submit, the
autosave's progress and the team pages all go through here, so they cannot
disagree about what is scored or in which order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from roles.models import Competency, CompetencyArea, Duty, PrimaryRole, ProfileTarget

from . import scoring
from .models import Rating


def area_key(area: CompetencyArea) -> tuple:
    """An area's place in the framework: its order, then its code."""
    return (area.order, area.code)


def framework_key(competency: Competency) -> tuple:
    """A competency's place in the framework: its area's place, then its own
    order, then its code."""
    area = competency.area
    return (area.order, area.code, competency.order, competency.code)


@dataclass
class Item:
    """One competency as an assessment scores it: the target and weight it is
    scored against, the rating (if any), and the two levels that count.

    ``rating`` is the model instance when the caller needs more of it (the
    evidence, the comment); readers that only score pass the levels alone."""

    competency: Competency
    target: int
    weight: int
    rating: Rating | None = None
    level: int | None = None
    manager_level: int | None = None

    @classmethod
    def of(cls, competency, target: int, weight: int, rating: Rating | None) -> Item:
        return cls(
            competency=competency,
            target=target,
            weight=weight,
            rating=rating,
            level=rating.level if rating is not None else None,
            manager_level=rating.manager_level if rating is not None else None,
        )


def frozen_items(ratings: Iterable[Rating]) -> list[Item]:
    """A submitted assessment's items, from the snapshot on its ratings
    (``competency__area`` loaded with them), in framework order."""
    items = [Item.of(r.competency, r.target, r.weight, r) for r in ratings if r.target is not None]
    items.sort(key=lambda item: framework_key(item.competency))
    return items


def draft_items(targets: Iterable, ratings: Iterable[Rating]) -> list[Item]:
    """A draft's items: its profile's live ``targets`` (``competency__area``
    loaded with them), each with the draft's rating of it, in framework order."""
    by_competency = {r.competency_id: r for r in ratings}
    items = [
        Item.of(t.competency, t.target, t.weight, by_competency.get(t.competency_id))
        for t in targets
    ]
    items.sort(key=lambda item: framework_key(item.competency))
    return items


def items_against(targets: Iterable, items: Iterable[Item]) -> list[Item]:
    """``items``' levels scored against other ``targets`` (another profile's
    live ``ProfileTarget`` rows, ``competency__area`` loaded with them), in
    framework order: each target with the self and manager level of the same
    competency among ``items``, as the caller may see them (pass the items
    ``blind.for_viewer`` returned). A competency the targets have and the
    items lack has no level: not rated. Only the levels are carried, never the
    ``Rating`` row, so a self-rating hidden from the caller cannot reach them
    through it."""
    by_competency = {item.competency.pk: item for item in items}
    against = []
    for target in targets:
        seen = by_competency.get(target.competency_id)
        against.append(
            Item(
                competency=target.competency,
                target=target.target,
                weight=target.weight,
                level=seen.level if seen is not None else None,
                manager_level=seen.manager_level if seen is not None else None,
            )
        )
    against.sort(key=lambda item: framework_key(item.competency))
    return against


def items_for(assessment, ratings: list[Rating], targets=None) -> list[Item]:
    """The items of ``assessment``: from its snapshot when frozen, else from
    ``targets`` (its profile's; read here when not given)."""
    if assessment.is_frozen:
        return frozen_items(ratings)
    if targets is None:
        targets = ProfileTarget.objects.filter(
            profile_id=assessment.role_profile_id
        ).select_related("competency__area")
    return draft_items(targets, ratings)


def areas_of(items: Iterable[Item]) -> list[CompetencyArea]:
    """The areas the items belong to, in framework order."""
    seen: dict[int, CompetencyArea] = {}
    for item in items:
        seen.setdefault(item.competency.area_id, item.competency.area)
    return sorted(seen.values(), key=area_key)


@lru_cache(maxsize=65536)
def _competency_input(
    code: str, area: str, target: int, weight: int, level, manager_level
) -> scoring.CompetencyInput:
    """One scoring input, made once per distinct rating: a team of hundreds
    has thousands of ratings but few distinct ones, and each input checks its
    values when it is made. Inputs are immutable, so sharing them is safe."""
    return scoring.CompetencyInput(
        code=code,
        area=area,
        target=target,
        weight=weight,
        self_rating=level,
        manager_rating=manager_level,
    )


def scoring_inputs(
    items: Iterable[Item], areas: Iterable[CompetencyArea]
) -> tuple[tuple[scoring.AreaInput, ...], tuple[scoring.CompetencyInput, ...]]:
    """The ``scoring.score`` inputs of ``items`` (already in framework order)."""
    return (
        tuple(scoring.AreaInput(code=a.code, kind=a.kind) for a in areas),
        tuple(
            _competency_input(
                item.competency.code,
                item.competency.area.code,
                item.target,
                item.weight,
                item.level,
                item.manager_level,
            )
            for item in items
        ),
    )


@lru_cache(maxsize=4096)
def _score(
    areas: tuple[scoring.AreaInput, ...], competencies: tuple[scoring.CompetencyInput, ...]
) -> scoring.Report:
    """``scoring.score``, remembered by its inputs: the team pages score every
    member's latest assessment again on every view. Scoring is pure and its
    inputs and report are immutable, so a changed rating is another input,
    never a stale report."""
    return scoring.score(areas, competencies)


def score_items(items: list[Item]) -> tuple[list[CompetencyArea], scoring.Report]:
    """The areas of ``items`` and their scoring report."""
    areas = areas_of(items)
    return areas, _score(*scoring_inputs(items, areas))


def area_inputs(areas: Iterable[CompetencyArea]) -> tuple[scoring.AreaInput, ...]:
    """The scoring inputs of ``areas`` (in framework order)."""
    return tuple(scoring.AreaInput(code=a.code, kind=a.kind) for a in areas)


def report_of(items: list[Item], framework: tuple[scoring.AreaInput, ...]) -> scoring.Report:
    """The report ``score_items`` gives, against every area of the framework
    (``area_inputs`` of them, made once): scoring leaves out an area without
    competencies, so the report is the same. For readers that score many
    assessments of one framework at once (the team pages)."""
    return _score(framework, scoring_inputs(items, ())[1])


def primary_roles() -> list[tuple[PrimaryRole, scoring.GroupInput]]:
    """The framework's primary roles in order, each with its duties (as
    ``role.duty_list``) and the scoring group of the competencies its duties
    are linked to. Two queries, whatever the size of the framework."""
    roles: dict[int, PrimaryRole] = {}
    for duty in Duty.objects.select_related("primary_role"):
        role = roles.setdefault(duty.primary_role_id, duty.primary_role)
        role.__dict__.setdefault("duty_list", []).append(duty)
    codes: dict[int, dict[str, None]] = {pk: {} for pk in roles}
    links = Duty.competencies.through.objects.values_list(
        "duty__primary_role_id", "competency__code"
    )
    for role_id, code in links:
        codes[role_id][code] = None
    ordered = sorted(roles.values(), key=lambda r: (r.order, r.code))
    return [(r, scoring.GroupInput(code=r.code, competencies=tuple(codes[r.pk]))) for r in ordered]
