from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages composed of several apps: the home page."""

    name = "pages"
