"""Bearer tokens for the API: only ``Authorization: Bearer <token>``
authenticates (never a session cookie); each token is rate-limited
(``core.ratelimit``); a body larger than ``API_MAX_BODY`` is refused before
anything reads it."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer

from core import ratelimit

from .tokens import token_for_secret


class BodyTooLarge(Exception):
    pass


class ReadOnlyToken(Exception):
    pass


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = token_for_secret(token.strip())
        if found is None:
            return None
        admit(request, found, "api")
        request.api_reader = found.reader()
        return found


def admit(request, token, action: str) -> None:
    """What a request with a valid ``token`` passes before anything reads
    it, on the API and on SCIM alike: the token's rate limit for ``action``
    (``ratelimit.RateLimited`` past it) and the body limit (``BodyTooLarge``)."""
    ratelimit.take(action, token.pk, limit=settings.API_REQUESTS_PER_MINUTE, window=60)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.API_MAX_BODY:
        raise BodyTooLarge(
            f"The request body is too large (at most {settings.API_MAX_BODY} bytes)."
        )


def reader_of(request):
    """Whom the request reads as (``ApiToken.reader``): a user, or a ``TeamsReader``."""
    return request.api_reader


def writer_of(request):
    """The user a write is made as: a read-write personal token's; else 403."""
    token = request.auth
    if token.is_service or not token.read_write:
        raise ReadOnlyToken
    return token.user
