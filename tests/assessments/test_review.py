"""The manager review page: who may open it, what it shows, and the whole-page
form that saves every row without JavaScript."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Rating
from tests.factories import competency_count, draft, submitted

pytestmark = pytest.mark.django_db


def url(assessment):
    return reverse("assessments:review", args=[assessment.pk])


@pytest.fixture
def assessment(engineer, team):
    a = submitted(engineer, level=2, levels={"programming.python": 3})
    Rating.objects.filter(assessment=a, competency__code="programming.python").update(
        evidence="Built https://example.com/rag-service in 2025"
    )
    return a


def ratings(assessment):
    return {
        r.competency.code: r
        for r in Rating.objects.filter(assessment=assessment).select_related("competency")
    }


# --- who may open it ----------------------------------------------------------------


def test_manager_of_the_engineer_opens_the_review_page(client_for, manager, assessment):
    response = client_for(manager).get(url(assessment))
    assert response.status_code == 200
    assert "Eko Engineer" in response.text
    assert "Manager review" in response.text


@pytest.mark.parametrize("who", ["other_manager", "teammate", "outsider", "staff"])
def test_anyone_but_the_engineers_manager_gets_404(
    request, client_for, assessment, other_team, who
):
    user = request.getfixturevalue(who)
    assert client_for(user).get(url(assessment)).status_code == 404


def test_engineer_cannot_review_their_own_assessment(client_for, engineer, assessment):
    assert client_for(engineer).get(url(assessment)).status_code == 403


def test_a_manager_cannot_review_their_own_even_in_a_team_they_manage(client_for, manager, team):
    team.members.add(manager)
    own = submitted(manager)
    assert client_for(manager).get(url(own)).status_code == 403


def test_nobody_reviews_a_draft(client_for, manager, engineer, team):
    a = draft(engineer)
    assert client_for(manager).get(url(a)).status_code == 404


def test_a_manager_of_a_team_the_engineer_left_gets_404(
    client_for, manager, engineer, team, assessment
):
    team.members.remove(engineer)
    assert client_for(manager).get(url(assessment)).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, assessment):
    response = client.get(url(assessment))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- what it shows -------------------------------------------------------------------


def test_every_competency_is_listed_with_self_rating_evidence_and_target(
    client_for, manager, assessment
):
    response = client_for(manager).get(url(assessment))
    page = response.text
    assert page.count("data-autosave") == competency_count()
    assert "Python" in page
    assert '<a href="https://example.com/rag-service"' in page  # evidence, linked
    rows = {row.code: row for row in response.context["rows"]}
    assert len(rows) == competency_count()
    python = rows["programming.python"]
    assert python.item.rating.level == 3
    assert python.item.target == python.score.target
    assert python.level is None  # no manager rating yet: nothing preselected
    for n in range(5):
        assert (
            f'name="programming.python-level" id="programming.python-level-{n}" value="{n}"' in page
        )
    assert 'name="programming.python-comment"' in page
    assert 'name="programming.python-revision" id="revision-programming.python" value="0"' in page


def test_rows_are_named_by_competency_not_by_internal_code(client_for, manager, assessment):
    page = client_for(manager).get(url(assessment)).text
    legends = re.findall(r'<legend class="h6 mb-2">(.*?)</legend>', page)
    assert len(legends) == competency_count()
    assert not [legend for legend in legends if "." in legend or "<span" in legend]
    assert "programming.python</span>" not in page


def test_each_row_autosaves_to_its_own_url_without_swapping_the_comment(
    client_for, manager, assessment
):
    page = client_for(manager).get(url(assessment)).text
    save = reverse("assessments:review_save", args=[assessment.pk, "programming.python"])
    row = re.search(
        r'<fieldset class="review-row"[^>]*id="review-programming.python"[^>]*>', page, re.S
    )
    assert row is not None
    tag = row.group(0)
    assert f'hx-post="{save}"' in tag
    assert 'hx-sync="this:queue last"' in tag
    assert 'hx-target="find [data-save-status]"' in tag  # only the status is swapped
    assert "data-save-status" in page


def test_a_saved_manager_rating_is_shown_chosen_with_its_comment(client_for, manager, assessment):
    services.review_save(
        user=manager,
        assessment=assessment,
        competency_code="programming.python",
        level=1,
        comment="Let us pair on this",
    )
    page = client_for(manager).get(url(assessment)).text
    assert 'id="programming.python-level-1" value="1" checked' in page
    assert "Let us pair on this</textarea>" in page
    assert "Blind spot" in page  # self 3, manager 1
    assert f"1 of {competency_count()} rated by a manager" in page


def test_review_page_runs_a_fixed_number_of_queries(
    client_for, manager, assessment, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(url(assessment))
    with django_assert_max_num_queries(12):
        client.get(url(assessment))


# --- the whole page as one form (no JavaScript) ---------------------------------------


def form_data(assessment, levels: dict, comments: dict | None = None, revisions=None):
    comments = comments or {}
    revisions = revisions or {}
    data = {}
    for code in ratings(assessment):
        if code in levels:
            data[f"{code}-level"] = str(levels[code])
        data[f"{code}-comment"] = comments.get(code, "")
        data[f"{code}-revision"] = str(revisions.get(code, 0))
    return data


def test_the_whole_form_saves_every_rated_row_and_puts_the_assessment_in_review(
    client_for, manager, assessment
):
    data = form_data(
        assessment,
        {"programming.python": 4, "database.sql": 1},
        {"database.sql": "Needs practice"},
    )
    response = client_for(manager).post(url(assessment), data)
    assert response.status_code == 302
    assert response["Location"] == url(assessment)
    saved = ratings(assessment)
    assert saved["programming.python"].manager_level == 4
    assert saved["database.sql"].manager_level == 1
    assert saved["database.sql"].manager_comment == "Needs practice"
    assert saved["database.sql"].reviewed_by == manager
    assert saved["programming.javascript"].manager_level is None
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW
    follow = client_for(manager).get(response["Location"])
    assert "Review saved." in follow.text


def test_a_comment_without_a_rating_saves_nothing_and_says_why(client_for, manager, assessment):
    data = form_data(assessment, {"programming.python": 4}, {"database.sql": "A comment"})
    response = client_for(manager).post(url(assessment), data)
    assert response.status_code == 400
    assert "Choose a rating to save this comment." in response.text
    assert "A comment</textarea>" in response.text  # nothing typed is lost
    assert 'id="programming.python-level-4" value="4" checked' in response.text
    assert all(r.manager_level is None for r in ratings(assessment).values())
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_level_out_of_scale_saves_nothing(client_for, manager, assessment):
    data = form_data(assessment, {"programming.python": 4, "database.sql": 9})
    response = client_for(manager).post(url(assessment), data)
    assert response.status_code == 400
    assert "Choose a rating from 0 to 4." in response.text
    assert all(r.manager_level is None for r in ratings(assessment).values())


def test_a_row_changed_elsewhere_meanwhile_saves_nothing_and_is_named(
    client_for, manager, other_manager, assessment, team
):
    team.managers.add(other_manager)
    services.review_save(
        user=other_manager, assessment=assessment, competency_code="database.sql", level=2
    )
    data = form_data(
        assessment, {"programming.python": 4, "database.sql": 0}
    )  # page showed revision 0
    response = client_for(manager).post(url(assessment), data)
    assert response.status_code == 409
    assert "changed in another window (it is now 2)" in response.text
    saved = ratings(assessment)
    assert saved["programming.python"].manager_level is None  # all or nothing
    assert saved["database.sql"].manager_level == 2


def test_posting_the_unchanged_form_changes_nothing(client_for, manager, assessment):
    services.review_save(
        user=manager, assessment=assessment, competency_code="programming.python", level=2
    )
    data = form_data(assessment, {"programming.python": 2}, revisions={"programming.python": 1})
    response = client_for(manager).post(url(assessment), data, follow=True)
    assert "Nothing to save" in response.text
    assert ratings(assessment)["programming.python"].manager_revision == 1


def test_the_whole_form_is_refused_to_the_engineer(client_for, engineer, assessment):
    data = form_data(assessment, {"programming.python": 4})
    assert client_for(engineer).post(url(assessment), data).status_code == 403
    assert ratings(assessment)["programming.python"].manager_level is None
