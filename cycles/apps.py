from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Review cycles")

    def ready(self):
        # The workflow e-mails: assessments sends its signals after commit,
        # cycles turns them into deliveries (assessments never imports cycles).
        from . import receivers  # noqa: F401
