"""Every PDF the product makes is tagged (PDF/UA-1), read with pikepdf: a
structure tree, the document's language and title shown as the title, and a
text alternative on every figure, the charts' saying their data in words.
The four PDFs: an engineer's report (both languages), a team's, the
organisation's."""

import io

import pikepdf
import pytest
from django.core.management import call_command

from assessments.models import Assessment
from org.models import Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def structure(pdf):
    """Every element of the PDF's structure tree, depth first."""
    pending = [pdf.Root.StructTreeRoot]
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending.extend(reversed(list(kids)))
        elif kids is not None:
            pending.append(kids)


def figures(pdf) -> list:
    """The /Alt of every Figure (None when missing)."""
    return [
        str(node["/Alt"]) if "/Alt" in node else None
        for node in structure(pdf)
        if node.get("/S") == "/Figure"
    ]


def structure_tags(pdf) -> set[str]:
    return {str(node["/S"]) for node in structure(pdf) if "/S" in node}


@pytest.fixture
def demo(framework, settings):
    settings.ALLOW_DEMO_ACCOUNTS = True
    call_command("seed_demo", stdout=io.StringIO())


def pdf_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    return pikepdf.open(io.BytesIO(body))


@pytest.mark.parametrize(
    ("who", "path", "lang", "chart_words"),
    [
        ("eko", "report", "en", "Radar chart"),
        ("eko", "report", "id", "Diagram radar"),
        ("maya", "team", "en", "Line chart"),
        ("hana", "org", "id", "Diagram garis"),
    ],
)
def test_every_pdf_is_tagged_with_language_title_and_a_text_for_every_figure(
    client, demo, who, path, lang, chart_words
):
    from accounts.models import User

    user = User.objects.get(username=who)
    url = {
        "report": lambda: (
            f"/assessments/{Assessment.objects.filter(engineer=user, status='reviewed').get().pk}"
            "/report.pdf"
        ),
        "team": lambda: f"/teams/{Team.objects.get(name='Platform AI').pk}/report.pdf",
        "org": lambda: "/org/report.pdf",
    }[path]()
    pdf = pdf_of(client, user, f"{url}?lang={lang}")

    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == lang
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title")
        assert meta.get("pdfuaid:part") == "1"  # PDF/UA-1
    tags = structure_tags(pdf)
    assert {"/H1", "/P", "/Table", "/TH", "/TD"} <= tags, tags
    alts = figures(pdf)
    assert alts, "no figure at all: the chart should be one"
    assert None not in alts, alts
    chart = [alt for alt in alts if chart_words in alt]
    assert chart, alts
    # The chart's text gives its numbers, not only its title.
    assert any(character.isdigit() for character in chart[0].split(".", 1)[1])
