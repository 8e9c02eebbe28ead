"""The services' own guards, called directly as any future caller (an API, a
task) would: the wrong user, a frozen assessment, an unknown competency, a
stale revision and the limits of every text. A refusal writes nothing."""

from datetime import date, datetime
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.errors import AssessmentFrozen, StaleRevision, StaleRows, UnknownCompetency
from assessments.models import Assessment, Goal, Rating
from tests.factories import draft, submitted

pytestmark = pytest.mark.django_db

CODE = "programming.python"
OTHER = "database.sql"
EVIDENCE_MAX = Rating._meta.get_field("evidence").max_length
COMMENT_MAX = Rating._meta.get_field("manager_comment").max_length
GOAL_MAX = Goal._meta.get_field("text").max_length


def rating(assessment, code=CODE) -> Rating:
    return Rating.objects.get(assessment=assessment, competency__code=code)


def snapshot(assessment) -> list:
    """Everything a refused call must leave as it was."""
    return [
        list(
            Rating.objects.filter(assessment=assessment)
            .order_by("pk")
            .values_list(
                "level", "evidence", "revision", "manager_level", "manager_comment", "target"
            )
        ),
        list(Goal.objects.filter(assessment=assessment).values_list("text", "revision")),
        Assessment.objects.filter(pk=assessment.pk).values_list("status", flat=True).get(),
    ]


# --- rating_save / ratings_save_all -----------------------------------------------


def assert_text_limit(assessment, *, keep, refuse, limit, char, read, also_refused=()):
    """``keep(text)`` stores ``limit`` (multi-byte) characters, which ``read()`` gives
    back; ``refuse(text)`` is refused one character more and each of ``also_refused``,
    leaving the assessment as it was."""
    keep(char * limit)
    assert read() == char * limit
    before = snapshot(assessment)
    for text in ["x" * (limit + 1), *also_refused]:
        with pytest.raises(ValidationError):
            refuse(text)
    assert snapshot(assessment) == before


def test_rating_save_refuses_another_users_assessment(engineer, teammate):
    assessment = draft(engineer)
    before = snapshot(assessment)
    with pytest.raises(PermissionDenied):
        services.rating_save(user=teammate, assessment=assessment, competency_code=CODE, level=2)
    assert snapshot(assessment) == before


@pytest.mark.parametrize("level", [-1, 5, True, "3", 2.0])
def test_rating_save_refuses_a_level_outside_the_scale(engineer, level):
    assessment = draft(engineer)
    before = snapshot(assessment)
    with pytest.raises(ValidationError):
        services.rating_save(
            user=engineer, assessment=assessment, competency_code=CODE, level=level
        )
    assert snapshot(assessment) == before


def test_rating_save_takes_evidence_up_to_its_limit_and_not_one_character_more(engineer):
    assessment = draft(engineer)
    save = partial(services.rating_save, user=engineer, assessment=assessment, competency_code=CODE)
    assert_text_limit(
        assessment,
        keep=lambda text: save(level=1, evidence=text),
        refuse=lambda text: save(level=2, evidence=text),
        limit=EVIDENCE_MAX,
        char="é",
        read=lambda: rating(assessment).evidence,
    )


def test_rating_save_refuses_a_submitted_assessment_and_an_unknown_competency(engineer):
    assessment = submitted(engineer)
    before = snapshot(assessment)
    with pytest.raises(AssessmentFrozen):
        services.rating_save(user=engineer, assessment=assessment, competency_code=CODE, level=4)
    assert snapshot(assessment) == before
    open_draft = draft(engineer)
    with pytest.raises(UnknownCompetency):
        services.rating_save(
            user=engineer, assessment=open_draft, competency_code="no.such", level=1
        )


def test_rating_save_refuses_a_stale_revision_and_keeps_the_newer_value(engineer):
    assessment = draft(engineer)
    services.rating_save(user=engineer, assessment=assessment, competency_code=CODE, level=1)
    with pytest.raises(StaleRevision) as refused:
        services.rating_save(
            user=engineer, assessment=assessment, competency_code=CODE, level=3, revision=0
        )
    assert refused.value.current.level == 1
    assert rating(assessment).level == 1


def test_the_whole_page_save_validates_every_row_before_writing_any(engineer, teammate):
    assessment = draft(engineer)
    before = snapshot(assessment)
    changes = [
        services.RatingChange(competency_code=CODE, level=2),
        services.RatingChange(competency_code=OTHER, level=9),
    ]
    with pytest.raises(ValidationError):
        services.ratings_save_all(user=engineer, assessment=assessment, changes=changes)
    assert snapshot(assessment) == before
    with pytest.raises(PermissionDenied):
        services.ratings_save_all(user=teammate, assessment=assessment, changes=changes[:1])


# --- assessment_submit ----------------------------------------------------------


