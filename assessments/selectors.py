"""Reads that feed pages, each in a fixed number of queries.

Who may see what is decided before, in ``permissions``: these functions take
objects the caller was allowed to have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import prefetch_related_objects

from core.sql import column, table
from roles.models import Competency, CompetencyArea, ProfileTarget, RoleProfile

from . import scoring
from .models import VISIBLE_TO_MANAGER, Assessment, Goal, Rating

# --- the framework as an assessment sees it ----------------------------------


@dataclass
class Item:
    """One competency of an assessment, with what the pages need around it."""

    competency: Competency
    target: int
    weight: int
    rating: Rating | None


@dataclass
class AssessmentData:
    """An assessment loaded whole: areas in framework order, their items, the
    ratings, and the scoring report computed from them."""

    assessment: Assessment
    areas: list[CompetencyArea]
    items_by_area: dict[int, list[Item]]
    items: list[Item]
    report: scoring.Report
    levels: list = field(default_factory=list)

    def item(self, code: str) -> Item | None:
        for item in self.items:
            if item.competency.code == code:
                return item
        return None


def _areas_in_order(competencies) -> list[CompetencyArea]:
    seen: dict[int, CompetencyArea] = {}
    for competency in competencies:
        seen.setdefault(competency.area_id, competency.area)
    return sorted(seen.values(), key=lambda a: (a.order, a.code))


def scoring_inputs(items: list[Item], areas: list[CompetencyArea]):
    area_inputs = [scoring.AreaInput(code=a.code, kind=a.kind) for a in areas]
    competency_inputs = [
        scoring.CompetencyInput(
            code=item.competency.code,
            area=item.competency.area.code,
            target=item.target,
            weight=item.weight,
            self_rating=item.rating.level if item.rating else None,
            manager_rating=item.rating.manager_level if item.rating else None,
        )
        for item in items
    ]
    return area_inputs, competency_inputs


def _items_for(assessment: Assessment, ratings: list[Rating]) -> list[Item]:
    """Frozen assessments score against their snapshot; drafts against the live profile."""
    by_competency = {r.competency_id: r for r in ratings}
    if assessment.is_frozen:
        items = [
            Item(competency=r.competency, target=r.target, weight=r.weight, rating=r)
            for r in ratings
            if r.target is not None
        ]
    else:
        targets = ProfileTarget.objects.filter(
            profile_id=assessment.role_profile_id
        ).select_related("competency__area")
        items = [
            Item(
                competency=t.competency,
                target=t.target,
                weight=t.weight,
                rating=by_competency.get(t.competency_id),
            )
            for t in targets
        ]
    items.sort(
        key=lambda i: (
            i.competency.area.order,
            i.competency.area.code,
            i.competency.order,
            i.competency.code,
        )
    )
    return items


def assessment_data(assessment: Assessment, *, with_actions: bool = False) -> AssessmentData:
    """Everything the rating page, the report, the JSON and the PDF need, in a
    fixed number of queries whatever the number of competencies."""
    ratings = list(
        Rating.objects.filter(assessment=assessment).select_related(
            "competency__area", "reviewed_by"
        )
    )
    items = _items_for(assessment, ratings)
    if with_actions:
        prefetch_related_objects([i.competency for i in items], "actions")
    areas = _areas_in_order([i.competency for i in items])
    items_by_area: dict[int, list[Item]] = {a.pk: [] for a in areas}
    for item in items:
        items_by_area[item.competency.area_id].append(item)
    report = scoring.score(*scoring_inputs(items, areas))
    return AssessmentData(
        assessment=assessment,
        areas=areas,
        items_by_area=items_by_area,
        items=items,
        report=report,
    )


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The engineer's latest submitted/reviewed assessment before this one."""
    qs = Assessment.objects.filter(
        engineer_id=assessment.engineer_id, status__in=VISIBLE_TO_MANAGER
    ).exclude(pk=assessment.pk)
    if assessment.submitted_at:
        qs = qs.filter(submitted_at__lt=assessment.submitted_at)
    return qs.select_related("role_profile").order_by("-submitted_at", "-pk").first()


def previous_report(assessment: Assessment) -> tuple[Assessment | None, scoring.Report | None]:
    previous = previous_assessment(assessment)
    if previous is None:
        return None, None
    return previous, assessment_data(previous).report


