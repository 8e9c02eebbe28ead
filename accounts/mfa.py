"""Who must sign in with a second factor (SPEC §14), decided once per sign-in.

Managers (of any team) and administrators must have one: at sign-in a user
of those roles without a TOTP authenticator or a security key is marked in
the session, and ``accounts.middleware.MfaRequiredMiddleware`` sends them to
enrolment until they have one. Decided at sign-in, so an ordinary request
costs no query; someone made a manager meanwhile enrols at their next
sign-in. Demo accounts are exempt only with ``MFA_DEMO_EXEMPT`` (DEBUG).
"""

import time

from django.conf import settings

SESSION_KEY = "skillgap_mfa_enrolment_required"
# Set when that enrolment is done: the recovery codes shown next ask for no
# second password either, within the same few minutes after signing in.
ENROLLED_KEY = "skillgap_mfa_just_enrolled"
SECOND_FACTORS = ("totp", "webauthn")


def role_requires_second_factor(user) -> bool:
    """Administrators, managers and people partners (the teams' reverse
    relations, so that accounts imports nothing of the organisation)."""
    if not settings.MFA_REQUIRED:
        return False
    if getattr(user, "is_demo", False) and settings.MFA_DEMO_EXEMPT:
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or user.managed_teams.exists()
        or user.partnered_teams.exists()
    )


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def decide_at_sign_in(request, user) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if role_requires_second_factor(user) and not has_second_factor(user):
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)


def needs_second_factor(user, request=None) -> bool:
    """True while this session must still enrol. Only a session marked at
    sign-in costs a query: the mark goes as soon as a second factor exists."""
    session = getattr(request, "session", None)
    if session is None or not session.get(SESSION_KEY):
        return False
    if has_second_factor(user):
        session.pop(SESSION_KEY, None)
        return False
    return True


def just_signed_in(request) -> bool:
    """Enrolment is required of this session (or was just done in it) and its
    password sign-in was less than ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` ago."""
    session = getattr(request, "session", None)
    if session is None or not (session.get(SESSION_KEY) or session.get(ENROLLED_KEY)):
        return False
    records = session.get("account_authentication_methods") or []
    if not records:
        return False
    timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
    return time.time() - records[-1].get("at", 0) < timeout


def enrolled(request) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.pop(SESSION_KEY, None):
        session[ENROLLED_KEY] = True
