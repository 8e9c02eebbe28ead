from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """The organisation: teams, who belongs to them and who manages them."""

    name = "org"
    verbose_name = _("Organisation")
