"""``/api/v1/``: the API (SPEC §15), django-ninja operations over the same
permission module, selectors and services as the pages, so the rules of §6
and §12 exist once.

Every operation needs ``Authorization: Bearer <token>`` (``auth.BearerToken``);
a session cookie authenticates nothing here, so there is no CSRF to check.
Refusals answer JSON ``{"detail": …}``: 400 bad input, 401 no valid token
(with ``WWW-Authenticate: Bearer``), 403 a read-only token writing, 404 what
the caller may not see (as on the pages), 409 a stale revision or a frozen
assessment, 429 too many requests.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError
from ninja.openapi.docs import Swagger
from ninja.pagination import paginate

from assessments import documents, permissions, selectors, services
from assessments import errors as domain
from assessments.views.errors import status_of
from core.ratelimit import RateLimited
from cycles import permissions as cycle_permissions
from roles.models import (
    SCALE_MAX,
    SCALE_MIN,
    Competency,
    CompetencyArea,
    ProficiencyLevel,
    RoleProfile,
)
from teams.search import search as skills_search
from teams.selectors import RATINGS_ALL, team_data

from . import schemas
from .auth import BearerToken, BodyTooLarge, ReadOnlyToken, reader_of, writer_of
from .pagination import Page
from .parser import BadBody, JsonObjectParser

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}

api = NinjaAPI(
    title="SkillGap API",
    version="1",
    description=(
        "Read assessments, reports, team figures, the skills search, review cycles and "
        "the framework; write one's own "
        "draft's self-ratings. Authenticate with `Authorization: Bearer <token>` "
        "(a personal token from /me/tokens/, or a service token)."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    parser=JsonObjectParser(),
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- refusals as JSON -------------------------------------------------------------


def _error(request, detail, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = _error(request, "A valid bearer token is needed.", 401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(InputError)
def _bad_input(request, exc):
    return _error(request, exc.errors, 400)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # A body the parser refused says why (ninja wraps it in a generic message).
    cause = exc.__cause__
    return _error(request, str(cause if isinstance(cause, BadBody) else exc), exc.status_code)


@api.exception_handler(BodyTooLarge)
def _too_large(request, exc):
    return _error(request, str(exc), 400)


@api.exception_handler(ReadOnlyToken)
def _read_only(request, exc):
    return _error(request, "This token is read-only.", 403)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = _error(request, "Too many requests; try again later.", 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "Not found.", 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, "You may not change this.", 403)


@api.exception_handler(domain.DomainError)
def _domain(request, exc):
    # The pages' mapping (assessments/views/errors.py): one table of statuses.
    status = status_of(exc)
    detail = {
        domain.UnknownCompetency: "No such competency in this assessment.",
        domain.AssessmentFrozen: "This assessment can no longer be changed.",
        domain.StaleRevision: "Changed meanwhile: read the rating again and retry.",
    }.get(type(exc), str(exc))
    return _error(request, detail, status)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    return _error(request, " ".join(exc.messages), status_of(exc))


# --- who is asking ----------------------------------------------------------------


@api.get("/me", response={200: schemas.Me, **ERRORS}, tags=["me"])
def me(request):
    """The token's owner (or, for a service token, its name and teams)."""
    token = request.auth
    reader = reader_of(request)
    return {
        "kind": token.kind,
        "username": None if token.is_service else reader.username,
        "name": token.name if token.is_service else reader.display_name,
        "token": token.prefix,
        "read_write": token.read_write,
        "expires_at": token.expires_at,
        "teams": list(reader.team_ids) if token.is_service else [],
    }


# --- assessments ---------------------------------------------------------------------


@api.get(
    "/assessments", response={200: list[schemas.AssessmentOut], **ERRORS}, tags=["assessments"]
)
@paginate(Page)
def assessments(request):
    """The caller's own assessments and those they see as a manager or
    overseer (never someone else's draft), newest first."""
    queryset = (
        permissions.assessments_visible_to(reader_of(request))
        .select_related("engineer", "role_profile")
        .order_by("-created_at", "-pk")
    )
    return queryset


