from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation (``seed_demo``) and the bulk builders that tests
    and benchmarks share."""

    name = "demo"
