"""Saving one self-rating: POST /assessments/<id>/ratings/<code>/ (bad input and races: docs/security.md).

With htmx the answer is the row's status (never the fields being edited) and
the progress out of band; without it, a redirect back to the row. Every refused
save says why where the user is, with the right status, and changes nothing.
"""

import re

import pytest
from django.test import Client

from assessments.models import Assessment, Rating
from roles.models import Competency, CompetencyArea
from tests.factories import competency_count, rate_all, submitted

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/assessments/1/"}
PYTHON = "programming.python"


def save_url(assessment, code=PYTHON):
    return f"/assessments/{assessment.pk}/ratings/{code}/"


def rating(assessment, code=PYTHON) -> Rating:
    return Rating.objects.get(assessment=assessment, competency__code=code)


def snapshot(assessment):
    """Everything a save could change, to show a refused one changed nothing."""
    return sorted(
        Rating.objects.filter(assessment=assessment).values_list(
            "competency__code", "level", "evidence", "revision", "target", "weight"
        )
    ), Assessment.objects.filter(pk=assessment.pk).values_list("status", "submitted_at").get()


# --- saves that land ----------------------------------------------------------


@pytest.mark.django_db
def test_htmx_save_stores_level_and_evidence_and_says_saved(client_for, engineer, assessment):
    response = client_for(engineer).post(
        save_url(assessment),
        {"level": "3", "evidence": "Built the RAG API", "revision": "0"},
        **HTMX,
    )
    assert response.status_code == 200
    saved = rating(assessment)
    assert (saved.level, saved.evidence, saved.revision) == (3, "Built the RAG API", 1)
    html = response.content.decode()
    assert "Saved" in html
    assert 'name="programming.python-revision" value="1"' in html


@pytest.mark.django_db
def test_htmx_answer_never_contains_the_fields_being_edited(client_for, engineer, assessment):
    html = (
        client_for(engineer)
        .post(save_url(assessment), {"level": "2", "evidence": "typing…"}, **HTMX)
        .content.decode()
    )
    assert "<textarea" not in html
    assert 'type="radio"' not in html


@pytest.mark.django_db
def test_htmx_answer_updates_progress_and_area_summary_out_of_band(
    client_for, engineer, assessment
):
    html = client_for(engineer).post(save_url(assessment), {"level": "2"}, **HTMX).content.decode()
    # The overall count, the saved area's entry in the jump list and its summary:
    # only what the save changed, not the other areas' entries.
    assert 'id="progress-count"' in html and 'id="area-summary-programming"' in html
    assert 'id="area-jump-programming"' in html and html.count('id="area-jump-') == 1
    # ... and the row's target and gap, now that it is rated: the head and the
    # "target" mark of each of its five levels.
    assert html.count('hx-swap-oob="true"') == 3 + 1 + 5
    assert f"1 of {competency_count()} rated" in html
    assert "1 of 3 rated" in html
    assert "1/3" in html


@pytest.mark.django_db
def test_area_summary_counts_a_rated_area_without_its_readiness(client_for, engineer, assessment):
    """Area readiness is not shown while rating (``assessments/blind.py``); it was, once an
    area was complete, before."""
    client = client_for(engineer)
    for code in ("programming.python", "programming.javascript"):
        client.post(save_url(assessment, code), {"level": "4"}, **HTMX)
    html = client.post(save_url(assessment, "programming.api-development"), {"level": "4"}, **HTMX)
    html = html.content.decode()
    # Each counter says when it was read, so the page keeps the newest of
    # answers that arrive out of order (static/js/autosave.js).
    assert re.search(
        r'id="area-summary-programming" data-as-of="\d{16}" hx-swap-oob="true">3 of 3 rated</span>',
        html,
    )
    assert "readiness" not in html


@pytest.mark.django_db
def test_plain_post_redirects_back_to_the_row(client_for, engineer, assessment):
    response = client_for(engineer).post(save_url(assessment), {"level": "1", "evidence": "course"})
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/#row-programming--python"
    assert (rating(assessment).level, rating(assessment).evidence) == (1, "course")


@pytest.mark.django_db
def test_two_saves_in_sequence_leave_the_newer_one(client_for, engineer, assessment):
    client = client_for(engineer)
    client.post(save_url(assessment), {"level": "1", "evidence": "first", "revision": "0"}, **HTMX)
    client.post(save_url(assessment), {"level": "3", "evidence": "second", "revision": "1"}, **HTMX)
    saved = rating(assessment)
    assert (saved.level, saved.evidence, saved.revision) == (3, "second", 2)