def test_submit_refuses_another_user_and_a_second_submit(engineer, teammate):
    assessment = submitted(engineer)
    with pytest.raises(AssessmentFrozen):
        services.assessment_submit(user=engineer, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_submit(user=teammate, assessment=assessment)


def test_submit_lists_what_is_missing_in_framework_order_and_freezes_nothing(engineer):
    assessment = draft(engineer)
    services.rating_save(user=engineer, assessment=assessment, competency_code=CODE, level=2)
    with pytest.raises(services.IncompleteAssessment) as incomplete:
        services.assessment_submit(user=engineer, assessment=assessment)
    missing = incomplete.value.missing
    assert CODE not in [c.code for c in missing]
    keys = [(c.area.order, c.area.code, c.order, c.code) for c in missing]
    assert keys == sorted(keys)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


# --- review_save / reviews_save_all ---------------------------------------------


def test_nobody_reviews_their_own_assessment_nor_one_of_a_team_they_do_not_manage(
    engineer, manager, other_manager, team, other_team
):
    assessment = submitted(engineer)
    before = snapshot(assessment)
    with pytest.raises(PermissionDenied):
        services.review_save(user=engineer, assessment=assessment, competency_code=CODE, level=1)
    with pytest.raises(UnknownCompetency):
        services.review_save(
            user=other_manager, assessment=assessment, competency_code=CODE, level=1
        )
    assert snapshot(assessment) == before


def test_a_draft_cannot_be_reviewed(engineer, manager, team):
    assessment = draft(engineer)
    with pytest.raises(AssessmentFrozen):
        services.review_save(user=manager, assessment=assessment, competency_code=CODE, level=1)


def test_a_review_comment_up_to_its_limit_saves_and_a_longer_one_is_refused(
    engineer, manager, team
):
    assessment = submitted(engineer)
    save = partial(services.review_save, user=manager, assessment=assessment, level=3)
    assert_text_limit(
        assessment,
        keep=lambda text: save(competency_code=CODE, comment=text),
        refuse=lambda text: save(competency_code=OTHER, comment=text),
        limit=COMMENT_MAX,
        char="ü",
        read=lambda: rating(assessment).manager_comment,
        also_refused=[None],
    )


def test_the_first_manager_rating_puts_the_assessment_in_review(engineer, manager, team):
    assessment = submitted(engineer)
    services.review_save(user=manager, assessment=assessment, competency_code=CODE, level=3)
    in_review = Assessment.objects.get(pk=assessment.pk)
    assert in_review.status == Assessment.Status.IN_REVIEW
    assert in_review.reviewed_at is None
    services.review_save(user=manager, assessment=in_review, competency_code=OTHER, level=2)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.IN_REVIEW


def test_the_whole_review_form_saves_all_rows_or_none(engineer, manager, team):
    assessment = submitted(engineer)
    services.review_save(user=manager, assessment=assessment, competency_code=OTHER, level=1)
    before = snapshot(assessment)
    changes = [
        services.ReviewChange(competency_code=CODE, level=4, comment="fine", revision=0),
        services.ReviewChange(competency_code=OTHER, level=3, revision=0),  # stale: it is 1
    ]
    with pytest.raises(StaleRows) as refused:
        services.reviews_save_all(user=manager, assessment=assessment, changes=changes)
    assert list(refused.value.stale) == [OTHER]
    assert refused.value.stale[OTHER].manager_level == 1
    assert snapshot(assessment) == before
    changes[1] = services.ReviewChange(competency_code=OTHER, level=3, revision=1)
    assert services.reviews_save_all(user=manager, assessment=assessment, changes=changes) == 2
    assert (rating(assessment).manager_level, rating(assessment, OTHER).manager_level) == (4, 3)


# --- goal_save ------------------------------------------------------------------


def test_goal_save_is_the_engineers_own_and_checks_its_values(engineer, manager, team):
    assessment = submitted(engineer)
    with pytest.raises(PermissionDenied):
        services.goal_save(user=manager, assessment=assessment, competency_code=CODE, text="x")
    with pytest.raises(UnknownCompetency):
        services.goal_save(user=engineer, assessment=assessment, competency_code="no.such")
    for bad in (
        {"text": "x" * (GOAL_MAX + 1)},
        {"text": None},
        {"due_date": datetime(2030, 1, 1)},
        {"due_date": "2030-01-01"},
        {"status": "finished"},
    ):
        with pytest.raises(ValidationError):
            services.goal_save(user=engineer, assessment=assessment, competency_code=CODE, **bad)
    assert not Goal.objects.filter(assessment=assessment).exists()
    result = services.goal_save(
        user=engineer,
        assessment=assessment,
        competency_code=CODE,
        text="ß" * GOAL_MAX,
        due_date=date(2030, 1, 1),
    )
    assert result.changed and result.goal.revision == 1
    with pytest.raises(StaleRevision):
        services.goal_save(
            user=engineer, assessment=assessment, competency_code=CODE, text="y", revision=0
        )
    assert Goal.objects.get(assessment=assessment).text == "ß" * GOAL_MAX


def test_an_empty_goal_is_not_created(engineer):
    assessment = draft(engineer)
    result = services.goal_save(user=engineer, assessment=assessment, competency_code=CODE)
    assert result.changed is False
    assert not Goal.objects.filter(assessment=assessment).exists()


def test_each_change_counts_one_revision_and_an_evidence_note_keeps_the_level(engineer):
    assessment = draft(engineer)
    for level in (1, 2, 3):
        services.rating_save(
            user=engineer, assessment=assessment, competency_code=CODE, level=level
        )
    assert (rating(assessment).level, rating(assessment).revision) == (3, 3)
    services.rating_save(
        user=engineer, assessment=assessment, competency_code=CODE, level=None, evidence="note"
    )
    saved = rating(assessment)
    assert (saved.level, saved.evidence, saved.revision) == (3, "note", 4)
    # Saving what is saved changes nothing, not even the revision.
    services.rating_save(user=engineer, assessment=assessment, competency_code=CODE, level=3)
    assert rating(assessment).revision == 4
