"""Webhooks (SPEC §15): the URLs an administrator registers, with the events
each wants, and one delivery per endpoint and event occurrence, with what
its attempts gave."""

from __future__ import annotations

import secrets
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def new_secret() -> str:
    """256 bits, URL-safe: the key both sides sign with."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Event(models.TextChoices):
    ASSESSMENT_SUBMITTED = "assessment.submitted", _("Assessment submitted")
    REVIEW_COMPLETED = "review.completed", _("Review completed")
    ASSESSMENT_ACKNOWLEDGED = "assessment.acknowledged", _("Assessment acknowledged")
    CYCLE_OPENED = "cycle.opened", _("Review cycle opened")
    # Sent only by the admin's "send a test event", whatever an endpoint chose.
    TEST = "webhook.test", _("Test event")


SUBSCRIBABLE = [(value, label) for value, label in Event.choices if value != Event.TEST]


class Endpoint(models.Model):
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_(
            "Where the events are posted. In production only https, and never a "
            "loopback, private, link-local or reserved address."
        ),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive endpoint is sent nothing.")
    )
    # Kept as it is, not hashed: the server needs it to sign every delivery.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    # Sent as X-SkillGap-Delivery: the same on every attempt of this delivery.
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    # The occurrence: the payload's "id", shared by its deliveries to every endpoint.
    event_id = models.UUIDField(_("event id"), editable=False)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(_("last response status"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True)
    sent_at = models.DateTimeField(_("sent"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhooks_one_delivery_per_occurrence"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"
