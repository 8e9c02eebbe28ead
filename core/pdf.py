"""PDF rendering with WeasyPrint, done safely.

Print templates are rendered to HTML and handed to WeasyPrint with a URL
fetcher that serves only the project's own static files from disk: no
network, no ``file://``, nothing outside the static folders. The templates
resolve against :data:`BASE_URL`, an address that never goes on the network:
``{% static 'css/print.css' %}`` becomes
``https://static.skillgap.invalid/static/css/print.css``, which the fetcher
reads from the static files (the finders in development, ``STATIC_ROOT`` after
``collectstatic``). Fonts come from the system through fontconfig, with a CSS
fallback stack in the print stylesheet.

WeasyPrint is imported on first use only: it takes about a second to import,
which no other page should pay.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger("skillgap.pdf")

STATIC_HOST = "static.skillgap.invalid"  # .invalid never resolves (RFC 2606)
BASE_URL = f"https://{STATIC_HOST}/"


def take_pdf_render(user) -> None:
    """Count one PDF render (not a cached copy) for ``user``:
    ``core.ratelimit.RateLimited`` past ``PDF_RENDERS_PER_MINUTE``."""
    from .ratelimit import take

    take("pdf-render", user.pk, limit=settings.PDF_RENDERS_PER_MINUTE)


class FetchRefused(ValueError):
    """The print template asked for something that is not one of our static files."""


def _static_prefixes() -> list[str]:
    """URL prefixes under which a print template may name a static file."""
    static_url = settings.STATIC_URL
    if urlsplit(static_url).scheme:  # static files on a CDN: the same names, from disk
        return [static_url]
    return [BASE_URL.rstrip("/") + "/" + static_url.lstrip("/")]


def static_file_for(url: str) -> Path:
    """The file on disk that ``url`` names among the project's static files.

    Raises :class:`FetchRefused` for any other URL: another host or scheme
    (``file://``, ``http://…``, ``data:``), a path outside ``STATIC_URL``, a
    ``..`` segment, or a name that is not a static file.
    """
    clean = url.split("#", 1)[0].split("?", 1)[0]
    for prefix in _static_prefixes():
        if clean.startswith(prefix):
            name = unquote(clean[len(prefix) :])
            break
    else:
        raise FetchRefused(f"Refused to fetch {url!r}: only the project's static files are served")
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "\x00" in name:
        raise FetchRefused(f"Refused to fetch {url!r}")
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:  # collected (and hashed) names in production
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise FetchRefused(f"No static file {name!r}")


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """WeasyPrint's fetcher (WeasyPrint ≥ 68 takes a ``URLFetcher``) narrowed to
        the project's static files; it never opens a connection."""

        def __init__(self):
            super().__init__(allowed_protocols=("https",), allow_redirects=False)

        def fetch(self, url, headers=None):
            try:
                path = static_file_for(url)
            except FetchRefused:
                logger.warning("PDF: refused to fetch %s", url)
                raise
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": mime_type}
            )

    return StaticFilesFetcher


def static_url_fetcher():
    """A new fetcher for one rendering (WeasyPrint's fetchers keep per-request state)."""
    return _fetcher_class()()


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector for one rendering.

    WeasyPrint allocates hundreds of thousands of small objects (boxes,
    styles, text runs); the collector's repeated passes over them cost about a
    fifth of a report's render time. They are freed when the rendering ends;
    the collector is switched back on afterwards (unless something else had
    switched it off), so nothing is kept.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_fonts = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made on its first PDF and
    kept: WeasyPrint otherwise loads the Fontconfig configuration and makes a
    new Pango font map (its fonts, their glyphs and metrics) for every PDF.
    One per thread, as a Pango font map is not safe to share between threads.
    The print stylesheet has no ``@font-face``, so the configuration holds the
    system's fonts only and never grows with the documents."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def _stylesheet(name: str):
    """The static stylesheet ``name`` parsed by WeasyPrint, once per version of
    the file: parsing it again for every PDF would cost more than the cache."""
    path = static_file_for(f"{_static_prefixes()[0]}{name}")
    return _parsed_stylesheet(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _parsed_stylesheet(path: str, mtime_ns: int):
    from weasyprint import CSS

    # A stylesheet's own url()s go through the same fetcher.
    return CSS(
        string=Path(path).read_text(encoding="utf-8"),
        base_url=_static_prefixes()[0],
        url_fetcher=static_url_fetcher(),
    )


def html_to_pdf(
    html: str,
    *,
    stylesheets: Sequence[str] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    archival: bool = False,
) -> bytes:
    """WeasyPrint, with the restrictive fetcher: ``html`` to a tagged PDF (bytes).

    ``stylesheets`` names static stylesheets (``"css/print.css"``) to apply on
    top of those the HTML links, parsed once and kept. ``attachments`` are
    files embedded in the PDF, each ``(name, content, description)``: made in
    Python, never fetched. ``archival``: PDF/A-3u (still tagged) instead of
    PDF/UA-1, for a copy to keep with its attachments."""
    from weasyprint import HTML, Attachment

    with _collector_paused():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_url_fetcher())
        return document.write_pdf(
            stylesheets=[_stylesheet(name) for name in stylesheets],
            # Tagged (PDF/UA-1): a structure tree in reading order, the
            # document's language and title, a text for every figure. The
            # archival copy is PDF/A-3u, which may embed files, tagged too.
            pdf_variant="pdf/a-3u" if archival else "pdf/ua-1",
            pdf_tags=True,
            font_config=_font_config(),
            attachments=[
                Attachment(string=content, name=name, description=description)
                for name, content, description in attachments
            ],
        )


def render_pdf(
    template_name: str,
    context: dict,
    *,
    request=None,
    stylesheets: Sequence[str] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    archival: bool = False,
) -> bytes:
    """Render ``template_name`` to HTML and that HTML to a PDF (bytes); see
    :func:`html_to_pdf` for ``stylesheets``, ``attachments`` and ``archival``."""
    # ``for_pdf``: a chart's <title> carries its whole text alternative there
    # (WeasyPrint takes a figure's /Alt from the <title> alone).
    html = render_to_string(template_name, {**context, "for_pdf": True}, request=request)
    return html_to_pdf(html, stylesheets=stylesheets, attachments=attachments, archival=archival)
