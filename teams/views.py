"""The team dashboard, one area of it, its trend and its CSV, for the team's
managers and, read-only, for those who oversee the team
(``assessments.permissions``); its PDF is in ``pdf_views``."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from assessments.permissions import may_review_team, team_for_viewer
from core import downloads

from . import exports
from .charts import team_trend_chart
from .forms import RATINGS_LABELS, DashboardFilterForm
from .selectors import RATINGS_ALL, RATINGS_MODES, READINESS_BANDS, area_view, team_data
from .trends import team_trend


def dashboard_for(request, pk):
    """The team ``pk`` as ``request.user`` may see it, with the dashboard's
    filter, the form and the query its exports carry."""
    team = team_for_viewer(request.user, pk)
    form = DashboardFilterForm(request.GET)
    data = team_data(team, **form.options())
    # The exports carry the dashboard's filter.
    query = {}
    if data.profile is not None:
        query["profile"] = data.profile.code
    query["stale"] = data.stale_days
    if data.ratings != RATINGS_ALL:
        query["ratings"] = data.ratings
    return data, form, query


def _ratings_switch(request, data) -> list[dict]:
    """The two provenance modes as links: this page with the other filters
    kept and ``ratings`` set (left out for the default)."""
    links = []
    for mode in RATINGS_MODES:
        query = request.GET.copy()
        query.pop("ratings", None)
        if mode != RATINGS_ALL:
            query["ratings"] = mode
        links.append(
            {
                "mode": mode,
                "label": RATINGS_LABELS[mode],
                "url": f"{request.path}?{query.urlencode()}" if query else request.path,
                "active": mode == data.ratings,
            }
        )
    return links


def _filename(data, what: str, extension: str) -> str:
    """``skillgap-<team>-<what>-<today>-<lang>.<extension>`` (core/downloads.py)."""
    return downloads.filename(
        data.team.name or "team",
        what,
        day=timezone.localdate(),
        language=get_language(),
        extension=extension,
    )


@login_required
@require_GET
def dashboard(request, pk):
    data, form, query = dashboard_for(request, pk)
    if "area" in request.GET:
        return _area(request, data, query)
    return render(
        request,
        "teams/dashboard.html",
        {
            "data": data,
            "team": data.team,
            "form": form,
            "export_query": urlencode(query),
            "ratings_switch": _ratings_switch(request, data),
            "bands": READINESS_BANDS,
            # Those who oversee the team read it: no review links.
            "may_review": may_review_team(request.user, data.team),
        },
    )


def _area(request, data, query):
    """One area of the team, member by member (``?area=<code>``); an area the
    framework does not have is a 400 that says so."""
    view = area_view(data, request.GET["area"], request.user)
    return render(
        request,
        "teams/area.html",
        {
            "data": data,
            "team": data.team,
            "view": view,
            "export_query": urlencode(query),
            "may_review": may_review_team(request.user, data.team),
        },
        status=200 if view is not None else 400,
    )


@login_required
@require_GET
def trend(request, pk):
    """Team readiness, coverage and single points of failure per quarter."""
    team = team_for_viewer(request.user, pk)
    form = DashboardFilterForm(request.GET)
    ratings = form.options()["ratings"]
    result = team_trend(team, ratings=ratings)
    return render(
        request,
        "teams/trend.html",
        {
            "team": team,
            "trend": result,
            "chart": team_trend_chart(result.shown),
            "ratings_switch": _ratings_switch(request, result),
        },
    )


@login_required
@require_GET
def ratings_csv(request, pk):
    data, _form, _query = dashboard_for(request, pk)
    response = downloads.download(
        name=_filename(data, "ratings", "csv"), content_type="text/csv; charset=utf-8"
    )
    exports.write_csv(data, response, viewer=request.user)
    return response
