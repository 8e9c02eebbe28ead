"""Reads behind the team dashboard, its CSV and its PDF.

``team_data`` loads every member of a team, each member's latest submitted or
reviewed assessment, all their ratings (with the target and weight snapshot
taken at submit) and the framework in a fixed number of queries, whatever the
size of the team; it scores each member with ``assessments.scoring.score`` and
the team with ``assessments.scoring.team``. No number is computed here: the
selector only arranges what scoring returns for the pages.

**Provenance.** The team figures count either every member's latest submitted
assessment (``RATINGS_ALL``, the default) or only those whose review is
completed, reviewed or acknowledged (``RATINGS_REVIEWED``). In the first, a
member whose review is not completed is scored on ratings that rest on their
self-ratings alone (save the manager levels already given): their cells are
marked ``self_rated``. Team readiness is given both ways whatever the mode.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from assessments import blind, loading, scoring, selectors
from assessments.models import Assessment, Rating
from org.models import Team
from roles.models import Competency, CompetencyArea, RoleProfile

from . import rollup

DEFAULT_STALE_DAYS = 180
# Which members' ratings the team figures count (``team_data(ratings=…)``).
RATINGS_ALL = "all"  # every latest submitted assessment, self-only figures marked
RATINGS_REVIEWED = "reviewed"  # only those whose review is completed
RATINGS_MODES = (RATINGS_ALL, RATINGS_REVIEWED)
MAX_STALE_DAYS = 3650
TRAINING_PRIORITIES_SHOWN = 10
# The PDF prints the heatmap as one table per page (fewer rows on the first,
# below the title): WeasyPrint then never splits a table across pages. As many
# rows as fit (static/css/team_print.css sets their height; the first page's
# notes are longest in Indonesian, with the reviewed-only filter): more, and a
# page ends with the table's last rows alone on the next.
PRINT_ROWS_FIRST_PAGE = 14
PRINT_ROWS_PER_PAGE = 22

# Lower bounds of the heatmap's colour bands, worst first; band 4 is 100 %.
# Five steps of one sequential scale, dark to light, so the order survives a
# greyscale print; the number is always in the cell as well.
READINESS_BANDS = (0.0, 50.0, 70.0, 85.0, 100.0)


def readiness_band(value: float | None) -> int | None:
    """The heatmap band (0 = below 50 %, …, 4 = 100 %) of a readiness value."""
    if value is None:
        return None
    return bisect_right(READINESS_BANDS, value) - 1


@dataclass
class Member:
    """A team member and their latest submitted or reviewed assessment (if any)."""

    user: User
    has_draft: bool
    assessment: Assessment | None = None
    report: scoring.Report | None = None
    # The assessment's items (the CSV reads them through ``assessments.blind``).
    items: list[loading.Item] = field(default_factory=list)
    manager_rated: int = 0  # items with a manager level

    @property
    def key(self) -> str:
        return self.user.username

    @property
    def review_done(self) -> bool:
        return self.assessment is not None and self.assessment.review_done

    @property
    def self_rated(self) -> bool:
        """Do this member's figures rest on their self-ratings (review not completed)?"""
        return self.assessment is not None and not self.assessment.review_done


@dataclass(frozen=True)
class HeatCell:
    area: CompetencyArea
    readiness: float | None  # None: the member's profile has no competency in the area
    band: int | None
    self_rated: bool = False  # rests on self-ratings: the review is not completed

    @property
    def css(self) -> str:
        if self.band is None:
            return "heat heat-none"
        return f"heat heat-{self.band} heat-self" if self.self_rated else f"heat heat-{self.band}"


@dataclass(frozen=True)
class HeatRow:
    member: Member
    readiness: float
    band: int
    cells: list[HeatCell]

    @property
    def self_rated(self) -> bool:
        return self.member.self_rated


# The team needs more than one person in a competency when at least this many
# of its assessed members' profiles target it at this level or above: work at
# that level, needed by two people or more, should not rest on one. Only there
# is a competency held at target by one member a single point of failure; one
# nobody holds at target is listed whatever the need.
NEEDS_MORE_THAN_ONE_MEMBERS = 2
NEEDS_MORE_THAN_ONE_LEVEL = 3


