from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # The events: assessments and cycles send their signals after commit,
        # webhooks turns them into deliveries (neither imports webhooks).
        from . import checks, receivers  # noqa: F401
