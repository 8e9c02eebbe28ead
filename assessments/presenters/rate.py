"""The rating page: its sections, rows and level options.

Blind self-rating (``assessments/blind.py``): a competency's target, and its gap, are shown
only once the competency has a saved rating, so the target cannot anchor the
engineer's choice; area readiness is not shown while rating. A row's saved
answer reveals them out of band (``saved_context``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import scoring, selectors
from ..forms import RatingForm, level_values
from ..models import Rating
from .autosave import FAILED_STATES, RowStatus, StaleChoice

EVIDENCE_FIELD = RatingForm.base_fields["evidence"]
LEVEL_VALUES = level_values(RatingForm.base_fields["level"])


def dom_id(code: str) -> str:
    """A competency code as an HTML id (codes hold dots, which CSS selectors dislike)."""
    return code.replace(".", "--")


def frozen_message() -> str:
    return _("This assessment was submitted: its ratings can no longer change.")


@dataclass
class LevelOption:
    value: int
    name: str
    descriptor: str
    checked: bool
    is_target: bool  # only ever True on a row whose target is shown
    # The scale's own text (level 0 of every competency): shown once, in the
    # page's scale, not in every row.
    generic: bool = False


@dataclass
class Row:
    """One competency on the rating page, with what the user sees in it."""

    item: selectors.Item
    assessment_id: int
    level: str  # the level on screen, as posted or saved ("" when none)
    evidence: str
    revision: int
    initial_level: str  # what the page showed, so the whole-page form saves only changes
    initial_evidence: str
    options: list[LevelOption] = field(default_factory=list)
    score: scoring.CompetencyScore | None = None  # its target and gap, once rated
    state: str = ""  # "", "saved", "error", "stale", "frozen", "missing"
    message: str = ""
    stale: StaleChoice | None = None

    @property
    def competency(self):
        return self.item.competency

    @property
    def code(self) -> str:
        return self.item.competency.code

    @property
    def prefix(self) -> str:
        return self.code

    @property
    def dom_id(self) -> str:
        return dom_id(self.code)

    @property
    def save_url(self) -> str:
        return reverse("assessments:rating_save", args=[self.assessment_id, self.code])

    @property
    def shows_target(self) -> bool:
        """Blind self-rating: the target (and the gap) only once a level is saved."""
        return self.score is not None and self.score.self_rating is not None

    @property
    def target(self) -> int | None:
        return self.score.target if self.shows_target else None

    @property
    def gap(self) -> int | None:
        return self.score.gap if self.shows_target else None

    @property
    def target_marks(self) -> list[tuple[int, bool]]:
        """(level, is the target) for every level offered: each level's slot for
        the "target" mark, filled only where the target is shown."""
        return [(value, self.shows_target and value == self.score.target) for value in LEVEL_VALUES]

    @property
    def failed(self) -> bool:
        return self.state in FAILED_STATES

    @property
    def status(self) -> RowStatus:
        frozen = self.state == "frozen"
        return RowStatus(
            prefix=self.prefix,
            revision=self.revision,
            state=self.state,
            message=self.message or (_("Saved") if self.state == "saved" else ""),
            stale=self.stale,
            status_id=f"row-{self.dom_id}-status",
            link_url=reverse("assessments:report", args=[self.assessment_id]) if frozen else "",
            link_text=_("See the report") if frozen else "",
        )


@dataclass
class Section:
    area: object
    progress: selectors.AreaProgress | None
    rows: list[Row]
    next: object | None = None  # the area after this one ("next area" on a phone)

    @property
    def unrated(self) -> list[Row]:
        return [row for row in self.rows if not row.level]


def _text(value) -> str:
    return "" if value is None else str(value)


def row(
    item: selectors.Item,
    assessment_id: int,
    levels: list,
    score: scoring.CompetencyScore | None = None,
) -> Row:
    rating = item.rating
    level = _text(rating.level) if rating else ""
    evidence = rating.evidence if rating else ""
    result = Row(
        item=item,
        assessment_id=assessment_id,
        level=level,
        evidence=evidence,
        revision=rating.revision if rating else 0,
        initial_level=level,
        initial_evidence=evidence,
        score=score,
    )
    result.options = _options(result, levels, level)
    return result


def _options(row: Row, levels: list, checked: str) -> list[LevelOption]:
    """The levels the form accepts, with the framework's names and descriptors;
    the target marked only on a row whose target is shown."""
    by_level = {lv.level: lv for lv in levels}
    competency = row.item.competency
    options = []
    for value in LEVEL_VALUES:
        if value not in by_level:
            continue
        own = competency.level_descriptor(value)
        options.append(
            LevelOption(
                value=value,
                name=by_level[value].name,
                descriptor=own or by_level[value].descriptor,
                checked=checked == str(value),
                is_target=value == row.target,
                generic=not own,
            )
        )
    return options


def keep_posted(row: Row, form: RatingForm, levels: list) -> None:
    """Show what the user posted, not what is saved: nothing they chose is lost."""
    data = form.data
    if form.posted("level"):
        row.level = data.get(form.add_prefix("level"), "")
        row.options = _options(row, levels, row.level)
    if form.posted("evidence"):
        row.evidence = data.get(form.add_prefix("evidence"), "")
    revision = str(data.get(form.add_prefix("revision"), ""))
    if revision.isascii() and revision.isdigit():
        row.revision = int(revision)
    if form.track_changes:
        row.initial_level = data.get(form["level"].html_initial_name, row.initial_level)
        row.initial_evidence = data.get(form["evidence"].html_initial_name, row.initial_evidence)


def stale_choice(current: Rating, levels: list) -> StaleChoice:
    name = next((lv.name for lv in levels if lv.level == current.level), "")
    label = _("no level") if current.level is None else f"{current.level} · {name}"
    detail = f" — “{Truncator(current.evidence).chars(200)}”" if current.evidence else ""
    return StaleChoice(
        revision=current.revision,
        label=label,
        detail=detail,
        values={"level": _text(current.level), "evidence": current.evidence},
    )


def mark_stale(row: Row, current: Rating, levels: list, message: str) -> None:
    row.state, row.message, row.stale = "stale", message, stale_choice(current, levels)


def page_context(assessment, page: selectors.RatingPage) -> dict:
    scores = zip(page.data.items, page.data.report.competencies, strict=True)
    rows = {
        item.competency.code: row(item, assessment.pk, page.levels, score) for item, score in scores
    }
    sections = [
        Section(
            area=area,
            progress=page.progress.for_area(area.code),
            rows=[rows[i.competency.code] for i in page.data.items_by_area[area.pk]],
        )
        for area in page.data.areas
    ]
    for section, following in zip(sections, sections[1:], strict=False):
        section.next = following.area
    return {
        "assessment": assessment,
        "page": page,
        "levels": page.levels,
        "progress": page.progress,
        "sections": sections,
        "rows": rows,
        "missing": [],
        "evidence_attrs": EVIDENCE_FIELD.widget.attrs,
    }


def saved_context(
    rating: Rating, progress: selectors.Progress, score: scoring.CompetencyScore | None
) -> dict:
    """The answer to a row's save that landed: its status, the progress, and
    (out of band) the target and gap its saved level now reveals."""
    item = selectors.Item.of(
        rating.competency,
        score.target if score else 0,
        score.weight if score else 1,
        rating,
    )
    saved = row(item, rating.assessment_id, [], score)
    saved.state = "saved"
    area_id = rating.competency.area_id
    area_code = next((a.area.code for a in progress.areas if a.area.pk == area_id), "")
    return {
        "row": saved,
        "progress": progress,
        "section": Section(area=None, progress=progress.for_area(area_code), rows=[]),
        "oob": True,
    }


def stale_message() -> str:
    """A row's autosave refused: a newer value was saved meanwhile."""
    return _(
        "Not saved: a newer value was saved here meanwhile (in another tab or "
        "window). Keep your choice, or take the saved one."
    )


