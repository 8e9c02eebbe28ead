"""People: the user model carries the interface language the user chose."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The interface language; empty follows the browser."),
    )
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_(
            "Made by seed_demo with the published password: signs in only in "
            "development (ALLOW_DEMO_ACCOUNTS)."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
