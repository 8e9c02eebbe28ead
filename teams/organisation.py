"""Reads behind the organisation dashboard (``/org/``), its CSV and its PDF.

The organisation a viewer sees is every team they manage or oversee (an
administrator: every team), optionally one subtree of it and one role
profile. Per team (its own members), and for the whole (each person once):
readiness per area, training priorities, competencies nobody or one person
covers, the members with no recent assessment, and the trend per quarter.
Every figure comes from the members' latest submitted assessments, through
their summaries (``teams.summaries``) and ``teams.rollup``.

**Small groups.** An aggregate of people the viewer may not see one by one
(an administrator who oversees no team sees no individual) is shown only
when it covers at least ``rollup.MIN_GROUP`` people; otherwise it is
withheld and the page says why. Names are never shown to such a viewer.

A fixed number of queries whatever the size of the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from assessments import loading, selectors
from assessments.permissions import teams_visible_to
from org.models import Team
from roles.models import Competency, CompetencyArea, RoleProfile

from . import rollup
from .selectors import (
    DEFAULT_STALE_DAYS,
    RATINGS_ALL,
    RATINGS_MODES,
    RATINGS_REVIEWED,
    TRAINING_PRIORITIES_SHOWN,
    readiness_band,
)
from .summaries import (
    DONE,
    OVERALL,
    STORABLE,
    area_sums,
    competency_stats,
    keep_current,
    rows_of,
    tenths,
)
from .trends import Trend, trend_of

STALE_NAMES_SHOWN = 100


class UnknownSubtree(ValueError):
    """The subtree asked for is not a team the viewer may see."""


def may_use_org_dashboard(user) -> bool:
    """Anyone who manages or partners a team, and administrators."""
    if not user.is_authenticated:
        return False
    return user.is_staff or teams_visible_to(user).exists()


@dataclass(frozen=True)
class Cell:
    area: CompetencyArea
    readiness: float | None
    band: int | None

    @property
    def css(self) -> str:
        return "heat heat-none" if self.band is None else f"heat heat-{self.band}"


@dataclass
class TeamRow:
    team: Team
    depth: int
    members: int
    assessed: int
    stale: int  # members with no assessment, or one older than the limit
    shown: bool  # False: fewer than MIN_GROUP people the viewer may not see one by one
    readiness: float | None = None
    band: int | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class StaleMember:
    user_id: int
    name: str
    team: str
    last: datetime | None


@dataclass
class OrgData:
    teams: list[TeamRow]
    all_teams: list[tuple[Team, int]]  # the filter's choices: (team, depth)
    subtree: Team | None
    areas: list[CompetencyArea]
    profiles: list[RoleProfile]
    profile: RoleProfile | None
    ratings: str
    stale_days: int
    people: int
    assessed: int
    shown: bool  # the organisation-wide figures (MIN_GROUP)
    sees_individuals: bool
    readiness: float | None
    band: int | None
    area_means: list[Cell]
    priorities: list[tuple[Competency, rollup.CompetencyStat]]
    thin_cover: list[tuple[Competency, rollup.CompetencyStat]]
    stale: list[StaleMember]  # names (only for a viewer who may see them), the first ones
    stale_count: int
    trend: Trend
    min_group: int = rollup.MIN_GROUP

    @property
    def reviewed_only(self) -> bool:
        return self.ratings == RATINGS_REVIEWED

    @property
    def stale_more(self) -> int:
        return max(0, self.stale_count - len(self.stale))


def _add_areas(sums: dict[str, tuple[int, int]], summary: rollup.Summary) -> None:
    """Add a summary scored on the request to the area and overall sums
    (``summaries.area_sums``)."""
    for code, value in [*summary.areas.items(), (OVERALL, summary.overall)]:
        total, n = sums.get(code, (0, 0))
        sums[code] = (total + tenths(value), n + 1)


def _tree(teams: list[Team]) -> list[tuple[Team, int]]:
    """``teams`` depth first, by name within a parent; a team whose parent is
    not among them is a root."""
    ids = {t.pk for t in teams}
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        parent = team.parent_id if team.parent_id in ids else None
        children.setdefault(parent, []).append(team)
    ordered: list[tuple[Team, int]] = []

    def walk(parent, depth):
        for team in sorted(children.get(parent, []), key=lambda t: t.name.casefold()):
            ordered.append((team, depth))
            walk(team.pk, depth + 1)

    walk(None, 0)
    return ordered


def _below(tree: list[tuple[Team, int]], root: Team) -> list[tuple[Team, int]]:
    """``root`` and its descendants out of a depth-first ``tree``."""
    for start, (team, depth) in enumerate(tree):
        if team.pk == root.pk:
            end = start + 1
            while end < len(tree) and tree[end][1] > depth:
                end += 1
            return [(t, d - depth) for t, d in tree[start:end]]
    return []


def _scope(viewer):
    """The teams of the organisation ``viewer`` sees (an administrator: every
    team) and those among them they oversee."""
    visible = teams_visible_to(viewer)
    return (Team.objects.all() if viewer.is_staff else visible), visible


def org_choices(viewer) -> tuple[list[tuple[Team, int]], list[RoleProfile]]:
    """The filter's choices: the teams (depth first) and the role profiles."""
    scope, _visible = _scope(viewer)
    return _tree(list(scope.only("pk", "name", "parent_id"))), list(
        RoleProfile.objects.order_by("order", "code")
    )