def show_invalid(context: dict, forms: dict[str, RatingForm], levels: list) -> None:
    """The whole page refused for bad input: every row as posted, the bad ones marked."""
    rows = context["rows"]
    for code, form in forms.items():
        keep_posted(rows[code], form, levels)
        if form.errors:
            rows[code].state, rows[code].message = "error", form.error_message()
    context["page_error"] = _("Nothing was saved: correct the rows marked below.")


def show_stale(context: dict, forms: dict[str, RatingForm], stale: list[Rating], levels) -> None:
    """The page as it is now, the refused rows as the user left them, with the
    newer value and its revision: saving the page again replaces it, on purpose."""
    rows = context["rows"]
    message = _(
        "Not saved: another value was saved here meanwhile (in another tab or "
        "window). Your choice is still shown: save again to replace it."
    )
    for current in stale:
        refused = rows[current.competency.code]
        keep_posted(refused, forms[refused.code], levels)
        refused.revision = current.revision
        refused.initial_level, refused.initial_evidence = _text(current.level), current.evidence
        mark_stale(refused, current, levels, message)
    context["page_error"] = _(
        "Some ratings were not saved because they changed meanwhile; they are marked below."
    )


def confirm_context(assessment, page: selectors.RatingPage) -> dict:
    """The review-and-confirm step before submitting: every rating that will be
    frozen, by area, and the competencies still unrated (then no submit)."""
    context = page_context(assessment, page)
    context["unrated"] = [row for row in context["rows"].values() if not row.level]
    return context


def show_page_error(context: dict, message: str, *, frozen: bool = False) -> None:
    """The page refused as a whole: why, above the rows; ``frozen`` when it is
    because the assessment was submitted (the page then offers no save)."""
    context["page_error"], context["frozen"] = message, frozen


def show_failed_row(
    context: dict, code: str, form: RatingForm, outcome, levels: list
) -> Row | None:
    """A row's refused save (``views.autosave.Outcome``) on the page: the
    user's choice kept, the message, and the newer value of a stale save;
    None for a code the page has no row for."""
    failed = context["rows"].get(code)
    if failed is None:
        return None
    keep_posted(failed, form, levels)
    failed.state, failed.message = outcome.state, outcome.message
    if outcome.state == "stale" and outcome.newer is not None:
        mark_stale(failed, outcome.newer, levels, outcome.message)
    if outcome.state == "frozen":
        show_page_error(context, outcome.message, frozen=True)
    return failed


def show_missing(context: dict, competencies) -> None:
    """A submit refused for unrated competencies: those rows marked, and listed."""
    rows = context["rows"]
    missing = [rows[c.code] for c in competencies if c.code in rows]
    for missing_row in missing:
        missing_row.state, missing_row.message = "missing", _("Not rated yet.")
    context["missing"] = missing
