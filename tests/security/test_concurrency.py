"""Concurrent writes on PostgreSQL (docs/security.md: a late save never silently
overwrites a newer one; nothing acknowledged is lost).

Threads call the services at once, each on its own database connection: two
tabs saving the same rating, saves of different ratings, a submit racing with
saves, two managers reviewing the same rating. The only errors allowed are the
ones the services promise (``StaleRevision``, ``AssessmentFrozen``); the final
state is the last acknowledged write. Then the row locks are checked directly:
a second writer waits for the first and sees what it wrote.

SQLite serialises every write (one writer at a time), so these tests run on
PostgreSQL only; CI runs the suite on both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import close_old_connections, connection, transaction

from assessments import services
from assessments.models import Assessment, Rating
from roles.models import ProfileTarget
from tests.factories import UserFactory, draft, rate_all, submitted
from tests.postgres import postgres_only
from tests.threads import run_together

pytestmark = postgres_only("concurrency needs PostgreSQL row locks")

CODE = "programming.python"
EXPECTED = (services.StaleRevision, services.AssessmentFrozen)


def rating(assessment, code=CODE) -> Rating:
    return Rating.objects.get(assessment=assessment, competency__code=code)


def fresh(assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


_ACKNOWLEDGING = threading.Lock()


def acknowledged_saves(save, acknowledged: list, record) -> Callable[[], None]:
    """A worker calling ``save(i)`` eight times; for each save that changed the
    rating it appends ``record(result.rating)`` to ``acknowledged``."""

    def work():
        for i in range(8):
            result = save(i)
            if result.changed:
                with _ACKNOWLEDGING:
                    acknowledged.append(record(result.rating))

    return work


# --- races ------------------------------------------------------------------------


def test_blind_saves_of_one_rating_lose_nothing_and_the_last_acknowledged_wins(engineer):
    assessment = draft(engineer)
    start = rating(assessment).revision
    acknowledged = []  # (revision after the save, level, evidence)

    def tab(n):
        def save(i):
            return services.rating_save(
                user=engineer,
                assessment=assessment,
                competency_code=CODE,
                level=(n + i) % 5,
                evidence=f"tab {n} save {i}",
            )

        return acknowledged_saves(save, acknowledged, lambda r: (r.revision, r.level, r.evidence))

    errors = run_together([tab(n) for n in range(6)])
    assert not errors, errors
    final = rating(assessment)
    revisions = sorted(r for r, _l, _e in acknowledged)
    # Every changed save got its own revision, one after the other: none was lost.
    assert revisions == list(range(start + 1, start + 1 + len(acknowledged)))
    assert final.revision == start + len(acknowledged)
    last = max(acknowledged)
    assert (final.level, final.evidence) == (last[1], last[2])


def test_saves_from_the_same_page_state_land_once_and_the_rest_are_refused(engineer):
    assessment = draft(engineer)
    seen = rating(assessment).revision
    landed, refused = [], []

    def tab(n):
        def work():
            try:
                services.rating_save(
                    user=engineer,
                    assessment=assessment,
                    competency_code=CODE,
                    level=n % 5,
                    evidence=f"tab {n}",
                    revision=seen,
                )
            except services.StaleRevision:
                refused.append(n)
            else:
                landed.append(n)

        return work

    errors = run_together([tab(n) for n in range(8)])
    assert not errors, errors
    assert len(landed) == 1 and len(refused) == 7
    final = rating(assessment)
    assert final.evidence == f"tab {landed[0]}" and final.revision == seen + 1


def test_saves_of_different_ratings_at_once_all_land(engineer):
    assessment = draft(engineer)
    codes = list(
        ProfileTarget.objects.filter(profile_id=assessment.role_profile_id)
        .order_by("competency__code")
        .values_list("competency__code", flat=True)[:10]
    )

    def save(code, n):
        return lambda: services.rating_save(
            user=engineer,
            assessment=assessment,
            competency_code=code,
            level=n % 5,
            evidence=f"evidence {code}",
        )

    errors = run_together([save(code, n) for n, code in enumerate(codes)])
    assert not errors, errors
    for n, code in enumerate(codes):
        saved = rating(assessment, code)
        assert (saved.level, saved.evidence) == (n % 5, f"evidence {code}"), code


def race_submit_with_saves(engineer):
    """One round: six tabs keep saving while the engineer submits."""
    assessment = draft(engineer)
    rate_all(assessment, level=1)
    codes = list(
        Rating.objects.filter(assessment=assessment)
        .order_by("competency__code")
        .values_list("competency__code", flat=True)[:6]
    )
    acknowledged: dict[str, tuple[int, int]] = {}  # code -> (revision, level)
    lock = threading.Lock()

    def saver(code):
        def work():
            for i in range(6):
                try:
                    result = services.rating_save(
                        user=engineer,
                        assessment=assessment,
                        competency_code=code,
                        level=(i % 4) + 1,
                        evidence=f"{code} {i}",
                    )
                except services.AssessmentFrozen:
                    return
                with lock:
                    acknowledged[code] = (result.rating.revision, result.rating.level)

        return work

    def submitter():
        time.sleep(0.01)
        services.assessment_submit(user=engineer, assessment=assessment)

    errors = run_together([saver(c) for c in codes] + [submitter])
    return assessment, codes, acknowledged, errors


def test_a_submit_racing_with_saves_keeps_every_acknowledged_save(engineer):
    for _round in range(3):
        assessment, codes, acknowledged, errors = race_submit_with_saves(engineer)
        assert not errors, errors
        assert fresh(assessment).status == Assessment.Status.SUBMITTED
        for code, (revision, level) in acknowledged.items():
            saved = rating(assessment, code)
            # The submitted assessment holds exactly the last acknowledged save:
            # nothing landed after the freeze, nothing acknowledged was dropped.
            assert (saved.revision, saved.level) == (revision, level), code
            assert saved.target is not None, "a rating without its snapshot"
        # Nothing can change it any more.
        with pytest.raises(services.AssessmentFrozen):
            services.rating_save(
                user=engineer, assessment=assessment, competency_code=codes[0], level=0
            )


def test_two_managers_reviewing_at_once_lose_nothing(engineer, manager, team):
    co_manager = UserFactory(username="comanager")
    team.managers.add(co_manager)
    assessment = submitted(engineer)
    acknowledged = []  # (manager revision after the save, comment)

    def reviewer(user):
        def save(i):
            return services.review_save(
                user=user,
                assessment=assessment,
                competency_code=CODE,
                level=i % 5,
                comment=f"{user.username} {i}",
            )

        return acknowledged_saves(
            save, acknowledged, lambda r: (r.manager_revision, r.manager_comment)
        )

    errors = run_together([reviewer(manager), reviewer(co_manager)])
    assert not errors, errors
    final = rating(assessment)
    assert sorted(r for r, _c in acknowledged) == list(range(1, len(acknowledged) + 1))
    assert final.manager_comment == max(acknowledged)[1]
    assert final.reviewed_by.username == final.manager_comment.split()[0]
    after = fresh(assessment)
    assert after.status == Assessment.Status.IN_REVIEW


def test_two_managers_reviewing_the_same_page_state_land_once(engineer, manager, team):
    co_manager = UserFactory(username="comanager")
    team.managers.add(co_manager)
    assessment = submitted(engineer)
    landed, refused = [], []

    def reviewer(user):
        def work():
            try:
                services.review_save(
                    user=user,
                    assessment=assessment,
                    competency_code=CODE,
                    level=4,
                    comment=user.username,
                    revision=0,
                )
            except services.StaleRevision:
                refused.append(user.username)
            else:
                landed.append(user.username)

        return work

    errors = run_together([reviewer(manager), reviewer(co_manager)])
    assert not errors, errors
    assert len(landed) == 1 and len(refused) == 1
    assert rating(assessment).manager_comment == landed[0]


# --- the locks themselves ----------------------------------------------------------


class Holder(threading.Thread):
    """Runs ``work`` in a transaction and keeps it open (locks held) until released."""

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.done_work = threading.Event()
        self.release = threading.Event()
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.work()
                self.done_work.set()
                self.release.wait(30)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            self.done_work.set()
        finally:
            connection.close()


class Waiter(threading.Thread):
    def __init__(self, work):
        super().__init__()
        self.work = work
        self.result = None
        self.error = None

    def run(self):
        try:
            self.result = self.work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            connection.close()


def hold_then_race(first, second):
    """``first`` runs and keeps its transaction open; ``second`` must wait for it,
    and runs on once ``first`` commits. Returns the second's waiter."""
    holder = Holder(first)
    holder.start()
    assert holder.done_work.wait(30)
    assert holder.error is None, holder.error
    waiter = Waiter(second)
    waiter.start()
    waiter.join(0.7)
    still_waiting = waiter.is_alive()
    holder.release.set()
    holder.join(30)
    waiter.join(30)
    close_old_connections()
    assert still_waiting, "the second writer did not wait for the first one's lock"
    return waiter


