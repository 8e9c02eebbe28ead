"""Authentication: the demo accounts refused on a real deployment, and the
signed-in user read through the shared cache."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from core.cache import cache_delete, cache_get, cache_set

DEMO_EMAIL_DOMAIN = "@demo.skillgap.invalid"


def is_demo_account(user) -> bool:
    """Accounts made by ``seed_demo`` carry the ``is_demo`` flag."""
    return bool(getattr(user, "is_demo", False))


def demo_refused(user) -> bool:
    """A demo account, where demo accounts may not sign in."""
    return is_demo_account(user) and not settings.ALLOW_DEMO_ACCOUNTS


def user_cache_key(user_id) -> str:
    return f"auth:user:{user_id}"


def forget_cached_user(user_id) -> None:
    """Drop a user from the cache: called on every save and delete of a user,
    so a deactivation, a new password or a new language counts at once. Also
    where this process does not keep users itself (a shell, the task worker):
    the web servers sharing its cache may."""
    cache_delete(user_cache_key(user_id))


class DemoAwareModelBackend(ModelBackend):
    """The demo accounts sign in only with DEBUG on or ALLOW_DEMO_ACCOUNTS set.

    With ``AUTH_USER_CACHE_SECONDS`` (on with a shared cache: REDIS_URL) the
    signed-in user of a request comes from the cache, not from a query. Django
    still checks the session against the user's password hash and the backend
    still refuses inactive users, on the cached copy, which every save of the
    user clears (``accounts.signals``)."""

    def user_can_authenticate(self, user):
        if demo_refused(user):
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        seconds = settings.AUTH_USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache_get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache_set(key, user, seconds)
            return user
        return user if self.user_can_authenticate(user) else None
