"""Writes: every change of an assessment goes through these functions.

Each validates, runs in one transaction, and refuses a write with a domain
error (``assessments.errors``): one that would overwrite a newer one
(``StaleRevision``), change a frozen assessment (``AssessmentFrozen``) or name
a competency the assessment does not have (``UnknownCompetency``); bad values
are Django's ``ValidationError``, a change that is not the user's to make is
``PermissionDenied``. Nothing here knows about HTTP: the views map these in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from org.membership import manages, manages_q
from roles.models import ProfileTarget, RoleProfile

from . import fastpaths, loading, signals
from .errors import (
    AssessmentFrozen,
    IncompleteAssessment,
    IncompleteReview,
    StaleRevision,
    StaleRows,
    UnknownCompetency,
)
from .models import Assessment, Goal, Rating
from .scoring import SCALE_MAX, SCALE_MIN


def _check_level(level) -> int:
    if not isinstance(level, int) or isinstance(level, bool) or not SCALE_MIN <= level <= SCALE_MAX:
        raise ValidationError(
            _("Choose a level from %(min)s to %(max)s.") % {"min": SCALE_MIN, "max": SCALE_MAX},
            code="level",
        )
    return level


@transaction.atomic
def assessment_start(*, engineer, role_profile: RoleProfile) -> Assessment:
    """A new draft against ``role_profile``, pre-filled with the ratings and
    evidence of the engineer's previous assessment (a re-assessment is a review)."""
    if not role_profile.is_active:
        raise ValidationError(_("This role profile can no longer be chosen."))
    previous = Assessment.objects.filter(engineer=engineer).order_by("-created_at", "-pk").first()
    assessment = Assessment.objects.create(engineer=engineer, role_profile=role_profile)
    carried = {}
    if previous is not None:
        carried = {
            r.competency_id: r
            for r in Rating.objects.filter(assessment=previous).only(
                "competency_id", "level", "evidence"
            )
        }
    competency_ids = ProfileTarget.objects.filter(profile=role_profile).values_list(
        "competency_id", flat=True
    )
    # With their history: the audit trail shows what each rating was before its
    # first change.
    bulk_create_with_history(
        [
            Rating(
                assessment=assessment,
                competency_id=cid,
                level=carried[cid].level if cid in carried else None,
                evidence=carried[cid].evidence if cid in carried else "",
            )
            for cid in competency_ids
        ],
        Rating,
        default_user=engineer,
    )
    if previous is not None:
        unfinished = Goal.objects.filter(assessment=previous).exclude(status=Goal.Status.DONE)
        bulk_create_with_history(
            [
                Goal(
                    assessment=assessment,
                    competency_id=g.competency_id,
                    text=g.text,
                    due_date=g.due_date,
                    status=g.status,
                )
                for g in unfinished
            ],
            Goal,
            default_user=engineer,
        )
    return assessment


EVIDENCE_MAX = Rating._meta.get_field("evidence").max_length


COMMENT_MAX = Rating._meta.get_field("manager_comment").max_length


def _check_comment(comment) -> None:
    if not isinstance(comment, str):
        raise ValidationError(_("The comment must be text."), code="comment")
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("Keep the comment under %(max)s characters.") % {"max": COMMENT_MAX},
            code="comment",
        )


def _check_evidence(evidence: str | None) -> None:
    if evidence is not None and len(evidence) > EVIDENCE_MAX:
        raise ValidationError(
            _("Keep the evidence note under %(max)s characters.") % {"max": EVIDENCE_MAX},
            code="evidence",
        )


# Every writer locks the assessment row before its ratings, as a submit does,
# so a save and a submit wait for each other instead of deadlocking. PostgreSQL
# takes the row locks of ``FOR UPDATE OF`` in the order the tables are named:
# the assessment first. (tests/security/test_concurrency.py races them.)
LOCK_ASSESSMENT_FIRST = ("assessment", "self")


