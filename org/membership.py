"""Who belongs to which team and who manages whom: the queries every
permission rule about managers is built from (``assessments.permissions``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from .models import Team


def manages_q(user, engineer_field: str = "engineer") -> Exists:
    """True where ``user`` manages a team that the row's engineer (``engineer_field``) belongs to."""
    return Exists(Team.objects.filter(managers=user, members=OuterRef(engineer_field)))


def manages(user, engineer_id) -> bool:
    """Does ``user`` manage a team that the engineer ``engineer_id`` belongs to?"""
    return (
        user.is_authenticated and Team.objects.filter(managers=user, members=engineer_id).exists()
    )


def teams_managed_by(user):
    """The teams ``user`` manages (none for an anonymous user)."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(managers=user)
