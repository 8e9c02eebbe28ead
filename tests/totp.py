"""The authenticator's side of the second factor (TOTP), for the tests that
enrol and sign in with real codes."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)


def code_for(secret: str) -> str:
    """The authenticator's current code, taken early enough in its period that
    it is submitted before it changes (allauth accepts only the current
    period's code): near the end of a period, wait for the next one."""
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 8:
        time.sleep(left + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
