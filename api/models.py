"""API tokens: personal access tokens (a user's own, read-only or read-write)
and service tokens (an integration's, made by an administrator, read-only,
scoped to teams, some of them also allowed to provision users and teams
through SCIM). Only a digest of each secret is stored; the short prefix
finds the row, the digest proves the secret."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.membership import TeamsReader
from org.models import Team

PREFIX_LENGTH = 8


def digest_of(secret: str) -> str:
    """The stored form of a token: sha256 of the whole secret (it has 256 bits
    of entropy, so a plain hash suffices; no salt or slow hash needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("personal")
        SERVICE = "service", _("service")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        null=True,
        blank=True,
        verbose_name=_("user"),
        help_text=_("The owner of a personal token; empty for a service token."),
    )
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="service_tokens",
        verbose_name=_("teams"),
        help_text=_("A service token reads these teams and their sub-teams."),
    )
    read_write = models.BooleanField(_("read and write"), default=False)
    provisions = models.BooleanField(
        _("may provision users and teams (SCIM)"),
        default=False,
        help_text=_(
            "A service token only: an identity provider may then create, change and "
            "deactivate accounts and teams at /scim/v2/."
        ),
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="api_token_personal_has_user",
                condition=models.Q(kind="service", user__isnull=True)
                | models.Q(kind="personal", user__isnull=False),
            ),
            models.CheckConstraint(
                name="api_token_service_read_only",
                condition=models.Q(kind="personal") | models.Q(read_write=False),
            ),
            models.CheckConstraint(
                name="api_token_only_service_provisions",
                condition=models.Q(kind="service") | models.Q(provisions=False),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_service(self) -> bool:
        return self.kind == self.Kind.SERVICE

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def reader(self):
        """Whom the API answers as: the token's user, or for a service token a
        ``TeamsReader`` of its teams (what their people partner sees)."""
        if self.is_service:
            return TeamsReader(team_ids=tuple(t.pk for t in self.teams.all()), name=self.name)
        return self.user
