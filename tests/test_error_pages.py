"""The product's own 404 and 500 pages, in production and in the demo (DEBUG)."""

import pytest
from django.test import Client, override_settings


def boom(**_kwargs):
    raise RuntimeError("the home page failed")


@pytest.fixture
def failing_home(monkeypatch):
    monkeypatch.setattr("pages.views.home_context", boom)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_page_that_does_not_exist_is_the_products_404(debug, client_for, engineer):
    with override_settings(DEBUG=debug):
        response = client_for(engineer).get("/no-such-page/?lang=en")
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is nothing here, or it is not yours to see." in page
    assert "Back to my assessments" in page
    assert "URLconf" not in page  # not Django's technical page


@pytest.mark.django_db
def test_in_debug_a_missing_object_is_the_products_404_in_the_pages_language(client_for, engineer):
    with override_settings(DEBUG=True):
        response = client_for(engineer).get("/assessments/999999/report/?lang=id")
    assert response.status_code == 404
    assert "Kembali ke penilaian saya" in response.content.decode()


@pytest.mark.django_db
def test_in_debug_a_path_without_its_slash_is_still_sent_on(client_for, engineer):
    with override_settings(DEBUG=True):
        response = client_for(engineer).get("/assessments/history")
    assert response.status_code == 301 and response["Location"] == "/assessments/history/"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_failure_is_the_products_500(debug, failing_home, engineer):
    with override_settings(DEBUG=debug):
        client = Client(raise_request_exception=False)
        client.force_login(engineer)
        response = client.get("/?lang=en")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "Traceback" not in page


@pytest.mark.django_db
def test_debug_error_pages_bring_djangos_technical_page_back(client_for, engineer):
    with override_settings(DEBUG=True, DEBUG_ERROR_PAGES=True):
        response = client_for(engineer).get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()