@dataclass(frozen=True)
class TeamCompetencyRow:
    competency: Competency
    score: scoring.TeamCompetency
    # Members who need it (target > 0) and meet the target: the team's cover.
    covered_by: list[Member] = field(default_factory=list)
    # For a single point of failure: the nearest successor and the cover
    # without the one person who covers it (``teams.rollup.succession``).
    succession: rollup.Succession | None = None
    successor: Member | None = None
    # Members whose profile targets it at NEEDS_MORE_THAN_ONE_LEVEL or above.
    needed_high_by: int = 0

    @property
    def nobody(self) -> bool:
        """Nobody who needs it holds it at target."""
        return self.score.coverage == 0


@dataclass
class TeamData:
    """Everything the dashboard, the CSV and the PDF show about one team."""

    team: Team
    areas: list[CompetencyArea]  # framework order
    competencies: dict[str, Competency]  # by code
    members: list[Member]  # every member, by name
    submitted: list[Member]  # members with an assessment, within the profile filter
    assessed: list[Member]  # those of ``submitted`` the figures count (``ratings``)
    ratings: str  # RATINGS_ALL or RATINGS_REVIEWED
    profiles: list[RoleProfile]  # the profiles the members' assessments use
    profile: RoleProfile | None  # the profile filter, if any
    report: scoring.TeamReport
    rows: list[HeatRow]
    area_means: list[HeatCell]
    training_priorities: list[TeamCompetencyRow]
    single_points_of_failure: list[TeamCompetencyRow]
    stale_days: int
    stale_before: datetime
    not_submitted: list[Member]  # no submitted assessment at all
    stale: list[Member]  # last assessment submitted before ``stale_before``
    readiness_all: float | None = None  # team readiness over ``submitted``
    readiness_reviewed: float | None = None  # over the members whose review is completed

    @property
    def reviewed_only(self) -> bool:
        return self.ratings == RATINGS_REVIEWED

    @property
    def reviewed(self) -> list[Member]:
        """The members of ``submitted`` whose review is completed."""
        return [m for m in self.submitted if m.review_done]

    @property
    def awaiting_review(self) -> list[Member]:
        """The members of ``submitted`` whose review is not completed."""
        return [m for m in self.submitted if not m.review_done]

    @property
    def self_rated(self) -> list[Member]:
        """The counted members whose figures rest on their self-ratings."""
        return [m for m in self.assessed if m.self_rated]

    @property
    def readiness_band(self) -> int | None:
        return readiness_band(self.report.readiness)

    @property
    def many_profiles(self) -> bool:
        """Do the members' assessments use more than one role profile?"""
        return len(self.profiles) > 1

    @property
    def row_chunks(self) -> list[list[HeatRow]]:
        """The heatmap rows in page-sized pieces, for print."""
        first = PRINT_ROWS_FIRST_PAGE
        chunks = [self.rows[:first]]
        for start in range(first, len(self.rows), PRINT_ROWS_PER_PAGE):
            chunks.append(self.rows[start : start + PRINT_ROWS_PER_PAGE])
        return chunks


def _latest_assessments(team: Team) -> list[Assessment]:
    """Each member's latest submitted/reviewed assessment, in one query."""
    return list(
        selectors.latest_visible(engineer__in=team.members.values("pk")).select_related(
            "role_profile"
        )
    )


def _framework() -> tuple[list[CompetencyArea], dict[int, Competency], dict[int, int]]:
    """The framework's areas in order, its competencies by id, and each
    competency's place in framework order (``loading.framework_key``)."""
    competencies = list(Competency.objects.select_related("area"))
    areas: dict[int, CompetencyArea] = {}
    for competency in competencies:
        areas.setdefault(competency.area_id, competency.area)
    ranked = sorted(competencies, key=loading.framework_key)
    rank = {competency.pk: place for place, competency in enumerate(ranked)}
    return sorted(areas.values(), key=loading.area_key), {c.pk: c for c in competencies}, rank


def _items(
    ratings, competencies: dict[int, Competency], rank: dict[int, int]
) -> list[loading.Item]:
    """A frozen assessment's items from its rating rows ``(competency id,
    self, manager, target, weight)``, by the loader's rules: the snapshot, in
    framework order (``rank``, the loader's key computed once for the
    framework), so a member's numbers here equal their report's."""
    rows = sorted((row for row in ratings if row[3] is not None), key=lambda row: rank[row[0]])
    items = [
        loading.Item(
            competency=competencies[competency_id],
            target=target,
            weight=weight,
            level=level,
            manager_level=manager_level,
        )
        for competency_id, level, manager_level, target, weight in rows
    ]
    return items


