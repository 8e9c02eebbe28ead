"""Who may see and change what: the one place where object lookups are
decided. Every view gets its assessments and teams from here.

- An engineer sees and changes their own assessments.
- A manager of a team the engineer belongs to sees the engineer's submitted
  and reviewed assessments, and reviews them; nobody reviews their own.
- A manager of a parent team, and a people partner of a team, oversee that
  team and its descendants (``org.membership``): they see, read-only, what
  those teams' managers see (dashboards, exports, submitted reports, search),
  never a draft, and review nothing there (a review page is 404 for them).
- A team's dashboard and exports are for the team's managers and for those
  who oversee it.
- An integration's service token (``TeamsReader``) oversees the teams of its
  scope as their people partner would: read-only, never a draft.

A lookup a user may not make raises ``Http404``, the same as an object that
does not exist (nothing tells an outsider what exists); one the user may see
but not change raises ``PermissionDenied`` (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from org.membership import (
    TeamsReader,
    manages,
    manages_q,
    oversees_q,
    people_overseen_by,
    teams_managed_by,
    teams_overseen_by,
)
from org.models import Team

from .models import REVIEWABLE, VISIBLE_TO_MANAGER, Assessment

__all__ = [
    "assessment_for_owner",
    "assessment_for_reviewer",
    "assessment_for_viewer",
    "assessments_to_review",
    "assessments_visible_to",
    "can_review",
    "team_for_manager",
    "team_for_viewer",
    "teams_managed_by",
    "teams_visible_to",
    "may_review_team",
    "people_visible_to",
    "teams_with_role",
]


def assessments_visible_to(user):
    """Assessments ``user`` may see: their own, and the submitted ones of the
    members of every team they manage or oversee (never a draft of someone else)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    overseen = Q(status__in=VISIBLE_TO_MANAGER) & Q(oversees_q(user))
    if isinstance(user, TeamsReader):  # a service token owns nothing
        return Assessment.objects.filter(overseen)
    return Assessment.objects.filter(Q(engineer=user) | overseen)


def assessments_to_review(user):
    """Assessments ``user`` may review now: their current team members'
    submitted or in-review ones, never their own; none for anyone else."""
    if not user.is_authenticated or isinstance(user, TeamsReader):
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(status__in=REVIEWABLE)
        .filter(manages_q(user))
        .exclude(engineer=user)
    )


def assessment_for_viewer(user, assessment_id) -> Assessment:
    """The assessment if ``user`` may see it, else 404."""
    try:
        return (
            assessments_visible_to(user)
            .select_related("engineer", "role_profile")
            .get(pk=assessment_id)
        )
    except (Assessment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such assessment") from None


def assessment_for_owner(user, assessment_id) -> Assessment:
    """The assessment if it is ``user``'s own: 404 if they may not see it, 403 if
    they may see it (as its engineer's manager) but not change it."""
    assessment = assessment_for_viewer(user, assessment_id)
    if assessment.engineer_id != user.pk:
        raise PermissionDenied
    return assessment


def can_review(user, assessment: Assessment) -> bool:
    """May ``user`` review ``assessment`` now: a team member's submitted or
    reviewed assessment, not their own."""
    return (
        user.is_authenticated
        and assessment.engineer_id != user.pk
        and assessment.status in VISIBLE_TO_MANAGER
        and manages(user, assessment.engineer_id)
    )


def assessment_for_reviewer(user, assessment_id) -> Assessment:
    """A team member's submitted assessment that ``user`` manages: their own is
    403, anything they may not review is 404."""
    assessment = assessment_for_viewer(user, assessment_id)
    if assessment.engineer_id == user.pk:
        raise PermissionDenied
    if not can_review(user, assessment):
        raise Http404("Not reviewable")
    return assessment


def team_for_manager(user, team_id) -> Team:
    """The team if ``user`` manages it, else 404."""
    try:
        return teams_managed_by(user).get(pk=team_id)
    except (Team.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such team") from None


def teams_visible_to(user):
    """The teams whose dashboard ``user`` may see: those they manage, and those
    they oversee (as a manager of an ancestor, or a people partner)."""
    return teams_overseen_by(user)


def people_visible_to(user):
    """The ids of the people whose submitted assessments ``user`` may see as
    a manager or overseer: the members of ``teams_visible_to(user)`` (a values
    queryset of ``user_id``, for ``engineer__in``)."""
    return people_overseen_by(user)


def team_for_viewer(user, team_id) -> Team:
    """The team if ``user`` may see its dashboard (read-only or as its manager), else 404."""
    try:
        return teams_visible_to(user).get(pk=team_id)
    except (Team.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such team") from None


def may_review_team(user, team: Team) -> bool:
    """Does ``user`` manage ``team`` itself (and so review its members)?"""
    if isinstance(user, TeamsReader):
        return False
    return user.is_authenticated and team.managers.filter(pk=user.pk).exists()


def teams_with_role(user) -> list[Team]:
    """The teams ``user`` may see, each marked ``is_managed`` where they manage it."""
    if isinstance(user, TeamsReader):  # manages nothing
        teams = list(teams_visible_to(user))
        for team in teams:
            team.is_managed = False
        return teams
    return list(
        teams_visible_to(user).annotate(
            is_managed=Exists(Team.objects.filter(pk=OuterRef("pk"), managers=user))
        )
    )
