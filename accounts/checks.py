"""System checks of the account settings."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def demo_accounts_off_in_production(app_configs, **kwargs):
    """The demo accounts have a published password, and ``admin`` is a
    superuser: with production settings letting them sign in is an error, so
    ``check`` (and ``check --deploy``, and every management command) fails."""
    if getattr(settings, "PRODUCTION", False) and settings.ALLOW_DEMO_ACCOUNTS:
        return [
            Error(
                "ALLOW_DEMO_ACCOUNTS is on with DJANGO_ENV=production: the demo accounts "
                "(seed_demo, a published password, 'admin' a superuser) would sign in.",
                hint="Unset ALLOW_DEMO_ACCOUNTS, and delete the demo accounts "
                "(User.is_demo) from a production database.",
                id="skillgap.E001",
            )
        ]
    return []
