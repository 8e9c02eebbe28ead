"""Files the product hands over (the report PDF, the team PDF, the CSV): one
rule for their names and headers.

A name says what, whose, when and in which language —
``skillgap-<who>-<what>-<YYYY-MM-DD>-<lang>.<ext>`` — in ASCII, so that the
English and the Indonesian copy of one document do not overwrite each other
in a downloads folder. The two PDFs: ``skillgap-<username>-<report date>-<lang>.pdf``
(the day the assessment was submitted, a draft's last change) and
``skillgap-team-<team>-<today>-<lang>.pdf``.

Every file is an attachment, the PDFs too: a report is a document to keep
and to hand over, and ``inline`` would leave its name to the browser's viewer
(some save an inline PDF as ``report.pdf``, the last part of its address),
and would open one PDF in a tab and the other as a file depending on the
browser's settings. Every file is private (``private, no-store``): it holds
people's ratings, so no shared cache and no browser's disk keeps a copy; the
server's own cache of rendered PDFs makes a second download cheap.
"""

from datetime import date

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify


def filename(*parts: str, day: date, language: str, extension: str) -> str:
    """``skillgap-<parts…>-<day>-<language>.<extension>``, each part slugified
    (a part with nothing left in ASCII is left out)."""
    words = [slug for slug in (slugify(p) for p in parts) if slug] or ["file"]
    return f"skillgap-{'-'.join(words)}-{day.isoformat()}-{slugify(language)}.{extension}"


def download(content: bytes | str = b"", *, name: str, content_type: str) -> HttpResponse:
    """An attachment named ``name`` (``content`` may also be written later)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    if content:
        response["Content-Length"] = str(len(response.content))
    return response
