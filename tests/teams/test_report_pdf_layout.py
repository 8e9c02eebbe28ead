"""The team PDF as it is read on paper: the succession and the trend in it,
in English and Indonesian; tables across the landscape page; no heading
left at the foot of a page; no last page with a line or two on it.

Positions are read back from the PDF with pypdf (where each run of text
starts, in points from the page's bottom left corner)."""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from demo.builders import bulk_team
from org.models import Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

# static/css/team_print.css: A4 landscape, margins 14 mm 12 mm 16 mm.
MM = 72 / 25.4
WIDTH, HEIGHT = 842, 595
LEFT, RIGHT = 12 * MM, WIDTH - 12 * MM
TOP, BOTTOM = HEIGHT - 14 * MM, 16 * MM


@dataclass
class Run:
    text: str
    x: float
    y: float


def runs(page) -> list[Run]:
    """The page's text runs inside its margins (not the running header and
    footer), top to bottom."""
    found = []

    def visit(text, cm, tm, _font, _size):
        text = " ".join(text.split())
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if BOTTOM < y < TOP:
            found.append(Run(text, x, y))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda run: -run.y)


def team_pdf(client, username, team, lang):
    from accounts.models import User

    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("teams:report_pdf", args=[team.pk]) + f"?lang={lang}")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def last_run(reader, text) -> Run:
    """The last run reading ``text`` (the trend table's "Single points of
    failure" column, after the section heading of the same words)."""
    found = None
    for page in reader.pages:
        for run in runs(page):
            if run.text == text:
                found = run
    assert found, f"{text!r} is not in the PDF"
    return found


@pytest.fixture
def demo(framework, settings):
    settings.ALLOW_DEMO_ACCOUNTS = True
    call_command("seed_demo", stdout=io.StringIO())
    return Team.objects.get(name="Platform AI")


# The words the PDF prints, as the templates write them; words(lang, key)
# reads each in the catalogue of the language.
WORDS = {
    "succession": ["Nearest successor", "If they left"],
    "trend": ["Trend per quarter", "Per quarter", "Quarter", "People assessed", "Coverage"],
    "last headers": ["Members below target", "If they left", "Single points of failure"],
    "headings": [
        "Readiness by area",
        "Training priorities",
        "Single points of failure",
        "Trend per quarter",
        "Assessments due",
    ],
}
# Parts of longer sentences, spelled out per language.
SPELLED = {
    "en": {"at target": "at target", "successor gap": r"level \d, \d levels? short"},
    "id": {"at target": "mencapai target", "successor gap": r"tingkat \d, kurang \d tingkat"},
}


def words(lang, key) -> list[str]:
    with translation.override(lang):
        found = [gettext(word) for word in WORDS[key]]
    if lang != "en":  # an untranslated word would pass unseen
        assert not set(found) & set(WORDS[key]), found
    return found


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_team_pdf_has_the_succession_and_the_trend(client, demo, lang):
    from teams.selectors import team_data
    from teams.trends import team_trend

    reader, text = team_pdf(client, "maya", demo, lang)
    for word in words(lang, "succession") + words(lang, "trend") + [SPELLED[lang]["at target"]]:
        assert word in text, word
    assert re.search(SPELLED[lang]["successor gap"], text)
    # Each single point of failure with its nearest successor's name.
    data = team_data(demo)
    successors = {
        row.successor.user.display_name for row in data.single_points_of_failure if row.successor
    }
    assert successors
    for name in successors:
        assert name in text
    # Every quarter of the trend, in words as well as in the chart.
    quarters = [point.label for point in team_trend(demo, ratings="all").shown]
    assert quarters
    for label in quarters:
        assert label in text
    # The English labels do not leak into the Indonesian copy.
    if lang == "id":
        for word in WORDS["succession"] + WORDS["trend"][:2]:
            assert word not in text, word


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_tables_use_the_width_of_the_landscape_page(client, demo, lang):
    reader, _text = team_pdf(client, "maya", demo, lang)
    content = RIGHT - LEFT
    # The last column of the priorities, the single points of failure and the
    # trend: a table at two thirds of the page starts it before 70 % across.
    for header in words(lang, "last headers"):
        run = last_run(reader, header)
        assert run.x > LEFT + 0.7 * content, (header, run.x)


def test_no_heading_ends_a_page_and_the_last_page_is_not_near_empty(client, framework):
    from accounts.models import User

    manager = User.objects.create(username="lead")
    team = bulk_team(manager, 24, name="Long team")
    for lang in ("en", "id"):
        reader, _text = team_pdf(client, "lead", team, lang)
        assert len(reader.pages) >= 3
        headings = set(words(lang, "headings"))
        for number, page in enumerate(reader.pages):
            page_runs = runs(page)
            assert page_runs, f"page {number + 1} is empty"
            assert page_runs[-1].text not in headings, (lang, number + 1, page_runs[-1].text)
        last = runs(reader.pages[-1])
        used = (TOP - last[-1].y) / (TOP - BOTTOM)
        assert used > 0.2 or len(reader.pages) == 1, (lang, used, [run.text for run in last])


def test_the_demo_team_pdf_in_indonesian_ends_on_a_filled_page(client, demo):
    # Before the tables spanned the page this one ended on a page holding only
    # "Assessments due" and one line.
    reader, _text = team_pdf(client, "maya", demo, "id")
    last = runs(reader.pages[-1])
    assert (TOP - last[-1].y) / (TOP - BOTTOM) > 0.25, [run.text for run in last]


@pytest.mark.parametrize(
    ("lang", "ratings", "size"), [("en", "all", 50), ("id", "all", 50), ("id", "reviewed", 100)]
)
def test_each_heatmap_table_fits_its_page(client, framework, lang, ratings, size):
    """The heatmap is printed one table per page (teams/selectors.py,
    PRINT_ROWS_*): a table taller than its page leaves its last rows alone on
    the next one, and the page after starts the next table, half the page
    blank."""
    from accounts.models import User
    from teams.selectors import team_data

    manager = User.objects.create(username="lead")
    team = bulk_team(manager, size, prefix="big", name="Big team")
    client.force_login(manager)
    response = client.get(
        reverse("teams:report_pdf", args=[team.pk]) + f"?lang={lang}&ratings={ratings}"
    )
    reader = PdfReader(io.BytesIO(response.content))
    rows_per_page = [
        count
        for count in (
            sum(1 for run in runs(page) if re.fullmatch(r"Member \d{4} big", run.text))
            for page in reader.pages
        )
        if count
    ]
    chunks = [len(chunk) for chunk in team_data(team, ratings=ratings).row_chunks]
    assert len(chunks) >= 2
    assert rows_per_page == chunks
