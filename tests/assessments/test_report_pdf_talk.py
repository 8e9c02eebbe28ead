"""The report PDF for the development talk: the conversation guide, the
evidence appendix, the agreement block, the plan as a timeline with its
calendar file, and the archival (PDF/A-3) copy with the report's JSON inside.
Read back with pypdf (text) and pikepdf (links, attachments, metadata)."""

import io
import json
from datetime import timedelta

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar
from pypdf import PdfReader

from assessments import services
from assessments.models import Goal, Rating
from roles.models import Competency, ProficiencyLevel
from tests.assessments.plan_helpers import plan_codes
from tests.factories import review, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

# Self-ratings: 1 everywhere but these.
LEVELS = {"programming.python": 4, "database.sql": 4, "ai-ml.prompt-engineering": 0}
EVIDENCE_URL = "https://git.example.invalid/eko/packaging-cli"
EVIDENCE = f"Packaged our CLI and published it: {EVIDENCE_URL}"
BLIND_SPOT_COMMENT = "Let us pair on the packaging work."
ONE_LEVEL_COMMENT = "Close, the query plans need work."


def pdf_url(assessment, lang, **params):
    url = reverse("assessments:report_pdf", args=[assessment.pk]) + f"?lang={lang}"
    return url + "".join(f"&{key}={value}" for key, value in params.items())


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def pdf_bytes(client, assessment, lang, **params) -> bytes:
    response = client.get(pdf_url(assessment, lang, **params))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(body: bytes) -> str:
    return clean(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def tr(message: str, lang: str, **values) -> str:
    with translation.override(lang):
        text = translation.gettext(message)
    return text % values if values else text


def between(text: str, start: str, end: str) -> str:
    """The text from ``start`` (its last occurrence before ``end``) to ``end``."""
    assert start in text, start
    stop = text.index(end) if end in text else len(text)
    return text[text.rindex(start, 0, stop) : stop]


def competency(code):
    return Competency.objects.get(code=code)


def name_in(code, lang):
    c = competency(code)
    return c.name_ind if lang == "id" else c.name_en


def descriptor_in(code, level, lang):
    c = competency(code)
    return getattr(c, f"level_{level}_{'ind' if lang == 'id' else 'en'}")


@pytest.fixture
def assessment(engineer, team):
    assessment = submitted(engineer, level=1, levels=LEVELS)
    Rating.objects.filter(assessment=assessment, competency__code="programming.python").update(
        evidence=EVIDENCE
    )
    return assessment


@pytest.fixture
def reviewed(assessment, manager, engineer):
    """Python: self 4, manager 2 (a blind spot); SQL: self 4, manager 3 (one
    level apart); prompt engineering: self 0, manager 2 (rated higher by the
    manager); every other competency agreed."""
    review(manager, assessment, "programming.python", 2, comment=BLIND_SPOT_COMMENT)
    review(manager, assessment, "database.sql", 3, comment=ONE_LEVEL_COMMENT)
    review(manager, assessment, "ai-ml.prompt-engineering", 2)
    services.review_complete(user=manager, assessment=assessment, agree_remaining=True)
    assessment.refresh_from_db()
    return assessment


def guide_of(text, lang):
    return between(
        text,
        tr("For the development talk", lang),
        tr("The engineer's evidence notes, by area, in the framework's order.", lang),
    )


# --- the conversation guide ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_talk_page_sets_each_disagreement_side_by_side_with_evidence_comment_and_questions(
    client_for, engineer, reviewed, lang
):
    guide = guide_of(text_of(pdf_bytes(client_for(engineer), reviewed, lang)), lang)
    # The blind spot: both levels described, the evidence, the comment, two questions.
    assert name_in("programming.python", lang) in guide
    assert clean(descriptor_in("programming.python", 4, lang)) in guide
    assert clean(descriptor_in("programming.python", 2, lang)) in guide
    assert EVIDENCE_URL in guide
    assert BLIND_SPOT_COMMENT in guide
    assert tr("Which piece of your work shows level %(level)s here?", lang, level=4) in guide
    assert tr("What would your manager need to see to rate it level %(level)s?", lang, level=4) in (
        guide
    )
    # One level apart is a disagreement too.
    assert name_in("database.sql", lang) in guide
    assert ONE_LEVEL_COMMENT in guide
    assert tr("Which piece of your work shows level %(level)s here?", lang, level=4) in guide
    # Rated higher by the manager: the questions ask where the manager saw it.
    assert name_in("ai-ml.prompt-engineering", lang) in guide
    manager_saw = tr("Where has your manager seen you work at level %(level)s here?", lang, level=2)
    assert manager_saw in guide
    assert tr("What keeps you from rating yourself at level %(level)s?", lang, level=2) in guide
    # Where the manager agreed, nothing to talk about.
    agreed = next(code for code in plan_codes(reviewed) if code not in LEVELS)
    assert name_in(agreed, lang) not in guide


