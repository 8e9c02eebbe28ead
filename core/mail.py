"""E-mail plumbing: the settings read from ``EMAIL_URL`` and a message builder.

``EMAIL_URL`` names the transport the way ``DATABASE_URL`` names the database
(``smtp://host:25``, ``submission://user:password@host:587`` for STARTTLS,
``smtps://…`` for TLS, ``console://`` to print every message); dj-email-url
turns it into Django's ``EMAIL_*`` settings.

The builder takes plain values and makes a text message with an HTML
alternative and any attachment. Header values are made single-line first: a
name with a line break in it (a team or cycle name, a user's name) can never
add a header of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import dj_email_url
from django.core.mail import EmailMultiAlternatives

# Line breaks and every other control character, in any header value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
SUBJECT_MAX = 200


def email_settings(url: str) -> dict:
    """Django's ``EMAIL_*`` settings for ``url`` (``ValueError`` for a scheme
    that is not one of dj-email-url's)."""
    parsed = dj_email_url.parse(url)
    return {key: value for key, value in parsed.items() if value is not None}


def header_value(value: str, *, limit: int = SUBJECT_MAX) -> str:
    """``value`` on one line: control characters become a space, runs of
    white space one space, and it is cut at ``limit`` characters."""
    single = " ".join(_CONTROL.sub(" ", str(value)).split())
    return single if len(single) <= limit else single[: limit - 1].rstrip() + "…"


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Message:
    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)


def build(message: Message, *, from_email: str | None = None) -> EmailMultiAlternatives:
    """The message Django sends, every header value on one line."""
    email = EmailMultiAlternatives(
        subject=header_value(message.subject),
        body=message.text,
        from_email=from_email,
        # The address as it is: Django refuses one with a line break in it.
        to=[message.to],
        headers={name: header_value(value, limit=2000) for name, value in message.headers.items()},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email
