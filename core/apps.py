from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared infrastructure: no models, no pages; every app may import it."""

    name = "core"
