"""What SCIM keeps beside a person and a team: the identity provider's own
identifier for them (``externalId``), the type of the address it sent, and
whether the identity provider deleted them (the person or team is kept, out
of SCIM's sight: assessments and history are never deleted through SCIM)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Team


class ScimUser(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scim",
        verbose_name=_("user"),
    )
    external_id = models.CharField(_("external ID"), max_length=255, blank=True)
    email_type = models.CharField(_("e-mail type"), max_length=32, blank=True)
    email_primary = models.BooleanField(_("e-mail marked primary"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    removed_at = models.DateTimeField(
        _("deleted by the identity provider"),
        null=True,
        blank=True,
        help_text=_("The account is deactivated and kept, with its assessments."),
    )

    class Meta:
        verbose_name = _("provisioned user")
        verbose_name_plural = _("provisioned users")

    def __str__(self):
        return str(self.user)


class ScimGroup(models.Model):
    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="scim", verbose_name=_("team")
    )
    external_id = models.CharField(_("external ID"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    removed_at = models.DateTimeField(
        _("deleted by the identity provider"),
        null=True,
        blank=True,
        help_text=_("The team is kept, with its members and history, out of SCIM's sight."),
    )

    class Meta:
        verbose_name = _("provisioned team")
        verbose_name_plural = _("provisioned teams")

    def __str__(self):
        return str(self.team)
