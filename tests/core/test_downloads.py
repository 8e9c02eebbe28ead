"""One rule for the names and headers of the files SkillGap hands over."""

from datetime import date

from core import downloads


def test_a_name_says_who_what_when_and_the_language_in_ascii():
    day = date(2026, 12, 2)
    assert downloads.filename("eko", day=day, language="id", extension="pdf") == (
        "skillgap-eko-2026-12-02-id.pdf"
    )
    assert (
        downloads.filename("Platform AI", "team-report", day=day, language="en", extension="pdf")
        == "skillgap-platform-ai-team-report-2026-12-02-en.pdf"
    )
    hostile = downloads.filename('a"b\r\n/../Çé', day=day, language="en", extension="csv")
    assert hostile == "skillgap-ab-ce-2026-12-02-en.csv"
    assert downloads.filename("日本", day=day, language="en", extension="pdf") == (
        "skillgap-file-2026-12-02-en.pdf"
    )


def test_a_download_is_a_private_attachment():
    response = downloads.download(b"%PDF-1.7", name="x.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == "8"