@pytest.mark.django_db
def test_evidence_typed_before_a_level_is_saved_on_its_own(client_for, engineer, assessment):
    response = client_for(engineer).post(
        save_url(assessment), {"level": "", "evidence": "PR #12"}, **HTMX
    )
    assert response.status_code == 200
    assert (rating(assessment).level, rating(assessment).evidence) == (None, "PR #12")


@pytest.mark.django_db
def test_a_save_without_evidence_keeps_the_saved_evidence(client_for, engineer, assessment):
    Rating.objects.filter(assessment=assessment, competency__code=PYTHON).update(evidence="keep me")
    client_for(engineer).post(save_url(assessment), {"level": "2"}, **HTMX)
    assert (rating(assessment).level, rating(assessment).evidence) == (2, "keep me")


@pytest.mark.django_db
def test_a_save_that_changes_nothing_keeps_the_revision(client_for, engineer, assessment):
    client = client_for(engineer)
    client.post(save_url(assessment), {"level": "2", "evidence": "x", "revision": "0"}, **HTMX)
    response = client.post(
        save_url(assessment), {"level": "2", "evidence": "x", "revision": "1"}, **HTMX
    )
    assert response.status_code == 200
    assert rating(assessment).revision == 1


@pytest.mark.django_db
def test_one_autosave_runs_at_most_eight_queries(
    client_for, engineer, assessment, django_assert_max_num_queries
):
    client = client_for(engineer)
    with django_assert_max_num_queries(8):
        response = client.post(
            save_url(assessment), {"level": "3", "evidence": "e", "revision": "0"}, **HTMX
        )
    assert response.status_code == 200


