"""The home page: first what waits for the signed-in user (a manager's review
queue, an engineer's next step), then their assessments, starting a new one,
and the teams they manage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import queues, services
from assessments.forms import StartForm
from assessments.permissions import teams_with_role
from assessments.selectors import (
    active_profiles,
    assessment_summaries,
    open_draft,
    own_assessments,
)
from cycles import selectors as cycle_selectors

from .presenters import profile_cards

TEMPLATE = "home.html"


def home_context(*, user) -> dict:
    """What the home page shows ``user``: what waits for them as a manager (only
    if they manage a team) and their next step as an engineer, their
    assessments with their progress, the role profiles to start one, and
    their teams."""
    assessments = own_assessments(user)
    summaries = assessment_summaries(assessments)
    teams = teams_with_role(user)
    managed_teams = [t for t in teams if t.is_managed]
    return {
        "assessments": assessments,
        "summaries": summaries,
        "has_draft": any(a.is_draft for a in assessments),
        "profiles": profile_cards(active_profiles()),
        "managed_teams": managed_teams,
        # Teams seen read-only: below one managed, or as their people partner.
        "overseen_teams": [t for t in teams if not t.is_managed],
        "org_dashboard": bool(teams) or user.is_staff,
        "queue": queues.manager_queue(user) if managed_teams else None,
        "next_step": queues.next_step(summaries),
        # Review cycles: the engineer's due dates, a manager's open cycles.
        "home_cycles": cycle_selectors.home_cycles(
            user, today=timezone.localdate(), managing=bool(managed_teams) or user.is_staff
        ),
        "may_open_cycles": bool(managed_teams) or user.is_staff,
    }


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, TEMPLATE, home_context(user=request.user))


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request):
    """Start an assessment against the role profile chosen on the home page,
    pre-filled from the previous one; an open draft for the same profile is
    continued instead. A bad choice shows the home page again with the error;
    a GET (a bookmark, a sign-in from a deep link) shows it with the choice open."""
    if request.method == "GET":
        return render(request, TEMPLATE, home_context(user=request.user) | {"start_open": True})
    form = StartForm(request.POST)
    if not form.is_valid():
        context = home_context(user=request.user) | {"start_form": form}
        return render(request, TEMPLATE, context, status=400)
    profile = form.cleaned_data["role_profile"]
    draft = open_draft(request.user, profile)
    if draft is not None:
        messages.info(request, _("You already have a draft for this role profile: carry on here."))
    else:
        draft = services.assessment_start(engineer=request.user, role_profile=profile)
    return redirect("assessments:rate", draft.pk)
