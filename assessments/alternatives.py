"""Another role profile: an assessment's ratings scored against the current
targets and weights of any other active profile ("what would I need for that
role?"), computed on the fly and never stored.

The ratings are the ones the viewer may see: the caller passes the items of
``selectors.assessment_data(assessment, viewer=…)``, so a manager reviewing
blind sees no self-rating here that the report hides. The items are built by
``loading.items_against`` and scored by ``loading.score_items``: the same rule
as every other report, no second one. Reading the profiles is one query, the
chosen profile's targets one more, whatever the number of competencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from roles.models import CompetencyArea, ProfileTarget, RoleProfile

from . import loading, scoring
from .loading import Item
from .reports import CompetencyRow
from .selectors import AssessmentData

__all__ = ["OtherProfile", "active_profiles", "against", "as_assessment_data", "chosen"]


@dataclass(frozen=True)
class OtherProfile:
    """The assessment's ratings scored against ``profile``."""

    profile: RoleProfile
    areas: list[CompetencyArea]
    items: list[Item]
    report: scoring.Report
    missing: int  # competencies of the profile the assessment has no rating of

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.competency.code == code:
                return item
        raise KeyError(code)

    @property
    def plan(self) -> list[CompetencyRow]:
        """What the plan would focus on: the first ``scoring.PLAN_SIZE`` priority
        gaps, as the report's rows (name, area, score, severity word and glyph)."""
        return [
            CompetencyRow(
                item=self.item(code),
                score=self.report.competency(code),
                rank=rank,
                in_plan=True,
            )
            for rank, code in enumerate(self.report.plan, start=1)
        ]

    @property
    def further_gaps(self) -> int:
        return len(self.report.priorities) - len(self.report.plan)


def active_profiles() -> list[RoleProfile]:
    """Every active role profile, in their order (one query)."""
    return list(RoleProfile.objects.filter(is_active=True).order_by("order", "code"))


def chosen(code: str | None, profiles: list[RoleProfile]) -> RoleProfile | None:
    """The profile ``?profile=code`` names among the active ``profiles``: None
    when no code is given, ``Http404`` when it is unknown or inactive."""
    if not code:
        return None
    for profile in profiles:
        if profile.code == code:
            return profile
    raise Http404("No such active role profile")


def against(data: AssessmentData, profile: RoleProfile) -> OtherProfile:
    """``data``'s items (as its viewer may see them) scored against ``profile``'s
    current targets and weights (one query)."""
    targets = list(ProfileTarget.objects.filter(profile=profile).select_related("competency__area"))
    items = loading.items_against(targets, data.items)
    areas, report = loading.score_items(items)
    have = {item.competency.pk for item in data.items}
    return OtherProfile(
        profile=profile,
        areas=areas,
        items=items,
        report=report,
        missing=sum(1 for target in targets if target.competency_id not in have),
    )


def as_assessment_data(data: AssessmentData, other: OtherProfile) -> AssessmentData:
    """``data``'s assessment with ``other``'s items and report, for the report
    builders (``reports.report_json_dict``): the assessment's own fields stay
    as they are, every score is against the other profile."""
    items_by_area: dict[int, list[Item]] = {area.pk: [] for area in other.areas}
    for item in other.items:
        items_by_area[item.competency.area_id].append(item)
    return AssessmentData(
        assessment=data.assessment,
        areas=other.areas,
        items_by_area=items_by_area,
        items=other.items,
        report=other.report,
    )