def test_a_save_waits_for_a_concurrent_save_and_then_sees_it_is_stale(engineer):
    assessment = draft(engineer)
    seen = rating(assessment).revision

    def save(level):
        return lambda: services.rating_save(
            user=engineer,
            assessment=assessment,
            competency_code=CODE,
            level=level,
            evidence=f"level {level}",
            revision=seen,
        )

    second = hold_then_race(save(4), save(1))
    assert isinstance(second.error, services.StaleRevision), second.error
    assert (rating(assessment).level, rating(assessment).revision) == (4, seen + 1)


def test_a_save_waits_for_a_submit_and_is_then_refused(engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=2)
    second = hold_then_race(
        lambda: services.assessment_submit(user=engineer, assessment=assessment),
        lambda: services.rating_save(
            user=engineer, assessment=assessment, competency_code=CODE, level=4
        ),
    )
    assert isinstance(second.error, services.AssessmentFrozen), second.error
    assert rating(assessment).level == 2


def test_a_submit_waits_for_a_save_and_keeps_it(engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=2)
    second = hold_then_race(
        lambda: services.rating_save(
            user=engineer, assessment=assessment, competency_code=CODE, level=4
        ),
        lambda: services.assessment_submit(user=engineer, assessment=assessment),
    )
    assert second.error is None, second.error
    assert fresh(assessment).status == Assessment.Status.SUBMITTED
    assert rating(assessment).level == 4


def test_a_review_waits_for_a_concurrent_review_and_then_sees_it_is_stale(engineer, manager, team):
    co_manager = UserFactory(username="comanager")
    team.managers.add(co_manager)
    assessment = submitted(engineer)

    def review(user, level):
        return lambda: services.review_save(
            user=user,
            assessment=assessment,
            competency_code=CODE,
            level=level,
            comment=user.username,
            revision=0,
        )

    second = hold_then_race(review(manager, 3), review(co_manager, 0))
    assert isinstance(second.error, services.StaleRevision), second.error
    assert (rating(assessment).manager_level, rating(assessment).manager_comment) == (3, "manager")
