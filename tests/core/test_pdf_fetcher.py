"""The PDF renderer reads the project's static files from disk and nothing else."""

import io
from unittest import mock

import pytest
from pypdf import PdfReader

from core import pdf

STATIC = pdf.BASE_URL + "static/"


def test_it_serves_the_print_stylesheet_from_the_static_files():
    path = pdf.static_file_for(STATIC + "css/print.css")
    assert path.name == "print.css"
    assert b"@page" in path.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/static/css/print.css",
        "https://example.com/static/css/print.css",
        "data:text/css,body{color:red}",
        pdf.BASE_URL + "etc/passwd",  # our host, but outside STATIC_URL
        STATIC + "../config/settings.py",
        STATIC + "css/../../config/settings.py",
        STATIC + "%2e%2e/config/settings.py",
        STATIC + "/etc/passwd",
        STATIC + "css/no-such-file.css",
        STATIC,
    ],
)
def test_it_refuses_everything_else(url):
    with pytest.raises(pdf.FetchRefused):
        pdf.static_file_for(url)


def test_the_fetcher_is_a_weasyprint_url_fetcher_that_never_opens_a_connection():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fetcher = pdf.static_url_fetcher()
    assert isinstance(fetcher, URLFetcher)
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")):
        response = fetcher.fetch(STATIC + "css/print.css")
        assert isinstance(response, URLFetcherResponse)
        assert response.content_type == "text/css"
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch("http://127.0.0.1:9/secret.css")


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_a_document_that_asks_for_files_or_the_network_gets_neither(settings):
    html = """<!doctype html><html><head>
      <link rel="stylesheet" href="file:///etc/passwd">
      <link rel="stylesheet" href="http://127.0.0.1:9/x.css">
      <link rel="stylesheet" href="/static/css/print.css">
      </head><body><p>Safe</p><img src="file:///etc/hostname" alt="">
      <img src="https://example.com/pixel.png" alt=""></body></html>"""
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")):
        data = pdf.html_to_pdf(html)
    # The print stylesheet (served from disk) applied: its page header is there.
    assert "SkillGap ·" in pdf_text(data)
    assert "Safe" in pdf_text(data)


def test_a_stylesheet_given_by_name_is_parsed_once_and_applied():
    assert pdf._stylesheet("css/print.css") is pdf._stylesheet("css/print.css")
    data = pdf.html_to_pdf("<p>Styled</p>", stylesheets=["css/print.css"])
    assert "SkillGap ·" in pdf_text(data)
    assert "SkillGap ·" not in pdf_text(pdf.html_to_pdf("<p>Plain</p>"))


def test_a_stylesheet_outside_the_static_files_is_refused():
    with pytest.raises(pdf.FetchRefused):
        pdf.html_to_pdf("<p>x</p>", stylesheets=["../config/settings.py"])
