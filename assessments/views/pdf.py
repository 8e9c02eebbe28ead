"""The report and development plan of an assessment as a PDF."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core import downloads

from ..pdf import assessment_report_pdf
from ..permissions import assessment_for_viewer


@login_required
@require_safe
def report_pdf(request, pk):
    """``/assessments/<id>/report.pdf``: whoever may see the report gets its PDF,
    in the language of the request (``?lang=`` or the user's, set by the
    middleware); anyone else gets 404. Blind as the report is: a manager
    does not see the self-ratings they have not rated yet of an assessment in
    review. ``?archive=1``: the PDF/A-3 copy to keep, with the report's JSON
    (what ``report.json`` answers the same person) embedded."""
    assessment = assessment_for_viewer(request.user, pk)
    pdf, filename = assessment_report_pdf(
        assessment,
        language=get_language(),
        viewer=request.user,
        archival=request.GET.get("archive") == "1",
    )
    return downloads.download(pdf, name=filename, content_type="application/pdf")