def test_the_talk_page_starts_a_page_of_its_own(client_for, engineer, reviewed):
    pages = PdfReader(io.BytesIO(pdf_bytes(client_for(engineer), reviewed, "en"))).pages
    starts = [clean(page.extract_text()) for page in pages]
    heading = "For the development talk"
    page = next(text for text in starts if heading in text)
    # The heading comes first on its page, after the running title.
    assert page.index(heading) < 60, page[:120]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_without_a_review_the_guide_offers_the_next_level_of_each_priority_gap(
    client_for, engineer, assessment, lang
):
    guide = guide_of(text_of(pdf_bytes(client_for(engineer), assessment, lang)), lang)
    with translation.override(lang):
        level_name = ProficiencyLevel.objects.get(level=2).name
    agree = tr("What we could agree on: level %(level)s %(name)s", lang, level=2, name=level_name)
    assert agree in guide
    for code in plan_codes(assessment):
        assert name_in(code, lang) in guide
        rating = 0 if code == "ai-ml.prompt-engineering" else 1
        assert clean(descriptor_in(code, rating + 1, lang)) in guide
    assert tr("What would show you working at level %(level)s here?", lang, level=2) in guide


def test_a_manager_reviewing_blind_gets_no_self_rating_through_the_guide(
    client_for, engineer, manager, assessment
):
    """Submitted, not yet rated by the manager: the engineer's copy says the
    level of each gap; the manager's does not."""
    own = guide_of(text_of(pdf_bytes(client_for(engineer), assessment, "en")), "en")
    theirs = guide_of(text_of(pdf_bytes(client_for(manager), assessment, "en")), "en")
    assert "level 1 now" in own
    assert "level 1 now" not in theirs
    assert "not rated" in theirs


# --- the evidence appendix ---------------------------------------------------------------


def link_targets(body: bytes) -> set[str]:
    pdf = pikepdf.open(io.BytesIO(body))
    return {
        str(annot.A.URI)
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot.A
    }


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_evidence_appendix_lists_each_note_by_area_with_its_links_live(
    client_for, engineer, assessment, lang
):
    body = pdf_bytes(client_for(engineer), assessment, lang)
    appendix = between(
        text_of(body),
        tr("The engineer's evidence notes, by area, in the framework's order.", lang),
        tr("Agreement", lang),
    )
    area = competency("programming.python").area
    assert f"{area.name_ind if lang == 'id' else area.name_en} " in appendix
    assert f"{name_in('programming.python', lang)} {EVIDENCE}" in appendix
    assert EVIDENCE_URL in link_targets(body)


def test_without_evidence_there_is_no_appendix(client_for, engineer, assessment):
    Rating.objects.filter(assessment=assessment).update(evidence="")
    body = pdf_bytes(client_for(engineer), assessment, "en")
    assert "The engineer's evidence notes" not in text_of(body)
    assert EVIDENCE_URL not in link_targets(body)


# --- the agreement block ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_agreement_names_both_people_the_dates_and_the_engineers_comment(
    client_for, engineer, reviewed, lang
):
    services.assessment_acknowledge(
        user=engineer, assessment=reviewed, comment="I disagree on Python, see the CLI."
    )
    reviewed.refresh_from_db()
    text = text_of(pdf_bytes(client_for(engineer), reviewed, lang))
    block = text[text.rindex(tr("Agreement", lang)) :]
    with translation.override(lang):
        reviewed_on = date_format(timezone.localtime(reviewed.reviewed_at), "DATE_FORMAT")
        acknowledged_on = date_format(timezone.localtime(reviewed.acknowledged_at), "DATE_FORMAT")
    assert f"{tr('Engineer', lang)} Eko Engineer" in block
    assert f"{tr('Manager', lang)} Maya Manager" in block
    assert f"{tr('Review completed', lang)} {reviewed_on}" in block
    with translation.override(lang):
        acknowledged = translation.pgettext(
            "date the engineer acknowledged the review", "Acknowledged"
        )
    assert f"{acknowledged} {acknowledged_on}" in block
    assert "I disagree on Python, see the CLI." in block
    assert block.count(tr("Signature", lang)) == 2


def test_before_the_review_the_agreement_says_so(client_for, engineer, assessment):
    text = text_of(pdf_bytes(client_for(engineer), assessment, "en"))
    block = text[text.rindex("Agreement") :]
    assert "Manager no review yet" in block
    assert "Review completed not yet" in block


# --- the plan as a timeline, and its calendar --------------------------------------------


