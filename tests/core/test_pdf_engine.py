"""The PDF engine's kept state, read back with pikepdf: the font configuration
kept between PDFs (one per thread) leaves every PDF whole, its streams
compressed, its fonts embedded, its text readable, whatever was rendered
before it and in whichever thread."""

import io
import threading

import pikepdf
from pypdf import PdfReader

from core import pdf as engine

PAGE = (
    "<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body style='font-weight: {weight}'><h1 style='font-weight: inherit'>{title}</h1><p>{text}</p></body></html>"
)


def render(title, text, *, lang="en", weight="normal") -> bytes:
    html = PAGE.format(lang=lang, title=title, text=text, weight=weight)
    return engine.html_to_pdf(html, stylesheets=["css/print.css"])


def read(data: bytes) -> tuple[str, list[str]]:
    """The PDF's text (pypdf) and the names of its embedded fonts (pikepdf)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    fonts = []
    for page in pikepdf.open(io.BytesIO(data)).pages:
        for font in page.Resources.get("/Font", {}).values():
            if font.get("/Subtype") == "/Type0":  # its descendant carries the descriptor
                font = font.DescendantFonts[0]
            descriptor = font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append(str(font.BaseFont).split("+", 1)[-1])
    return text, fonts


def test_every_stream_is_compressed_and_decodes():
    data = render("Rencana pengembangan", "Tingkat 3 tercapai. " * 40, lang="id")
    pdf = pikepdf.open(io.BytesIO(data))
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    assert len(streams) >= 3  # the page, the font subset, its ToUnicode map
    assert streams
    for stream in streams:
        assert stream.get("/Filter") == "/FlateDecode"
        assert stream.read_bytes()  # pikepdf inflates it: a whole zlib stream


def test_pdfs_in_a_row_keep_their_own_fonts_and_text():
    first = render("Gap report", "Readiness 77 %", weight="bold")
    second = render("Rapor kesenjangan", "Kesiapan 50 %", lang="id")
    third = render("Gap report", "Readiness 77 %", weight="bold")
    text_first, fonts_first = read(first)
    text_second, fonts_second = read(second)
    text_third, fonts_third = read(third)
    assert "Readiness 77 %" in text_first and "Readiness 77 %" in text_third
    assert "Kesiapan 50 %" in text_second and "Readiness" not in text_second
    assert any("Bold" in name for name in fonts_first)
    assert not any("Bold" in name for name in fonts_second)
    assert sorted(fonts_first) == sorted(fonts_third)
    assert pikepdf.open(io.BytesIO(second)).docinfo.get("/Title") == "Rapor kesenjangan"


def test_each_thread_has_its_own_font_configuration():
    mine = engine._font_config()
    assert engine._font_config() is mine  # kept between PDFs
    results = {}

    def work():
        results["config"] = engine._font_config()
        results["pdf"] = render("Dari utas lain", "Teks di utas lain", lang="id")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results["config"] is not mine
    assert pikepdf.open(io.BytesIO(results["pdf"])).docinfo.get("/Title") == "Dari utas lain"
