"""The development plan page and its goal saves (htmx rows and the no-JS form)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments import selectors
from assessments.models import Goal
from roles.models import Competency
from tests.assessments.plan_helpers import plan_codes, row_data
from tests.factories import competency_count, draft, submitted

# Below target everywhere, so the plan always has its five rows; a few
# competencies rated higher vary the gaps.
LEVELS = {"programming.python": 4, "database.sql": 3, "ai-ml.prompt-engineering": 0}


@pytest.fixture
def assessment(engineer, team):
    return submitted(engineer, level=1, levels=LEVELS)


def plan_url(assessment):
    return reverse("assessments:plan", args=[assessment.pk])


def goal_url(assessment, code):
    return reverse("assessments:goal_save", args=[assessment.pk, code])


def htmx_post(client, url, data):
    return client.post(url, data, headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_the_plan_lists_the_five_priority_gaps_of_the_report_in_order(
    client_for, engineer, assessment
):
    codes = plan_codes(assessment)
    assert len(codes) == 5
    response = client_for(engineer).get(plan_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    names = [Competency.objects.get(code=code).name for code in codes]
    positions = [html.index(f'id="goal-{code}"') for code in codes]
    assert positions == sorted(positions)
    for name in names:
        assert name in html


@pytest.mark.django_db
def test_each_row_shows_levels_the_target_descriptor_and_the_suggested_actions(
    client_for, engineer, assessment
):
    code = plan_codes(assessment)[0]
    competency = Competency.objects.get(code=code)
    score = selectors.assessment_data(assessment).report.competency(code)
    html = client_for(engineer).get(plan_url(assessment)).content.decode()
    article = html[html.index(f'id="goal-{code}"') :]
    article = article[: article.index("</article>")]
    assert escape(competency.level_descriptor(score.target)) in article
    for action in competency.actions.all():
        assert escape(action.text) in article
    assert f"{score.rating} " in article and f"{score.target} " in article
    assert reverse("assessments:goal_save", args=[assessment.pk, code]) in article


@pytest.mark.django_db
def test_the_page_is_in_indonesian_with_lang_id(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    competency = Competency.objects.get(code=code)
    html = client_for(engineer).get(plan_url(assessment) + "?lang=id").content.decode()
    assert escape(competency.name_ind) in html
    assert escape(competency.actions.first().text_ind) in html


@pytest.mark.django_db
def test_the_page_links_to_the_pdf_in_the_language_shown(client_for, engineer, assessment):
    html = client_for(engineer).get(plan_url(assessment) + "?lang=id").content.decode()
    assert reverse("assessments:report_pdf", args=[assessment.pk]) + "?lang=id" in html


@pytest.mark.django_db
def test_the_manager_reads_the_plan_but_cannot_edit_it(client_for, engineer, manager, assessment):
    code = plan_codes(assessment)[0]
    Goal.objects.create(
        assessment=assessment, competency=Competency.objects.get(code=code), text="Ship it"
    )
    response = client_for(manager).get(plan_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ship it" in html
    assert "<textarea" not in html
    assert goal_url(assessment, code) not in html


@pytest.mark.django_db
def test_the_plan_page_needs_a_fixed_number_of_queries(
    client_for, engineer, assessment, django_assert_max_num_queries
):
    # Goals on every competency: the five rows and twenty-five "other goals".
    Goal.objects.bulk_create(
        Goal(assessment=assessment, competency=c, text=f"goal {c.code}")
        for c in Competency.objects.all()
    )
    client = client_for(engineer)
    with django_assert_max_num_queries(8):
        response = client.get(plan_url(assessment))
    assert response.status_code == 200
    assert response.content.decode().count("<article") == competency_count()


# --- saving one goal through htmx ---------------------------------------------


@pytest.mark.django_db
def test_an_htmx_save_stores_the_goal_and_answers_with_the_row_state_only(
    client_for, engineer, assessment
):
    code = plan_codes(assessment)[0]
    response = htmx_post(
        client_for(engineer),
        goal_url(assessment, code),
        row_data(code, text="Build a RAG demo", due_date="2030-03-31", status="in_progress"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html
    assert f'name="{code}-revision" value="1"' in html
    # The fields the user is typing in are never swapped.
    assert "<textarea" not in html and "<select" not in html
    goal = Goal.objects.get(assessment=assessment, competency__code=code)
    assert (goal.text, str(goal.due_date), goal.status) == (
        "Build a RAG demo",
        "2030-03-31",
        "in_progress",
    )


@pytest.mark.django_db
def test_an_htmx_save_reads_only_its_own_row_from_the_whole_form(client_for, engineer, assessment):
    first, second = plan_codes(assessment)[:2]
    data = row_data(first, text="mine") | row_data(second, text="the other row")
    htmx_post(client_for(engineer), goal_url(assessment, first), data)
    assert list(Goal.objects.filter(assessment=assessment).values_list("text", flat=True)) == [
        "mine"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_date", "31/31/2030", "Enter the due date as a date"),
        ("status", "abandoned", "Choose a status"),
        ("text", "x" * 2001, "2000"),
    ],
)
def test_bad_input_is_400_with_a_message_and_nothing_saved(
    client_for, engineer, assessment, field, value, message
):
    code = plan_codes(assessment)[0]
    data = row_data(code, text="fine")
    data[f"{code}-{field}"] = value
    response = htmx_post(client_for(engineer), goal_url(assessment, code), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Goal.objects.filter(assessment=assessment).exists()


def after_tab_one(client, assessment, text, revision):
    """Tab one saves "tab one" on the first plan row from revision 0; then the
    row is saved with ``text`` from ``revision``. The row's code and that answer."""
    code = plan_codes(assessment)[0]
    htmx_post(client, goal_url(assessment, code), row_data(code, text="tab one", revision=0))
    return code, htmx_post(
        client, goal_url(assessment, code), row_data(code, text=text, revision=revision)
    )


