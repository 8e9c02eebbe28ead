"""Reads that feed pages, each in a fixed number of queries.

Who may see what is decided before, in ``permissions``: these functions take
objects the caller was allowed to have.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from django.db.models import prefetch_related_objects

from roles.models import CompetencyArea, ProfileTarget, RoleProfile

from . import blind, fastpaths, loading, scoring
from .loading import Item
from .models import VISIBLE_TO_MANAGER, Assessment, Goal, Rating

# --- the framework as an assessment sees it ----------------------------------


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
    viewer: object = None  # whom it was loaded for (``blind``); None: everything

    def item(self, code: str) -> Item | None:
        for item in self.items:
            if item.competency.code == code:
                return item
        return None


def assessment_data(
    assessment: Assessment, *, with_actions: bool = False, viewer=None
) -> AssessmentData:
    """Everything the rating page, the report, the JSON and the PDF need, in a
    fixed number of queries whatever the number of competencies; as
    ``viewer`` may see it (``blind``: a manager reviewing does not see the
    self-ratings they have not rated yet). Without a viewer: everything."""
    ratings = list(
        Rating.objects.filter(assessment=assessment).select_related(
            "competency__area", "reviewed_by"
        )
    )
    items = blind.for_viewer(loading.items_for(assessment, ratings), assessment, viewer)
    if with_actions:
        prefetch_related_objects([i.competency for i in items], "actions")
    areas, report = loading.score_items(items)
    items_by_area: dict[int, list[Item]] = {a.pk: [] for a in areas}
    for item in items:
        items_by_area[item.competency.area_id].append(item)
    return AssessmentData(
        assessment=assessment,
        areas=areas,
        items_by_area=items_by_area,
        items=items,
        report=report,
        viewer=viewer,
    )


def _earlier(assessment: Assessment):
    """The engineer's submitted (or later) assessments before ``assessment``."""
    qs = Assessment.objects.filter(
        engineer_id=assessment.engineer_id, status__in=VISIBLE_TO_MANAGER
    ).exclude(pk=assessment.pk)
    if assessment.submitted_at:
        qs = qs.filter(submitted_at__lt=assessment.submitted_at)
    return qs.select_related("role_profile").order_by("-submitted_at", "-pk")


def previous_assessment(assessment: Assessment, *, any_profile: bool = False) -> Assessment | None:
    """The engineer's latest submitted/reviewed assessment before this one of
    the same role profile (readiness against other targets is not comparable);
    with ``any_profile``, the latest whatever its profile."""
    qs = _earlier(assessment)
    if not any_profile:
        qs = qs.filter(role_profile_id=assessment.role_profile_id)
    return qs.first()


@dataclass(frozen=True)
class PreviousReport:
    """What a report compares with: the latest earlier assessment of the same
    role profile and its scoring report (both None without one), its items
    (so that another viewer can see it as :func:`previous_for_viewer` says),
    and ``other``: the latest earlier assessment when it was against another
    profile (named, not compared). Unpacks as the pair ``(assessment, report)``."""

    assessment: Assessment | None = None
    report: scoring.Report | None = None
    items: tuple[Item, ...] = ()
    other: Assessment | None = None

    def __iter__(self):
        return iter((self.assessment, self.report))


def previous_report(assessment: Assessment, *, viewer=None) -> PreviousReport:
    """The previous assessment of the same role profile, scored as ``viewer``
    may see it (``blind``; without a viewer: everything), and the latest
    earlier assessment when it was against another profile. Two or three
    queries."""
    latest = previous_assessment(assessment, any_profile=True)
    if latest is None:
        return PreviousReport()
    if latest.role_profile_id == assessment.role_profile_id:
        same, other = latest, None
    else:
        same, other = previous_assessment(assessment), latest
    if same is None:
        return PreviousReport(other=other)
    data = assessment_data(same, viewer=viewer)
    return PreviousReport(same, data.report, tuple(data.items), other)


def previous_for_viewer(previous: PreviousReport, viewer) -> PreviousReport:
    """``previous`` as ``viewer`` may see it: a manager looking at an engineer's
    reports does not see, through a comparison, the self-ratings of an earlier
    assessment still in review that they have not rated yet. No query."""
    if previous.assessment is None or not blind.hides_self_ratings(viewer, previous.assessment):
        return previous
    items = blind.blind(list(previous.items))
    _areas, report = loading.score_items(items)
    return replace(previous, report=report, items=tuple(items))


