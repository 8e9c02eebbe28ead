"""Teams: managers lead them, engineers belong to them (both may be several).

The table keeps the name it had when teams lived in the ``teams`` app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_teams",
        blank=True,
        verbose_name=_("managers"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="teams",
        blank=True,
        verbose_name=_("members"),
    )

    class Meta:
        db_table = "teams_team"
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name