def lock_own_draft(*, user, assessment: Assessment) -> Assessment:
    """``assessment`` locked for a change by its engineer, ``user``, while it
    is a draft: anyone else is ``PermissionDenied``, a submitted one
    ``AssessmentFrozen``. Every writer of a draft's ratings locks it first."""
    if assessment.engineer_id != user.pk:
        raise PermissionDenied
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise AssessmentFrozen
    return locked


def _locked_rating(*, assessment: Assessment, competency_code) -> Rating | None:
    """The rating row of a competency in the assessment's profile, and its
    assessment, both locked until the transaction ends, so a save and a submit
    (or two saves) never interleave."""
    return (
        Rating.objects.select_for_update(of=LOCK_ASSESSMENT_FIRST)
        .select_related("assessment", "competency")
        .filter(
            assessment_id=assessment.pk,
            competency__code=competency_code,
            competency__targets__profile_id=assessment.role_profile_id,
        )
        .first()
    )


@dataclass(frozen=True)
class SaveResult:
    rating: Rating
    changed: bool


def _apply(rating: Rating, *, level, evidence, revision) -> bool:
    """Write ``level`` and ``evidence`` (None keeps what is saved) on a locked
    draft rating; False when nothing changes. A change made from an out-of-date
    page (``revision`` is not the saved one) raises ``StaleRevision``; a save
    that changes nothing cannot overwrite anything and is never stale."""
    new_level = rating.level if level is None else level
    new_evidence = rating.evidence if evidence is None else evidence
    if rating.level == new_level and rating.evidence == new_evidence:
        return False
    if revision is not None and revision != rating.revision:
        raise StaleRevision(rating)
    rating.level = new_level
    rating.evidence = new_evidence
    rating.revision += 1  # the row is locked: no other save can interleave
    rating.save(update_fields=["level", "evidence", "revision", "updated_at"])
    return True


@transaction.atomic
def rating_save(
    *,
    user,
    assessment: Assessment,
    competency_code: str,
    level: int | None,
    evidence: str | None = None,
    revision: int | None = None,
) -> SaveResult:
    """Save one self-rating of ``user``'s own draft.

    ``level`` or ``evidence`` given as None keep what is saved (an evidence note
    typed before a level is chosen saves on its own; a rating is never erased).
    ``assessment`` was fetched through the permission-aware selector; the row is
    locked again here with its assessment so a racing submit is seen.
    ``revision`` is the rating's revision the page showed; a mismatch means a
    newer save landed (another tab) and this one is refused.
    """
    if level is not None:
        _check_level(level)
    _check_evidence(evidence)
    if assessment.engineer_id != user.pk:
        raise PermissionDenied
    rating = _locked_rating(assessment=assessment, competency_code=competency_code)
    if rating is None:
        rating = _rating_for_new_profile_competency(assessment, competency_code)
    if rating.assessment.status != Assessment.Status.DRAFT:
        raise AssessmentFrozen
    changed = _apply(rating, level=level, evidence=evidence, revision=revision)
    return SaveResult(rating=rating, changed=changed)


@transaction.atomic
def own_draft_rating_save(
    *,
    user,
    assessment_id: int,
    competency_code: str,
    level: int | None,
    evidence: str | None = None,
    revision: int | None = None,
) -> SaveResult | None:
    """``rating_save`` for the common case of an autosave, one query cheaper:
    ``user``'s own draft, a competency of its profile, a valid change from an
    up-to-date page. The owner check is part of the query that locks the
    rating with its assessment, so the assessment needs no lookup of its own.

    Returns None, having written nothing, for anything else (someone else's
    assessment, a submitted one, an unknown competency, a stale revision,
    invalid input): the caller then takes the permission-aware path, the
    selector and ``rating_save``, which answers it with the right refusal.
    """
    try:
        if level is not None:
            _check_level(level)
        _check_evidence(evidence)
    except ValidationError:
        return None
    rating = fastpaths.own_draft_rating_for_update(
        user_id=user.pk, assessment_id=assessment_id, competency_code=competency_code
    )
    if rating is None:
        return None
    try:
        changed = _apply(rating, level=level, evidence=evidence, revision=revision)
    except StaleRevision:
        return None
    return SaveResult(rating=rating, changed=changed)


