"""The signed one-click unsubscribe link of every reminder.

The link carries the user's id and a timestamped signature of it; a link
whose signature does not match (forged), that is older than
``UNSUBSCRIBE_MAX_AGE`` (expired) or whose signature is another user's is
refused with ``BadUnsubscribeLink``.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from .errors import BadUnsubscribeLink

SALT = "cycles.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def unsubscribe_token(user_id: int) -> str:
    return _signer().sign(str(user_id))


def unsubscribe_path(user_id: int) -> str:
    return reverse("cycles:unsubscribe", args=[user_id, unsubscribe_token(user_id)])


def check_unsubscribe(user_id: int, token: str) -> None:
    """Nothing for a good link; ``BadUnsubscribeLink`` otherwise."""
    try:
        value = _signer().unsign(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadUnsubscribeLink from None
    if value != str(user_id):
        raise BadUnsubscribeLink
