"""The refusals of the cycles app (mapped to HTTP by ``cycles.views``)."""


class CycleClosed(Exception):
    """The cycle is closed: it no longer changes."""


class BadUnsubscribeLink(Exception):
    """An unsubscribe link that is forged, expired or for another user."""