@dataclass(frozen=True)
class RatingChange:
    """One row of the whole-page form: None keeps what is saved."""

    competency_code: str
    level: int | None = None
    evidence: str | None = None
    revision: int | None = None


@dataclass(frozen=True)
class SaveAllResult:
    saved: list[Rating]
    stale: list[Rating]  # refused: a newer value was saved meanwhile (shown to the user)


@transaction.atomic
def ratings_save_all(*, user, assessment: Assessment, changes: list[RatingChange]) -> SaveAllResult:
    """Save the changed rows of the whole-page form (the path without JavaScript).

    Every row is validated before anything is written; a row changed meanwhile
    elsewhere is refused and reported in ``stale``, the others are saved."""
    for change in changes:
        if change.level is not None:
            _check_level(change.level)
        _check_evidence(change.evidence)
    locked = lock_own_draft(user=user, assessment=assessment)
    if not changes:
        return SaveAllResult(saved=[], stale=[])
    ratings = {
        r.competency.code: r
        for r in Rating.objects.select_for_update()
        .select_related("competency")
        .filter(
            assessment=locked,
            competency__code__in=[c.competency_code for c in changes],
            competency__targets__profile_id=locked.role_profile_id,
        )
    }
    saved, stale = [], []
    for change in changes:
        rating = ratings.get(change.competency_code) or _rating_for_new_profile_competency(
            locked, change.competency_code
        )
        try:
            if _apply(
                rating, level=change.level, evidence=change.evidence, revision=change.revision
            ):
                saved.append(rating)
        except StaleRevision:
            stale.append(rating)
    return SaveAllResult(saved=saved, stale=stale)


def _rating_for_new_profile_competency(assessment: Assessment, competency_code: str) -> Rating:
    """A competency added to the profile after the draft started gets its row now;
    one that is not in the profile is 404."""
    target = (
        ProfileTarget.objects.filter(
            profile_id=assessment.role_profile_id, competency__code=competency_code
        )
        .select_related("competency")
        .first()
    )
    if target is None:
        raise UnknownCompetency(competency_code)
    rating, _created = Rating.objects.get_or_create(
        assessment_id=assessment.pk, competency=target.competency
    )
    return (
        Rating.objects.select_for_update(of=LOCK_ASSESSMENT_FIRST)
        .select_related("assessment", "competency")
        .get(pk=rating.pk)
    )


@transaction.atomic
def assessment_submit(*, user, assessment: Assessment) -> Assessment:
    """Freeze a complete draft: keep the profile's targets and weights with every
    rating. Incomplete → ``IncompleteAssessment`` listing what is missing."""
    locked = lock_own_draft(user=user, assessment=assessment)
    targets = list(
        ProfileTarget.objects.filter(profile_id=locked.role_profile_id).select_related(
            "competency__area"
        )
    )
    ratings = {
        r.competency_id: r for r in Rating.objects.select_for_update().filter(assessment=locked)
    }
    missing = [
        item.competency
        for item in loading.draft_items(targets, ratings.values())
        if item.level is None
    ]
    if missing:
        raise IncompleteAssessment(missing)
    wanted = {t.competency_id for t in targets}
    to_update = []
    for t in targets:
        rating = ratings[t.competency_id]
        rating.target = t.target
        rating.weight = t.weight
        to_update.append(rating)
    # Recorded as the engineer's submit, not folded into the next change (a review).
    bulk_update_with_history(to_update, Rating, ["target", "weight"], default_user=user)
    # Ratings of competencies the profile dropped since the draft began are not
    # part of the submitted assessment.
    Rating.objects.filter(assessment=locked).exclude(competency_id__in=wanted).delete()
    locked.submit()
    signals.send_on_commit(signals.assessment_submitted, locked)
    return locked


