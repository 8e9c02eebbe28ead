"""Deleting one's account (UU PDP 27/2022 art. 8 and 43, GDPR art. 17).

What is personal goes, from the live tables and from the audit history: the
name, username, e-mail, password and language; every evidence note, goal and
comment the person wrote about themselves, and the manager comments about
them; their sessions, second factors, linked sign-on accounts and sign-in
records; their username from the bodies the webhook log keeps. What stays is what their teams' aggregates stand on, anonymised:
the levels of their submitted assessments, under a user row that is no one
("former member", no password, inactive). Their drafts are deleted whole
(no aggregate counts a draft).
"""

from django.contrib.sessions.models import Session
from django.db import transaction

from assessments.models import Assessment, Goal, Rating
from webhooks.outbox import forget_engineer


def _delete_sessions_of(user) -> None:
    from django.contrib.auth import SESSION_KEY

    stale = []
    for session in Session.objects.iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            stale.append(session.session_key)
    Session.objects.filter(session_key__in=stale).delete()


@transaction.atomic
def delete_account(user) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.username
    drafts = list(
        Assessment.objects.filter(engineer=user, status=Assessment.Status.DRAFT).values_list(
            "pk", flat=True
        )
    )
    Assessment.objects.filter(pk__in=drafts).delete()
    # Deleting records a last version of each row in the history: those go too.
    Rating.history.filter(assessment_id__in=drafts).delete()
    Goal.history.filter(assessment_id__in=drafts).delete()
    Assessment.history.filter(id__in=drafts).delete()
    mine = Assessment.objects.filter(engineer=user)
    # The live rows: texts about the person gone, levels kept.
    Rating.objects.filter(assessment__in=mine).update(evidence="", manager_comment="")
    Goal.objects.filter(assessment__in=mine).update(text="")
    mine.update(acknowledgement="")
    # The audit history: the same texts gone from every old version.
    Rating.history.filter(assessment__engineer=user).update(evidence="", manager_comment="")
    Goal.history.filter(assessment__engineer=user).update(text="")
    Assessment.history.filter(engineer=user).update(acknowledgement="")
    # Sign-in records and linked accounts.
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
    _delete_sessions_of(user)
    user.anonymise()
    # The webhook log: their username out of every body kept (a re-send sends the new one).
    forget_engineer(username, user.username)