def active_profiles():
    return RoleProfile.objects.filter(is_active=True).order_by("order", "code")


def own_assessments(user) -> list[Assessment]:
    """``user``'s assessments, newest first."""
    return list(
        Assessment.objects.filter(engineer=user)
        .select_related("role_profile")
        .order_by("-created_at", "-pk")
    )


def goals_for(assessment: Assessment) -> dict[int, Goal]:
    return {g.competency_id: g for g in Goal.objects.filter(assessment=assessment)}


# --- history and the proficiency scale (report pages) ------------------------


@dataclass
class HistoryEntry:
    """One submitted (or reviewed) assessment, scored against its snapshot."""

    assessment: Assessment
    areas: list[CompetencyArea]
    report: scoring.Report


def history_for(engineer) -> list[HistoryEntry]:
    """``engineer``'s submitted and reviewed assessments, oldest first, each with
    its scoring report: two queries whatever their number."""
    assessments = list(
        Assessment.objects.filter(engineer=engineer, status__in=VISIBLE_TO_MANAGER)
        .select_related("role_profile")
        .order_by("submitted_at", "pk")
    )
    ratings: dict[int, list[Rating]] = {a.pk: [] for a in assessments}
    if assessments:
        for rating in Rating.objects.filter(
            assessment__engineer=engineer, assessment__status__in=VISIBLE_TO_MANAGER
        ).select_related("competency__area"):
            if rating.assessment_id in ratings:
                ratings[rating.assessment_id].append(rating)
    entries = []
    for assessment in assessments:
        # Frozen assessments score against the snapshot on their ratings: no query.
        items = _items_for(assessment, ratings[assessment.pk])
        areas = _areas_in_order([i.competency for i in items])
        entries.append(
            HistoryEntry(
                assessment=assessment,
                areas=areas,
                report=scoring.score(*scoring_inputs(items, areas)),
            )
        )
    return entries


def proficiency_levels() -> list:
    """The proficiency scale 0–4 with names and descriptors (one query)."""
    from roles.models import ProficiencyLevel

    return list(ProficiencyLevel.objects.order_by("level"))


# --- self-assessment: the rating page, its progress, the home page -----------


@dataclass
class AreaProgress:
    """An area's rated/total and readiness, as the rating page shows it."""

    area: CompetencyArea
    score: scoring.AreaScore

    @property
    def complete(self) -> bool:
        return self.score.rated == self.score.total


@dataclass
class Progress:
    """How far a draft is: overall and per area, in framework order."""

    overall: scoring.Overall
    areas: list[AreaProgress]

    @property
    def complete(self) -> bool:
        return self.overall.rated == self.overall.total

    @property
    def percent(self) -> int:
        return round(100 * self.overall.rated / self.overall.total) if self.overall.total else 100

    def for_area(self, code: str) -> AreaProgress | None:
        return next((a for a in self.areas if a.area.code == code), None)


def progress_of(areas: list[CompetencyArea], report: scoring.Report) -> Progress:
    scores = {a.code: a for a in report.areas}
    return Progress(
        overall=report.overall,
        areas=[AreaProgress(area=a, score=scores[a.code]) for a in areas if a.code in scores],
    )


def _sort_key(competency: Competency):
    return (competency.area.order, competency.area.code, competency.order, competency.code)


@cache
def _progress_area_columns() -> list[str]:
    """The columns of an area that the progress shows, in the model's order: its
    name in every language, so that ``name`` answers in the active one."""
    from modeltranslation.settings import AVAILABLE_LANGUAGES
    from modeltranslation.utils import build_localized_fieldname

    wanted = {"id", "code", "kind", "order"}
    wanted.update(build_localized_fieldname("name", lang) for lang in AVAILABLE_LANGUAGES)
    return [f.attname for f in CompetencyArea._meta.concrete_fields if f.attname in wanted]