@transaction.atomic
def review_save(
    *,
    user,
    assessment: Assessment,
    competency_code: str,
    level: int,
    comment: str = "",
    revision: int | None = None,
) -> SaveResult:
    """Save one manager rating and comment on a team member's submitted
    assessment; the first one puts it in review. Once the review is completed
    its manager ratings no longer change (``AssessmentFrozen``)."""
    _check_level(level)
    _check_comment(comment)
    if assessment.engineer_id == user.pk:
        raise PermissionDenied
    rating = (
        Rating.objects.select_for_update(of=LOCK_ASSESSMENT_FIRST)
        .select_related("assessment", "competency")
        .filter(assessment_id=assessment.pk, competency__code=competency_code)
        .filter(manages_q(user, "assessment__engineer"))
        .first()
    )
    if rating is None:
        raise UnknownCompetency(competency_code)
    if not rating.assessment.in_review:
        raise AssessmentFrozen
    if revision is not None and revision != rating.manager_revision:
        raise StaleRevision(rating)
    if rating.manager_level == level and rating.manager_comment == comment:
        return SaveResult(rating=rating, changed=False)
    rating.manager_level = level
    rating.manager_comment = comment
    rating.manager_agreed = False
    rating.reviewed_by = user
    rating.manager_revision += 1
    rating.save(
        update_fields=[
            "manager_level",
            "manager_comment",
            "manager_agreed",
            "reviewed_by",
            "manager_revision",
            "updated_at",
        ]
    )
    rating.assessment.start_review()  # locked with the rating
    return SaveResult(rating=rating, changed=True)


@dataclass(frozen=True)
class ReviewChange:
    """One row of the whole review form."""

    competency_code: str
    level: int
    comment: str = ""
    revision: int | None = None


@transaction.atomic
def reviews_save_all(*, user, assessment: Assessment, changes: list[ReviewChange]) -> int:
    """Save the rows of the whole review form (the path without JavaScript):
    all of them or none. A row changed meanwhile elsewhere refuses the whole
    form with ``StaleRows`` (each stale row with its saved rating) and nothing
    is written. Returns how many ratings changed."""
    changed, stale = 0, {}
    for change in changes:
        try:
            result = review_save(
                user=user,
                assessment=assessment,
                competency_code=change.competency_code,
                level=change.level,
                comment=change.comment,
                revision=change.revision,
            )
        except StaleRevision as exc:
            stale[change.competency_code] = exc.current
        else:
            changed += result.changed
    if stale:
        raise StaleRows(stale)  # leaving the transaction by it undoes the other rows
    return changed


@transaction.atomic
def review_complete(*, user, assessment: Assessment, agree_remaining: bool = False) -> Assessment:
    """Complete the review of a team member's assessment: every competency
    needs a manager level (``IncompleteReview`` lists the ones without).
    ``agree_remaining`` is the one explicit action that takes the engineer's
    rating as the manager's for each of those, recorded as agreed. Completing
    a completed review is ``AssessmentFrozen``."""
    if assessment.engineer_id == user.pk:
        raise PermissionDenied
    if not manages(user, assessment.engineer_id):
        raise PermissionDenied
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.in_review:
        raise AssessmentFrozen
    ratings = list(
        Rating.objects.select_for_update()
        .select_related("competency__area")
        .filter(assessment=locked, target__isnull=False)
    )
    remaining = [r for r in loading.frozen_items(ratings) if r.manager_level is None]
    if remaining and not agree_remaining:
        raise IncompleteReview([item.competency for item in remaining])
    agreed = []
    for item in remaining:
        rating = item.rating
        rating.manager_level = rating.level
        rating.manager_agreed = True
        rating.reviewed_by = user
        rating.manager_revision += 1
        agreed.append(rating)
    if agreed:
        # Recorded, rating by rating, as this manager's agreement.
        bulk_update_with_history(
            agreed,
            Rating,
            ["manager_level", "manager_agreed", "reviewed_by", "manager_revision", "updated_at"],
            default_user=user,
        )
    locked.complete_review(by=user)
    signals.send_on_commit(signals.review_completed, locked)
    return locked


