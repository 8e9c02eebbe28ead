"""The manager review page: one row per competency, beside the self-rating.

Blind review (``assessments.blind``): while the review is not
completed, the engineer's self-rating of a competency is hidden from the
manager until a manager level is saved for it; the row then shows it, with the
blind-spot flag. Rows read the self-rating from the item (``item.level``,
already blind for the viewer), never from the rating model.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from roles.models import ProficiencyLevel

from .. import scoring
from ..blind import hides_self_ratings
from ..forms import ReviewForm, level_values
from ..models import Rating
from ..selectors import AssessmentData, Item
from .autosave import RowStatus, StaleChoice

COMMENT_FIELD = ReviewForm.base_fields["comment"]
LEVEL_VALUES = level_values(ReviewForm.base_fields["level"])


def stale_message(rating: Rating | None, *, whole_form: bool = False) -> str:
    """A save refused: another manager (or tab) changed this rating meanwhile."""
    if rating is None or rating.manager_level is None:
        return _(
            "Not saved: this rating was changed in another window. Reload the page to see the latest."
        )
    if whole_form:
        message = _(
            "Not saved: this rating was changed in another window (it is now %(level)s). "
            "Yours is kept below; save again to replace it."
        )
    else:
        message = _(
            "Not saved: this rating was changed in another window (it is now %(level)s). "
            "Keep yours, or take the saved one."
        )
    return message % {"level": rating.manager_level}


def stale_choice(rating: Rating, level_names: dict) -> StaleChoice:
    level = rating.manager_level
    label = _("no level") if level is None else f"{level} · {level_names.get(level, '')}"
    detail = f" — “{rating.manager_comment}”" if rating.manager_comment else ""
    values = {"level": "" if level is None else str(level), "comment": rating.manager_comment}
    return StaleChoice(rating.manager_revision, label, detail, values, "newer-review")


@dataclass
class Row:
    """One competency on the review page, with what the manager has (or just posted)."""

    item: Item
    score: scoring.CompetencyScore
    level: int | None  # the manager rating shown as chosen
    comment: str
    revision: int
    assessment_id: int
    message: str = ""
    failed: bool = False
    stale: StaleChoice | None = None
    self_hidden: bool = False  # blind: no manager level saved for it yet

    @property
    def code(self) -> str:
        return self.item.competency.code

    @property
    def self_level(self) -> int | None:
        """The self-rating as the viewer may see it (None when hidden or not rated)."""
        return None if self.self_hidden else self.item.level

    @property
    def save_url(self) -> str:
        return reverse("assessments:review_save", args=[self.assessment_id, self.code])

    @property
    def status(self) -> RowStatus:
        return RowStatus(
            prefix=self.code,
            revision=self.revision,
            state="error" if self.failed else "",
            message=self.message,
            stale=self.stale,
            revision_id=f"revision-{self.code}",
        )


def _posted_level(raw) -> int | None:
    return int(raw) if raw in {str(n) for n in LEVEL_VALUES} else None


def rows(
    data: AssessmentData, posted=None, messages=None, stale=None, level_names=None, blind=False
):
    """The page's rows; ``posted`` keeps what the manager sent when it is shown
    again with an error, so nothing typed is lost. ``stale`` (code → the rating
    saved meanwhile) offers its value and takes its revision: saving the form
    again replaces it, knowingly. ``blind``: the viewer does not see the
    self-ratings without a saved manager level (``data`` was loaded for them)."""
    messages, stale = messages or {}, stale or {}
    result = []
    for item, score in zip(data.items, data.report.competencies, strict=True):
        rating, code = item.rating, item.competency.code
        level, comment = rating.manager_level, rating.manager_comment
        revision = rating.manager_revision
        if posted is not None:
            posted_level = _posted_level(posted.get(f"{code}-level", ""))
            level = level if posted_level is None else posted_level
            comment = posted.get(f"{code}-comment", comment)
            raw = str(posted.get(f"{code}-revision", ""))
            revision = int(raw) if raw.isascii() and raw.isdigit() else revision
        row = Row(item, score, level, comment, revision, data.assessment.pk)
        row.self_hidden = blind and item.manager_level is None
        row.message = messages.get(code, "")
        row.failed = bool(row.message)
        if code in stale and stale[code] is not None:
            row.stale = stale_choice(stale[code], level_names or {})
            row.revision = stale[code].manager_revision
        result.append(row)
    return result


def level_names() -> dict[int, str]:
    return dict(ProficiencyLevel.objects.values_list("level", "name"))


def page_context(assessment, data: AssessmentData, *, viewer=None, **row_kwargs) -> dict:
    """The page as ``viewer`` may see it: ``data`` must have been loaded for the
    same viewer (``selectors.assessment_data(..., viewer=viewer)``)."""
    levels = list(ProficiencyLevel.objects.order_by("level"))
    level_names = {level.level: level.name for level in levels}
    blind = hides_self_ratings(viewer, assessment)
    page_rows = rows(data, level_names=level_names, blind=blind, **row_kwargs)
    return {
        "assessment": assessment,
        "data": data,
        "rows": page_rows,
        "levels": [level for level in levels if level.level in LEVEL_VALUES],
        "level_names": level_names,
        "comment_attrs": COMMENT_FIELD.widget.attrs,
        "frozen": not assessment.in_review,
        "blind": blind,
        **progress(page_rows),
    }


def progress(page_rows: list[Row]) -> dict:
    reviewed = sum(1 for row in page_rows if row.item.rating.manager_level is not None)
    return {
        "reviewed_count": reviewed,
        "unrated_count": len(page_rows) - reviewed,
        "total": len(page_rows),
    }
