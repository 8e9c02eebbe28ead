"""System checks of the webhook settings."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def private_webhooks_off_in_production(app_configs, **kwargs):
    """Webhooks to inside addresses in production let whoever administers the
    endpoints reach the private network from the server (``check --deploy``)."""
    if getattr(settings, "PRODUCTION", False) and settings.WEBHOOKS_ALLOW_PRIVATE:
        return [
            Warning(
                "WEBHOOKS_ALLOW_PRIVATE is on with DJANGO_ENV=production: webhooks may be "
                "sent to loopback, private and link-local addresses (the cloud metadata "
                "address among them).",
                hint="Unset WEBHOOKS_ALLOW_PRIVATE unless every receiver is on a private "
                "network you mean the server to reach.",
                id="skillgap.W101",
            )
        ]
    return []
