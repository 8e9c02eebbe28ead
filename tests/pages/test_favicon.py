"""The product's icon: named by every page, and /favicon.ico leads to it."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.svg"
    icon = open(finders.find("favicon.svg")).read()
    assert icon.startswith("<svg") and 'viewBox="0 0 32 32"' in icon
