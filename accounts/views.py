"""Health check, sign-in and sign-out (allauth's), and the language switch."""

from allauth.account import views as allauth_views
from django.http import HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import RedirectView
from django.views.i18n import set_language as django_set_language

from .middleware import SUPPORTED, remember_language, without_lang


class FaviconView(RedirectView):
    """``/favicon.ico``, asked for by pages that name no icon (the admin's):
    the product's icon, wherever the static files storage put it."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class LoginView(allauth_views.LoginView):
    """allauth's sign-in. A visitor already signed in gets the form too, and
    signing in replaces their session (``ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS``
    off): a session cookie planted in the browser cannot keep someone in
    another person's account."""


class LogoutView(allauth_views.LogoutView):
    """allauth's sign-out, a POST only (the navigation's button): a GET
    changes nothing and answers 405."""

    http_method_names = ["post", "options"]


@require_POST
def set_language(request):
    """Django's set_language, the choice kept for the session and saved on the
    signed-in user's account; back to the page without its old ``?lang=``."""
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and lang in SUPPORTED and request.user.language != lang:
        request.user.language = lang
        request.user.save(update_fields=["language"])
    remember_language(request, lang)
    if "next" in request.POST:
        request.POST = request.POST.copy()
        request.POST["next"] = without_lang(request.POST["next"])
    return django_set_language(request)


@never_cache
def csrf_failure(request, reason=""):
    """A stale or missing CSRF token: say so where the user is, nothing saved."""
    message = _("Your change was not saved: the page had expired. Reload the page and try again.")
    if request.headers.get("HX-Request"):
        response = HttpResponseForbidden(
            render_to_string("partials/htmx_error.html", {"message": message}, request=request)
        )
        return response
    return HttpResponseForbidden(
        render_to_string("403_csrf.html", {"message": message}, request=request)
    )
