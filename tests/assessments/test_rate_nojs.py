"""Without JavaScript the rating page is one form: POST /assessments/<id>/ saves
every row the user changed, with one button."""

import pytest
from django.test import Client

from assessments.models import Rating
from tests.factories import submitted


def page_url(assessment):
    return f"/assessments/{assessment.pk}/"


def levels(assessment):
    return dict(
        Rating.objects.filter(assessment=assessment).values_list("competency__code", "level")
    )


def row(code, level="", evidence="", revision=0, shown_level="", shown_evidence=""):
    """One row as the page posts it: its fields, and what it showed when loaded."""
    return {
        f"{code}-level": str(level),
        f"{code}-evidence": evidence,
        f"{code}-revision": str(revision),
        f"initial-{code}-level": str(shown_level),
        f"initial-{code}-evidence": shown_evidence,
    }


@pytest.mark.django_db
def test_the_whole_page_saves_every_changed_row_with_one_button(client_for, engineer, assessment):
    data = {
        **row("programming.python", level=3, evidence="RAG service"),
        **row("database.sql", level=2),
        **row("database.nosql"),  # untouched
    }
    response = client_for(engineer).post(page_url(assessment), data)
    assert response.status_code == 302
    assert response["Location"] == page_url(assessment)
    saved = levels(assessment)
    assert (saved["programming.python"], saved["database.sql"], saved["database.nosql"]) == (
        3,
        2,
        None,
    )
    python = Rating.objects.get(assessment=assessment, competency__code="programming.python")
    assert (python.evidence, python.revision) == ("RAG service", 1)
    page = client_for(engineer).get(response["Location"]).content.decode()
    assert "Your ratings are saved." in page


@pytest.mark.django_db
def test_an_invalid_row_saves_nothing_and_shows_the_message_in_that_row(
    client_for, engineer, assessment
):
    data = {
        **row("programming.python", level=3),
        **row("database.sql", level=8, evidence="kept on screen"),
    }
    response = client_for(engineer).post(page_url(assessment), data)
    assert response.status_code == 400
    assert set(levels(assessment).values()) == {None}
    html = response.content.decode()
    sql = html[html.index('id="row-database--sql"') :]
    sql = sql[: sql.index("</article>")]
    assert "Choose a level from 0 to 4." in sql
    assert "kept on screen" in sql
    # The valid row keeps the user's choice too.
    assert 'id="programming--python-level-3" value="3" checked' in html


@pytest.mark.django_db
def test_a_row_changed_meanwhile_in_another_tab_is_refused_and_shown_the_others_are_saved(
    client_for, engineer, assessment
):
    Rating.objects.filter(assessment=assessment, competency__code="database.sql").update(
        level=4, evidence="tab B", revision=1
    )
    data = {
        **row("programming.python", level=3),
        **row("database.sql", level=1, evidence="tab A", revision=0),
    }
    response = client_for(engineer).post(page_url(assessment), data)
    assert response.status_code == 409
    saved = levels(assessment)
    assert saved["programming.python"] == 3
    assert saved["database.sql"] == 4
    html = response.content.decode()
    sql = html[html.index('id="row-database--sql"') :]
    sql = sql[: sql.index("</article>")]
    assert "Not saved" in sql and "4 · Expert" in sql and "tab B" in sql
    assert 'id="database--sql-level-1" value="1" checked' in sql  # the user's choice is still there
    assert 'name="database.sql-revision" value="1"' in sql  # saving again replaces it, knowingly


@pytest.mark.django_db
def test_a_row_the_user_did_not_touch_never_overwrites_a_newer_value(
    client_for, engineer, assessment
):
    Rating.objects.filter(assessment=assessment, competency__code="database.sql").update(
        level=4, revision=1
    )
    data = {
        **row("programming.python", level=3),
        **row("database.sql", level=2, revision=0, shown_level=2),
    }
    response = client_for(engineer).post(page_url(assessment), data)
    assert response.status_code == 302
    assert levels(assessment)["database.sql"] == 4


@pytest.mark.django_db
def test_the_whole_page_form_on_a_submitted_assessment_is_409(client_for, engineer):
    assessment = submitted(engineer, level=2)
    response = client_for(engineer).post(page_url(assessment), row("programming.python", level=4))
    assert response.status_code == 409
    assert "ratings can no longer change" in response.content.decode()
    assert set(levels(assessment).values()) == {2}


@pytest.mark.django_db
def test_the_whole_page_form_of_someone_else_is_404(client_for, teammate, assessment):
    response = client_for(teammate).post(page_url(assessment), row("programming.python", level=4))
    assert response.status_code == 404
    assert set(levels(assessment).values()) == {None}


@pytest.mark.django_db
def test_the_whole_page_form_needs_a_csrf_token(engineer, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    response = client.post(page_url(assessment), row("programming.python", level=4))
    assert response.status_code == 403
    assert set(levels(assessment).values()) == {None}


@pytest.mark.django_db
def test_the_page_as_rendered_posts_back_unchanged_without_touching_anything(
    client_for, engineer, assessment
):
    """The form the page renders, posted as is, saves nothing and breaks nothing."""
    import re

    client = client_for(engineer)
    html = client.get(page_url(assessment)).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data.update({name: "" for name in re.findall(r'<textarea[^>]* name="([^"]+)"', html)})
    response = client.post(page_url(assessment), data)
    assert response.status_code == 302
    assert set(levels(assessment).values()) == {None}
    assert set(Rating.objects.filter(assessment=assessment).values_list("revision", flat=True)) == {
        0
    }
