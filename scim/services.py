"""SCIM resources to SkillGap's people and teams and back, and every write
SCIM makes. A person is a ``User`` (``userName`` the username, ``name`` the
first and last names, the primary e-mail, ``active``); a team is a ``Team``
(``displayName`` its name, ``members`` its members). The model's own
validation decides what is valid (``full_clean``: the username's rules, the
e-mail, a team's unique name, ``Team.clean``), never a copy of it here.

Deleting never deletes: a person is deactivated (they cannot sign in; their
assessments stay), a team is kept with its members and history; both leave
SCIM's sight, and a POST of the same userName or displayName brings them
back. Administrators' accounts are outside SCIM: not listed, not changed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from scim2_models import Meta, PatchOp, SCIMException

from org.models import Team

from . import resources
from .errors import Conflict, InvalidValue, NotFound
from .models import ScimGroup, ScimUser

User = get_user_model()


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
    return " ".join(error.messages)


# --- reads ------------------------------------------------------------------------


def _people():
    """The people SCIM sees: neither administrators, nor deleted accounts, nor
    those the identity provider deleted."""
    return (
        User.objects.filter(is_staff=False, is_superuser=False, deleted_at__isnull=True)
        .exclude(scim__removed_at__isnull=False)
        .order_by("pk")
    )


def users():
    return _people().select_related("scim")


def teams():
    return (
        Team.objects.exclude(scim__removed_at__isnull=False)
        .select_related("scim")
        .prefetch_related(
            Prefetch("members", queryset=_people().only("pk"), to_attr="scim_members")
        )
        .order_by("pk")
    )


def is_id(text: str) -> bool:
    """Whether ``text`` can be a primary key (digits a database's integer holds)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _get(queryset, resource_id: str):
    found = queryset.filter(pk=int(resource_id)).first() if is_id(resource_id) else None
    if found is None:
        raise NotFound(f"No resource with id {resource_id}.")
    return found


def user_get(resource_id: str):
    return _get(users(), resource_id)


def team_get(resource_id: str):
    return _get(teams(), resource_id)


def _link(obj):
    try:
        return obj.scim
    except (ScimUser.DoesNotExist, ScimGroup.DoesNotExist):
        return None


def user_resource(user, base: str) -> resources.User:
    link = _link(user)
    emails = None
    if user.email:
        kind = link.email_type if link and link.email_type else None
        primary = link.email_primary if link else True
        emails = [resources.Email(value=user.email, type=kind, primary=primary)]
    name = None
    if user.first_name or user.last_name:
        name = resources.Name(
            given_name=user.first_name or None, family_name=user.last_name or None
        )
    changed = link.updated_at if link else user.date_joined
    return resources.User(
        id=str(user.pk),
        external_id=(link.external_id or None) if link else None,
        user_name=user.username,
        name=name,
        display_name=user.display_name,
        emails=emails,
        active=user.is_active,
        meta=Meta(
            resource_type="User",
            created=user.date_joined,
            last_modified=max(changed, user.date_joined),
            location=f"{base}Users/{user.pk}",
        ),
    )


def team_resource(team, base: str) -> resources.Group:
    link = _link(team)
    members = getattr(team, "scim_members", None)
    if members is None:
        members = list(_people().filter(teams=team).only("pk"))
    return resources.Group(
        id=str(team.pk),
        external_id=(link.external_id or None) if link else None,
        display_name=team.name,
        members=[resources.Member(value=str(m.pk), ref=f"{base}Users/{m.pk}") for m in members]
        or None,
        meta=Meta(
            resource_type="Group",
            location=f"{base}Groups/{team.pk}",
            **({"last_modified": link.updated_at} if link else {}),
        ),
    )


# --- writes: people -----------------------------------------------------------------


def _primary_email(resource: resources.User) -> resources.Email | None:
    emails = [e for e in resource.emails or [] if e.value]
    return next((e for e in emails if e.primary), emails[0] if emails else None)


def _apply_user(user, resource: resources.User, *, default_active: bool) -> None:
    username = (resource.user_name or "").strip()
    if not username:
        raise InvalidValue("userName is required.")
    taken = User.objects.filter(username__iexact=username).exclude(pk=user.pk)
    if taken.exists():
        raise Conflict(f"userName {username} is already taken.")
    email = _primary_email(resource)
    user.username = username
    user.first_name = (resource.name.given_name if resource.name else None) or ""
    user.last_name = (resource.name.family_name if resource.name else None) or ""
    user.email = email.value if email else ""
    user.is_active = default_active if resource.active is None else resource.active
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        raise InvalidValue(_messages(error)) from None
    if user.pk is None:
        user.set_unusable_password()  # signs in through single sign-on or a reset
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same userName, sent twice at once
        raise Conflict(f"userName {username} is already taken.") from None
    ScimUser.objects.update_or_create(
        user=user,
        defaults={
            "external_id": resource.external_id or "",
            "email_type": str(email.type) if email and email.type else "",
            "email_primary": email.primary if email else None,
            "removed_at": None,
        },
    )


def _removed_or_new(model, **name):
    """The row of ``model`` with that name which the identity provider had
    deleted (hidden from SCIM), locked to be brought back; else a new one."""
    removed = model.objects.select_for_update().filter(scim__removed_at__isnull=False, **name)
    return removed.first() or model()


@transaction.atomic
def user_create(*, resource: resources.User):
    """A new person, or one the identity provider had deleted, back (reactivated)."""
    username = (resource.user_name or "").strip()
    user = _removed_or_new(User, username__iexact=username)
    _apply_user(user, resource, default_active=True)
    return users().get(pk=user.pk)


@transaction.atomic
def user_replace(*, user, resource: resources.User):
    _apply_user(user, resource, default_active=user.is_active)
    return users().get(pk=user.pk)


def _patched(current, patch: PatchOp):
    try:
        patch.patch(current, scim_policy=resources.POLICY)
    except SCIMException as error:
        raise InvalidValue(str(error), scim_type=error.scim_type) from None
    except ValueError as error:
        raise InvalidValue(str(error)) from None
    return current


@transaction.atomic
def user_patch(*, user, patch: PatchOp, base: str):
    resource = _patched(user_resource(user, base), patch)
    _apply_user(user, resource, default_active=user.is_active)
    return users().get(pk=user.pk)


@transaction.atomic
def user_remove(*, user) -> None:
    """Deactivate and hide; never delete (the assessments are the person's record)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ScimUser.objects.update_or_create(user=user, defaults={"removed_at": timezone.now()})


# --- writes: teams -------------------------------------------------------------------


def _apply_team(team, resource: resources.Group) -> None:
    name = (resource.display_name or "").strip()
    if not name:
        raise InvalidValue("displayName is required.")
    if Team.objects.filter(name__iexact=name).exclude(pk=team.pk).exists():
        raise Conflict(f"displayName {name} is already a team's name.")
    wanted = []
    for member in resource.members or []:
        value = str(member.value or "")
        if not is_id(value):
            raise InvalidValue(f"members: {value!r} is not the id of a user.")
        wanted.append(int(value))
    found = set(_people().filter(pk__in=wanted).values_list("pk", flat=True))
    if unknown := sorted(set(wanted) - found):
        raise InvalidValue(f"members: no user with id {', '.join(map(str, unknown))}.")
    team.name = name
    try:
        team.full_clean(validate_unique=False)
    except ValidationError as error:
        raise InvalidValue(_messages(error)) from None
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:  # the same displayName, sent twice at once
        raise Conflict(f"displayName {name} is already a team's name.") from None
    # Members SCIM does not see (administrators) stay where they are.
    hidden = team.members.exclude(pk__in=_people().values("pk")).values_list("pk", flat=True)
    team.members.set([*hidden, *found])
    ScimGroup.objects.update_or_create(
        team=team, defaults={"external_id": resource.external_id or "", "removed_at": None}
    )


@transaction.atomic
def team_create(*, resource: resources.Group):
    """A new team, or one the identity provider had deleted, back."""
    name = (resource.display_name or "").strip()
    team = _removed_or_new(Team, name__iexact=name)
    _apply_team(team, resource)
    return teams().get(pk=team.pk)


@transaction.atomic
def team_replace(*, team, resource: resources.Group):
    _apply_team(team, resource)
    return teams().get(pk=team.pk)


@transaction.atomic
def team_patch(*, team, patch: PatchOp, base: str):
    resource = _patched(team_resource(team, base), patch)
    _apply_team(team, resource)
    return teams().get(pk=team.pk)


@transaction.atomic
def team_remove(*, team) -> None:
    """Hide the team from SCIM; the team, its members and history stay."""
    ScimGroup.objects.update_or_create(team=team, defaults={"removed_at": timezone.now()})
