"""People: the user model carries the interface language the user chose."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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

    deleted_at = models.DateTimeField(
        _("account deleted"),
        null=True,
        blank=True,
        help_text=_("When the person deleted their account; their personal data is gone."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        if self.deleted_at is not None:
            return str(_("Former member"))
        return self.get_full_name() or self.username

    def anonymise(self) -> None:
        """Delete this person's personal data from their user row and keep
        the row, so the figures their team's aggregates stand on stay, under
        "former member": no name, no e-mail, no password, never signs in."""
        self.username = f"former-{uuid.uuid4().hex[:12]}"
        self.first_name = ""
        self.last_name = ""
        self.email = ""
        self.language = ""
        self.is_active = False
        self.is_staff = False
        self.is_superuser = False
        self.is_demo = False
        self.last_login = None
        self.set_unusable_password()
        self.deleted_at = timezone.now()
        self.save()
        self.groups.clear()
        self.user_permissions.clear()
