"""The cycle pages: open a cycle, see and close it, e-mail preferences, the
one-click unsubscribe, and "nothing changed in this area" on a draft.

Thin: look up through the permission functions, bind a form, call a service,
render. Refusals are mapped in one place (``assessments.views.errors.mapped``
for the domain errors; ``_refusals`` below for the cycles' own).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from assessments import permissions as assessment_permissions
from assessments.views import errors

from . import permissions, selectors, services, tokens
from .errors import BadUnsubscribeLink, CycleClosed
from .forms import CycleForm, PreferencesForm


def _refusals(view):
    """The cycles' own refusals: a closed cycle is 409, a bad unsubscribe link 400."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CycleClosed:
            cycle = permissions.cycle_for_manager(request.user, kwargs["pk"])
            return _detail(request, cycle, error=_("This cycle is closed already."), status=409)
        except BadUnsubscribeLink:
            return render(request, "cycles/unsubscribe.html", {"bad_link": True}, status=400)

    return wrapped


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_new(request):
    permissions.require_opener(request.user)
    teams = permissions.teams_for_opening(request.user).order_by("name")
    form = CycleForm(request.POST or None, teams=teams)
    if request.method == "POST":
        permissions.require_teams_for_opening(request.user, request.POST.getlist("teams"))
        if not form.is_valid():
            return render(request, "cycles/new.html", {"form": form}, status=400)
        try:
            cycle = services.cycle_open(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
            return render(request, "cycles/new.html", {"form": form}, status=400)
        messages.success(
            request,
            _(
                "The cycle is open: its members are invited, and their drafts and e-mails are on their way."
            ),
        )
        return redirect("cycles:detail", cycle.pk)
    return render(request, "cycles/new.html", {"form": form})


def _detail(request, cycle, *, error: str = "", status: int = 200):
    page = selectors.cycle_page(cycle, today=timezone.localdate())
    return render(
        request,
        "cycles/detail.html",
        {"page": page, "cycle": cycle, "page_error": error},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def cycle_detail(request, pk):
    return _detail(request, permissions.cycle_for_manager(request.user, pk))


@login_required
@require_POST
@_refusals
def cycle_close(request, pk):
    cycle = permissions.cycle_for_manager(request.user, pk)
    services.cycle_close(user=request.user, cycle=cycle)
    messages.success(request, _("The cycle is closed. Its record stays here."))
    return redirect("cycles:detail", cycle.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    current = services.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, instance=current)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "cycles/preferences.html", {"form": form}, status=400)
        services.preferences_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("cycles:preferences")
    return render(request, "cycles/preferences.html", {"form": form})


@csrf_exempt  # RFC 8058 one-click: the mail client posts without a session; the signed link is the proof
@require_http_methods(["GET", "HEAD", "POST"])
@_refusals
def unsubscribe(request, uid, token):
    tokens.check_unsubscribe(uid, token)
    if not User.objects.filter(pk=uid, is_active=True).exists():
        raise BadUnsubscribeLink
    if request.method == "POST":
        services.reminders_off(user_id=uid)
        return render(request, "cycles/unsubscribe.html", {"done": True})
    return render(request, "cycles/unsubscribe.html", {"action": request.path})


@login_required
@require_POST
@errors.mapped
def area_confirm(request, pk, area):
    assessment = assessment_permissions.assessment_for_owner(request.user, pk)
    count = services.area_confirm(user=request.user, assessment=assessment, area_code=area)
    message = (
        ngettext(
            "Confirmed: %(count)d rating of this area stays as it was.",
            "Confirmed: %(count)d ratings of this area stay as they were.",
            count,
        )
        % {"count": count}
        if count
        else _("Nothing to confirm here yet: rate the competencies of this area first.")
    )
    if request.htmx:
        return render(
            request, "cycles/partials/area_confirmed.html", {"message": message, "count": count}
        )
    messages.success(request, message)
    return redirect(reverse("assessments:rate", args=[assessment.pk]) + f"#area-{area}")
