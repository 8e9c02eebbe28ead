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
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .addresses import is_trusted_proxy
from .mfa import needs_second_factor

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


class TrustedProxyMiddleware:
    """``X-Forwarded-Proto`` (which ``SECURE_PROXY_SSL_HEADER`` believes) and
    ``X-Forwarded-For`` count only when they come from a trusted proxy
    (``TRUSTED_PROXIES``): a client reaching the application server directly
    cannot claim HTTPS to skip the redirect, nor another address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)


class RequestCharsetMiddleware:
    """The application reads UTF-8 only. A request body in another declared
    charset (``Content-Type: …; charset=utf-16``) answers 400 before anything
    reads its form fields (Django would fail decoding them with a 500)."""

    ACCEPTED = {"utf-8", "utf8", "us-ascii", "ascii"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset is not None and charset.strip().strip('"').lower() not in self.ACCEPTED:
            return HttpResponseBadRequest(
                _("This request was refused: send it in UTF-8."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Managers and administrators must sign in with a second factor: until
    they have one, every page but enrolment (and sign-out) sends them to
    enrolment. Demo accounts are exempt only with ``MFA_DEMO_EXEMPT`` (DEBUG)."""

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/healthz/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and needs_second_factor(user, request)
        ):
            target = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=401)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every answer to a signed-in user is personal (pages, JSON, CSV, PDFs):
    ``Cache-Control: no-store``, so neither a shared cache nor the browser's
    disk keeps it (ASVS 14.3.2). The sign-in and account pages too, and every
    answer to a request an API token authenticated (``request.auth``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or getattr(request, "auth", None) is not None
            or request.path.startswith("/accounts/")
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
