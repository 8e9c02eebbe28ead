"""Who may open, see and close a review cycle, built on ``org.membership``.

A manager opens cycles for the teams they manage, an administrator for any
team. A cycle is seen (and closed) by an administrator and by the managers of
any of its teams; for anyone else it is a 404, the same as a cycle that does
not exist. The assessments a cycle links to are looked up through
``assessments.permissions`` like everywhere else.
"""

from __future__ import annotations

from django.http import Http404

from org.membership import TeamsReader, teams_managed_by
from org.models import Team

from .models import Cycle


def teams_for_opening(user):
    """The teams ``user`` may open a cycle for (none for anyone else)."""
    if not user.is_authenticated:
        return Team.objects.none()
    if user.is_staff:
        return Team.objects.all()
    return teams_managed_by(user)


def may_open_cycles(user) -> bool:
    return teams_for_opening(user).exists()


def require_opener(user) -> None:
    """404 for a user with no team to open a cycle for."""
    if not may_open_cycles(user):
        raise Http404("No team to open a cycle for")


def require_teams_for_opening(user, team_ids) -> None:
    """404 if any of ``team_ids`` (as posted) is a team ``user`` may not open a
    cycle for, the same as a team that does not exist; what is not a number
    is left to the form to refuse."""
    wanted = {int(t) for t in team_ids if str(t).isdigit() and len(str(t)) < 19}
    if not wanted:
        return
    allowed = set(teams_for_opening(user).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise Http404("No such team")


def cycles_visible_to(user):
    """The cycles ``user`` may see: all for an administrator, those of a team
    they manage for a manager, none for anyone else (a service token's
    reader included: it manages nothing)."""
    if not user.is_authenticated or isinstance(user, TeamsReader):
        return Cycle.objects.none()
    if user.is_staff:
        return Cycle.objects.all()
    return Cycle.objects.filter(pk__in=Cycle.objects.filter(teams__managers=user).values("pk"))


def cycle_for_manager(user, cycle_id) -> Cycle:
    """The cycle if ``user`` may see and close it, else 404."""
    try:
        return cycles_visible_to(user).select_related("opened_by").get(pk=cycle_id)
    except (Cycle.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such cycle") from None
