"""View-models of the home page: no query, no markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The end of a description's first sentence: a full stop, question or
# exclamation mark followed by white space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class ProfileCard:
    """A role profile as "Start an assessment" offers it: the first sentence
    of its description as the summary, the rest behind "more"."""

    profile: object  # roles.models.RoleProfile
    lead: str
    rest: str


def profile_card(profile) -> ProfileCard:
    description = (profile.description or "").strip()
    lead, *rest = _SENTENCE_END.split(description, maxsplit=1)
    return ProfileCard(profile=profile, lead=lead, rest=rest[0] if rest else "")


def profile_cards(profiles) -> list[ProfileCard]:
    return [profile_card(p) for p in profiles]
