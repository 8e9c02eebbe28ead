"""The organisation dashboard (``/org/``, its CSV and PDF) and the skills
search (``/search/``, its CSV): thin views over ``teams.organisation`` and
``teams.search``; what they show is built in ``teams.org_presenters``, who
sees what is decided in ``assessments.permissions``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments import loading
from core import downloads, spreadsheets
from core.pdf import render_pdf
from roles.models import Competency

from .charts import organisation_trend_chart
from .forms import OrgFilterForm, SearchForm
from .org_presenters import ratings_links, search_page, search_table, teams_table
from .organisation import UnknownSubtree, may_use_org_dashboard, org_choices, org_data
from .search import search


def _filename(what: str, extension: str) -> str:
    """``skillgap-<what>-<today>-<lang>.<extension>`` (core/downloads.py)."""
    return downloads.filename(
        what, day=timezone.localdate(), language=get_language(), extension=extension
    )


def _org(request):
    """The filtered organisation and the form, or (None, the form with its
    message) for a filter that is refused."""
    if not may_use_org_dashboard(request.user):
        raise Http404("No organisation to show")
    tree, profiles = org_choices(request.user)
    form = OrgFilterForm(request.GET or None, teams=tree, profiles=profiles)
    if form.is_bound and not form.is_valid():
        return None, form
    options = form.options() if form.is_bound else {}
    try:
        return org_data(request.user, **options), form
    except UnknownSubtree:  # offered by the form, gone meanwhile
        form.add_error("team", _("That team is not one you may see."))
        return None, form


def _refused(request, form):
    """The organisation page with the errors of a filter it refuses."""
    return render(request, "teams/org.html", {"data": None, "form": form}, status=400)


def _errors_text(form) -> str:
    """A refused form's errors as one line of plain text (a CSV's 400)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _org_page(view):
    """A page of the filtered organisation (signed in, GET): the view is called
    with the organisation's data and the filter form; a refused filter shows the
    organisation page with its errors instead."""

    @login_required
    @require_GET
    @wraps(view)
    def page(request):
        data, form = _org(request)
        if data is None:
            return _refused(request, form)
        return view(request, data, form)

    return page


@_org_page
def dashboard(request, data, form):
    return render(
        request,
        "teams/org.html",
        {
            "data": data,
            "form": form,
            "query": request.GET.urlencode(),
            "ratings_switch": ratings_links(request.GET, request.path, data.ratings),
            "chart": organisation_trend_chart(data.trend.shown),
        },
    )


@login_required
@require_GET
def teams_csv(request):
    data, form = _org(request)
    if data is None:
        return HttpResponse(
            _errors_text(form),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = downloads.download(
        name=_filename("organisation", "csv"), content_type="text/csv; charset=utf-8"
    )
    header, rows = teams_table(data)
    spreadsheets.write_csv(response, header, rows)
    return response


@_org_page
def report_pdf(request, data, _form):
    pdf = render_pdf(
        "teams/org_pdf.html",
        {
            "data": data,
            "print": True,
            "generated_at": timezone.now(),
            "chart": organisation_trend_chart(data.trend.shown),
        },
        request=request,
    )
    return downloads.download(
        pdf, name=_filename("organisation-report", "pdf"), content_type="application/pdf"
    )


# --- skills search ----------------------------------------------------------


def _search(request):
    competencies = sorted(Competency.objects.select_related("area"), key=loading.framework_key)
    # The language switch (?lang=) is not a search: alone it shows the empty form.
    data = request.GET.copy()
    data.pop("lang", None)
    form = SearchForm(data or None, competencies=competencies)
    if not form.is_bound:
        return form, None, 200
    if not form.is_valid():
        return form, None, 400
    hits = search(
        request.user,
        form.chosen,
        min_level=form.cleaned_data["min_level"],
        reviewed_only=form.cleaned_data["reviewed"],
    )
    return form, hits, 200


@login_required
@require_GET
def skills_search(request):
    form, hits, status = _search(request)
    return render(
        request,
        "teams/search.html",
        {
            "form": form,
            **search_page(hits),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@login_required
@require_GET
def search_csv(request):
    form, hits, status = _search(request)
    if hits is None:
        message = _errors_text(form) or _("Choose a competency.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    competency = form.chosen
    response = downloads.download(
        name=_filename(f"search-{competency.code}", "csv"), content_type="text/csv; charset=utf-8"
    )
    header, rows = search_table(competency, hits)
    spreadsheets.write_csv(response, header, rows)
    return response
