"""Who may call SCIM: ``Authorization: Bearer`` with a service token an
administrator allowed to provision (``ApiToken.provisions``). No token, a
malformed, unknown, expired or revoked one: 401; a personal token or a
service token not allowed to provision: 403. Rate-limited per token, as the
API is; a body over ``API_MAX_BODY`` is refused before it is read."""

from __future__ import annotations

from api.auth import BodyTooLarge, admit
from api.models import ApiToken
from api.tokens import token_for_secret

from .errors import Forbidden, TooLarge, Unauthorized


def provisioning_token(request) -> ApiToken:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("A bearer token is required.")
    token = token_for_secret(secret.strip())
    if token is None:
        raise Unauthorized("The token is not valid: unknown, expired or revoked.")
    if not (token.is_service and token.provisions):
        raise Forbidden("This token may not provision users and teams (SCIM).")
    try:
        admit(request, token, "scim")
    except BodyTooLarge as too_large:
        raise TooLarge(str(too_large)) from None
    return token
