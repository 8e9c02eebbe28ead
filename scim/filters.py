"""The SCIM filters SkillGap answers (RFC 7644 §3.4.2.2): ``eq`` comparisons
joined by ``and``, which is what identity providers send (``userName eq
"…"``, ``externalId eq "…"``, Entra ID's ``id eq "…" and members[value eq
"…"]``). Anything else is refused with ``invalidFilter``, never guessed."""

from __future__ import annotations

import json
import re

from django.db.models import Q

from .errors import InvalidFilter

_STRING = r'"(?:[^"\\]|\\.)*"'
_TERM = re.compile(
    rf"""\s*(?:
        (?P<attr>[A-Za-z][\w.:]*)\s+eq\s+(?P<value>{_STRING}|true|false)
      | (?P<multi>[A-Za-z]\w*)\[\s*value\s+eq\s+(?P<inner>{_STRING})\s*\]
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_AND = re.compile(r"and\b", re.IGNORECASE)

# Attribute (lower-cased, as SCIM names are case-insensitive) -> ORM lookup.
USER_LOOKUPS = {
    "id": "pk",
    "username": "username__iexact",
    "externalid": "scim__external_id",
    "emails": "email__iexact",
    "emails.value": "email__iexact",
    "active": "is_active",
}
GROUP_LOOKUPS = {
    "id": "pk",
    "displayname": "name__iexact",
    "externalid": "scim__external_id",
    "members": "members__pk",
    "members.value": "members__pk",
}
_CORE = "urn:ietf:params:scim:schemas:core:2.0:"


def _literal(text: str):
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return json.loads(text)


def to_q(text: str, lookups: dict[str, str]) -> Q:
    """The ``Q`` of a filter, or ``InvalidFilter`` saying what is not understood."""
    q, position = Q(), 0
    while True:
        match = _TERM.match(text, position)
        if match is None:
            raise InvalidFilter(
                'The filter is not understood: use eq comparisons joined by and, as in userName eq "name".'
            )
        attr = (match["attr"] or match["multi"]).lower()
        if attr.startswith(_CORE.lower()):  # a fully qualified name
            attr = attr[len(_CORE) :].split(":", 1)[-1]
        lookup = lookups.get(attr)
        if lookup is None:
            raise InvalidFilter(f"Filtering on {attr} is not supported.")
        value = _literal(match["value"] or match["inner"])
        if lookup in ("pk", "members__pk"):
            if (
                not isinstance(value, str)
                or not (value.isascii() and value.isdigit())
                or len(value) > 18
            ):
                return Q(pk__in=[])  # no such id: nothing matches
            value = int(value)
        elif isinstance(value, bool) != (lookup == "is_active"):
            raise InvalidFilter(f"{attr} is compared with a value of the wrong type.")
        q &= Q(**{lookup: value})
        position = match.end()
        if position == len(text):
            return q
        joined = _AND.match(text, position)
        if joined is None:
            raise InvalidFilter("Only and joins comparisons in a filter here.")
        position = joined.end()
