"""The API's documents as pydantic schemas (django-ninja writes the OpenAPI
description from them). The report's schema is SPEC §7's document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictInt, field_validator

from roles.models import SCALE_MAX, SCALE_MIN

Status = Literal["draft", "submitted", "in_review", "reviewed", "acknowledged"]
MAX_REVISION = 2**31 - 1


class Error(Schema):
    detail: str | list | dict


class Me(Schema):
    kind: Literal["personal", "service"]
    username: str | None
    name: str
    token: str  # the token's prefix
    read_write: bool
    expires_at: datetime
    teams: list[int]  # a service token's scope


class AssessmentOut(Schema):
    """An assessment (read from the model: ``engineer`` and ``role_profile`` are
    the username and the profile code)."""

    id: int
    engineer: str = Field(alias="engineer.username")
    role_profile: str = Field(alias="role_profile.code")
    status: Status
    created_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None
    acknowledged_at: datetime | None


# --- the report (SPEC §7) ------------------------------------------------------


class ReportAssessment(Schema):
    id: int
    engineer: str
    role_profile: str
    status: Status
    submitted_at: str | None


class ReportScale(Schema):
    min: int
    max: int


class ReportOverall(Schema):
    readiness: float | None
    rated: int
    total: int


class ReportArea(Schema):
    code: str
    kind: Literal["skill", "responsibility"]
    name: str
    readiness: float | None
    priority: float | int | None


class ReportCompetency(Schema):
    code: str
    area: str
    name: str
    target: int
    weight: int
    self: int | None
    manager: int | None
    rating: int | None
    gap: int | float | None
    priority: int | float | None
    severity: str | None
    blind_spot: bool


class Report(Schema):
    assessment: ReportAssessment
    scale: ReportScale
    overall: ReportOverall
    areas: list[ReportArea]
    competencies: list[ReportCompetency]
    priorities: list[str]


# --- ratings -------------------------------------------------------------------


class RatingOut(Schema):
    competency: str
    area: str
    name: str
    target: int
    weight: int
    level: int | None
    evidence: str
    manager_level: int | None
    revision: int


class RatingIn(Schema):
    """One self-rating. A field left out (or null) keeps what is saved;
    ``revision`` is the rating's revision as last read (a newer save: 409)."""

    level: StrictInt | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)
    evidence: str | None = Field(None, max_length=2000)
    revision: StrictInt | None = Field(None, ge=0, le=MAX_REVISION)

    @field_validator("evidence")
    @classmethod
    def no_nul(cls, value):
        if value is not None and "\x00" in value:
            raise ValueError("the evidence may not contain NUL characters")
        return value


# --- teams ---------------------------------------------------------------------


class TeamOut(Schema):
    id: int
    name: str
    parent: int | None
    managed: bool  # the caller manages it (and reviews its members)


class TeamArea(Schema):
    code: str
    name: str
    readiness: float | None


class TeamMemberRow(Schema):
    username: str
    name: str
    assessment: int
    readiness: float
    self_rated: bool  # the figures rest on self-ratings: the review is not completed


class TeamCompetencyOut(Schema):
    code: str
    name: str
    mean_rating: float
    mean_gap: float
    coverage: int
    needed_by: int


class Dashboard(Schema):
    team: TeamOut
    ratings: Literal["all", "reviewed"]
    members: int  # everyone in the team
    assessed: int  # those the figures count
    awaiting_review: int
    not_submitted: int
    readiness: float | None
    readiness_all: float | None
    readiness_reviewed: float | None
    areas: list[TeamArea]
    rows: list[TeamMemberRow]
    training_priorities: list[TeamCompetencyOut]
    single_points_of_failure: list[TeamCompetencyOut]


# --- the framework -------------------------------------------------------------


class LevelOut(Schema):
    level: int
    name: str


class CompetencyOut(Schema):
    code: str
    name: str


class AreaOut(Schema):
    code: str
    kind: str
    name: str
    competencies: list[CompetencyOut]


class ProfileOut(Schema):
    code: str
    name: str


class Framework(Schema):
    scale: list[LevelOut]
    areas: list[AreaOut]
    profiles: list[ProfileOut]


# --- the skills search ----------------------------------------------------------


class SearchHitOut(Schema):
    """One person found by the skills search (``teams.search.Hit``): their
    latest submitted assessment's level of the competency, whose level it is
    (``manager``, ``agreed``: the engineer's, taken by the manager, ``self``)
    and when it was rated (the review's completion, else the submission)."""

    username: str
    name: str
    assessment: int
    level: int
    target: int | None
    source: Literal["manager", "agreed", "self"]
    status: Status
    reviewed: bool
    rated_on: datetime | None

    @staticmethod
    def resolve_assessment(hit) -> int:
        return hit.assessment_id

    @staticmethod
    def resolve_reviewed(hit) -> bool:
        return hit.review_done


# --- review cycles ----------------------------------------------------------------


class CycleOut(Schema):
    """A review cycle (``opened_by`` a username, ``teams`` their ids)."""

    id: int
    name: str
    teams: list[int]
    self_due: date
    review_due: date
    opened_by: str | None
    opened_at: datetime
    closed_at: datetime | None
    open: bool

    @staticmethod
    def resolve_teams(cycle) -> list[int]:
        return sorted(team.pk for team in cycle.teams.all())

    @staticmethod
    def resolve_opened_by(cycle) -> str | None:
        return cycle.opened_by.username if cycle.opened_by is not None else None

    @staticmethod
    def resolve_open(cycle) -> bool:
        return cycle.is_open
