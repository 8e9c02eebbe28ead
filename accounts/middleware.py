"""Which language a response speaks: one choice that follows the user.

Order of precedence: ``?lang=`` on the request (also the one of the page an
htmx request comes from, which htmx names in ``HX-Current-URL``); then the
language chosen in this session — a ``?lang=`` page or the language switch
keeps its choice in the session, so the forms it posts, the redirects, the
links and the exports it starts speak it too; then the signed-in user's saved
choice; then what LocaleMiddleware chose from the language cookie or
``Accept-Language``.
"""

from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}
SESSION_KEY = "skillgap_language"


def remember_language(request, lang: str) -> None:
    """Keep ``lang`` as this session's language (saved only when it changes)."""
    session = getattr(request, "session", None)
    if session is not None and lang in SUPPORTED and session.get(SESSION_KEY) != lang:
        session[SESSION_KEY] = lang


def without_lang(url: str) -> str:
    """``url`` without its ``lang`` parameter (the language switch's way back)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return parts._replace(query=urlencode(query)).geturl()


def requested_language(request) -> str | None:
    lang = request.GET.get("lang", "")
    if not lang and request.headers.get("HX-Request") == "true":
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        lang = (parse_qs(page.query).get("lang") or [""])[-1]
    return lang if lang in SUPPORTED else None


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = requested_language(request)
        if lang is not None:
            if request.GET.get("lang") == lang:  # the page's own ?lang=, not htmx's page
                remember_language(request, lang)
        else:
            session = getattr(request, "session", None)
            chosen = session.get(SESSION_KEY) if session is not None else None
            lang = chosen if chosen in SUPPORTED else None
        if lang is None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language in SUPPORTED:
                lang = user.language
        if lang is not None:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has expired must not swap the sign-in page
    into a row: answer 401 and tell htmx to send the whole page to sign-in,
    where a message says the last change was not saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and response.get("Location", "").startswith(str(resolve_url(settings.LOGIN_URL)))
        ):
            target = request.headers.get("HX-Current-URL") or "/"
            login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': _path_of(target), 'expired': 1})}"
            redirect = HttpResponse(status=401)
            redirect["HX-Redirect"] = login
            return redirect
        return response


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
