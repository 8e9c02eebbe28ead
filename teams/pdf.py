"""The team report PDF, rendered once per content.

WeasyPrint needs seconds for a big team (one heatmap row per member), so a
rendered PDF is kept in the cache under a digest of everything it shows: the
language, the day (the report is dated), the filter, every member's name and
assessment and its review state, which ratings are counted, every number
of the team report and the framework names. Any
change to one of those is a new key; nothing has to be invalidated.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone, translation

from assessments import loading
from core.cache import cache_get, cache_set
from core.pdf import render_pdf, take_pdf_render

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


def team_report_pdf(data: TeamData, *, request=None) -> bytes:
    """The team report of ``data`` as a PDF, from the cache when nothing it shows changed."""
    trend = _trend(data)
    key = content_key(data, trend)
    pdf = cache_get(key, version=CACHE_VERSION)
    if pdf is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            take_pdf_render(user)
        pdf = render_team_report(data, trend=trend, request=request)
        cache_set(key, pdf, CACHE_TIMEOUT, version=CACHE_VERSION)
    return pdf
