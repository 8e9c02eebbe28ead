"""The team dashboard and its exports (CSV, PDF), for the team's managers only."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessments.selectors import team_for_manager

from . import exports
from .forms import DashboardFilterForm
from .pdf import team_report_pdf
from .selectors import READINESS_BANDS, team_data


def _load(request, pk):
    team = team_for_manager(request.user, pk)
    form = DashboardFilterForm(request.GET)
    data = team_data(team, **form.options())
    # The exports carry the dashboard's filter.
    query = {}
    if data.profile is not None:
        query["profile"] = data.profile.code
    query["stale"] = data.stale_days
    return data, form, query


def _filename(data, suffix: str) -> str:
    return f"{slugify(data.team.name) or 'team'}-{suffix}"


@login_required
@require_GET
def dashboard(request, pk):
    data, form, query = _load(request, pk)
    return render(
        request,
        "teams/dashboard.html",
        {
            "data": data,
            "team": data.team,
            "form": form,
            "export_query": urlencode(query),
            "bands": READINESS_BANDS,
        },
    )


@login_required
@require_GET
def ratings_csv(request, pk):
    data, _form, _query = _load(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "ratings.csv")}"'
    exports.write_csv(data, response)
    return response


@login_required
@require_GET
def report_pdf(request, pk):
    data, _form, _query = _load(request, pk)
    pdf = team_report_pdf(data, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(data, "team-report.pdf")}"'
    return response