@api.get("/assessments/{id}", response={200: schemas.AssessmentOut, **ERRORS}, tags=["assessments"])
def assessment(request, id: int):
    return permissions.assessment_for_viewer(reader_of(request), id)


@api.get("/assessments/{id}/report", response={200: schemas.Report, **ERRORS}, tags=["assessments"])
def report(request, id: int, profile: str | None = Query(None, max_length=64)):
    """SPEC §7's report.json, exactly: the document ``/assessments/<id>/report.json``
    serves, made by the same function (the blind-review rule included)."""
    reader = reader_of(request)
    assessment = permissions.assessment_for_viewer(reader, id)
    document = documents.report_document_bytes(assessment, viewer=reader, profile_code=profile)
    return HttpResponse(document, content_type="application/json; charset=utf-8")


def _rating(item) -> dict:
    rating = item.rating
    return {
        "competency": item.competency.code,
        "area": item.competency.area.code,
        "name": str(item.competency.name),
        "target": item.target,
        "weight": item.weight,
        "level": item.level,
        "evidence": rating.evidence if rating is not None else "",
        "manager_level": item.manager_level,
        "revision": rating.revision if rating is not None else 0,
    }


@api.get(
    "/assessments/{id}/ratings",
    response={200: list[schemas.RatingOut], **ERRORS},
    tags=["assessments"],
)
def ratings(request, id: int):
    """Every competency of the assessment in framework order, as the caller may
    see it (a self-rating a reviewing manager has not rated yet is hidden)."""
    reader = reader_of(request)
    assessment = permissions.assessment_for_viewer(reader, id)
    return [_rating(item) for item in selectors.assessment_data(assessment, viewer=reader).items]


@api.put(
    "/assessments/{id}/ratings/{competency_code}",
    response={
        200: schemas.RatingOut,
        **ERRORS,
        403: schemas.Error,
        409: schemas.Error,
    },
    tags=["assessments"],
)
def rating_put(
    request,
    id: int,
    body: schemas.RatingIn,
    competency_code: str = Path(..., pattern=CODE_PATTERN),
):
    """Save one self-rating of the caller's own draft (a read-write token), the
    same save as the rating page's autosave."""
    user = writer_of(request)
    assessment = permissions.assessment_for_owner(user, id)
    result = services.rating_save(
        user=user,
        assessment=assessment,
        competency_code=competency_code,
        level=body.level,
        evidence=body.evidence,
        revision=body.revision,
    )
    data = selectors.assessment_data(assessment, viewer=user)
    return _rating(data.item(result.rating.competency.code))


# --- teams -----------------------------------------------------------------------


def _team(team, managed: bool) -> dict:
    return {"id": team.pk, "name": team.name, "parent": team.parent_id, "managed": managed}


@api.get("/teams", response={200: list[schemas.TeamOut], **ERRORS}, tags=["teams"])
def teams(request):
    """The teams whose figures the caller may see (managed or overseen)."""
    return [
        _team(team, team.is_managed)
        for team in sorted(
            permissions.teams_with_role(reader_of(request)), key=lambda t: (t.name, t.pk)
        )
    ]


def _competency_row(row) -> dict:
    return {
        "code": row.competency.code,
        "name": str(row.competency.name),
        "mean_rating": row.score.mean_rating,
        "mean_gap": row.score.mean_gap,
        "coverage": row.score.coverage,
        "needed_by": row.score.needed_by,
    }