@cache
def _progress_sql() -> str:
    """The progress query, written once from the models' tables and columns.

    Every autosave answers with the progress; building this query through the
    ORM (a filtered outer join) cost three times what running it does
    (bench/autosave_load.py), so it is built here once per process."""
    selected = [
        column(ProfileTarget, "target"),
        column(ProfileTarget, "weight"),
        column(Rating, "level"),
        column(Competency, "code"),
        column(Competency, "order"),
        *(column(CompetencyArea, name) for name in _progress_area_columns()),
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


def draft_progress(assessment: Assessment) -> Progress:
    """A draft's progress against its profile, in one query: what an autosave
    answers with, so the page's counters follow every change.

    Every autosave runs it, so it reads plain rows (no model instance per
    competency) and makes only the areas into (partly loaded) instances."""
    area_columns = _progress_area_columns()
    with connection.cursor() as cursor:
        cursor.execute(_progress_sql(), [assessment.pk, assessment.role_profile_id])
        rows = cursor.fetchall()
    areas: dict[int, CompetencyArea] = {}
    competencies = []
    for target, weight, level, code, order, *area_values in rows:
        area = areas.get(area_values[0])
        if area is None:
            area = CompetencyArea.from_db(connection.alias, area_columns, area_values)
            areas[area.pk] = area
        competencies.append(
            ((area.order, area.code, order, code), area, code, target, weight, level)
        )
    competencies.sort(key=lambda c: c[0])
    ordered = sorted(areas.values(), key=lambda a: (a.order, a.code))
    report = scoring.score(
        [scoring.AreaInput(code=a.code, kind=a.kind) for a in ordered],
        [
            scoring.CompetencyInput(
                code=code, area=area.code, target=target, weight=weight, self_rating=level
            )
            for _key, area, code, target, weight, level in competencies
        ],
    )
    return progress_of(ordered, report)


@dataclass
class RatingPage:
    """Everything the rating page shows: the items by area, the scale, the progress."""

    data: AssessmentData
    levels: list
    progress: Progress


def rating_page(assessment: Assessment) -> RatingPage:
    """The rating page's data in a fixed number of queries (three), whatever the
    number of competencies."""
    from roles.models import ProficiencyLevel

    data = assessment_data(assessment)
    return RatingPage(
        data=data,
        levels=list(ProficiencyLevel.objects.order_by("level")),
        progress=progress_of(data.areas, data.report),
    )


def open_draft(user, role_profile: RoleProfile) -> Assessment | None:
    """``user``'s draft against ``role_profile``, if one is open."""
    return (
        Assessment.objects.filter(
            engineer=user, role_profile=role_profile, status=Assessment.Status.DRAFT
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class AssessmentSummary:
    """One line of "My assessments": the assessment, its progress (a draft) or
    readiness (submitted), and when it last changed."""

    assessment: Assessment
    overall: scoring.Overall
    last_change: object  # datetime


def assessment_summaries(assessments: list[Assessment]) -> list[AssessmentSummary]:
    """Scores of several assessments in two queries whatever their number:
    drafts against their profile's live targets, the others against their snapshot."""
    if not assessments:
        return []
    ratings: dict[int, list[Rating]] = {a.pk: [] for a in assessments}
    for rating in Rating.objects.filter(assessment__in=list(ratings)).select_related(
        "competency__area"
    ):
        ratings[rating.assessment_id].append(rating)
    draft_profiles = {a.role_profile_id for a in assessments if a.is_draft}
    targets: dict[int, list[ProfileTarget]] = {pk: [] for pk in draft_profiles}
    if draft_profiles:
        for target in ProfileTarget.objects.filter(profile_id__in=draft_profiles).select_related(
            "competency__area"
        ):
            targets[target.profile_id].append(target)
    summaries = []
    for assessment in assessments:
        own = ratings[assessment.pk]
        if assessment.is_frozen:
            items = [
                Item(competency=r.competency, target=r.target, weight=r.weight, rating=r)
                for r in own
                if r.target is not None
            ]
        else:
            by_competency = {r.competency_id: r for r in own}
            items = [
                Item(
                    competency=t.competency,
                    target=t.target,
                    weight=t.weight,
                    rating=by_competency.get(t.competency_id),
                )
                for t in targets[assessment.role_profile_id]
            ]
        items.sort(key=lambda i: _sort_key(i.competency))
        areas = _areas_in_order([i.competency for i in items])
        report = scoring.score(*scoring_inputs(items, areas))
        last_change = max([assessment.updated_at, *(r.updated_at for r in own)])
        summaries.append(
            AssessmentSummary(
                assessment=assessment, overall=report.overall, last_change=last_change
            )
        )
    return summaries
