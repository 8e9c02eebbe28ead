"""Learning links on development actions (SPEC §13): shown on the plan and in
the PDF, with the title in the reader's language."""

import io

import pytest
from pypdf import PdfReader

from roles.models import DevelopmentAction
from tests.factories import submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

LINKED = "programming.python"


@pytest.fixture
def assessment(engineer):
    # Python far below its target: first in the plan.
    return submitted(engineer, level=3, levels={LINKED: 0})


def link():
    return DevelopmentAction.objects.get(competency__code=LINKED, link_url__gt="")


def test_every_area_has_learning_links_in_both_languages():
    linked = DevelopmentAction.objects.exclude(link_url="").select_related("competency__area")
    areas = {a.competency.area.code for a in linked}
    assert len(areas) >= 9
    for action in linked:
        assert action.link_url.startswith("https://")
        assert action.link_title_en and action.link_title_ind


@pytest.mark.parametrize("lang, title", [("en", "link_title_en"), ("id", "link_title_ind")])
def test_the_plan_shows_the_learning_link(client_for, engineer, assessment, lang, title):
    page = (
        client_for(engineer).get(f"/assessments/{assessment.pk}/plan/?lang={lang}").content.decode()
    )
    action = link()
    assert f'href="{action.link_url}" rel="noopener noreferrer"' in page
    assert getattr(action, title) in page


@pytest.mark.parametrize("lang, title", [("en", "link_title_en"), ("id", "link_title_ind")])
def test_the_pdf_shows_the_learning_link(client_for, engineer, assessment, lang, title):
    response = client_for(engineer).get(f"/assessments/{assessment.pk}/report.pdf?lang={lang}")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    action = link()
    assert getattr(action, title) in text
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    assert action.link_url in uris
