"""The interface language: ?lang= for one response, else the user's saved choice,
else the browser's Accept-Language."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_browser_language_is_the_default(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()


def test_lang_parameter_overrides_one_response(client):
    response = client.get("/accounts/login/?lang=en", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "en"
    follow_up = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert follow_up["Content-Language"] == "id"


def test_unknown_lang_parameter_is_ignored(client):
    response = client.get("/accounts/login/?lang=xx", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"


def test_switching_language_is_saved_on_the_account(client_for, engineer):
    client = client_for(engineer)
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(pk=engineer.pk).language == "id"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "id"


def test_saved_language_follows_the_user_to_a_new_session(client, engineer, password):
    engineer.language = "id"
    engineer.save()
    client.post("/accounts/login/", {"login": "engineer", "password": password})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "id"


def test_switching_language_needs_a_post(client_for, engineer):
    response = client_for(engineer).get("/i18n/setlang/?language=id")
    assert response.status_code == 405
    assert User.objects.get(pk=engineer.pk).language == ""


def test_language_switcher_is_on_every_page(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_an_htmx_answer_speaks_the_language_of_the_page_it_serves(client_for, engineer):
    """A page opened with ?lang=en makes its row saves in English too, whatever
    the account's saved language; a page without ?lang= keeps the account's."""
    from tests.factories import draft

    engineer.language = "id"
    engineer.save(update_fields=["language"])
    assessment = draft(engineer)
    client = client_for(engineer)
    save = f"/assessments/{assessment.pk}/ratings/programming.python/"
    page = f"http://testserver/assessments/{assessment.pk}/"
    english = client.post(
        save, {"level": "9"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page + "?lang=en"
    )
    indonesian = client.post(save, {"level": "9"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
    hostile = client.post(
        save, {"level": "9"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="%%%?lang=xx&lang"
    )
    assert english.status_code == indonesian.status_code == hostile.status_code == 400
    assert "Choose a level" in english.text
    assert "Choose a level" not in indonesian.text
    assert "Choose a level" not in hostile.text
