"""Both PDFs set in one font family, every font embedded, read with pikepdf:
the engineer's report and the team report look like one product, and a reader
without the font installed sees the same page."""

import io

import pikepdf
import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Assessment
from org.models import Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def demo(framework, settings):
    settings.ALLOW_DEMO_ACCOUNTS = True
    call_command("seed_demo", stdout=io.StringIO())


def pdf_of(client, username, url):
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return pikepdf.open(io.BytesIO(response.content))


def fonts(pdf) -> list[dict]:
    """Every font the PDF draws with: its name, its family and whether the
    font file is in the PDF."""
    found = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/Type0":  # its descendant carries the descriptor
            continue
        descriptor = obj.get("/FontDescriptor")
        assert descriptor is not None, obj.get("/BaseFont")
        found.append(
            {
                "name": str(obj.BaseFont).split("+", 1)[-1],
                "family": str(descriptor.get("/FontFamily", "")),
                "embedded": any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ),
            }
        )
    return found


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_report_and_the_team_pdf_share_one_embedded_font_family(client, demo, lang):
    eko = User.objects.get(username="eko")
    report = Assessment.objects.filter(engineer=eko, status="reviewed").get()
    team = Team.objects.get(name="Platform AI")
    report_fonts = fonts(pdf_of(client, "eko", f"/assessments/{report.pk}/report.pdf?lang={lang}"))
    team_fonts = fonts(pdf_of(client, "maya", f"/teams/{team.pk}/report.pdf?lang={lang}"))

    assert report_fonts and team_fonts
    for font in report_fonts + team_fonts:
        assert font["embedded"], font
    families = {font["family"] for font in report_fonts} | {font["family"] for font in team_fonts}
    assert families == {"DejaVu Sans"}, (report_fonts, team_fonts)
    # Regular and bold in both: the same faces, not one of them from a fallback.
    names = {font["name"] for font in report_fonts}
    assert names == {font["name"] for font in team_fonts} == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_both_stylesheets_ask_for_the_same_font_stack():
    from django.contrib.staticfiles import finders

    def stack(name):
        text = open(finders.find(name), encoding="utf-8").read()
        html_rule = text[text.index("\nhtml {") :]
        start = html_rule.index("font-family:") + len("font-family:")
        return html_rule[start : html_rule.index(";", start)].strip()

    assert stack("css/print.css") == stack("css/team_print.css")
    assert stack("css/print.css").startswith('"DejaVu Sans"')
