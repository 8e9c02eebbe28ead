"""The plan people keep using: a goal on any competency (the five priorities
first), "use this action" to start a goal from a suggested action, overdue and
due-soon goals said in words, and the goal's limit shown before the server
refuses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Goal
from roles.models import Competency, DevelopmentAction
from tests.assessments.plan_helpers import plan_codes, row_data
from tests.factories import competency_count, submitted

LEVELS = {"programming.python": 4, "database.sql": 3, "ai-ml.prompt-engineering": 0}


@pytest.fixture
def assessment(engineer, team):
    return submitted(engineer, level=1, levels=LEVELS)


def plan_url(assessment, **query):
    url = reverse("assessments:plan", args=[assessment.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def other_code(assessment):
    """A competency of the assessment that is not among its five priorities."""
    return next(c.code for c in Competency.objects.all() if c.code not in plan_codes(assessment))


# --- a goal on any competency ------------------------------------------------


@pytest.mark.django_db
def test_the_plan_offers_every_other_competency_after_the_five_priorities(
    client_for, engineer, assessment
):
    html = client_for(engineer).get(plan_url(assessment)).content.decode()
    assert "Add a goal for another competency" in html
    chooser = html[html.index('id="plan-add-title"') :]
    first_priority = html.index(f'id="goal-{plan_codes(assessment)[0]}"')
    assert first_priority < html.index('id="plan-add-title"')
    # Every competency of the profile but the 5 in the plan, none of the five.
    assert chooser.count("<option value=") == competency_count() - 5
    assert f'<option value="{plan_codes(assessment)[0]}"' not in chooser


@pytest.mark.django_db
def test_choosing_another_competency_shows_a_new_goal_row_that_saves_like_the_others(
    client_for, engineer, assessment
):
    code = other_code(assessment)
    client = client_for(engineer)
    html = client.get(plan_url(assessment, add=code)).content.decode()
    assert f'id="goal-{code}"' in html
    assert "New: this goal is kept once you write it." in html
    assert f'<input type="hidden" name="add" value="{code}">' in html
    # The whole form posted without JavaScript saves the new row too.
    data = {"add": code, **row_data(code, text="Learn it properly", status="in_progress")}
    response = client.post(plan_url(assessment), data)
    assert response.status_code == 302
    goal = Goal.objects.get(assessment=assessment, competency__code=code)
    assert (goal.text, goal.status) == ("Learn it properly", "in_progress")
    # From now on it is one of the other goals, and no longer offered to add.
    html = client.get(plan_url(assessment)).content.decode()
    assert f'id="goal-{code}"' in html
    assert f'<option value="{code}"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["nope", "%00", "programming", "x" * 500])
def test_an_unknown_competency_to_add_adds_nothing(client_for, engineer, assessment, bad):
    response = client_for(engineer).get(plan_url(assessment, add=bad))
    assert response.status_code == 200
    assert "New: this goal is kept" not in response.content.decode()


@pytest.mark.django_db
def test_the_manager_reading_the_plan_gets_no_chooser(client_for, manager, assessment):
    code = other_code(assessment)
    html = client_for(manager).get(plan_url(assessment, add=code)).content.decode()
    assert "Add a goal for another competency" not in html
    assert f'id="goal-{code}"' not in html


@pytest.mark.django_db
def test_a_new_row_does_not_cost_a_query(
    client_for, engineer, assessment, django_assert_num_queries
):
    client = client_for(engineer)
    client.get(plan_url(assessment))
    added = plan_url(assessment, add=other_code(assessment))
    with django_assert_num_queries(7):
        assert client.get(plan_url(assessment)).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(added).status_code == 200


# --- use this action ---------------------------------------------------------


def first_action(code):
    return DevelopmentAction.objects.filter(competency__code=code).order_by("order").first()


@pytest.mark.django_db
def test_use_this_action_makes_the_action_the_goal(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    action = first_action(code)
    client = client_for(engineer)
    html = client.get(plan_url(assessment)).content.decode()
    assert f'name="use_action" value="{code}:{action.pk}"' in html
    data = {**row_data(code), "use_action": f"{code}:{action.pk}"}
    response = client.post(plan_url(assessment), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{code}")
    assert Goal.objects.get(assessment=assessment, competency__code=code).text == action.text


@pytest.mark.django_db
def test_use_this_action_adds_to_what_the_row_already_holds_once(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    action = first_action(code)
    client = client_for(engineer)
    data = {**row_data(code, text="My own words"), "use_action": f"{code}:{action.pk}"}
    client.post(plan_url(assessment), data)
    goal = Goal.objects.get(assessment=assessment, competency__code=code)
    assert goal.text == f"My own words\n\n{action.text}"
    # The same action again does not repeat it.
    data = {
        **row_data(code, text=goal.text, revision=goal.revision),
        "use_action": f"{code}:{action.pk}",
    }
    client.post(plan_url(assessment), data)
    goal.refresh_from_db()
    assert goal.text.count(action.text) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "nope", "programming.python:999999", ":", "a:b:c", "x" * 300])
def test_a_bogus_action_changes_no_goal_text_and_is_no_error(client_for, engineer, assessment, bad):
    code = plan_codes(assessment)[0]
    response = client_for(engineer).post(
        plan_url(assessment), {**row_data(code), "use_action": bad}
    )
    assert response.status_code == 302
    assert not Goal.objects.filter(assessment=assessment, competency__code=code).exists()


@pytest.mark.django_db
def test_an_action_of_another_competency_is_not_taken(client_for, engineer, assessment):
    first, second = plan_codes(assessment)[:2]
    foreign = first_action(second)
    client_for(engineer).post(
        plan_url(assessment), {**row_data(first), "use_action": f"{first}:{foreign.pk}"}
    )
    assert not Goal.objects.filter(assessment=assessment, competency__code=first).exists()


# --- overdue and due soon ------------------------------------------------------


def goal_due(assessment, code, days, status="in_progress"):
    today = timezone.localdate()
    return Goal.objects.create(
        assessment=assessment,
        competency=Competency.objects.get(code=code),
        text="a goal",
        due_date=today + timedelta(days=days),
        status=status,
    )


@pytest.mark.django_db
def test_overdue_and_due_soon_goals_are_said_in_words(client_for, engineer, manager, assessment):
    first, second, third, fourth = plan_codes(assessment)[:4]
    goal_due(assessment, first, -3)
    goal_due(assessment, second, 5)
    goal_due(assessment, third, -10, status="done")
    goal_due(assessment, fourth, 60)
    for user in (engineer, manager):
        html = client_for(user).get(plan_url(assessment)).content.decode()
        assert html.count('class="goal-due goal-due-overdue"') == 1
        assert "3 days ago" in html and "Overdue: due" in html
        assert html.count('class="goal-due goal-due-due_soon"') == 1
        assert "in 5 days" in html
    article = html[html.index(f'id="goal-{first}"') : html.index(f'id="goal-{second}"')]
    assert "Overdue" in article


@pytest.mark.django_db
def test_the_due_states_are_in_indonesian(client_for, engineer, assessment):
    first, second = plan_codes(assessment)[:2]
    goal_due(assessment, first, -1)
    goal_due(assessment, second, 0)
    html = client_for(engineer).get(plan_url(assessment) + "?lang=id").content.decode()
    assert "Overdue" not in html and "Due today" not in html
    assert "Lewat tenggat" in html and "Jatuh tempo hari ini" in html


# --- the limit shown before the server refuses ----------------------------------


@pytest.mark.django_db
def test_the_goal_field_says_and_enforces_its_limit(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    html = client_for(engineer).get(plan_url(assessment)).content.decode()
    limit = Goal._meta.get_field("text").max_length
    field_id = f"id_{code}-text"
    assert f'maxlength="{limit}"' in html
    assert f'aria-describedby="{field_id}-limit"' in html
    assert (
        f'<p class="small text-body-secondary mb-0 mt-1" id="{field_id}-limit">Up to {limit} characters.'
        in html
    )
