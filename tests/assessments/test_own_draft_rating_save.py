"""The autosave's short path: ``services.own_draft_rating_save``.

It saves the engineer's own draft rating with the owner check inside the query
that locks the rating; for anything else it writes nothing and answers None,
so the view takes the permission-aware path (whose refusals
test_rate_autosave.py checks through the view).
"""

import pytest

from assessments import services
from assessments.models import Assessment, Rating
from roles.models import Competency, CompetencyArea
from tests.factories import draft, rate_all, submitted
from tests.postgres import postgres_only
from tests.security.test_concurrency import hold_then_race

PYTHON = "programming.python"


def rating(assessment, code=PYTHON) -> Rating:
    return Rating.objects.get(assessment=assessment, competency__code=code)


def snapshot(assessment):
    return sorted(
        Rating.objects.filter(assessment=assessment).values_list(
            "competency__code", "level", "evidence", "revision"
        )
    ), Rating.history.filter(assessment_id=assessment.pk).count()


def save(user, assessment, code=PYTHON, **change):
    change = {"level": 3, "evidence": "Built the RAG API"} | change
    return services.own_draft_rating_save(
        user=user, assessment_id=assessment.pk, competency_code=code, **change
    )


@pytest.mark.django_db
def test_it_saves_the_engineers_own_draft_rating_with_its_audit_record(engineer):
    assessment = draft(engineer)
    result = save(engineer, assessment, revision=0)
    assert result is not None and result.changed
    saved = rating(assessment)
    assert (saved.level, saved.evidence, saved.revision) == (3, "Built the RAG API", 1)
    assert result.rating.assessment.pk == assessment.pk
    # Who saved it comes from the request (tests/security/test_audit.py).
    last = Rating.history.filter(id=saved.pk).latest("history_date")
    assert (last.level, last.evidence, last.revision) == (3, "Built the RAG API", 1)


@pytest.mark.django_db
def test_a_save_that_changes_nothing_lands_without_writing(engineer):
    assessment = draft(engineer)
    save(engineer, assessment)
    before = snapshot(assessment)
    result = save(engineer, assessment)
    assert result is not None and not result.changed
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_it_writes_nothing_on_someone_elses_draft(engineer, teammate):
    assessment = draft(engineer)
    before = snapshot(assessment)
    assert save(teammate, assessment) is None
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_it_writes_nothing_on_a_submitted_assessment(engineer):
    assessment = submitted(engineer)
    before = snapshot(assessment)
    assert save(engineer, assessment, level=4) is None
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_it_writes_nothing_for_a_competency_outside_the_profile(engineer):
    assessment = draft(engineer)
    Competency.objects.create(
        area=CompetencyArea.objects.get(code="programming"), code="programming.rust", name="Rust"
    )
    before = snapshot(assessment)
    assert save(engineer, assessment, "programming.rust") is None
    assert save(engineer, assessment, "programming.cobol") is None
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_it_writes_nothing_from_an_out_of_date_page(engineer):
    assessment = draft(engineer)
    save(engineer, assessment, revision=0)
    before = snapshot(assessment)
    assert save(engineer, assessment, level=1, evidence="older tab", revision=0) is None
    assert snapshot(assessment) == before


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"level": 5}, {"level": -1}, {"evidence": "x" * 2001}])
def test_it_writes_nothing_for_invalid_input(engineer, change):
    assessment = draft(engineer)
    before = snapshot(assessment)
    assert save(engineer, assessment, **change) is None
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_the_draft_stays_a_draft_after_a_save(engineer):
    assessment = draft(engineer)
    save(engineer, assessment)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


# --- on PostgreSQL: the short path takes the same locks as rating_save ----------


def on_postgres(test):
    """Row locks need PostgreSQL (SQLite serialises every write)."""
    for mark in postgres_only("row locks need PostgreSQL"):
        test = mark(test)
    return test


@on_postgres
def test_a_short_path_save_waits_for_a_submit_and_then_writes_nothing(engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=2)
    second = hold_then_race(
        lambda: services.assessment_submit(user=engineer, assessment=assessment),
        lambda: save(engineer, assessment, level=4),
    )
    assert second.error is None and second.result is None
    assert rating(assessment).level == 2


@on_postgres
def test_a_submit_waits_for_a_short_path_save_and_keeps_it(engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=2)
    second = hold_then_race(
        lambda: save(engineer, assessment, level=4),
        lambda: services.assessment_submit(user=engineer, assessment=assessment),
    )
    assert second.error is None, second.error
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.SUBMITTED
    assert rating(assessment).level == 4


@on_postgres
def test_a_short_path_save_waits_for_a_concurrent_save_and_then_writes_nothing(engineer):
    assessment = draft(engineer)
    second = hold_then_race(
        lambda: save(engineer, assessment, level=4, revision=0),
        lambda: save(engineer, assessment, level=1, revision=0),
    )
    assert second.error is None and second.result is None
    assert (rating(assessment).level, rating(assessment).revision) == (4, 1)
