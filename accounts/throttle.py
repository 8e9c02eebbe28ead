"""Sign-in throttling, one mechanism (django-axes) with three limits.

django-axes records failures per username and address
(``AXES_LOCKOUT_PARAMETERS``) and refuses a pair after ``AXES_FAILURE_LIMIT``
failures. This handler adds, over the same records and the same cool-off:

- **per address across usernames** (``AXES_ADDRESS_FAILURE_LIMIT``): password
  spraying, a few guesses on each of many accounts from one address;
- **per username across addresses** (``AXES_USERNAME_FAILURE_LIMIT``): guesses
  spread over many addresses. It is set well above the pair limit, because
  reaching it locks the account out for its owner too.

A refused sign-in of any kind shows the same "too many attempts" page (429).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def attempted_username(request, credentials):
    """The username tried: allauth's form posts it as ``login``, Django's
    ``authenticate`` receives it as ``username``."""
    if credentials:
        value = credentials.get("username") or credentials.get("login")
    else:
        data = getattr(request, "POST", {})
        value = data.get("login") or data.get("username")
    return (value or "").strip().lower() or None


def _failures(queryset) -> int:
    return queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0


class ThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        pair = super().get_failures(request, credentials)
        if settings.AXES_COOLOFF_TIME is None:
            recent = AccessAttempt.objects.all()
        else:
            recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        address = getattr(request, "axes_ip_address", None)
        username = get_client_username(request, credentials)
        wide = (
            address
            and _failures(recent.filter(ip_address=address)) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        ) or (
            username
            and _failures(recent.filter(username=username)) >= settings.AXES_USERNAME_FAILURE_LIMIT
        )
        if wide:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair
