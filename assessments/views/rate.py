"""The self-assessment: start one, rate yourself, submit.

Every row of the rating page saves on its own through htmx (``rating_save``):
the answer swaps only the row's status and revision, never the fields being
edited, plus out-of-band progress counters. Without JavaScript the page is one
form posted whole to ``rate``; ``submit`` saves what it is sent the same way
before it submits, so nothing typed is lost on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roles.models import ProfileTarget

from .. import permissions, selectors, services
from ..errors import UnknownCompetency
from ..forms import RatingForm
from ..models import Rating

TEMPLATE = "assessments/rate.html"


def frozen_message() -> str:
    return _("This assessment was submitted: its ratings can no longer change.")


# --- what the page shows ----------------------------------------------------


def dom_id(code: str) -> str:
    """A competency code as an HTML id (codes hold dots, which CSS selectors dislike)."""
    return code.replace(".", "--")


@dataclass
class LevelOption:
    value: int
    name: str
    descriptor: str
    checked: bool
    is_target: bool


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
    state: str = ""  # "", "saved", "error", "stale", "frozen", "missing"
    message: str = ""
    newer: Rating | None = None  # stale: the value saved meanwhile
    newer_name: str = ""

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
    def failed(self) -> bool:
        return self.state in ("error", "stale", "frozen")


@dataclass
class Section:
    area: object
    progress: selectors.AreaProgress | None
    rows: list[Row]


def _text(value) -> str:
    return "" if value is None else str(value)


def _row(item: selectors.Item, assessment_id: int, levels: list) -> Row:
    rating = item.rating
    level = _text(rating.level) if rating else ""
    evidence = rating.evidence if rating else ""
    return Row(
        item=item,
        assessment_id=assessment_id,
        level=level,
        evidence=evidence,
        revision=rating.revision if rating else 0,
        initial_level=level,
        initial_evidence=evidence,
        options=_options(item, levels, level),
    )


def _options(item: selectors.Item, levels: list, checked: str) -> list[LevelOption]:
    return [
        LevelOption(
            value=lv.level,
            name=lv.name,
            descriptor=item.competency.level_descriptor(lv.level) or lv.descriptor,
            checked=checked == str(lv.level),
            is_target=lv.level == item.target,
        )
        for lv in levels
    ]


def _keep_posted(row: Row, form: RatingForm, levels: list) -> None:
    """Show what the user posted, not what is saved: nothing they chose is lost."""
    data = form.data
    if form.add_prefix("level") in data:
        row.level = data.get(form.add_prefix("level"), "")
        row.options = _options(row.item, levels, row.level)
    if form.add_prefix("evidence") in data:
        row.evidence = data.get(form.add_prefix("evidence"), "")
    posted_revision = str(data.get(form.add_prefix("revision"), ""))
    if posted_revision.isascii() and posted_revision.isdigit():
        row.revision = int(posted_revision)
    if form.prefix:
        row.initial_level = data.get(form["level"].html_initial_name, row.initial_level)
        row.initial_evidence = data.get(form["evidence"].html_initial_name, row.initial_evidence)


def _mark_stale(row: Row, current: Rating, levels: list, message: str) -> None:
    row.state, row.message, row.newer = "stale", message, current
    row.newer_name = next((lv.name for lv in levels if lv.level == current.level), "")


def _page_context(assessment, page: selectors.RatingPage) -> dict:
    rows = {
        item.competency.code: _row(item, assessment.pk, page.levels) for item in page.data.items
    }
    sections = [
        Section(
            area=area,
            progress=page.progress.for_area(area.code),
            rows=[rows[i.competency.code] for i in page.data.items_by_area[area.pk]],
        )
        for area in page.data.areas
    ]
    return {
        "assessment": assessment,
        "page": page,
        "levels": page.levels,
        "progress": page.progress,
        "sections": sections,
        "rows": rows,
        "missing": [],
    }


def _render_page(request, context: dict, *, status: int = 200):
    return render(request, TEMPLATE, context, status=status)


# --- the rating page and the whole-page form ---------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, pk):
    """The rating page of a draft; POST saves the whole page (no JavaScript)."""
    if request.method == "POST":
        assessment = permissions.assessment_for_owner(request.user, pk)
        response, _context = _save_page(request, assessment)
        if response is not None:
            return response
        messages.success(request, _("Your ratings are saved."))
        return redirect("assessments:rate", assessment.pk)
    assessment = permissions.assessment_for_viewer(request.user, pk)
    if assessment.is_frozen:
        return redirect("assessments:report", assessment.pk)
    return _render_page(request, _page_context(assessment, selectors.rating_page(assessment)))


def _save_page(request, assessment):
    """Save every changed row of the posted page. Returns (error response or
    None, page context). Invalid input saves nothing (400); rows changed
    meanwhile elsewhere are refused and shown (409), the others are saved."""
    if assessment.is_frozen:
        context = _page_context(assessment, selectors.rating_page(assessment))
        context["page_error"] = frozen_message()
        context["frozen"] = True
        return _render_page(request, context, status=409), context
    page = selectors.rating_page(assessment)
    context = _page_context(assessment, page)
    rows: dict[str, Row] = context["rows"]
    forms = {
        code: RatingForm(request.POST, prefix=code, track_changes=True)
        for code in rows
        if any(key.startswith(f"{code}-") for key in request.POST)
    }
    invalid = [code for code, form in forms.items() if not form.is_valid()]
    if invalid:
        for code, form in forms.items():
            _keep_posted(rows[code], form, page.levels)
        for code in invalid:
            rows[code].state, rows[code].message = "error", forms[code].error_message()
        context["page_error"] = _("Nothing was saved: correct the rows marked below.")
        return _render_page(request, context, status=400), context
    changes = [form.change(code) for code, form in forms.items() if form.user_changed()]
    try:
        result = services.ratings_save_all(
            user=request.user, assessment=assessment, changes=changes
        )
    except services.AssessmentFrozen:
        context["page_error"] = frozen_message()
        context["frozen"] = True
        return _render_page(request, context, status=409), context
    except ValidationError as error:
        context["page_error"] = " ".join(error.messages)
        return _render_page(request, context, status=400), context
    if not result.stale:
        return None, context
    # Show the page as it is now, the refused rows as the user left them, with
    # the newer value and its revision: saving again replaces it, on purpose.
    context = _page_context(assessment, selectors.rating_page(assessment))
    rows = context["rows"]
    for current in result.stale:
        row = rows[current.competency.code]
        _keep_posted(row, forms[row.code], page.levels)
        row.revision = current.revision
        row.initial_level, row.initial_evidence = _text(current.level), current.evidence
        _mark_stale(
            row,
            current,
            page.levels,
            _(
                "Not saved: another value was saved here meanwhile (in another tab or "
                "window). Your choice is still shown: save again to replace it."
            ),
        )
    context["page_error"] = _(
        "Some ratings were not saved because they changed meanwhile; they are marked below."
    )
    return _render_page(request, context, status=409), context


# --- one row (autosave) -----------------------------------------------------


@login_required
@require_POST
def rating_save(request, pk, code):
    """Save one self-rating. htmx gets the row's status and the progress out of
    band; a plain form post goes back to the row on the rating page."""
    form = RatingForm(request.POST)
    if form.is_valid():
        # The common case in one query fewer (the owner check is in the query
        # that locks the rating); anything else takes the path below.
        change = form.change(code)
        result = services.own_draft_rating_save(
            user=request.user,
            assessment_id=pk,
            competency_code=code,
            level=change.level,
            evidence=change.evidence,
            revision=change.revision,
        )
        if result is not None:
            return _saved(request, result.rating)
    assessment = permissions.assessment_for_owner(request.user, pk)
    if not form.is_valid():
        return _row_failure(request, assessment, code, form, "error", form.error_message(), 400)
    change = form.change(code)
    try:
        result = services.rating_save(
            user=request.user,
            assessment=assessment,
            competency_code=code,
            level=change.level,
            evidence=change.evidence,
            revision=change.revision,
        )
    except UnknownCompetency:
        if request.htmx:
            return _htmx_error(request, _("This competency is not part of this assessment."), 404)
        raise Http404("No such competency in this assessment's profile") from None
    except services.AssessmentFrozen:
        return _row_failure(request, assessment, code, form, "frozen", frozen_message(), 409)
    except services.StaleRevision as stale:
        return _row_failure(
            request,
            assessment,
            code,
            form,
            "stale",
            _(
                "Not saved: a newer value was saved here meanwhile (in another tab or "
                "window). Keep your choice, or take the saved one."
            ),
            409,
            current=stale.current,
        )
    except ValidationError as error:
        return _row_failure(request, assessment, code, form, "error", " ".join(error.messages), 400)
    return _saved(request, result.rating)


def _saved(request, rating: Rating):
    """The answer to a save that landed: htmx gets the row's status and the
    progress; a plain form post goes back to the row."""
    assessment = rating.assessment
    if not request.htmx:
        return redirect(
            reverse("assessments:rate", args=[assessment.pk])
            + f"#row-{dom_id(rating.competency.code)}"
        )
    progress = selectors.draft_progress(assessment)
    item = selectors.Item(competency=rating.competency, target=0, weight=1, rating=rating)
    row = _row(item, assessment.pk, [])
    row.state = "saved"
    area_code = _area_code(progress, rating)
    context = {
        "row": row,
        "progress": progress,
        "section": Section(area=None, progress=progress.for_area(area_code), rows=[]),
        "oob": True,
    }
    return render(request, f"{TEMPLATE}#autosave-answer", context)


def _area_code(progress: selectors.Progress, rating: Rating) -> str:
    area_id = rating.competency.area_id
    return next((a.area.code for a in progress.areas if a.area.pk == area_id), "")


def _htmx_error(request, message: str, status: int) -> HttpResponse:
    return HttpResponse(
        render_to_string("partials/htmx_error.html", {"message": message}, request=request),
        status=status,
    )


def _row_failure(request, assessment, code, form, state, message, status, current=None):
    """A refused save: the message where the user is, their choice kept on screen."""
    if not ProfileTarget.objects.filter(
        profile_id=assessment.role_profile_id, competency__code=code
    ).exists():
        if request.htmx:
            return _htmx_error(request, _("This competency is not part of this assessment."), 404)
        raise Http404("No such competency in this assessment's profile")
    page = selectors.rating_page(assessment)
    context = _page_context(assessment, page)
    row = context["rows"][code]
    _keep_posted(row, form, page.levels)
    if current is not None:
        _mark_stale(row, current, page.levels, message)
    else:
        row.state, row.message = state, message
    if request.htmx:
        return render(request, f"{TEMPLATE}#rating-state", {"row": row}, status=status)
    if state == "frozen":
        context["page_error"], context["frozen"] = message, True
    return _render_page(request, context, status=status)


# --- submit -----------------------------------------------------------------


@login_required
@require_POST
def submit(request, pk):
    """Submit the draft: what the form carries is saved first (so a change made
    just before pressing submit is kept), then every competency must be rated."""
    assessment = permissions.assessment_for_owner(request.user, pk)
    if assessment.is_frozen:
        # A second press of the button, or another tab: it is already done.
        return redirect("assessments:report", assessment.pk)
    response, context = _save_page(request, assessment)
    if response is not None:
        return response
    try:
        services.assessment_submit(user=request.user, assessment=assessment)
    except services.AssessmentFrozen:
        return redirect("assessments:report", assessment.pk)
    except services.IncompleteAssessment as incomplete:
        context = _page_context(assessment, selectors.rating_page(assessment))
        rows = context["rows"]
        missing = [rows[c.code] for c in incomplete.missing if c.code in rows]
        for row in missing:
            row.state, row.message = "missing", _("Not rated yet.")
        context["missing"] = missing
        return _render_page(request, context, status=400)
    messages.success(request, _("Your assessment is submitted. Here is your gap report."))
    return redirect("assessments:report", assessment.pk)
