"""The team report PDF, rendered once per content.

WeasyPrint needs seconds for a big team (one heatmap row per member), so a
rendered PDF is kept in the cache under a digest of everything it shows: the
language, the day (the report is dated), the filter, every member's name and
assessment and its review state, which ratings are counted, every number
of the team report and the framework names. Any
change to one of those is a new key; nothing has to be invalidated.

That key needs the team loaded and scored. A download again is answered
before that: :func:`stamp_key` digests, in a fixed number of small queries,
the change stamps of everything the PDF is made from (the team, its members
and their names, their assessments and those assessments' ratings, the
framework, the filter, the language and the day) and maps to the content key
of the PDF last made from them. A miss there takes the path above.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Count, Max, Q, Sum, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone, translation

from assessments import loading
from core.cache import cache_get, cache_set
from core.pdf import render_pdf, take_pdf_render
from roles.models import Competency, CompetencyArea, RoleProfile

from .charts import team_trend_chart
from .selectors import TeamData
from .trends import Trend, team_trend

TEMPLATE = "teams/report_pdf.html"
# Bump when the print template or stylesheet changes what a PDF shows.
CACHE_VERSION = 4
CACHE_TIMEOUT = 60 * 60


def content_key(data: TeamData, trend: Trend | None = None) -> str:
    """A digest of what the team PDF of ``data`` (and its ``trend``) shows, in the active language."""
    members = [
        (
            m.user.pk,
            m.user.display_name,
            m.has_draft,
            m.assessment.pk if m.assessment else None,
            m.assessment.submitted_at.isoformat()
            if m.assessment and m.assessment.submitted_at
            else None,
            m.assessment.status if m.assessment else None,
            m.manager_rated,
        )
        for m in data.members
    ]
    material = (
        translation.get_language(),
        timezone.localdate().isoformat(),
        data.team.pk,
        data.team.name,
        data.stale_days,
        data.ratings,
        (data.profile.code, data.profile.name) if data.profile else None,
        members,
        [m.user.pk for m in data.stale],
        [(a.code, a.name) for a in data.areas],
        [(c.code, c.name, c.area.name) for c in data.competencies.values()],
        data.report,
        data.readiness_all,
        data.readiness_reviewed,
        trend.points if trend is not None else None,
    )
    digest = hashlib.sha256(repr(material).encode()).hexdigest()
    return f"skillgap:team-pdf:{data.team.pk}:{digest}"


def _all_fields(model, prefix: str = "") -> list[str]:
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields]


def _framework_rows():
    """Every field of the framework's competencies (with their areas') and of
    the role profiles, as text, in one query (a union of two)."""
    competency = _all_fields(Competency) + _all_fields(CompetencyArea, "area__")
    profile = _all_fields(RoleProfile)
    width = max(len(competency), len(profile))

    def as_text(queryset, fields, kind):
        columns = {f"c{n}": Cast(name, TextField()) for n, name in enumerate(fields)}
        columns.update({f"c{n}": Value("", TextField()) for n in range(len(fields), width)})
        return (
            queryset.order_by()
            .annotate(kind=Value(kind, TextField()), **columns)
            .values_list("kind", *columns)
        )

    rows = as_text(Competency.objects.all(), competency, "c").union(
        as_text(RoleProfile.objects.all(), profile, "p"), all=True
    )
    return sorted(rows, key=repr)


def stamp_key(team, options: dict) -> tuple[str, int]:
    """A digest of what the team PDF of ``team`` with the filter ``options``
    (``DashboardFilterForm.options``) is made from, in the active language,
    today, without loading or scoring the team; and the number of members.

    Two queries whatever the size of the team. The members, each with every
    field a name is made of and the stamps of their assessments and those
    assessments' ratings: how many, the newest change (every service that
    changes an assessment or a rating saves its ``updated_at``), the sums of
    the rating levels, targets and weights, and how many were submitted
    before the filter's "out of date" day. Then the framework's competencies,
    areas and role profiles, every field."""
    now = timezone.now()
    stale_before = now - timedelta(days=options.get("stale_days") or 0)
    members = list(
        team.members.order_by("pk")
        .annotate(
            assessments_n=Count("assessments", distinct=True),
            assessments_newest=Max("assessments__updated_at"),
            assessments_stale=Count(
                "assessments",
                distinct=True,
                filter=Q(assessments__submitted_at__lt=stale_before),
            ),
            ratings_n=Count("assessments__ratings", distinct=True),
            ratings_newest=Max("assessments__ratings__updated_at"),
            levels=Sum("assessments__ratings__level"),
            manager_levels=Sum("assessments__ratings__manager_level"),
            targets=Sum("assessments__ratings__target"),
            weights=Sum("assessments__ratings__weight"),
        )
        .values_list(
            "pk",
            "username",
            "first_name",
            "last_name",
            "deleted_at",
            "assessments_n",
            "assessments_newest",
            "assessments_stale",
            "ratings_n",
            "ratings_newest",
            "levels",
            "manager_levels",
            "targets",
            "weights",
        )
    )
    material = (
        CACHE_VERSION,
        translation.get_language(),
        timezone.localdate(now).isoformat(),
        sorted(options.items()),
        (team.pk, team.name, team.parent_id),
        members,
        _framework_rows(),
    )
    digest = hashlib.sha256(repr(material).encode()).hexdigest()
    return f"skillgap:team-pdf-stamps:{team.pk}:{digest}", len(members)


def cached_by_stamps(stamps: str) -> bytes | None:
    """The PDF last made from the inputs ``stamps`` names, if still cached."""
    key = cache_get(stamps, version=CACHE_VERSION)
    return cache_get(key, version=CACHE_VERSION) if key is not None else None


def _trend(data: TeamData) -> Trend:
    """The team's trend, in the framework order ``data`` already holds."""
    ranked = sorted(data.competencies.values(), key=loading.framework_key)
    order = {c.code: place for place, c in enumerate(ranked)}
    return team_trend(data.team, ratings=data.ratings, order=order)


def render_team_report(data: TeamData, *, trend: Trend | None = None, request=None) -> bytes:
    """The team report of ``data`` rendered as a PDF, now, with the team's
    trend per quarter (read now unless given)."""
    if trend is None:
        trend = _trend(data)
    return render_pdf(
        TEMPLATE,
        {
            "data": data,
            "team": data.team,
            "generated_at": timezone.now(),
            "print": True,
            "trend": trend,
            "trend_chart": team_trend_chart(trend.shown),
        },
        request=request,
    )


def team_report_pdf(data: TeamData, *, request=None, stamps: str | None = None) -> bytes:
    """The team report of ``data`` as a PDF, from the cache when nothing it
    shows changed; ``stamps`` (:func:`stamp_key`, read before ``data``) then
    leads to it without loading the team."""
    trend = _trend(data)
    key = content_key(data, trend)
    pdf = cache_get(key, version=CACHE_VERSION)
    if pdf is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            take_pdf_render(user)
        pdf = render_team_report(data, trend=trend, request=request)
        cache_set(key, pdf, CACHE_TIMEOUT, version=CACHE_VERSION)
    if stamps is not None:
        cache_set(stamps, key, CACHE_TIMEOUT, version=CACHE_VERSION)
    return pdf
