"""Assessments, their ratings (self and manager) and the development plan.

A draft scores against its role profile's live targets; on submit every rating
keeps a snapshot of the target and weight it was scored against, so later edits
of the framework never change an old report.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Competency, RoleProfile, level_validators, weight_validators

from .errors import AssessmentFrozen
from .scoring import SCALE_MAX


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        REVIEWED = "reviewed", _("Reviewed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("engineer"),
    )
    role_profile = models.ForeignKey(
        RoleProfile,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("role profile"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # When and by whom the review was completed (``reviewed``).
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("review completed by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement = models.TextField(
        _("engineer's comment on the review"), blank=True, max_length=2000
    )
    # The engineer's latest assessment a manager may see (``mark_latest``):
    # what the organisation pages and the skills search read of each person.
    # Derived, kept by ``save`` and on deletion; not part of the audit trail.
    latest = models.BooleanField(_("latest submitted"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["latest"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["engineer", "status", "-submitted_at"])]
        constraints = [
            # At most one latest per engineer; also the index of the latest ones.
            models.UniqueConstraint(
                fields=["engineer"],
                condition=models.Q(latest=True),
                name="one_latest_assessment_per_engineer",
            )
        ]

    def __str__(self):
        return f"{self.engineer} · {self.role_profile} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        """Save, and mark the engineer's latest assessment again when the
        submission may have changed it (a submit, or a whole save of one that
        is not a draft or was the latest)."""
        fields = kwargs.get("update_fields")
        if fields is None and not self._state.adding:
            # ``latest`` is written by ``mark_latest`` alone: this copy's may
            # be older than the database's.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in ("id", "latest")
            ]
        super().save(*args, **kwargs)
        if (fields is None and (self.status != self.Status.DRAFT or self.latest)) or (
            fields is not None and "submitted_at" in fields
        ):
            self.latest = mark_latest(self.engineer_id) == self.pk

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def in_review(self) -> bool:
        """Submitted or in review: its manager ratings may still change, and
        they are made blind (``assessments.blind``)."""
        return self.status in REVIEWABLE

    @property
    def review_done(self) -> bool:
        return self.status in (self.Status.REVIEWED, self.Status.ACKNOWLEDGED)

    # The state transitions: draft → submitted → in review → reviewed →
    # acknowledged. The caller holds the row's lock (services lock the
    # assessment first); save(), never update(), so that the audit trail
    # records who made each one and when.

    def submit(self) -> None:
        """Draft → submitted, now; ``AssessmentFrozen`` if it is not a draft."""
        if self.status != self.Status.DRAFT:
            raise AssessmentFrozen
        self.status = self.Status.SUBMITTED
        self.submitted_at = timezone.now()
        self.save(update_fields=["status", "submitted_at", "updated_at"])

    def start_review(self) -> bool:
        """Submitted → in review, at the first manager rating (False if it
        already was); ``AssessmentFrozen`` once the review is completed."""
        if self.status == self.Status.IN_REVIEW:
            return False
        if self.status != self.Status.SUBMITTED:
            raise AssessmentFrozen
        self.status = self.Status.IN_REVIEW
        self.save(update_fields=["status", "updated_at"])
        return True

    def complete_review(self, *, by) -> None:
        """In review (or submitted) → reviewed, now, by ``by``; its manager
        ratings are frozen from then on."""
        if self.status not in REVIEWABLE:
            raise AssessmentFrozen
        self.status = self.Status.REVIEWED
        self.reviewed_at = timezone.now()
        self.review_completed_by = by
        self.save(update_fields=["status", "reviewed_at", "review_completed_by", "updated_at"])

    def acknowledge(self, *, comment: str = "") -> None:
        """Reviewed → acknowledged by its engineer, now, with their comment;
        fully frozen from then on."""
        if self.status != self.Status.REVIEWED:
            raise AssessmentFrozen
        self.status = self.Status.ACKNOWLEDGED
        self.acknowledged_at = timezone.now()
        self.acknowledgement = comment
        self.save(update_fields=["status", "acknowledged_at", "acknowledgement", "updated_at"])


# The states in which an engineer's manager sees an assessment, and those in
# which the manager's ratings may still change.
VISIBLE_TO_MANAGER = (
    Assessment.Status.SUBMITTED,
    Assessment.Status.IN_REVIEW,
    Assessment.Status.REVIEWED,
    Assessment.Status.ACKNOWLEDGED,
)
REVIEWABLE = (Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW)


@transaction.atomic
def mark_latest(engineer_id: int) -> int | None:
    """Mark the engineer's latest assessment a manager may see (the newest
    submission, the higher id on a tie: ``selectors.latest_visible``'s rule)
    as ``latest``, and no other; returns its id (None: they have none). The
    engineer's row is locked first, so that two submits at once mark in turn,
    the second seeing the first."""
    list(get_user_model().objects.select_for_update().filter(pk=engineer_id).values_list("pk"))
    mine = Assessment.objects.filter(engineer_id=engineer_id)
    newest = (
        mine.filter(status__in=VISIBLE_TO_MANAGER, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    mine.filter(latest=True).exclude(pk=newest).update(latest=False)
    if newest is not None:
        mine.filter(pk=newest, latest=False).update(latest=True)
    return newest


@receiver(post_delete, sender=Assessment, dispatch_uid="assessment-latest-on-delete")
def _latest_after_delete(sender, instance, **kwargs):
    """One a manager could see deleted (the latest?): the one before it may
    become the latest."""
    if instance.status != Assessment.Status.DRAFT or instance.latest:
        mark_latest(instance.engineer_id)


class Rating(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("assessment"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("competency"),
    )
    level = models.PositiveSmallIntegerField(
        _("self rating"), null=True, blank=True, validators=level_validators
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=2000)
    manager_level = models.PositiveSmallIntegerField(
        _("manager rating"), null=True, blank=True, validators=level_validators
    )
    manager_comment = models.TextField(_("manager comment"), blank=True, max_length=2000)
    # The manager completed the review agreeing with the engineer's rating:
    # ``manager_level`` was taken from ``level`` by that one recorded action.
    manager_agreed = models.BooleanField(_("agreed with the self-rating"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Snapshot taken at submit; null while the assessment is a draft.
    target = models.PositiveSmallIntegerField(
        _("target level"), null=True, blank=True, validators=level_validators
    )
    weight = models.PositiveSmallIntegerField(
        _("importance weight"), null=True, blank=True, validators=weight_validators
    )
    # Optimistic versions: a save names the revision it started from, and a
    # save from a stale page is refused instead of overwriting a newer one.
    revision = models.PositiveIntegerField(default=0)
    manager_revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="unique_rating_per_competency"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=SCALE_MAX),
                name="rating_level_within_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(manager_level__isnull=True)
                | models.Q(manager_level__lte=SCALE_MAX),
                name="rating_manager_level_within_scale",
            ),
        ]

    def __str__(self):
        return f"{self.competency}: {self.level}"


class Goal(models.Model):
    """One line of the development plan: the engineer's own goal for a competency."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("assessment"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("competency"),
    )
    text = models.TextField(_("goal"), blank=True, max_length=2000)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="unique_goal_per_competency"
            )
        ]

    def __str__(self):
        return self.text[:60] or str(self.competency)
