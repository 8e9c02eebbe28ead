"""PDF rendering with WeasyPrint, done safely.

Print templates are rendered to HTML and handed to WeasyPrint with a URL
fetcher that serves only the project's own static files from disk: no
network, no ``file://`` outside the static folders. Fonts come from the
system through fontconfig, with a CSS fallback stack in the print stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_PREFIX = "static:"  # base URL scheme the print templates resolve against


class FetchRefused(ValueError):
    pass


def static_url_fetcher(url: str, *args, **kwargs):
    """Serve ``/static/...`` (or relative) URLs from the project's static files only."""
    from weasyprint.urls import default_url_fetcher  # noqa: F401  (signature reference)

    path = url
    for prefix in (STATIC_PREFIX, settings.STATIC_URL):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    else:
        raise FetchRefused(f"Refused to fetch {url!r}: only the project's static files are allowed")
    path = path.lstrip("/")
    if ".." in Path(path).parts:
        raise FetchRefused(f"Refused to fetch {url!r}")
    found = finders.find(path)
    if not found:
        raise FetchRefused(f"No static file {path!r}")
    data = Path(found).read_bytes()
    mime = "text/css" if path.endswith(".css") else None
    return {"string": data, "mime_type": mime, "redirected_url": url}


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` to HTML and that HTML to a PDF (bytes)."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=static_url_fetcher).write_pdf()