@api.get("/teams/{id}/dashboard", response={200: schemas.Dashboard, **ERRORS}, tags=["teams"])
def dashboard(request, id: int, ratings: Literal["all", "reviewed"] = RATINGS_ALL):
    """The team dashboard's figures (``ratings=reviewed``: only the members whose
    review is completed count). Its readers see the members one by one, so the
    small-group rule withholds nothing here (SPEC §12)."""
    reader = reader_of(request)
    team = permissions.team_for_viewer(reader, id)
    data = team_data(team, ratings=ratings)
    return {
        "team": _team(team, permissions.may_review_team(reader, team)),
        "ratings": data.ratings,
        "members": len(data.members),
        "assessed": len(data.assessed),
        "awaiting_review": len(data.awaiting_review),
        "not_submitted": len(data.not_submitted),
        "readiness": data.report.readiness,
        "readiness_all": data.readiness_all,
        "readiness_reviewed": data.readiness_reviewed,
        "areas": [
            {"code": cell.area.code, "name": str(cell.area.name), "readiness": cell.readiness}
            for cell in data.area_means
        ],
        "rows": [
            {
                "username": row.member.user.username,
                "name": row.member.user.display_name,
                "assessment": row.member.assessment.pk,
                "readiness": row.readiness,
                "self_rated": row.self_rated,
            }
            for row in data.rows
        ],
        "training_priorities": [_competency_row(r) for r in data.training_priorities],
        "single_points_of_failure": [_competency_row(r) for r in data.single_points_of_failure],
    }


# --- the skills search ------------------------------------------------------------


@api.get("/search", response={200: list[schemas.SearchHitOut], **ERRORS}, tags=["search"])
@paginate(Page)
def search(
    request,
    competency: str = Query(..., pattern=CODE_PATTERN),
    min_level: int = Query(SCALE_MIN, ge=SCALE_MIN, le=SCALE_MAX),
    reviewed_only: bool = False,
):
    """The skills search of ``/search/``: the people the caller may see whose
    latest submitted assessment rates ``competency`` at ``min_level`` or above
    (``reviewed_only``: only completed reviews), highest level first, then by
    name; each with whose level it is and when it was rated."""
    found = Competency.objects.filter(code=competency).first()
    if found is None:
        raise HttpError(400, "There is no such competency in the framework.")
    return skills_search(
        reader_of(request), found, min_level=min_level, reviewed_only=reviewed_only
    )


# --- review cycles ----------------------------------------------------------------


@api.get("/cycles", response={200: list[schemas.CycleOut], **ERRORS}, tags=["cycles"])
@paginate(Page)
def cycles(request):
    """The review cycles the caller may see (an administrator: all; a manager:
    those of a team they manage; nobody else any), newest first."""
    return (
        cycle_permissions.cycles_visible_to(reader_of(request))
        .select_related("opened_by")
        .prefetch_related("teams")
        .order_by("-opened_at", "-pk")
    )


@api.get("/cycles/{id}", response={200: schemas.CycleOut, **ERRORS}, tags=["cycles"])
def cycle(request, id: int):
    """One review cycle, for who may see its page (else 404)."""
    return cycle_permissions.cycle_for_manager(reader_of(request), id)


# --- the framework ----------------------------------------------------------------


@api.get("/framework", response={200: schemas.Framework, **ERRORS}, tags=["framework"])
def framework(request):
    """The proficiency scale, the areas with their active competencies (framework
    order) and the active role profiles, in the request's language."""
    areas = CompetencyArea.objects.prefetch_related("competencies").order_by("order", "code")
    return {
        "scale": [
            {"level": level.level, "name": str(level.name)}
            for level in ProficiencyLevel.objects.order_by("level")
        ],
        "areas": [
            {
                "code": area.code,
                "kind": area.kind,
                "name": str(area.name),
                "competencies": [
                    {"code": c.code, "name": str(c.name)}
                    for c in sorted(area.competencies.all(), key=lambda c: (c.order, c.code))
                    if c.is_active
                ],
            }
            for area in areas
        ],
        "profiles": [
            {"code": p.code, "name": str(p.name)}
            for p in RoleProfile.objects.filter(is_active=True).order_by("order", "code")
        ],
    }
