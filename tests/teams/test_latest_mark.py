"""The mark on each engineer's latest assessment (``Assessment.latest``),
which the organisation page and the skills search read instead of looking
for the latest one on every request: on random histories of submits,
reviews, backdated and deleted assessments it is always where the rule of
the rule (the newest submission a manager may see) puts it, the migration marks the
assessments kept before, and a deletion moves it to the one before."""

from __future__ import annotations

import importlib
import random
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from assessments import services
from assessments.models import VISIBLE_TO_MANAGER, Assessment, mark_latest
from org.models import Team
from privacy.services import delete_account
from roles.models import RoleProfile
from tests.factories import UserFactory, rate_all, submitted

pytestmark = pytest.mark.django_db

PYTHON = "programming.python"


def _marked() -> set[int]:
    return set(Assessment.objects.filter(latest=True).values_list("pk", flat=True))


def _by_the_rule() -> set[int]:
    """The rule itself, over the whole history: each engineer's newest
    submission a manager may see, the higher id on a tie."""
    newest = Window(
        RowNumber(),
        partition_by=[F("engineer_id")],
        order_by=[F("submitted_at").desc(), F("pk").desc()],
    )
    latest = (
        Assessment.objects.filter(status__in=VISIBLE_TO_MANAGER, submitted_at__isnull=False)
        .annotate(newest=newest)
        .filter(newest=1)
    )
    return set(latest.values_list("pk", flat=True))


def test_on_random_histories_the_mark_is_where_the_rule_puts_it(framework):
    profile = RoleProfile.objects.order_by("pk").first()
    engineers = [UserFactory(username=f"mark{i}") for i in range(4)]
    base = timezone.now() - timedelta(days=400)
    generator = random.Random(23)
    marked = 0
    for step in range(200):
        engineer = generator.choice(engineers)
        mine = list(Assessment.objects.filter(engineer=engineer))
        drafts = [a for a in mine if a.is_draft]
        frozen = [a for a in mine if not a.is_draft]
        action = generator.random()
        if action < 0.25 or not mine:
            Assessment.objects.create(engineer=engineer, role_profile=profile)
        elif action < 0.5 and drafts:
            generator.choice(drafts).submit()
        elif action < 0.6 and drafts:
            # Created as submitted, on a day that may tie with another one.
            Assessment.objects.create(
                engineer=engineer,
                role_profile=profile,
                status=Assessment.Status.SUBMITTED,
                submitted_at=base + timedelta(days=generator.randint(0, 5)),
            )
        elif action < 0.7 and frozen:
            # An administrator moves a submission's date (a whole save).
            assessment = generator.choice(frozen)
            assessment.submitted_at = base + timedelta(days=generator.randint(0, 5))
            assessment.save()
        elif action < 0.8 and frozen:
            assessment = generator.choice(frozen)
            if assessment.in_review:
                assessment.complete_review(by=engineers[0])
            elif assessment.status == Assessment.Status.REVIEWED:
                assessment.acknowledge(comment="ok")
        elif action < 0.9 and mine:
            generator.choice(mine).delete()
        elif mine:
            # Several at once, as the admin's bulk action deletes them.
            Assessment.objects.filter(pk__in=[a.pk for a in mine[:2]]).delete()
        assert _marked() == _by_the_rule(), step
        marked = max(marked, len(_marked()))
    assert marked == len(engineers)  # at some point every engineer had a latest one


def test_at_most_one_latest_per_engineer_is_held_by_the_database(framework):
    engineer = UserFactory(username="twice")
    profile = RoleProfile.objects.order_by("pk").first()
    first = Assessment.objects.create(engineer=engineer, role_profile=profile)
    second = Assessment.objects.create(engineer=engineer, role_profile=profile)
    first.submit()
    second.submit()
    assert _marked() == {second.pk}
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=first.pk).update(latest=True)


def test_the_migration_marks_the_assessments_kept_before(framework):
    engineers = [UserFactory(username=f"kept{i}") for i in range(3)]
    for engineer in engineers:
        submitted(engineer)
        submitted(engineer)
    rate_all(
        Assessment.objects.create(
            engineer=engineers[0], role_profile=RoleProfile.objects.order_by("pk").first()
        )
    )
    expected = _marked()
    assert len(expected) == 3
    Assessment.objects.update(latest=False)
    migration = importlib.import_module("assessments.migrations.0003_latest_mark")
    migration.mark_the_latest(django_apps, None)
    assert _marked() == expected == _by_the_rule()


def test_when_the_latest_is_deleted_the_search_finds_the_one_before(framework, client_for):
    manager = UserFactory(username="boss")
    engineer = UserFactory(username="engineer")
    team = Team.objects.create(name="Search team")
    team.managers.add(manager)
    team.members.add(engineer)
    older = submitted(engineer, levels={PYTHON: 4})
    # Reviewed: the manager sees the levels (blind review).
    services.review_complete(user=manager, assessment=older, agree_remaining=True)
    newer = submitted(engineer, levels={PYTHON: 1})
    services.review_complete(user=manager, assessment=newer, agree_remaining=True)
    client = client_for(manager)
    page = f"/search/?competency={PYTHON}&min_level=3"
    assert 'data-hit="engineer"' not in client.get(page).content.decode()
    newer.delete()
    assert Assessment.objects.get(pk=older.pk).latest
    assert 'data-hit="engineer"' in client.get(page).content.decode()


def test_a_deleted_account_keeps_its_latest_assessment_marked(framework):
    engineer = UserFactory(username="leaving")
    submitted(engineer)
    latest = submitted(engineer)
    Assessment.objects.create(engineer=engineer, role_profile=latest.role_profile)
    delete_account(engineer)
    assert set(Assessment.objects.filter(latest=True).values_list("pk", flat=True)) == {latest.pk}
    assert _marked() == _by_the_rule()


def test_mark_latest_says_which_one_it_marked(framework):
    engineer = UserFactory(username="nothing")
    assert mark_latest(engineer.pk) is None
    latest = submitted(engineer)
    assert mark_latest(engineer.pk) == latest.pk
