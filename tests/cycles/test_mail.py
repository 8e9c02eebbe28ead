"""The e-mails of review cycles (SPEC §11): each kind in the recipient's
language, text and HTML, the .ics, the unsubscribe header; sent once; a
server that is down leaves them pending. Delivered to a real SMTP server."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from assessments import services as assessment_services
from cycles import delivery, reminders
from cycles.models import Delivery, Event, Invitation, Preferences
from tests.factories import UserFactory, rate_all, submitted

pytestmark = pytest.mark.django_db


def body(message, subtype):
    return message.get_body(preferencelist=(subtype,)).get_content()


def ics_of(message):
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    content = part.get_content()
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def test_the_cycle_opened_mail_arrives_in_each_recipients_language(
    smtp_server, engineer, teammate, manager, team, open_cycle
):
    engineer.language = "id"
    engineer.save()
    submitted(engineer)
    cycle = open_cycle(manager, [team])
    [indonesian] = smtp_server.to(engineer.email)
    [english] = smtp_server.to(teammate.email)
    assert indonesian["Subject"] == "Siklus tinjauan Q4 2026: penilaian diri Anda"
    assert english["Subject"] == "Review cycle Q4 2026: your self-assessment"
    assert indonesian["Content-Language"] == "id"
    assert "Halo Eko Engineer" in body(indonesian, "plain")
    assert '<html lang="id">' in body(indonesian, "html")
    assert "has opened for your team" in body(english, "plain")
    # The calendar file holds the self-assessment due date.
    event = ics_of(english).walk("VEVENT")[0]
    assert event.decoded("dtstart") == cycle.self_due
    assert "Q4 2026" in str(event["summary"])
    # One-click unsubscribe (RFC 8058), also in the body.
    header = str(english["List-Unsubscribe"]).strip()
    assert header.startswith("<http") and "/cycles/unsubscribe/" in header
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in body(english, "plain")


def test_following_the_unsubscribe_link_turns_reminders_off(
    smtp_server, client, teammate, manager, team, open_cycle
):
    open_cycle(manager, [team])
    [message] = smtp_server.to(teammate.email)
    url = str(message["List-Unsubscribe"]).strip().strip("<>").removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200 and "Turn reminders off" in page.content.decode()
    assert not Preferences.objects.filter(user=teammate).exists()  # a GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preferences.objects.get(user=teammate).reminders is False


def test_workflow_mails_submitted_to_the_managers_and_review_ready_to_the_engineer(
    smtp_server, engineer, manager, team, open_cycle, django_capture_on_commit_callbacks
):
    submitted(engineer)
    cycle = open_cycle(manager, [team])
    draft = Invitation.objects.get(cycle=cycle, engineer=engineer).assessment
    rate_all(draft, level=3)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_submit(user=engineer, assessment=draft)
    [request] = smtp_server.to(manager.email)
    assert request["Subject"] == "Eko Engineer submitted an assessment: waiting for your review"
    assert f"/assessments/{draft.pk}/review/" in body(request, "plain")
    assert "List-Unsubscribe" not in request  # not a reminder
    assert ics_of(request).walk("VEVENT")[0].decoded("dtstart") == cycle.review_due
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.review_complete(user=manager, assessment=draft, agree_remaining=True)
    ready = [m for m in smtp_server.to(engineer.email) if m["Subject"] == "Your review is ready"]
    assert len(ready) == 1
    assert f"/assessments/{draft.pk}/report/" in body(ready[0], "plain")


def test_a_manager_who_turned_review_requests_off_gets_none_but_the_page_shows_it(
    engineer, manager, team, django_capture_on_commit_callbacks
):
    Preferences.objects.create(user=manager, review_requests=False)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    assert mail.outbox == []
    delivery_ = Delivery.objects.get(recipient=manager, event=Event.REVIEW_REQUESTED)
    assert delivery_.skip_reason == Delivery.Skip.TURNED_OFF


def test_a_rolled_back_submit_sends_nothing(engineer, manager, team):
    from django.db import transaction

    with transaction.atomic():
        submitted(engineer)
        transaction.set_rollback(True)
    assert not Delivery.objects.exists()


# --- reminders -------------------------------------------------------------------


def run_reminders(django_capture_on_commit_callbacks, day):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.queue_due(day)
    delivery.deliver_pending()


def test_reminders_3_days_before_on_the_day_and_weekly_overdue_each_once(
    engineer, teammate, manager, team, open_cycle, django_capture_on_commit_callbacks
):
    cycle = open_cycle(manager, [team])
    mail.outbox.clear()
    due = cycle.self_due
    for day in (due - timedelta(days=5), due - timedelta(days=4)):
        run_reminders(django_capture_on_commit_callbacks, day)
    assert mail.outbox == []
    for _ in range(2):  # twice: nothing sent twice
        run_reminders(django_capture_on_commit_callbacks, due - timedelta(days=3))
        run_reminders(django_capture_on_commit_callbacks, due - timedelta(days=1))
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Review cycle Q4 2026: your self-assessment is due in 3 days"] * 2
    mail.outbox.clear()
    run_reminders(django_capture_on_commit_callbacks, due)
    run_reminders(django_capture_on_commit_callbacks, due)
    assert [m.subject for m in mail.outbox] == [
        "Review cycle Q4 2026: your self-assessment is due today"
    ] * 2
    mail.outbox.clear()
    for offset in range(1, 16):  # two weeks and a day past: weeks 1, 2 and 3
        run_reminders(django_capture_on_commit_callbacks, due + timedelta(days=offset))
    overdue = [m for m in mail.outbox if m.to == [engineer.email]]
    assert len(overdue) == 3
    assert all(m.subject.endswith("is overdue") for m in overdue)


def test_reminders_skip_who_submitted_and_who_turned_them_off(
    engineer, teammate, manager, team, open_cycle, django_capture_on_commit_callbacks
):
    submitted(engineer)
    cycle = open_cycle(manager, [team])
    draft = Invitation.objects.get(cycle=cycle, engineer=engineer).assessment
    rate_all(draft)
    assessment_services.assessment_submit(user=engineer, assessment=draft)
    Preferences.objects.create(user=teammate, reminders=False)
    mail.outbox.clear()
    run_reminders(django_capture_on_commit_callbacks, cycle.self_due)
    assert mail.outbox == []
    # The review reminder goes to the manager: a member's assessment waits.
    run_reminders(django_capture_on_commit_callbacks, cycle.review_due)
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert mail.outbox[0].subject == "Review cycle Q4 2026: reviews are due today"


def test_send_reminders_is_idempotent(engineer, manager, team, open_cycle, capsys):
    cycle = open_cycle(manager, [team])
    mail.outbox.clear()
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=cycle.self_due):
        call_command("send_reminders")
        call_command("send_reminders")
    # The immediate tasks backend runs the sending at once.
    assert len(mail.outbox) == 2  # engineer and teammate, once each


# --- a mail server that is down ---------------------------------------------------


def test_a_server_that_is_down_leaves_deliveries_pending_with_the_error_then_they_go(
    settings, client_for, engineer, manager, team, open_cycle
):
    from tests.smtp import free_port, start

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    cycle = open_cycle(manager, [team])  # nothing listens: the page did not fail
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert pending.count() == 2
    assert all("Connection refused" in d.last_error or "Errno" in d.last_error for d in pending)
    assert all(d.attempts == 1 and d.next_attempt_at > timezone.now() for d in pending)
    html = client_for(manager).get(f"/cycles/{cycle.pk}/").content.decode()
    assert 'id="mail-errors"' in html
    # Later the server is up and the retry is due: each is sent once.
    controller, inbox = start(port)
    try:
        pending.update(next_attempt_at=timezone.now())
        assert delivery.deliver_pending() == 2
        assert delivery.deliver_pending() == 0
    finally:
        controller.stop()
    assert len(inbox.messages) == 2
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


def test_a_refused_message_stays_pending_and_the_others_go(
    settings, smtp_server, engineer, teammate, manager, team, open_cycle
):
    smtp_server.refuse.add(teammate.email)
    outsider = UserFactory(username="broken", email="broken\naddress@example.com")
    team.members.add(outsider)
    open_cycle(manager, [team])
    assert [rcpts for rcpts, _m in smtp_server.messages] == [[engineer.email]]
    for user in (teammate, outsider):
        refused = Delivery.objects.get(recipient=user)
        assert refused.status == Delivery.Status.PENDING and refused.attempts == 1
    assert "550" in Delivery.objects.get(recipient=teammate).last_error


# --- header injection ----------------------------------------------------------


def test_no_header_can_be_injected_through_a_cycle_team_or_user_name(
    smtp_server, engineer, manager, team, open_cycle, django_capture_on_commit_callbacks
):
    from cycles.models import Cycle

    team.name = "Platform\r\nBcc: victim@example.com"
    team.save()
    engineer.first_name = "Eko\r\nBcc: victim@example.com\r\n"
    engineer.save()
    cycle = open_cycle(manager, [team])
    # A name slipped past the form (an administrator's shell, the admin):
    Cycle.objects.filter(pk=cycle.pk).update(name="Q4\r\nBcc: victim@example.com")
    submitted(engineer)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.queue_due(cycle.self_due)
    with django_capture_on_commit_callbacks(execute=True):
        draft = Invitation.objects.get(cycle=cycle, engineer=engineer).assessment
        if draft is not None:
            rate_all(draft)
            assessment_services.assessment_submit(user=engineer, assessment=draft)
        else:
            submitted(engineer)
    delivery.deliver_pending()
    assert smtp_server.messages
    for rcpts, message in smtp_server.messages:
        assert "victim@example.com" not in rcpts
        assert message["Bcc"] is None
        assert "\n" not in message["Subject"]


def test_a_reminder_queued_before_the_unsubscribe_is_not_sent(
    client, engineer, teammate, manager, team, open_cycle, django_capture_on_commit_callbacks
):
    from cycles import tokens

    cycle = open_cycle(manager, [team])
    mail.outbox.clear()
    reminders.queue_due(cycle.self_due)  # queued, not sent yet (no commit ran)
    client.post(tokens.unsubscribe_path(teammate.pk))
    delivery.deliver_pending()
    assert [m.to for m in mail.outbox] == [[engineer.email]]
    skipped = Delivery.objects.get(recipient=teammate, event=Event.SELF_DUE_TODAY)
    assert skipped.skip_reason == Delivery.Skip.TURNED_OFF
