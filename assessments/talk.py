"""What the engineer's report PDF adds for the development talk: the
conversation guide, the evidence appendix, the agreement block, the plan as a
timeline, and the plan's due dates as a calendar file.

Built from the report context (``reports.report_context``) and the plan
(``plans.plan_for``) of the same ``selectors.assessment_data``, so it is as
blind as they are: a self-rating the viewer may not see is not in the items,
so no disagreement is drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring
from .plans import Plan, PlanRow
from .reports import CompetencyRow

# A disagreement: the manager's level and the self-rating differ by at least
# this many levels (a blind spot, scoring's rule, is two or more).
DISAGREEMENT_LEVELS = 1


def disagrees(row: CompetencyRow) -> bool:
    """Do the self-rating and the manager's rating of ``row`` differ by
    ``DISAGREEMENT_LEVELS`` or more? False when either is missing (or hidden)."""
    return row.calibration is not None and abs(row.calibration) >= DISAGREEMENT_LEVELS


def descriptor(competency, level: int, levels: dict) -> str:
    """What ``level`` of ``competency`` looks like: its own descriptor, or the
    scale's (level 0 has none of its own)."""
    own = competency.level_descriptor(level)
    if own:
        return own
    scale = levels.get(level)
    return scale.descriptor if scale is not None else ""


def next_level(rating: int) -> int:
    return min(rating + 1, scoring.SCALE_MAX)


# --- the conversation guide --------------------------------------------------


@dataclass
class TalkPoint:
    """One competency to talk about: a disagreement (both levels and their
    descriptors) or, without a review, a priority gap and the next level."""

    row: CompetencyRow
    questions: list[str]
    self_descriptor: str = ""
    manager_descriptor: str = ""
    next_level: int | None = None
    next_descriptor: str = ""
    names: dict = field(default_factory=dict)  # level → the scale's name of it

    @property
    def self_name(self) -> str:
        return self.names.get(self.row.score.self_rating, "")

    @property
    def manager_name(self) -> str:
        return self.names.get(self.row.score.manager_rating, "")

    @property
    def next_name(self) -> str:
        return self.names.get(self.next_level, "")

    @property
    def evidence(self) -> str:
        return self.row.rating.evidence if self.row.rating is not None else ""

    @property
    def manager_comment(self) -> str:
        return self.row.rating.manager_comment if self.row.rating is not None else ""


@dataclass
class Talk:
    """The guide page: ``disagreements`` where both ratings are seen, else
    (no manager rating yet, or no disagreement) ``gaps``, the priority gaps."""

    reviewed: bool  # any manager rating seen
    disagreements: list[TalkPoint]
    gaps: list[TalkPoint]


def _names(levels: dict) -> dict:
    return {number: level.name for number, level in levels.items()}


def _disagreement(row: CompetencyRow, levels: dict) -> TalkPoint:
    own, manager = row.score.self_rating, row.score.manager_rating
    if own > manager:
        questions = [
            _("Which piece of your work shows level %(level)s here?") % {"level": own},
            _("What would your manager need to see to rate it level %(level)s?") % {"level": own},
        ]
    else:
        questions = [
            _("Where has your manager seen you work at level %(level)s here?") % {"level": manager},
            _("What keeps you from rating yourself at level %(level)s?") % {"level": manager},
        ]
    return TalkPoint(
        row=row,
        questions=questions,
        self_descriptor=descriptor(row.competency, own, levels),
        manager_descriptor=descriptor(row.competency, manager, levels),
        names=_names(levels),
    )


def _gap(row: CompetencyRow, levels: dict) -> TalkPoint:
    level = next_level(row.score.rating)
    return TalkPoint(
        row=row,
        questions=[
            _("What would show you working at level %(level)s here?") % {"level": level},
            _("What support or time would you need to get there?"),
        ],
        next_level=level,
        next_descriptor=descriptor(row.competency, level, levels),
        names=_names(levels),
    )


def talk_for(context: dict, levels: dict) -> Talk:
    """The guide of the report ``context`` (``reports.report_context``)."""
    reviewed = context["has_manager_ratings"]
    rows = [row for area in context["areas"] for row in area.competencies]
    disagreements = [_disagreement(row, levels) for row in rows if disagrees(row)]
    gaps = [] if disagreements else [_gap(row, levels) for row in context["plan"]]
    return Talk(reviewed=reviewed, disagreements=disagreements, gaps=gaps)


# --- the evidence appendix -----------------------------------------------------


@dataclass
class EvidenceArea:
    area: object  # roles.models.CompetencyArea
    rows: list[CompetencyRow]


def evidence_by_area(context: dict) -> list[EvidenceArea]:
    """Every competency with an evidence note, by area, in framework order;
    areas without any left out."""
    found = []
    for area in context["areas"]:
        rows = [r for r in area.competencies if r.rating is not None and r.rating.evidence.strip()]
        if rows:
            found.append(EvidenceArea(area=area.area, rows=rows))
    return found


