"""Issuing, finding and revoking API tokens (the services of ``ApiToken``).

A token reads ``sg_<prefix>_<secret>``: the prefix (8 hex digits, stored
plainly, shown on the token page) finds the row; the whole string's sha256
is compared in constant time. The secret is shown once, when it is made."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import PREFIX_LENGTH, ApiToken, digest_of

DEFAULT_DAYS = 90
MAX_DAYS = 365
# How often the last-used time is written (a token used every second costs a
# write a minute, not one per request).
LAST_USED_EVERY = timedelta(minutes=1)
TOKEN_PATTERN = re.compile(rf"sg_(?P<prefix>[0-9a-f]{{{PREFIX_LENGTH}}})_[A-Za-z0-9_-]{{43}}")


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    secret: str  # the only time it exists outside the caller's hands


def _new_secret() -> tuple[str, str]:
    while True:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix, f"sg_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def token_create(
    *,
    name: str,
    days: int,
    user=None,
    read_write: bool = False,
    teams=(),
    created_by=None,
    provisions: bool = False,
) -> Issued:
    """A personal token of ``user``, or (no user) a read-only service token of
    ``teams``, which ``provisions`` allows to provision users and teams (SCIM)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be 1–{MAX_DAYS}")
    prefix, secret = _new_secret()
    token = ApiToken.objects.create(
        kind=ApiToken.Kind.SERVICE if user is None else ApiToken.Kind.PERSONAL,
        name=name,
        user=user,
        read_write=bool(read_write) and user is not None,
        provisions=bool(provisions) and user is None,
        prefix=prefix,
        digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=created_by or user,
    )
    if user is None:
        token.teams.set(teams)
    return Issued(token=token, secret=secret)


def rekey(token: ApiToken) -> str:
    """Give an unsaved (admin-made) token its prefix and digest; the secret back."""
    prefix, secret = _new_secret()
    token.prefix, token.digest = prefix, digest_of(secret)
    return secret


def token_revoke(*, user, token_id) -> bool:
    """Revoke one of ``user``'s own tokens; False if they have no such live token."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def tokens_of(user):
    return ApiToken.objects.filter(user=user, kind=ApiToken.Kind.PERSONAL)


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token whose secret this is, else None (malformed, unknown,
    wrong, expired or revoked, or a personal token whose user may no longer
    sign in). Marks it used."""
    match = TOKEN_PATTERN.fullmatch(secret or "")
    if match is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
        return None
    now = timezone.now()
    if not token.is_usable(now):
        return None
    if token.user is not None and (not token.user.is_active or token.user.deleted_at is not None):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
