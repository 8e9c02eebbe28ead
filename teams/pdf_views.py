"""The team report PDF: rendered on the request for a team of up to
``TEAM_PDF_INLINE_MEMBERS``, made in the background for a bigger one while a
page polls for it. The same viewers as the dashboard (``views.dashboard_for``)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from assessments.permissions import team_for_viewer
from core import downloads

from .files import file_status, team_report_file
from .forms import DashboardFilterForm
from .models import TeamReportFile
from .pdf import cached_by_stamps, stamp_key, team_report_pdf
from .selectors import team_data


@login_required
@require_GET
@vary_on_headers("HX-Request")  # a page, its poll's fragment or the PDF itself
def report_pdf(request, pk):
    """The team report PDF. A team of up to ``TEAM_PDF_INLINE_MEMBERS`` is
    rendered on the request (about a second for a hundred members); a bigger
    one is made by a background task while a page polls for it (htmx, or a
    refresh without JavaScript) and moves on to the PDF when it is ready."""
    poll = _poll(request, pk)
    if poll is not None:
        return poll
    # The dashboard's team and filter (views.dashboard_for), its data loaded
    # only when the PDF is not cached: the stamps are read first, so a change
    # made meanwhile is never filed under them.
    team = team_for_viewer(request.user, pk)
    form = DashboardFilterForm(request.GET)
    stamps, members = stamp_key(team, form.options())
    if members <= settings.TEAM_PDF_INLINE_MEMBERS:
        pdf = cached_by_stamps(stamps)
        if pdf is not None:
            return _pdf_response(team, pdf)
    data = team_data(team, **form.options())
    if len(data.members) <= settings.TEAM_PDF_INLINE_MEMBERS:
        return _pdf_response(team, team_report_pdf(data, request=request, stamps=stamps))
    file = team_report_file(
        data, user=request.user, options=form.options(), retry="retry" in request.GET
    )
    if file.status == TeamReportFile.Status.READY:
        if request.htmx:
            return HttpResponseClientRedirect(_pdf_url(request))
        pdf = TeamReportFile.objects.values_list("pdf", flat=True).get(pk=file.pk)
        return _pdf_response(team, bytes(pdf))
    context = _waiting_context(request, data.team, file, members=len(data.members))
    if request.htmx:
        return render(request, "teams/report_pdf_waiting.html#pdf-status", context)
    # 202: accepted, being made. A failed render is a page of its own (200) that
    # says so and offers to try again: a 5xx would be replaced by a proxy's
    # error page, the button with it.
    status = 200 if context["failed"] else 202
    return render(request, "teams/report_pdf_waiting.html", context, status=status)


def _poll(request, pk):
    """The waiting page's poll (htmx, ``?file=<id>``), answered from the file
    alone: loading and scoring a big team every few seconds would cost more
    than rendering its PDF. None when this is not such a poll."""
    file_id = request.GET.get("file", "")
    if not request.htmx or not file_id:
        return None
    # str.isdigit() takes "²" and other digits int() refuses: only ASCII digits.
    if not (file_id.isascii() and file_id.isdigit()):
        return HttpResponseBadRequest(_("This address is not a report being made."))
    team = team_for_viewer(request.user, pk)
    file = TeamReportFile.objects.defer("pdf").filter(pk=int(file_id), team=team).first()
    if file is None:  # cleared meanwhile (the team changed): answered as a first request
        return None
    file.status = file_status(file)
    if file.status == TeamReportFile.Status.READY:
        return HttpResponseClientRedirect(_pdf_url(request))
    context = _waiting_context(request, team, file, members=team.members.count())
    # Swapped in, which ends the polling once the render failed.
    return render(request, "teams/report_pdf_waiting.html#pdf-status", context)


def _waiting_context(request, team, file, *, members: int) -> dict:
    return {
        "team": team,
        "file": file,
        "members": members,
        "failed": file.status == TeamReportFile.Status.FAILED,
        "pdf_url": _pdf_url(request),
        "poll_url": _pdf_url(request, poll=file.pk),
        "retry_url": _pdf_url(request, retry=True),
    }


def _pdf_url(request, *, retry: bool = False, poll: int | None = None) -> str:
    """This PDF's address as asked for (the filter, a ?lang=), to open, retry
    or poll."""
    query = request.GET.copy()
    query.pop("retry", None)
    query.pop("file", None)
    if retry:
        query["retry"] = "1"
    if poll is not None:
        query["file"] = str(poll)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def _pdf_filename(team) -> str:
    """``skillgap-team-<team>-<today>-<lang>.pdf``: the engineer's report is
    ``skillgap-<username>-…``, so "team" first keeps a team named like a
    person apart from that person's report."""
    return downloads.filename(
        "team",
        team.name or "team",
        day=timezone.localdate(),
        language=get_language(),
        extension="pdf",
    )


def _pdf_response(team, pdf: bytes) -> HttpResponse:
    return downloads.download(pdf, name=_pdf_filename(team), content_type="application/pdf")
