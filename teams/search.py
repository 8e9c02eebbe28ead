"""Skills search: who, among the people the searcher may see, has a
competency at or above a level (SPEC §12).

Each person's latest submitted assessment only (an older rating says what
they knew then); the level that counts is the manager's where there is one,
else the engineer's own, and each hit says which. The blind-review rule
(``assessments.blind``) holds here too: while a review is not completed, an
engineer's self-rating the manager has not rated yet is not shown to anyone
else, so it finds nobody. One query whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce

from assessments.models import REVIEWABLE, Rating
from assessments.permissions import people_visible_to

from .summaries import DONE

SOURCE_MANAGER = "manager"
SOURCE_AGREED = "agreed"  # the engineer's level, taken by the manager as theirs
SOURCE_SELF = "self"


@dataclass(frozen=True)
class Hit:
    user_id: int
    username: str
    name: str
    assessment_id: int
    level: int
    target: int | None
    source: str
    status: str
    rated_on: datetime | None  # the review's completion, else the submission

    @property
    def review_done(self) -> bool:
        return self.status in DONE


def search(viewer, competency, *, min_level: int, reviewed_only: bool) -> Hits:
    """The people ``viewer`` may see whose latest submitted assessment rates
    ``competency`` at ``min_level`` or above: highest level first, then by name."""
    people = people_visible_to(viewer)
    # A service token's reader (``TeamsReader``) is nobody: it has no assessment of its own.
    own = viewer.pk
    ratings = (
        # Each person's latest assessment, marked as such when it was submitted.
        Rating.objects.filter(
            Q(assessment__engineer__in=people) | Q(assessment__engineer_id=own),
            competency=competency,
            assessment__latest=True,
        )
        .annotate(value=Coalesce("manager_level", "level"))
        .filter(value__gte=min_level)
        # Blind review: someone else's self-rating not yet rated by the manager.
        .exclude(
            Q(assessment__status__in=REVIEWABLE, manager_level__isnull=True)
            & ~Q(assessment__engineer_id=own)
        )
    )
    if reviewed_only:
        ratings = ratings.filter(assessment__status__in=DONE)
    # The date each hit shows (the review's completion, else the submission),
    # taken by the database: one date to convert a row, not two.
    rated_on = Case(
        When(
            assessment__status__in=DONE,
            assessment__reviewed_at__isnull=False,
            then=F("assessment__reviewed_at"),
        ),
        default=F("assessment__submitted_at"),
        output_field=DateTimeField(),
    )
    values = ratings.values_list(
        "assessment__engineer_id",
        "assessment__engineer__username",
        "assessment__engineer__first_name",
        "assessment__engineer__last_name",
        "assessment_id",
        "value",
        "target",
        "manager_level",
        "manager_agreed",
        "assessment__status",
        rated_on,
    )
    rows = list(values)
    # Sorted on the raw rows; a ``Hit`` is built only for the rows read (the
    # page shows the first ones, the CSV reads them all).
    rows.sort(key=lambda r: (-r[5], (f"{r[2]} {r[3]}".strip() or r[1]).casefold(), r[1]))
    return Hits(rows)


def _hit(row) -> Hit:
    (
        user_id,
        username,
        first,
        last,
        assessment_id,
        value,
        target,
        manager_level,
        agreed,
        status,
        rated_on,
    ) = row
    if manager_level is None:
        source = SOURCE_SELF
    elif agreed:
        source = SOURCE_AGREED
    else:
        source = SOURCE_MANAGER
    return Hit(
        user_id=user_id,
        username=username,
        name=f"{first} {last}".strip() or username,
        assessment_id=assessment_id,
        level=value,
        target=target,
        source=source,
        status=status,
        rated_on=rated_on,
    )


class Hits(Sequence):
    """The hits of a search in their order, each ``Hit`` built when it is read."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_hit(row) for row in self._rows[index]]
        return _hit(self._rows[index])

    def __iter__(self) -> Iterator[Hit]:
        return map(_hit, self._rows)