def team_data(
    team: Team,
    *,
    profile_code: str | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    ratings: str = RATINGS_ALL,
    now: datetime | None = None,
) -> TeamData:
    """The team's members, their latest assessments scored, and the team summary.

    Four queries whatever the number of members: members, latest assessments,
    their ratings, the framework. ``profile_code`` keeps only the members whose
    latest assessment uses that role profile (an unknown code filters nothing);
    ``stale_days`` sets how old a last assessment may be before it is listed as
    out of date; ``ratings`` which members the figures count (``RATINGS_ALL``:
    every one with a submitted assessment; ``RATINGS_REVIEWED``: those whose
    review is completed; anything else counts as ``RATINGS_ALL``).
    """
    if ratings not in RATINGS_MODES:
        ratings = RATINGS_ALL
    now = now or timezone.now()
    drafts = Assessment.objects.filter(engineer=OuterRef("pk"), status=Assessment.Status.DRAFT)
    users = list(
        team.members.annotate(has_draft=Exists(drafts)).only(
            "pk", "username", "first_name", "last_name", "deleted_at"
        )
    )
    users.sort(key=lambda u: (u.display_name.casefold(), u.username))
    assessments = {a.engineer_id: a for a in _latest_assessments(team)}
    ratings_by_assessment: dict[int, list[tuple]] = {a.pk: [] for a in assessments.values()}
    if assessments:
        # Plain tuples: 15 000 rows for 500 members, no model instances needed.
        for assessment_id, *row in Rating.objects.filter(
            assessment_id__in=list(ratings_by_assessment)
        ).values_list(
            "assessment_id", "competency_id", "level", "manager_level", "target", "weight"
        ):
            ratings_by_assessment[assessment_id].append(row)
    areas, competencies, rank = _framework()
    framework = loading.area_inputs(areas)

    members = []
    for user in users:
        member = Member(user=user, has_draft=user.has_draft)
        assessment = assessments.get(user.pk)
        if assessment is not None:
            member.assessment = assessment
            member.items = _items(ratings_by_assessment[assessment.pk], competencies, rank)
            member.manager_rated = sum(i.manager_level is not None for i in member.items)
            member.report = loading.report_of(member.items, framework)
        members.append(member)

    profiles_by_code = {}
    for member in members:
        if member.assessment is not None:
            profile = member.assessment.role_profile
            profiles_by_code.setdefault(profile.code, profile)
    profiles = sorted(profiles_by_code.values(), key=lambda p: (p.order, p.code))
    profile = profiles_by_code.get(profile_code or "")

    submitted = [
        m
        for m in members
        if m.assessment is not None
        and (profile is None or m.assessment.role_profile_id == profile.pk)
    ]
    reviewed = [m for m in submitted if m.review_done]
    assessed = reviewed if ratings == RATINGS_REVIEWED else submitted
    report = scoring.team([scoring.MemberInput(key=m.key, report=m.report) for m in assessed])

    by_key = {m.key: m for m in assessed}
    rows = []
    for member_row in report.members:
        values = dict(member_row.areas)
        member = by_key[member_row.key]
        rows.append(
            HeatRow(
                member=member,
                readiness=member_row.readiness,
                band=readiness_band(member_row.readiness),
                cells=[
                    HeatCell(
                        area=a,
                        readiness=values.get(a.code),
                        band=readiness_band(values.get(a.code)),
                        self_rated=member.self_rated,
                    )
                    for a in areas
                ],
            )
        )
    means = dict(report.area_means)
    area_means = [
        HeatCell(area=a, readiness=means.get(a.code), band=readiness_band(means.get(a.code)))
        for a in areas
    ]

    by_code = {c.code: c for c in competencies.values()}
    team_competencies = {tc.code: tc for tc in report.competencies}

    scores_by_member = (
        [(m, {c.code: c for c in m.report.competencies}) for m in assessed]
        if report.single_points_of_failure
        else []
    )

    def covered_by(code: str) -> list[Member]:
        cover = []
        for member, scores in scores_by_member:
            item = scores.get(code)
            if item is not None and item.target > 0 and item.gap == 0:
                cover.append(member)
        return cover

    def succession_of(code: str) -> rollup.Succession:
        values = []
        for member, scores in scores_by_member:
            item = scores.get(code)
            if item is not None:
                values.append(
                    (member.key, rollup.CompetencyValue(code, item.area, item.rating, item.target))
                )
        return rollup.succession(code, values)

    def needed_high_by(code: str) -> int:
        return sum(
            1
            for _member, scores in scores_by_member
            if code in scores and scores[code].target >= NEEDS_MORE_THAN_ONE_LEVEL
        )

    def competency_rows(codes, *, with_cover=False) -> list[TeamCompetencyRow]:
        rows = []
        for code in codes:
            succession = succession_of(code) if with_cover else None
            rows.append(
                TeamCompetencyRow(
                    competency=by_code[code],
                    score=team_competencies[code],
                    covered_by=covered_by(code) if with_cover else [],
                    succession=succession,
                    successor=by_key.get(succession.successor) if succession else None,
                    needed_high_by=needed_high_by(code) if with_cover else 0,
                )
            )
        return rows

    def single_points_of_failure() -> list[TeamCompetencyRow]:
        """Nobody covers it (first, framework order), then one member covers it
        where the team needs more than one (NEEDS_MORE_THAN_ONE_*)."""
        rows = competency_rows(report.single_points_of_failure, with_cover=True)
        return [
            row for row in rows if row.nobody or row.needed_high_by >= NEEDS_MORE_THAN_ONE_MEMBERS
        ]

    stale_before = now - timedelta(days=stale_days)
    return TeamData(
        team=team,
        areas=areas,
        competencies=by_code,
        members=members,
        submitted=submitted,
        assessed=assessed,
        ratings=ratings,
        profiles=profiles,
        profile=profile,
        report=report,
        rows=rows,
        area_means=area_means,
        training_priorities=competency_rows(report.training_priorities[:TRAINING_PRIORITIES_SHOWN]),
        single_points_of_failure=single_points_of_failure(),
        stale_days=stale_days,
        stale_before=stale_before,
        not_submitted=[m for m in members if m.assessment is None],
        stale=[
            m
            for m in submitted
            if m.assessment.submitted_at is not None and m.assessment.submitted_at < stale_before
        ],
        readiness_all=scoring.team_readiness([m.report for m in submitted]),
        readiness_reviewed=scoring.team_readiness([m.report for m in reviewed]),
    )


