"""The shared cache, read and written so that a cache outage costs speed only.

Django's Redis backend raises when Redis cannot be reached; the session store
(``cached_db``) already falls back to the database then. The other things
kept in the cache (the signed-in user, rendered PDFs) go through these
helpers: a failure is logged and treated as a miss, never as a 500.
"""

import logging

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

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


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that Redis being down or stalled is a miss.

    Everything that reads the cache directly (Django's ``cached_db`` sessions,
    which write back to the cache after a database read; allauth's rate limits)
    then falls back to what it does without a cache: sessions are read from and
    written to the database. Reads answer the default, writes and deletes do
    nothing, counters count from zero. With the short socket timeouts of the
    settings (``REDIS_SOCKET_TIMEOUT``) a stalled Redis costs a fraction of a
    second per request, not the whole request.
    """

    def _guarded(self, name, default, *args, **kwargs):
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError):
            logger.warning("cache unavailable: %s", name, exc_info=True)
            return default() if callable(default) else default

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded("incr", delta, key, delta, version)

    def clear(self):
        return self._guarded("clear", False)
