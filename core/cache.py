"""The shared cache, read and written so that a cache outage costs speed only.

Django's Redis backend raises when Redis cannot be reached; the session store
(``cached_db``) already falls back to the database then. The other things
kept in the cache (the signed-in user, rendered PDFs) go through these
helpers: a failure is logged and treated as a miss, never as a 500.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger("skillgap.cache")


def cache_get(key, **kwargs):
    try:
        return cache.get(key, **kwargs)
    except Exception:
        logger.warning("cache unavailable: get %s", key, exc_info=True)
        return None


def cache_set(key, value, timeout, **kwargs) -> None:
    try:
        cache.set(key, value, timeout, **kwargs)
    except Exception:
        logger.warning("cache unavailable: set %s", key, exc_info=True)


def cache_delete(key, **kwargs) -> None:
    try:
        cache.delete(key, **kwargs)
    except Exception:
        logger.warning("cache unavailable: delete %s", key, exc_info=True)
