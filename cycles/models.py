"""Review cycles, the invitations they make, the e-mails they send and what
each user wants to receive.

A cycle invites every member of its teams: an ``Invitation`` links the member
to the draft prepared for them (``assessments.Assessment``). Every e-mail is a
``Delivery`` keyed by recipient, event and object, so it is sent once however
often the reminders run and however many workers send.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import CycleClosed

NAME_MAX_LENGTH = 120


class Cycle(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    teams = models.ManyToManyField("org.Team", related_name="cycles", verbose_name=_("teams"))
    self_due = models.DateField(_("self-assessment due"))
    review_due = models.DateField(_("review due"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    # The drafts and invitations are prepared by a task after the cycle opens.
    prepared_at = models.DateTimeField(_("invitations prepared"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def close(self) -> None:
        """Open → closed, now; its record (invitations, deliveries) stays.
        ``CycleClosed`` if it was closed already."""
        if self.closed_at is not None:
            raise CycleClosed
        self.closed_at = timezone.now()
        self.save(update_fields=["closed_at"])


class Invitation(models.Model):
    """A member invited by a cycle, and the draft prepared for them (their
    open draft when they had one)."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cycle")
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cycle_invitations",
        verbose_name=_("engineer"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycle_invitations",
        verbose_name=_("assessment"),
    )
    # When the cycle prepared the draft; null when the member kept their own
    # open draft (or nothing could be prepared: no previous assessment).
    prepared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "engineer"], name="one_invitation_per_member")
        ]

    def __str__(self):
        return f"{self.cycle} · {self.engineer}"


class Event(models.TextChoices):
    CYCLE_OPENED = "cycle_opened", _("A review cycle opened")
    SELF_DUE_SOON = "self_due_soon", _("Self-assessment due in 3 days")
    SELF_DUE_TODAY = "self_due_today", _("Self-assessment due today")
    SELF_OVERDUE = "self_overdue", _("Self-assessment overdue")
    REVIEW_DUE_SOON = "review_due_soon", _("Reviews due in 3 days")
    REVIEW_DUE_TODAY = "review_due_today", _("Reviews due today")
    REVIEW_OVERDUE = "review_overdue", _("Reviews overdue")
    REVIEW_REQUESTED = "review_requested", _("Submitted, waiting for your review")
    REVIEW_READY = "review_ready", _("Your review is ready")


# The reminders of each due date, by when they come: "soon" (in 3 days),
# "today" or "overdue".
SELF_REMINDERS = {
    "soon": Event.SELF_DUE_SOON,
    "today": Event.SELF_DUE_TODAY,
    "overdue": Event.SELF_OVERDUE,
}
REVIEW_REMINDERS = {
    "soon": Event.REVIEW_DUE_SOON,
    "today": Event.REVIEW_DUE_TODAY,
    "overdue": Event.REVIEW_OVERDUE,
}
REMINDERS = (*SELF_REMINDERS.values(), *REVIEW_REMINDERS.values())
# When each reminder comes ("soon", "today", "overdue").
REMINDER_KIND = {
    event: kind for events in (SELF_REMINDERS, REVIEW_REMINDERS) for kind, event in events.items()
}


class Delivery(models.Model):
    """One e-mail to one recipient about one thing, sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent")

    class Skip(models.TextChoices):
        NO_ADDRESS = "no_address", _("no e-mail address")
        TURNED_OFF = "turned_off", _("turned off by the recipient")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    # What the e-mail is about, with the event's period when it repeats
    # ("cycle:12", "cycle:12:week:2", "assessment:40").
    key = models.CharField(max_length=64)
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    skip_reason = models.CharField(max_length=16, choices=Skip.choices, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event", "key"], name="one_delivery_per_recipient_event_key"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.recipient_id} ({self.key})"


class Preferences(models.Model):
    """Which e-mails a user receives; a user without a row receives all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preferences",
        verbose_name=_("user"),
    )
    invitations = models.BooleanField(_("A review cycle opened for me"), default=True)
    reminders = models.BooleanField(_("Reminders of due dates"), default=True)
    review_requests = models.BooleanField(
        _("An assessment of my team waits for my review"), default=True
    )
    review_ready = models.BooleanField(_("My review is ready"), default=True)

    class Meta:
        verbose_name = _("e-mail preferences")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return str(self.user)

    KIND_OF_EVENT = {
        Event.CYCLE_OPENED: "invitations",
        **{event: "reminders" for event in REMINDERS},
        Event.REVIEW_REQUESTED: "review_requests",
        Event.REVIEW_READY: "review_ready",
    }

    def wants(self, event: str) -> bool:
        return getattr(self, self.KIND_OF_EVENT[event])
