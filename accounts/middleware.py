"""Which language a response speaks.

Order of precedence: ``?lang=`` on the request, for that response
only — and for the htmx requests a page opened with ``?lang=`` makes (htmx
names the page in ``HX-Current-URL``), so a row's answer speaks the page's
language; then the signed-in user's saved choice; then what LocaleMiddleware
already chose from the language cookie or ``Accept-Language``.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


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