@pytest.mark.django_db
def test_a_save_from_a_stale_page_is_409_and_keeps_the_newer_goal(client_for, engineer, assessment):
    code, response = after_tab_one(client_for(engineer), assessment, text="tab two", revision=0)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed meanwhile" in html
    # The goal saved meanwhile is shown, with the choice to keep mine or take it.
    assert "tab one" in html
    assert 'data-keep-mine data-revision="1"' in html
    # The row keeps its old revision: the next save from it is refused too.
    assert f'name="{code}-revision" value="0"' in html
    assert Goal.objects.get(assessment=assessment).text == "tab one"


@pytest.mark.django_db
def test_keeping_mine_after_a_conflict_saves_over_the_newer_goal(client_for, engineer, assessment):
    # "Keep mine" sends the same row again with the revision of the goal shown.
    _code, response = after_tab_one(client_for(engineer), assessment, text="mine", revision=1)
    assert response.status_code == 200
    assert Goal.objects.get(assessment=assessment).text == "mine"


@pytest.mark.django_db
def test_only_the_engineer_saves_goals(client_for, manager, outsider, other_team, assessment):
    code = plan_codes(assessment)[0]
    data = row_data(code, text="not yours")
    assert htmx_post(client_for(manager), goal_url(assessment, code), data).status_code == 403
    assert htmx_post(client_for(outsider), goal_url(assessment, code), data).status_code == 404
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_a_goal_for_an_unknown_competency_is_404(client_for, engineer, assessment):
    data = row_data("no.such", text="x")
    response = htmx_post(client_for(engineer), goal_url(assessment, "no.such"), data)
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_plain_post_of_one_row_saves_and_goes_back_to_the_plan(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    response = client_for(engineer).post(
        goal_url(assessment, code), {"text": "plain", "status": "done", "due_date": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{plan_url(assessment)}#goal-{code}")
    assert Goal.objects.get(assessment=assessment).status == "done"


# --- the no-JavaScript form -------------------------------------------------


@pytest.mark.django_db
def test_without_javascript_the_whole_plan_saves_as_one_form(client_for, engineer, assessment):
    codes = plan_codes(assessment)
    data = {}
    for index, code in enumerate(codes):
        data |= row_data(code, text=f"goal {index}", status="in_progress")
    response = client_for(engineer).post(plan_url(assessment), data, follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert "Your development plan is saved." in response.content.decode()
    saved = dict(Goal.objects.filter(assessment=assessment).values_list("competency__code", "text"))
    assert saved == {code: f"goal {index}" for index, code in enumerate(codes)}


@pytest.mark.django_db
def test_without_javascript_a_bad_row_is_shown_again_and_the_others_are_saved(
    client_for, engineer, assessment
):
    good, bad = plan_codes(assessment)[:2]
    data = row_data(good, text="good row") | row_data(bad, text="typed text", due_date="soon")
    response = client_for(engineer).post(plan_url(assessment), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "typed text" in html  # nothing the user typed is lost
    assert "Enter the due date as a date" in html
    assert list(Goal.objects.values_list("text", flat=True)) == ["good row"]


@pytest.mark.django_db
def test_without_javascript_a_stale_row_is_409_and_saving_again_replaces_the_newer_goal(
    client_for, engineer, assessment
):
    code = plan_codes(assessment)[0]
    client = client_for(engineer)
    client.post(plan_url(assessment), row_data(code, text="other tab", revision=0))
    response = client.post(plan_url(assessment), row_data(code, text="this tab", revision=0))
    assert response.status_code == 409
    html = response.content.decode()
    assert "this tab" in html and "other tab" in html
    assert f'name="{code}-revision" value="1"' in html
    assert Goal.objects.get(assessment=assessment).text == "other tab"
    # Saving the form again, as shown, replaces the newer goal knowingly.
    client.post(plan_url(assessment), row_data(code, text="this tab", revision=1))
    assert Goal.objects.get(assessment=assessment).text == "this tab"


@pytest.mark.django_db
def test_the_manager_cannot_post_the_plan_form(client_for, manager, assessment):
    code = plan_codes(assessment)[0]
    response = client_for(manager).post(plan_url(assessment), row_data(code, text="no"))
    assert response.status_code == 403
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_goal_text_is_escaped(client_for, engineer, manager, assessment):
    code = plan_codes(assessment)[0]
    htmx_post(
        client_for(engineer),
        goal_url(assessment, code),
        row_data(code, text="<script>alert(1)</script>"),
    )
    for user in (engineer, manager):
        html = client_for(user).get(plan_url(assessment)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_goals_carried_forward_show_on_the_new_plan(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    htmx_post(
        client_for(engineer),
        goal_url(assessment, code),
        row_data(code, text="carry me", status="in_progress"),
    )
    new = draft(engineer)
    html = client_for(engineer).get(plan_url(new)).content.decode()
    assert "carry me" in html
    assert re.search(r'<option value="in_progress" selected>', html)
