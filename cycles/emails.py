"""Each delivery as an e-mail: in the recipient's language, plain text and
HTML from templates (``templates/emails/``), a calendar file (.ics) for a due
date, and the signed one-click unsubscribe link (also as ``List-Unsubscribe``)
on every reminder."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.mail import Attachment, Message, build, header_value

from . import tokens
from .models import REMINDER_KIND, REMINDERS, REVIEW_REMINDERS, SELF_REMINDERS, Event

# The template (templates/emails/<name>.txt and .html) of each event.
TEMPLATES = {
    Event.CYCLE_OPENED: "cycle_opened",
    Event.SELF_DUE_SOON: "self_reminder",
    Event.SELF_DUE_TODAY: "self_reminder",
    Event.SELF_OVERDUE: "self_reminder",
    Event.REVIEW_DUE_SOON: "review_reminder",
    Event.REVIEW_DUE_TODAY: "review_reminder",
    Event.REVIEW_OVERDUE: "review_reminder",
    Event.REVIEW_REQUESTED: "review_requested",
    Event.REVIEW_READY: "review_ready",
}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def subject(event: str, *, cycle=None, assessment=None) -> str:
    name = cycle.name if cycle is not None else ""
    engineer = assessment.engineer.display_name if assessment is not None else ""
    return {
        Event.CYCLE_OPENED: _("Review cycle %(name)s: your self-assessment"),
        Event.SELF_DUE_SOON: _("Review cycle %(name)s: your self-assessment is due in 3 days"),
        Event.SELF_DUE_TODAY: _("Review cycle %(name)s: your self-assessment is due today"),
        Event.SELF_OVERDUE: _("Review cycle %(name)s: your self-assessment is overdue"),
        Event.REVIEW_DUE_SOON: _("Review cycle %(name)s: reviews are due in 3 days"),
        Event.REVIEW_DUE_TODAY: _("Review cycle %(name)s: reviews are due today"),
        Event.REVIEW_OVERDUE: _("Review cycle %(name)s: reviews are overdue"),
        Event.REVIEW_REQUESTED: _("%(engineer)s submitted an assessment: waiting for your review"),
        Event.REVIEW_READY: _("Your review is ready"),
    }[event] % {"name": name, "engineer": engineer}


def calendar(*, uid: str, day: date, summary: str, url: str) -> bytes:
    """An all-day calendar event on ``day``."""
    cal = Calendar()
    cal.add("prodid", "-//SkillGap//Review cycles//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = CalendarEvent()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", header_value(summary))
    event.add("url", url)
    cal.add_component(event)
    return cal.to_ical()


# The events that come before a due date carry it as a calendar file.
SELF_DUE_EVENTS = (Event.CYCLE_OPENED, *SELF_REMINDERS.values())
REVIEW_DUE_EVENTS = (*REVIEW_REMINDERS.values(), Event.REVIEW_REQUESTED)


def calendar_of(delivery, *, url: str) -> Attachment | None:
    """The calendar file of the due date ``delivery``'s event comes before, if any."""
    cycle = delivery.cycle
    if cycle is None:
        return None
    if delivery.event in SELF_DUE_EVENTS:
        filename, uid, day = "self-assessment.ics", "self", cycle.self_due
        summary = _("Self-assessment due: %(name)s") % {"name": cycle.name}
    elif delivery.event in REVIEW_DUE_EVENTS:
        filename, uid, day = "review.ics", "review", cycle.review_due
        summary = _("Reviews due: %(name)s") % {"name": cycle.name}
    else:
        return None
    ics = calendar(uid=f"cycle-{cycle.pk}-{uid}@skillgap", day=day, summary=summary, url=url)
    return Attachment(filename, ics, "text/calendar")


def context_of(delivery) -> dict:
    """What the templates of ``delivery``'s event show (the language active)."""
    cycle, assessment, event = delivery.cycle, delivery.assessment, delivery.event
    if assessment is not None and event == Event.REVIEW_REQUESTED:
        url = absolute(reverse("assessments:review", args=[assessment.pk]))
    elif assessment is not None:
        url = absolute(reverse("assessments:report", args=[assessment.pk]))
    elif event in REVIEW_REMINDERS.values():
        url = absolute(reverse("cycles:detail", args=[cycle.pk]))
    else:
        url = absolute(reverse("home"))
    return {
        "recipient": delivery.recipient,
        "cycle": cycle,
        "assessment": assessment,
        "kind": REMINDER_KIND.get(event, ""),
        "url": url,
        "unsubscribe_url": (
            absolute(tokens.unsubscribe_path(delivery.recipient_id))
            if event in REMINDERS or event == Event.CYCLE_OPENED
            else ""
        ),
        "preferences_url": absolute(reverse("cycles:preferences")),
    }


def language_of(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def render(delivery):
    """The e-mail of ``delivery``, ready to send."""
    with translation.override(language_of(delivery.recipient)):
        context = context_of(delivery)
        name = TEMPLATES[delivery.event]
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
        headers = {}
        if context["unsubscribe_url"]:
            headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        invite = calendar_of(delivery, url=context["url"])
        message = Message(
            to=delivery.recipient.email,
            subject=subject(delivery.event, cycle=delivery.cycle, assessment=delivery.assessment),
            text=text,
            html=html,
            headers=headers,
            attachments=[invite] if invite is not None else [],
        )
        email = build(message, from_email=settings.DEFAULT_FROM_EMAIL)
        email.extra_headers["Content-Language"] = translation.get_language()
        return email
