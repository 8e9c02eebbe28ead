from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScimConfig(AppConfig):
    name = "scim"
    verbose_name = _("SCIM provisioning")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal)
