"""The goal service: validated, owner only, revision-checked, carried forward."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.errors import UnknownCompetency
from assessments.models import Goal
from tests.factories import draft, submitted

CODE = "programming.python"


def save(user, assessment, **kwargs):
    kwargs.setdefault("competency_code", CODE)
    return services.goal_save(user=user, assessment=assessment, **kwargs)


@pytest.mark.django_db
def test_it_creates_a_goal_with_revision_one(engineer):
    assessment = draft(engineer)
    result = save(
        engineer, assessment, text="Ship a package", due_date=date(2030, 1, 31), revision=0
    )
    goal = Goal.objects.get(assessment=assessment, competency__code=CODE)
    assert result.changed
    assert (goal.text, goal.due_date, goal.status, goal.revision) == (
        "Ship a package",
        date(2030, 1, 31),
        Goal.Status.NOT_STARTED,
        1,
    )


@pytest.mark.django_db
def test_an_empty_goal_is_not_stored(engineer):
    assessment = draft(engineer)
    result = save(engineer, assessment, text="", revision=0)
    assert not result.changed
    assert not Goal.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
def test_goals_stay_editable_after_submitting(engineer):
    assessment = submitted(engineer)
    save(engineer, assessment, text="Keep going", status=Goal.Status.IN_PROGRESS, revision=0)
    assert Goal.objects.get(assessment=assessment).status == Goal.Status.IN_PROGRESS


@pytest.mark.django_db
def test_a_save_from_a_stale_page_is_refused_and_the_newer_goal_kept(engineer):
    assessment = draft(engineer)
    save(engineer, assessment, text="first tab", revision=0)
    save(engineer, assessment, text="first tab, later", revision=1)
    with pytest.raises(services.StaleRevision):
        save(engineer, assessment, text="second tab", revision=1)
    assert Goal.objects.get(assessment=assessment).text == "first tab, later"


@pytest.mark.django_db
def test_saving_the_same_values_again_changes_nothing(engineer):
    assessment = draft(engineer)
    save(engineer, assessment, text="same", revision=0)
    result = save(engineer, assessment, text="same", revision=1)
    assert not result.changed
    assert Goal.objects.get(assessment=assessment).revision == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "x" * 2001}, "text"),
        ({"status": "abandoned"}, "status"),
        ({"due_date": "2030-01-31"}, "due_date"),
        ({"due_date": datetime(2030, 1, 31, 12, 0)}, "due_date"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(engineer, kwargs, field):
    assessment = draft(engineer)
    with pytest.raises(ValidationError) as error:
        save(engineer, assessment, revision=0, **kwargs)
    assert field in error.value.message_dict
    assert not Goal.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
def test_only_the_engineer_edits_their_plan(engineer, manager, team):
    assessment = submitted(engineer)
    with pytest.raises(PermissionDenied):
        save(manager, assessment, text="not mine", revision=0)
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_a_competency_outside_the_assessment_is_404(engineer):
    assessment = draft(engineer)
    with pytest.raises(UnknownCompetency):
        save(engineer, assessment, competency_code="no.such-competency", text="x", revision=0)


@pytest.mark.django_db
def test_a_new_assessment_carries_unfinished_goals_forward(engineer):
    first = submitted(engineer)
    save(engineer, first, competency_code="programming.python", text="open", status="in_progress")
    save(
        engineer, first, competency_code="database.sql", text="not begun", due_date=date(2030, 6, 1)
    )
    save(engineer, first, competency_code="programming.javascript", text="done", status="done")
    second = draft(engineer)
    carried = {g.competency.code: g for g in Goal.objects.filter(assessment=second)}
    assert set(carried) == {"programming.python", "database.sql"}
    assert carried["programming.python"].status == Goal.Status.IN_PROGRESS
    assert carried["database.sql"].due_date == date(2030, 6, 1)
    # The earlier plan is left as it was.
    assert Goal.objects.filter(assessment=first).count() == 3