def org_data(
    viewer,
    *,
    subtree_id: int | None = None,
    profile_code: str | None = None,
    ratings: str = RATINGS_ALL,
    stale_days: int = DEFAULT_STALE_DAYS,
    now: datetime | None = None,
) -> OrgData:
    if ratings not in RATINGS_MODES:
        ratings = RATINGS_ALL
    now = now or timezone.now()
    scope, visible = _scope(viewer)
    visible_ids = set(visible.values_list("pk", flat=True)) if viewer.is_staff else None
    teams = list(scope.only("pk", "name", "parent_id"))
    if visible_ids is None:
        visible_ids = {t.pk for t in teams}
    tree = _tree(teams)
    subtree = None
    if subtree_id is not None:
        subtree = next((t for t, _d in tree if t.pk == subtree_id), None)
        if subtree is None:
            raise UnknownSubtree(subtree_id)
        chosen = _below(tree, subtree)
    else:
        chosen = tree
    chosen_ids = [t.pk for t, _d in chosen]

    memberships = list(
        Team.members.through.objects.filter(team_id__in=chosen_ids).values_list(
            "team_id", "user_id"
        )
    )
    people_ids = {user_id for _team, user_id in memberships}
    members_qs = User.objects.filter(teams__in=chosen_ids).distinct()
    sees_individuals = all(pk in visible_ids for pk in chosen_ids)

    # Each member's latest assessment, marked as such when it was submitted.
    latest_qs = selectors.latest_visible(engineer__in=members_qs.values("pk"))
    rows = rows_of(latest_qs)
    profiles_all = list(RoleProfile.objects.order_by("order", "code"))
    used_profiles = {row.role_profile_id for row in rows}
    profiles = [p for p in profiles_all if p.pk in used_profiles]
    profile = (
        next((p for p in profiles_all if p.code == profile_code), None) if profile_code else None
    )
    latest_of = {row.engineer_id: row for row in rows}
    counted = latest_qs
    if profile is not None:
        counted = counted.filter(role_profile=profile)
    if ratings == RATINGS_REVIEWED:
        counted = counted.filter(status__in=DONE)
    counted_rows = [
        row
        for row in rows
        if (profile is None or row.role_profile_id == profile.pk)
        and (ratings != RATINGS_REVIEWED or row.status in DONE)
    ]
    counted_of = {row.engineer_id for row in counted_rows}
    # The overall and areas' sums of the stored summaries come from the
    # database (``summaries.area_sums``); those in review, scored on the
    # request, are added here.
    live = {
        summary.engineer_id: summary for summary in keep_current(counted_rows, counted).values()
    }
    team_sums, everyone_sums = (
        area_sums(counted.filter(status__in=STORABLE), chosen_ids) if counted_rows else ({}, {})
    )
    if live:
        for team_id, user_id in memberships:
            if user_id in live:
                _add_areas(team_sums.setdefault(team_id, {}), live[user_id])
        for summary in live.values():
            _add_areas(everyone_sums, summary)

    competencies = sorted(Competency.objects.select_related("area"), key=loading.framework_key)
    by_code = {c.code: c for c in competencies}
    areas = sorted({c.area_id: c.area for c in competencies}.values(), key=loading.area_key)

    stale_before = now - timedelta(days=stale_days)

    def is_stale(user_id) -> bool:
        row = latest_of.get(user_id)
        return row is None or row.submitted_at < stale_before

    def cells(sums: dict[str, tuple[int, int]]) -> list[Cell]:
        means = {code: rollup.mean_of_tenths(total, n) for code, (total, n) in sums.items()}
        return [
            Cell(area=a, readiness=means.get(a.code), band=readiness_band(means.get(a.code)))
            for a in areas
        ]

    members_by_team: dict[int, list[int]] = {}
    for team_id, user_id in memberships:
        members_by_team.setdefault(team_id, []).append(user_id)
    team_rows = []
    for team, depth in chosen:
        member_ids = members_by_team.get(team.pk, [])
        assessed = sum(u in counted_of for u in member_ids)
        shown = team.pk in visible_ids or assessed >= rollup.MIN_GROUP
        row = TeamRow(
            team=team,
            depth=depth,
            members=len(member_ids),
            assessed=assessed,
            stale=sum(is_stale(u) for u in member_ids),
            shown=shown,
        )
        if shown and assessed:
            sums = team_sums.get(team.pk, {})
            # .get: a submit between this request's queries may have moved a mark.
            row.readiness = rollup.mean_of_tenths(*sums.get(OVERALL, (0, 0)))
            row.band = readiness_band(row.readiness)
            row.cells = cells(sums)
        team_rows.append(row)

    everyone = len(counted_rows)
    shown = sees_individuals or everyone >= rollup.MIN_GROUP
    stats = competency_stats(counted, competencies) if shown and everyone else []
    stale_ids = [u for u in people_ids if is_stale(u)]
    stale = []
    if sees_individuals and stale_ids:
        first_team = {}
        names = dict()
        for team, _d in chosen:
            for u in members_by_team.get(team.pk, []):
                first_team.setdefault(u, team.name)
        for pk, username, first, last in User.objects.filter(
            pk__in=members_qs.values("pk")
        ).values_list("pk", "username", "first_name", "last_name"):
            names[pk] = f"{first} {last}".strip() or username
        ordered = sorted(stale_ids, key=lambda u: (names.get(u, "").casefold(), u))
        stale = [
            StaleMember(
                user_id=u,
                name=names.get(u, ""),
                team=first_team.get(u, ""),
                last=latest_of[u].submitted_at if u in latest_of else None,
            )
            for u in ordered[:STALE_NAMES_SHOWN]
        ]
    trend = trend_of(
        members_qs,
        ratings=ratings,
        with_competencies=False,
        profile_id=profile.pk if profile else None,
        now=now,
    )
    if not sees_individuals:
        trend = Trend(
            points=[p for p in trend.points if p.people >= rollup.MIN_GROUP], ratings=trend.ratings
        )
    readiness = (
        rollup.mean_of_tenths(*everyone_sums.get(OVERALL, (0, 0))) if shown and everyone else None
    )
    return OrgData(
        teams=team_rows,
        all_teams=tree,
        subtree=subtree,
        areas=areas,
        profiles=profiles,
        profile=profile,
        ratings=ratings,
        stale_days=stale_days,
        people=len(people_ids),
        assessed=everyone,
        shown=shown,
        sees_individuals=sees_individuals,
        readiness=readiness,
        band=readiness_band(readiness),
        area_means=cells(everyone_sums) if shown else [],
        priorities=[
            (by_code[s.code], s)
            for s in rollup.training_priorities(stats, TRAINING_PRIORITIES_SHOWN)
        ],
        thin_cover=[(by_code[s.code], s) for s in rollup.thin_cover(stats)],
        stale=stale,
        stale_count=len(stale_ids),
        trend=trend,
    )
