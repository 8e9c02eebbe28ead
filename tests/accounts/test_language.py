"""The interface language: one choice that follows the user — ?lang= or the
language switch, kept for the session (forms, redirects, htmx answers and
exports speak it); else the user's saved choice; else Accept-Language."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_browser_language_is_the_default(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()


def test_lang_parameter_holds_for_what_the_page_starts(client):
    response = client.get("/accounts/login/?lang=en", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "en"
    # The sign-in form posts without ?lang=: its error speaks the page's language.
    refused = client.post(
        "/accounts/login/", {"login": "nobody", "password": "x"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert refused["Content-Language"] == "en"
    assert "The username and/or password you specified are not correct." in refused.text
    follow_up = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert follow_up["Content-Language"] == "en"


def test_another_session_is_not_changed_by_a_lang_link(client):
    from django.test import Client

    client.get("/accounts/login/?lang=en", HTTP_ACCEPT_LANGUAGE="id")
    other = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert other["Content-Language"] == "id"


def test_a_lang_link_follows_into_redirects_and_exports_but_is_not_saved(client_for, engineer):
    from tests.factories import submitted

    engineer.language = "id"
    engineer.save(update_fields=["language"])
    assessment = submitted(engineer)
    client = client_for(engineer)
    client.get(f"/assessments/{assessment.pk}/report/?lang=en")
    pdf = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert pdf["Content-Language"] == "en"
    # A redirect (the rating page of a submitted assessment goes to its report).
    page = client.get(f"/assessments/{assessment.pk}/", follow=True)
    assert page["Content-Language"] == "en"
    assert User.objects.get(pk=engineer.pk).language == "id"


def test_the_switch_changes_language_from_a_lang_page(client_for, engineer):
    client = client_for(engineer)
    client.get("/?lang=en")
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/history/?lang=en&x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/history/?x=1"
    assert client.get("/")["Content-Language"] == "id"
    assert User.objects.get(pk=engineer.pk).language == "id"


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