@pytest.fixture
def goals(engineer, assessment):
    """A goal due in each window, and one without a date, on the plan's gaps."""
    today = timezone.localdate()
    dues = [today + timedelta(days=n) for n in (200, 10, 45, 75)] + [None]
    for index, (code, due) in enumerate(zip(plan_codes(assessment), dues, strict=True)):
        services.goal_save(
            user=engineer,
            assessment=assessment,
            competency_code=code,
            text=f"Timeline goal {index}",
            due_date=due,
            status="not_started",
        )
    return dues


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_timeline_groups_the_goals_by_due_date_with_what_done_looks_like(
    client_for, engineer, assessment, goals, lang
):
    text = text_of(pdf_bytes(client_for(engineer), assessment, lang))
    timeline = between(text, tr("The plan as a timeline", lang), tr("Further gaps", lang))
    labels = [
        tr(label, lang).lower()  # printed in capitals
        for label in ("Within 30 days", "Within 60 days", "Within 90 days", "Later", "No due date")
    ]
    lowered = timeline.lower()
    positions = [lowered.index(label) for label in labels]
    assert positions == sorted(positions), "the groups are in due-date order"
    # The goals by window, nearest first: due in 10, 45, 75 and 200 days, then no date.
    bounds = [*positions, len(timeline)]
    for group, goal in enumerate((1, 2, 3, 0, 4)):
        assert f"timeline goal {goal}" in lowered[bounds[group] : bounds[group + 1]]
    # Done when: the next level's descriptor (self-rated 1, so level 2).
    code = plan_codes(assessment)[1]
    done = tr("Done when (level %(level)s):", lang, level=2)
    assert f"{done} {clean(descriptor_in(code, 2, lang))}" in timeline


def figure_alts(body: bytes) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(body))
    pending, alts = [pdf.Root.StructTreeRoot], []
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.get("/S") == "/Figure":
            alts.append(str(node["/Alt"]) if "/Alt" in node else None)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)
        elif kids is not None:
            pending.append(kids)
    return alts


def test_each_learning_link_of_a_goal_is_printed_with_a_qr_code_titled_with_its_url(
    client_for, engineer, assessment, goals
):
    from assessments.plans import plan_for

    urls = [
        action.link_url
        for row in plan_for(assessment).rows
        for action in row.actions
        if action.link_url
    ]
    assert urls, "the framework's plan has learning links"
    body = pdf_bytes(client_for(engineer), assessment, "en")
    text = text_of(body).replace(" ", "")
    alts = figure_alts(body)
    assert None not in alts
    for url in urls:
        assert url.replace(" ", "") in text
        assert url in alts


def calendar_file(body: bytes) -> bytes:
    pdf = pikepdf.open(io.BytesIO(body))
    assert "skillgap-plan.ics" in pdf.attachments, list(pdf.attachments)
    spec = pdf.attachments["skillgap-plan.ics"]
    assert spec.get_file().mime_type == "text/calendar"
    return spec.get_file().read_bytes()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_due_dates_come_as_a_calendar_file_inside_the_pdf(
    client_for, engineer, assessment, goals, lang
):
    ics = calendar_file(pdf_bytes(client_for(engineer), assessment, lang))
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    lines = ics.decode().split("\r\n")
    assert "VERSION:2.0" in lines
    dated = [due for due in goals if due is not None]
    assert lines.count("BEGIN:VEVENT") == len(dated)
    for due in dated:
        assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in lines
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len({str(event["UID"]) for event in events}) == len(dated)
    assert all("DTSTAMP" in event for event in events)
    goal = Goal.objects.get(assessment=assessment, due_date=dated[0])
    summary = tr("Goal due: %(competency)s", lang, competency=name_in(goal.competency.code, lang))
    assert summary in {str(event["SUMMARY"]) for event in events}


def test_a_plan_without_due_dates_attaches_no_calendar(client_for, engineer, assessment):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(client_for(engineer), assessment, "en")))
    assert "skillgap-plan.ics" not in pdf.attachments


# --- the archival copy -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["engineer", "manager"])
def test_the_archival_copy_is_pdf_a_3_with_the_reports_json_inside(
    client_for, request, reviewed, goals, who
):
    client = client_for(request.getfixturevalue(who))
    body = pdf_bytes(client, reviewed, "id", archive=1)
    pdf = pikepdf.open(io.BytesIO(body))
    with pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "U"
    assert "/StructTreeRoot" in pdf.Root  # still tagged
    attached = json.loads(pdf.attachments["report.json"].get_file().read_bytes())
    served = client.get(reverse("assessments:report_json", args=[reviewed.pk]) + "?lang=id")
    assert attached == served.json()
    assert "skillgap-plan.ics" in pdf.attachments


def test_the_everyday_copy_is_not_archival_and_carries_no_json(client_for, engineer, reviewed):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(client_for(engineer), reviewed, "en")))
    with pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") is None
        assert meta.get("pdfuaid:part") == "1"
    assert "report.json" not in pdf.attachments
