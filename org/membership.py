"""Who belongs to which team and who manages or oversees whom: the queries
every permission rule about managers is built from (``assessments.permissions``).

- A *manager* of a team manages its members: they see their submitted
  assessments and review them.
- A manager of a parent team, and a *people partner* of a team, *oversee* the
  team and all its descendants: they see, read-only, what the managers of
  those teams see, and review nothing there (unless they manage that team too).

The tree is read through its closure (``TeamLink``), so each rule is one
subquery whatever the depth."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from .models import Team, TeamLink


@dataclass(frozen=True)
class TeamsReader:
    """A reader who is not a person: an integration's service token, scoped to
    teams. It oversees those teams as a people partner of them would (their
    descendants included: read-only, submitted assessments only) and manages
    nothing, so no rule of managers ever holds for it."""

    team_ids: tuple[int, ...]
    name: str = ""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None


def _is_reader(user) -> bool:
    return isinstance(user, TeamsReader)


def manages_q(user, engineer_field: str = "engineer") -> Exists:
    """True where ``user`` manages a team that the row's engineer (``engineer_field``) belongs to."""
    if _is_reader(user):
        return Exists(Team.objects.none())
    return Exists(Team.objects.filter(managers=user, members=OuterRef(engineer_field)))


def manages(user, engineer_id) -> bool:
    """Does ``user`` manage a team that the engineer ``engineer_id`` belongs to?"""
    if _is_reader(user):
        return False
    return (
        user.is_authenticated and Team.objects.filter(managers=user, members=engineer_id).exists()
    )


def teams_managed_by(user):
    """The teams ``user`` manages (none for an anonymous user or a reader)."""
    if not user.is_authenticated or _is_reader(user):
        return Team.objects.none()
    return Team.objects.filter(managers=user)


def _heads(user):
    """The teams at the top of what ``user`` oversees: those they manage or
    partner (a reader: the teams of its scope)."""
    if _is_reader(user):
        return Team.objects.filter(pk__in=user.team_ids).values("pk")
    return Team.objects.filter(Q(managers=user) | Q(people_partners=user)).values("pk")


def oversees_q(user, engineer_field: str = "engineer") -> Exists:
    """True where the row's engineer belongs to a team ``user`` manages,
    partners, or that descends from one of those."""
    return Exists(
        TeamLink.objects.filter(
            ancestor__in=_heads(user), descendant__members=OuterRef(engineer_field)
        )
    )


def teams_overseen_by(user):
    """Every team ``user`` may see: those they manage or partner and their
    descendants (none for an anonymous user)."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(
        Exists(TeamLink.objects.filter(ancestor__in=_heads(user), descendant=OuterRef("pk")))
    )


def people_overseen_by(user):
    """The ids (``user_id`` values) of the members of every team ``user``
    oversees (``teams_overseen_by``): one join of the closure, for a filter
    such as ``engineer__in`` (a member of several teams comes once per team)."""
    if not user.is_authenticated:
        return Team.members.through.objects.none().values("user_id")
    return Team.members.through.objects.filter(
        team__ancestor_links__ancestor__in=_heads(user)
    ).values("user_id")


def subtree(team):
    """``team`` and every team below it."""
    return Team.objects.filter(ancestor_links__ancestor=team)


def members_of(teams):
    """The users who belong to any of ``teams`` (a queryset of teams), once each."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(Exists(teams.filter(members=OuterRef("pk"))))