ACKNOWLEDGEMENT_MAX = Assessment._meta.get_field("acknowledgement").max_length


@transaction.atomic
def assessment_acknowledge(*, user, assessment: Assessment, comment: str = "") -> Assessment:
    """The engineer has read their completed review, with an optional comment
    (which may disagree). Only the engineer acknowledges, once
    (``AssessmentFrozen`` before the review is completed and after)."""
    if not isinstance(comment, str):
        raise ValidationError(_("The comment must be text."), code="comment")
    if len(comment) > ACKNOWLEDGEMENT_MAX:
        raise ValidationError(
            _("Keep the comment under %(max)s characters.") % {"max": ACKNOWLEDGEMENT_MAX},
            code="comment",
        )
    if assessment.engineer_id != user.pk:
        raise PermissionDenied
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.acknowledge(comment=comment.strip())
    signals.send_on_commit(signals.assessment_acknowledged, locked)
    return locked


# --- development plan ---------------------------------------------------------


GOAL_TEXT_MAX_LENGTH = Goal._meta.get_field("text").max_length


@dataclass(frozen=True)
class GoalSaveResult:
    goal: Goal
    changed: bool


def _check_goal(*, text, due_date, status) -> None:
    errors = {}
    if not isinstance(text, str):
        errors["text"] = _("The goal must be text.")
    elif len(text) > GOAL_TEXT_MAX_LENGTH:
        errors["text"] = _("Keep the goal under %(max)s characters (it has %(length)s).") % {
            "max": GOAL_TEXT_MAX_LENGTH,
            "length": len(text),
        }
    # datetime is a date subclass; a goal is due on a day, not at an instant.
    if due_date is not None and (not isinstance(due_date, date) or isinstance(due_date, datetime)):
        errors["due_date"] = _("Enter the due date as a date.")
    if status not in Goal.Status.values:
        errors["status"] = _("Choose a status: not started, in progress or done.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_save(
    *,
    user,
    assessment: Assessment,
    competency_code: str,
    text: str = "",
    due_date: date | None = None,
    status: str = Goal.Status.NOT_STARTED,
    revision: int | None = None,
) -> GoalSaveResult:
    """Save the engineer's own goal for one competency of their assessment.

    The plan is the engineer's working document, so it stays editable after
    the assessment is submitted or reviewed; only its engineer edits it
    (``PermissionDenied`` otherwise). ``revision`` is the goal's revision the
    page showed (0 for a goal not saved yet); a mismatch means a newer save
    landed and this one is refused with ``StaleRevision``. A competency that
    is not part of the assessment is 404. An empty goal that does not exist
    yet is not created.
    """
    _check_goal(text=text, due_date=due_date, status=status)
    if assessment.engineer_id != user.pk:
        raise PermissionDenied
    # Lock the assessment: two saves of the same goal (two tabs) never interleave,
    # also when the goal does not exist yet and there is no row to lock.
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise UnknownCompetency(competency_code)
    rating = (
        Rating.objects.filter(assessment=locked, competency__code=competency_code)
        .select_related("competency")
        .first()
    )
    if rating is None:
        raise UnknownCompetency(competency_code)
    goal = (
        Goal.objects.select_for_update()
        .filter(assessment=locked, competency=rating.competency)
        .first()
    )
    current = goal.revision if goal is not None else 0
    if revision is not None and revision != current:
        raise StaleRevision(goal)
    if goal is None:
        goal = Goal(assessment=locked, competency=rating.competency)
        if not text and due_date is None and status == Goal.Status.NOT_STARTED:
            return GoalSaveResult(goal=goal, changed=False)
    elif goal.text == text and goal.due_date == due_date and goal.status == status:
        return GoalSaveResult(goal=goal, changed=False)
    goal.text = text
    goal.due_date = due_date
    goal.status = status
    goal.revision = current + 1
    goal.save()
    return GoalSaveResult(goal=goal, changed=True)
