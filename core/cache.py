"""The shared cache, read and written so that a cache outage costs speed only.

Django's Redis backend raises when Redis cannot be reached; the session store
(``cached_db``) already falls back to the database then. The other things
kept in the cache (the signed-in user, rendered PDFs) go through these
helpers: a failure is logged and treated as a miss, never as a 500.
"""

import logging
import threading

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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


class ReusedRedisClient(RedisCacheClient):
    """Django's client of the Redis cache, keeping one ``redis.Redis`` per
    connection pool instead of making a new one for every cache call (which
    cost more than the call's round trip to a local Redis). A ``redis.Redis``
    takes a connection from its pool for each command, so one may serve every
    thread of the process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients.setdefault(
                index, self._client(connection_pool=self._get_connection_pool(write))
            )
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that Redis being down or stalled is a miss.

    Everything that reads the cache directly (Django's ``cached_db`` sessions,
    which write back to the cache after a database read; allauth's rate limits)
    then falls back to what it does without a cache: sessions are read from and
    written to the database. Reads answer the default, writes and deletes do
    nothing, counters count from zero. With the short socket timeouts of the
    settings (``REDIS_SOCKET_TIMEOUT``) a stalled Redis costs a fraction of a
    second per request, not the whole request. When Redis answers again, the
    cached sessions are dropped before anything reads them (a sign-out during
    the outage ends the session for good).
    """

    # Set by a failed call in this process, cleared once the cached sessions
    # are forgotten (_forget_sessions).
    outage_seen = threading.Event()

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient

    def _guarded(self, name, default, *args, **kwargs):
        try:
            if self.outage_seen.is_set():
                self._forget_sessions()
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError):
            self.outage_seen.set()
            logger.warning("cache unavailable: %s", name, exc_info=True)
            return default() if callable(default) else default

    def _forget_sessions(self):
        """Redis answers again after this process could not reach it. Whatever
        was written to the sessions meanwhile went to the database only: a
        sign-out deleted the row but not its cached copy, a change to a session
        left the old copy. Before anything else reads the cache, every cached
        session is dropped; each is read again from the database (and cached
        again) at its next request."""
        client = self._cache.get_client(write=True)
        pattern = self.make_key(SESSION_KEY_PREFIX + "*")
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        self.outage_seen.clear()
        logger.warning("cache reachable again: cached sessions dropped")

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