def self_only_report(data: AssessmentData) -> scoring.Report | None:
    """A reviewed assessment's items scored with the self-ratings alone (the
    manager's levels dropped), by the same loader and formula as the report;
    None before the review is completed, so nothing of it shows while a
    manager rates blind. No query."""
    if not data.assessment.review_done:
        return None
    items = [replace(item, manager_level=None) for item in data.items]
    _areas, report = loading.score_items(items)
    return report


def latest_visible(*conditions, **filters):
    """Each engineer's latest assessment that a manager may see (submitted,
    in review or done), among those ``conditions`` and ``filters`` select
    (e.g. ``engineer__in=...``): the one ``Assessment.mark_latest`` marked
    on its submission (the newest submission, the higher id on a tie). The
    team dashboard and the organisation page read it; the skills search
    filters its ratings by the same mark."""
    return Assessment.objects.filter(*conditions, latest=True, **filters)


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
        areas, report = loading.score_items(loading.frozen_items(ratings[assessment.pk]))
        entries.append(HistoryEntry(assessment=assessment, areas=areas, report=report))
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
    """How far a draft is: overall and per area, in framework order.

    ``as_of``: when it was read (microseconds since the epoch, taken before the
    read), so a page that gets several answers out of order keeps the newest
    counts (``static/js/autosave.js``)."""

    overall: scoring.Overall
    areas: list[AreaProgress]
    as_of: str = field(default="", compare=False)

    @property
    def complete(self) -> bool:
        return self.overall.rated == self.overall.total

    @property
    def percent(self) -> int:
        return round(100 * self.overall.rated / self.overall.total) if self.overall.total else 100

    def for_area(self, code: str) -> AreaProgress | None:
        return next((a for a in self.areas if a.area.code == code), None)


def read_stamp() -> str:
    """Now, in microseconds since the epoch: taken before a read, it orders
    what the read saw against the reads of other requests."""
    return str(time.time_ns() // 1000)


def progress_of(areas: list[CompetencyArea], report: scoring.Report, as_of: str = "") -> Progress:
    scores = {a.code: a for a in report.areas}
    return Progress(
        overall=report.overall,
        areas=[AreaProgress(area=a, score=scores[a.code]) for a in areas if a.code in scores],
        as_of=as_of,
    )


def draft_progress(assessment: Assessment) -> Progress:
    """A draft's progress against its profile: what an autosave answers with,
    so the page's counters follow every change. One query (see
    ``fastpaths.draft_progress_items``), scored by the loader's rules."""
    return draft_progress_and_score(assessment, None)[0]


def draft_progress_and_score(
    assessment: Assessment, code: str | None
) -> tuple[Progress, scoring.CompetencyScore | None]:
    """``draft_progress`` and, from the same read, the score of the competency
    ``code`` (its target and gap, which the rating page shows once it is rated)."""
    as_of = read_stamp()
    areas, report = loading.score_items(fastpaths.draft_progress_items(assessment))
    score = next((c for c in report.competencies if c.code == code), None)
    return progress_of(areas, report, as_of), score


def draft_progress_orm(assessment: Assessment) -> Progress:
    """``draft_progress`` through the ORM: the reference its fast read is tested against."""
    items = loading.items_for(assessment, list(Rating.objects.filter(assessment=assessment)))
    areas, report = loading.score_items(items)
    return progress_of(areas, report)


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

    as_of = read_stamp()
    data = assessment_data(assessment)
    return RatingPage(
        data=data,
        levels=list(ProficiencyLevel.objects.order_by("level")),
        progress=progress_of(data.areas, data.report, as_of),
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
        items = loading.items_for(assessment, own, targets.get(assessment.role_profile_id))
        _areas, report = loading.score_items(items)
        last_change = max([assessment.updated_at, *(r.updated_at for r in own)])
        summaries.append(
            AssessmentSummary(
                assessment=assessment, overall=report.overall, last_change=last_change
            )
        )
    return summaries
