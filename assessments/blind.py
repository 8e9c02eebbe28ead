"""Blind review: while a manager reviews an assessment, the engineer's
self-rating of a competency is hidden from them until they have saved their
own level for it, so the self-rating cannot anchor theirs. The evidence is
shown from the start (a fact, not an anchor); once the review is completed
everything is visible. The engineer always sees their own ratings.

Every reader that shows ratings to someone else goes through
:func:`for_viewer`: the page, its htmx answers, the JSON, the PDF and the
team's CSV then agree, because a hidden self-rating is simply not among the
items (``level`` is None: "not rated yet" as far as that reader knows).
"""

from __future__ import annotations

from dataclasses import replace

from .loading import Item


def hides_self_ratings(viewer, assessment) -> bool:
    """Does ``viewer`` see ``assessment`` blind: someone other than its
    engineer, while the review is not completed?"""
    return (
        viewer is not None
        and getattr(viewer, "pk", None) != assessment.engineer_id
        and assessment.in_review
    )


def hidden(item: Item) -> bool:
    """Is this item's self-rating hidden while blind (no manager level yet)?"""
    return item.manager_level is None and item.level is not None


def blind(items: list[Item]) -> list[Item]:
    """The items with each self-rating hidden that has no manager level yet."""
    return [replace(item, level=None) if hidden(item) else item for item in items]


def for_viewer(items: list[Item], assessment, viewer) -> list[Item]:
    """``items`` as ``viewer`` may see them."""
    return blind(items) if hides_self_ratings(viewer, assessment) else items
