"""Rate limits counted in the shared cache, per key and fixed window.

Used where one user's requests cost everyone else's (PDF renders). Counted in
the cache so every worker of every server shares the count (with Redis); a
cache outage counts nothing, so the limit then lets requests through rather
than refusing everyone (``core.cache.ResilientRedisCache``).
"""

import time

from django.core.cache import cache


def _now() -> float:
    return time.time()


class RateLimited(Exception):
    """Too many of one action in the window; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def take(action: str, key, *, limit: int, window: int = 60) -> None:
    """Count one ``action`` for ``key``; ``RateLimited`` past ``limit`` in the window."""
    if limit <= 0:
        return
    now = _now()
    bucket = int(now // window)
    name = f"ratelimit:{action}:{key}:{bucket}"
    if cache.add(name, 1, window + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, window + 1)
            count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int((bucket + 1) * window - now)))