# --- bad input: the right status, the message in the row, nothing changed -------


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["5", "7", "-1", "abc", "2.5", "99999999999999999999"])
def test_a_level_outside_the_scale_or_not_a_number_is_400_and_changes_nothing(
    client_for, engineer, assessment, level
):
    before = snapshot(assessment)
    response = client_for(engineer).post(
        save_url(assessment), {"level": level, "evidence": "my note", "revision": "0"}, **HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a level from 0 to 4." in html
    assert 'data-state="error"' in html
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_bad_level_without_htmx_shows_the_page_with_the_message_in_the_row_and_the_note_kept(
    client_for, engineer, assessment
):
    before = snapshot(assessment)
    response = client_for(engineer).post(
        save_url(assessment), {"level": "9", "evidence": "my unsaved note"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    row = html[html.index('id="row-programming--python"') :]
    row = row[: row.index("</article>")]
    assert "Choose a level from 0 to 4." in row
    assert "my unsaved note" in row
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_refused_save_keeps_the_users_choice_on_the_page(client_for, engineer, assessment):
    """Without htmx the page comes back with the user's choice, not the saved one."""
    Rating.objects.filter(assessment=assessment, competency__code=PYTHON).update(
        level=1, revision=3
    )
    response = client_for(engineer).post(
        save_url(assessment), {"level": "4", "evidence": "mine", "revision": "2"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="programming--python-level-4" value="4" checked' in html
    assert "mine" in html


@pytest.mark.django_db
def test_an_evidence_note_too_long_is_400(client_for, engineer, assessment):
    before = snapshot(assessment)
    response = client_for(engineer).post(
        save_url(assessment), {"level": "2", "evidence": "x" * 2001}, **HTMX
    )
    assert response.status_code == 400
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_post_with_neither_level_nor_evidence_is_400(client_for, engineer, assessment):
    response = client_for(engineer).post(save_url(assessment), {}, **HTMX)
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_unknown_competency_is_404(client_for, engineer, assessment):
    before = snapshot(assessment)
    client = client_for(engineer)
    assert client.post(save_url(assessment, "programming.cobol"), {"level": "2"}).status_code == 404
    assert (
        client.post(save_url(assessment, "programming.cobol"), {"level": "2"}, **HTMX).status_code
        == 404
    )
    assert (
        client.post(save_url(assessment, "programming.cobol"), {"level": "9"}, **HTMX).status_code
        == 404
    )
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_competency_not_in_the_profile_is_404(client_for, engineer, assessment):
    Competency.objects.create(
        area=CompetencyArea.objects.get(code="programming"), code="programming.rust", name="Rust"
    )
    before = snapshot(assessment)
    response = client_for(engineer).post(
        save_url(assessment, "programming.rust"), {"level": "2"}, **HTMX
    )
    assert response.status_code == 404
    assert snapshot(assessment) == before
    assert not Rating.objects.filter(competency__code="programming.rust").exists()


@pytest.mark.django_db
def test_saving_on_someone_elses_draft_is_404(client_for, teammate, engineer, assessment):
    before = snapshot(assessment)
    response = client_for(teammate).post(save_url(assessment), {"level": "4"}, **HTMX)
    assert response.status_code == 404
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_the_engineers_manager_is_refused_403_on_a_submitted_one(
    client_for, manager, engineer, team
):
    assessment = submitted(engineer)
    before = snapshot(assessment)
    response = client_for(manager).post(save_url(assessment), {"level": "4"})
    assert response.status_code == 403
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_the_engineers_manager_cannot_see_a_draft_404(
    client_for, manager, engineer, team, assessment
):
    assert client_for(manager).post(save_url(assessment), {"level": "4"}).status_code == 404


@pytest.mark.django_db
def test_a_save_on_a_submitted_assessment_is_409_and_says_so(client_for, engineer):
    assessment = submitted(engineer)
    before = snapshot(assessment)
    client = client_for(engineer)
    response = client.post(save_url(assessment), {"level": "4"}, **HTMX)
    assert response.status_code == 409
    assert "ratings can no longer change" in response.content.decode()
    plain = client.post(save_url(assessment), {"level": "4"})
    assert plain.status_code == 409
    assert "ratings can no longer change" in plain.content.decode()
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_save_from_an_out_of_date_tab_is_409_shows_the_newer_value_and_overwrites_nothing(
    client_for, engineer, assessment
):
    client = client_for(engineer)
    # Another tab saved first.
    client.post(
        save_url(assessment), {"level": "3", "evidence": "from tab B", "revision": "0"}, **HTMX
    )
    before = snapshot(assessment)
    response = client.post(
        save_url(assessment), {"level": "1", "evidence": "from tab A", "revision": "0"}, **HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "a newer value was saved" in html
    assert "3 · Advanced" in html and "from tab B" in html
    # The page keeps the revision it had: the next change is refused too, until
    # the user chooses (keep theirs, or take the saved one).
    assert 'name="programming.python-revision" value="0"' in html
    assert 'data-keep-mine data-revision="1"' in html
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_keeping_my_choice_after_a_conflict_saves_it_knowingly(client_for, engineer, assessment):
    client = client_for(engineer)
    client.post(save_url(assessment), {"level": "3", "revision": "0"}, **HTMX)
    client.post(save_url(assessment), {"level": "1", "revision": "0"}, **HTMX)  # 409
    response = client.post(save_url(assessment), {"level": "1", "revision": "1"}, **HTMX)
    assert response.status_code == 200
    assert rating(assessment).level == 1


@pytest.mark.django_db
def test_a_missing_csrf_token_is_403_with_a_message_and_changes_nothing(engineer, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    before = snapshot(assessment)
    response = client.post(save_url(assessment), {"level": "2"}, **HTMX)
    assert response.status_code == 403
    assert "was not saved" in response.content.decode()
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_a_get_on_the_save_url_is_405(client_for, engineer, assessment):
    before = snapshot(assessment)
    assert client_for(engineer).get(save_url(assessment) + "?level=4").status_code == 405
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_an_expired_session_sends_htmx_to_sign_in_saying_the_change_was_not_saved(
    client, assessment
):
    response = client.post(save_url(assessment), {"level": "2"}, **HTMX)
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith("/accounts/login/?")
    assert "expired=1" in response["HX-Redirect"]
    assert rating(assessment).level is None


@pytest.mark.django_db
def test_a_competency_added_to_the_profile_after_the_draft_began_can_be_rated(
    client_for, engineer, assessment
):
    from roles.models import ProfileTarget

    rust = Competency.objects.create(
        area=CompetencyArea.objects.get(code="programming"), code="programming.rust", name="Rust"
    )
    ProfileTarget.objects.create(
        profile=assessment.role_profile, competency=rust, target=2, weight=1
    )
    response = client_for(engineer).post(
        save_url(assessment, "programming.rust"), {"level": "2"}, **HTMX
    )
    assert response.status_code == 200
    assert rating(assessment, "programming.rust").level == 2
    assert f"1 of {competency_count()} rated" in response.content.decode()


@pytest.mark.django_db
def test_a_rated_draft_counts_every_rating_in_the_progress(client_for, engineer, assessment):
    rate_all(assessment, level=2)
    html = client_for(engineer).post(save_url(assessment), {"level": "4"}, **HTMX).content.decode()
    n = competency_count()
    assert f"{n} of {n} rated" in html