# --- one area, member by member (``/teams/<id>/?area=<code>``) ---------------


@dataclass(frozen=True)
class AreaCell:
    target: int | None  # None: the competency is not in the member's profile
    self_level: int | None
    manager_level: int | None
    self_hidden: bool = False  # blind review: hidden until the manager rates it

    @property
    def in_profile(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class AreaRow:
    member: Member
    cells: list[AreaCell]


@dataclass(frozen=True)
class AreaView:
    area: CompetencyArea
    competencies: list[Competency]
    rows: list[AreaRow]


def area_view(data: TeamData, area_code: str, viewer) -> AreaView | None:
    """The members counted by ``data`` × the competencies of one area, with the
    self and manager levels ``viewer`` may see (the blind-review rule,
    ``assessments.blind``); None for an area the framework does not have."""
    area = next((a for a in data.areas if a.code == area_code), None)
    if area is None:
        return None
    competencies = sorted(
        (c for c in data.competencies.values() if c.area_id == area.pk), key=loading.framework_key
    )
    rows = []
    for member in data.assessed:
        blind_for_viewer = blind.hides_self_ratings(viewer, member.assessment)
        items = {item.competency.code: item for item in member.items}
        cells = []
        for competency in competencies:
            item = items.get(competency.code)
            if item is None:
                cells.append(AreaCell(target=None, self_level=None, manager_level=None))
                continue
            hidden = blind_for_viewer and blind.hidden(item)
            cells.append(
                AreaCell(
                    target=item.target,
                    self_level=None if hidden else item.level,
                    manager_level=item.manager_level,
                    self_hidden=hidden,
                )
            )
        rows.append(AreaRow(member=member, cells=cells))
    return AreaView(area=area, competencies=competencies, rows=rows)
