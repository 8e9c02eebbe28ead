"""The SQL reads of ``assessments.fastpaths`` against the ORM they stand in for
(CI runs this on SQLite and on PostgreSQL), and the autosave never leaving
its fast path when nothing is wrong."""

from unittest import mock

import pytest
from django.db import transaction

from assessments import fastpaths, loading, selectors, services
from assessments.models import Assessment, Rating
from roles.models import ProfileTarget, RoleProfile

pytestmark = pytest.mark.django_db


def draft_with_some_ratings(engineer, profile_code="startup-generalist") -> Assessment:
    assessment = services.assessment_start(
        engineer=engineer, role_profile=RoleProfile.objects.get(code=profile_code)
    )
    for index, rating in enumerate(assessment.ratings.select_related("competency")):
        if index % 3 == 0:
            continue  # some unrated
        services.rating_save(
            user=engineer,
            assessment=assessment,
            competency_code=rating.competency.code,
            level=index % 5,
            evidence=f"evidence {index} — ünïcode" if index % 2 else None,
        )
    return assessment


def orm_read(assessment, code) -> Rating:
    return (
        Rating.objects.select_related("assessment", "competency")
        .filter(assessment=assessment, competency__code=code)
        .get()
    )


def test_the_locked_read_gives_what_the_orm_gives_field_by_field(engineer):
    assessment = draft_with_some_ratings(engineer)
    codes = list(assessment.ratings.values_list("competency__code", flat=True))
    assert len(codes) > 10
    for code in codes:
        expected = orm_read(assessment, code)
        with transaction.atomic():
            fast = fastpaths.own_draft_rating_for_update(
                user_id=engineer.pk, assessment_id=assessment.pk, competency_code=code
            )
        assert fast is not None
        for field in Rating._meta.concrete_fields:
            assert getattr(fast, field.attname) == getattr(expected, field.attname), field.name
        for name in ("id", "engineer_id", "role_profile_id", "status"):
            assert getattr(fast.assessment, name) == getattr(expected.assessment, name), name
        for name in ("id", "code", "area_id"):
            assert getattr(fast.competency, name) == getattr(expected.competency, name), name
        assert type(fast.updated_at) is type(expected.updated_at)


def test_the_locked_read_finds_nothing_that_is_not_the_users_draft(engineer, teammate):
    assessment = draft_with_some_ratings(engineer)
    code = assessment.ratings.values_list("competency__code", flat=True).first()
    outside = (
        ProfileTarget.objects.exclude(profile=assessment.role_profile)
        .exclude(
            competency__in=ProfileTarget.objects.filter(profile=assessment.role_profile).values(
                "competency"
            )
        )
        .values_list("competency__code", flat=True)
        .first()
    )

    def read(**kwargs):
        arguments = {
            "user_id": engineer.pk,
            "assessment_id": assessment.pk,
            "competency_code": code,
        } | kwargs
        with transaction.atomic():
            return fastpaths.own_draft_rating_for_update(**arguments)

    assert read() is not None
    assert read(user_id=teammate.pk) is None
    assert read(competency_code="no.such-competency") is None
    assert read(assessment_id=2**63) is None
    assert read(assessment_id="1") is None
    if outside is not None:
        assert read(competency_code=outside) is None
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    assert read() is None


@pytest.mark.parametrize("profile_code", ["startup-generalist", "regulated-industry"])
def test_the_progress_read_gives_the_loaders_items_and_the_same_progress(engineer, profile_code):
    assessment = draft_with_some_ratings(engineer, profile_code)
    fast = fastpaths.draft_progress_items(assessment)
    orm = loading.items_for(assessment, list(assessment.ratings.select_related("competency__area")))
    assert [
        (i.competency.code, i.competency.area.code, i.target, i.weight, i.level) for i in fast
    ] == [(i.competency.code, i.competency.area.code, i.target, i.weight, i.level) for i in orm]
    assert selectors.draft_progress(assessment) == selectors.draft_progress_orm(assessment)


def test_an_ordinary_autosave_never_leaves_the_fast_path(client, engineer):
    assessment = draft_with_some_ratings(engineer)
    client.force_login(engineer)
    rating = assessment.ratings.select_related("competency").first()
    with mock.patch.object(services, "rating_save", wraps=services.rating_save) as slow:
        for level, evidence in ((1, "first"), (2, "second"), (3, "third")):
            rating.refresh_from_db()
            response = client.post(
                f"/assessments/{assessment.pk}/ratings/{rating.competency.code}/",
                {"level": str(level), "evidence": evidence, "revision": str(rating.revision)},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200
    assert slow.call_count == 0
    rating.refresh_from_db()
    assert (rating.level, rating.evidence) == (3, "third")
