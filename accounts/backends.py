"""Authentication that refuses the demo accounts on a real deployment."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_EMAIL_DOMAIN = "@demo.skillgap.invalid"


def is_demo_account(user) -> bool:
    """Accounts made by ``seed_demo`` carry an address in the reserved demo domain."""
    return (user.email or "").endswith(DEMO_EMAIL_DOMAIN)


class DemoAwareModelBackend(ModelBackend):
    """The demo accounts sign in only with DEBUG on or ALLOW_DEMO_ACCOUNTS set."""

    def user_can_authenticate(self, user):
        if is_demo_account(user) and not settings.ALLOW_DEMO_ACCOUNTS:
            return False
        return super().user_can_authenticate(user)