# --- the agreement block ---------------------------------------------------------


@dataclass
class Agreement:
    engineer: object
    manager: object | None  # who completed the review, else who rated; None: nobody yet
    reviewed_at: datetime | None
    acknowledged_at: datetime | None
    comment: str


def agreement_for(context: dict) -> Agreement:
    assessment = context["assessment"]
    manager = assessment.review_completed_by
    if manager is None:
        manager = next(
            (
                row.rating.reviewed_by
                for area in context["areas"]
                for row in area.competencies
                if row.rating is not None and row.rating.reviewed_by is not None
            ),
            None,
        )
    return Agreement(
        engineer=assessment.engineer,
        manager=manager,
        reviewed_at=assessment.reviewed_at,
        acknowledged_at=assessment.acknowledged_at,
        comment=assessment.acknowledgement,
    )


# --- the plan as a timeline -----------------------------------------------------------

# The timeline's groups, by days from today to the due date: (key, label, last day).
PAST, WITHIN_30, WITHIN_60, WITHIN_90, LATER, NO_DATE = (
    "past",
    "30",
    "60",
    "90",
    "later",
    "none",
)
GROUP_LABELS = {
    PAST: gettext_lazy("Due date passed"),
    WITHIN_30: gettext_lazy("Within 30 days"),
    WITHIN_60: gettext_lazy("Within 60 days"),
    WITHIN_90: gettext_lazy("Within 90 days"),
    LATER: gettext_lazy("Later"),
    NO_DATE: gettext_lazy("No due date"),
}


def group_of(due: date | None, today: date) -> str:
    if due is None:
        return NO_DATE
    days = (due - today).days
    if days < 0:
        return PAST
    for key, last in ((WITHIN_30, 30), (WITHIN_60, 60), (WITHIN_90, 90)):
        if days <= last:
            return key
    return LATER


@dataclass
class LearningLink:
    url: str
    title: str
    qr: SafeString  # an inline SVG titled with the URL (the figure's /Alt)


@dataclass
class TimelineGoal:
    row: PlanRow
    done_level: int
    done_when: str  # the next level's descriptor
    links: list[LearningLink] = field(default_factory=list)


@dataclass
class TimelineGroup:
    key: str
    goals: list[TimelineGoal]

    @property
    def label(self) -> str:
        return GROUP_LABELS[self.key]


@lru_cache(maxsize=512)
def qr_svg(url: str) -> SafeString:
    """``url`` as a QR code, an inline SVG whose <title> is the URL. Kept per
    process: the links are the framework's, the same in many reports, and
    encoding one costs a few milliseconds."""
    import segno  # only a PDF with a learning link needs it

    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=2, border=2, title=url, svgclass="qr", lineclass=None)
    # segno escapes the title; the rest of the SVG is made from no other input.
    return SafeString(svg.replace("<svg ", '<svg role="img" ', 1))


def timeline_for(plan: Plan, *, today: date, levels: dict) -> list[TimelineGroup]:
    """Every goal set (the plan's and the others), grouped by due date, in
    the order of the groups, by due date within each."""
    groups: dict[str, list[TimelineGoal]] = {key: [] for key in GROUP_LABELS}
    rows = sorted(
        (row for row in plan.all_rows if row.has_goal),
        key=lambda row: row.goal.due_date or date.max,
    )
    for row in rows:
        level = next_level(row.score.rating)
        links = [
            LearningLink(url=a.link_url, title=a.link_title or a.link_url, qr=qr_svg(a.link_url))
            for a in row.actions
            if a.link_url
        ]
        groups[group_of(row.goal.due_date, today)].append(
            TimelineGoal(
                row=row,
                done_level=level,
                done_when=descriptor(row.competency, level, levels),
                links=links,
            )
        )
    return [TimelineGroup(key=key, goals=goals) for key, goals in groups.items() if goals]


# --- the calendar file ------------------------------------------------------------

CALENDAR_NAME = "skillgap-plan.ics"


def calendar_of(plan: Plan, *, changed: datetime) -> bytes | None:
    """The due dates of ``plan``'s goals as an iCalendar file (RFC 5545): one
    all-day event per goal with a due date; None when none has one.
    ``changed`` (the assessment's last change) stamps it, so the same plan
    gives the same file."""
    from icalendar import Calendar, Event

    rows = [row for row in plan.all_rows if row.has_goal and row.goal.due_date]
    if not rows:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//SkillGap//Development plan//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for row in rows:
        event = Event()
        event.add("uid", f"goal-{row.goal.pk}@skillgap")
        event.add("dtstamp", changed)
        event.add("dtstart", row.goal.due_date)
        event.add("dtend", row.goal.due_date + timedelta(days=1))
        event.add("summary", _("Goal due: %(competency)s") % {"competency": row.competency.name})
        if row.goal.text:
            event.add("description", row.goal.text)
        calendar.add_component(event)
    return calendar.to_ical()
