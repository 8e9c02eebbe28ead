"""Why a SCIM request is refused: a status and a ``scimType`` (RFC 7644
§3.12), mapped to the SCIM error body in one place (``views.error``)."""

from __future__ import annotations


class ScimError(Exception):
    status = 400
    scim_type: str | None = None

    def __init__(self, detail: str, *, scim_type: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if scim_type is not None:
            self.scim_type = scim_type


class Unauthorized(ScimError):
    status = 401


class Forbidden(ScimError):
    status = 403


class NotFound(ScimError):
    status = 404


class MethodNotAllowed(ScimError):
    status = 405


class Conflict(ScimError):
    status = 409
    scim_type = "uniqueness"


class TooLarge(ScimError):
    status = 413
    scim_type = "tooLarge"


class TooManyRequests(ScimError):
    status = 429


class InvalidValue(ScimError):
    scim_type = "invalidValue"


class InvalidSyntax(ScimError):
    scim_type = "invalidSyntax"


class InvalidFilter(ScimError):
    scim_type = "invalidFilter"


class NotImplementedYet(ScimError):
    status = 501
