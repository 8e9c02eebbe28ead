"""A real SMTP server on a loopback port (aiosmtpd), for the tests that read
what arrived: each message as the server received it, parsed back."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    messages: list = field(default_factory=list)
    refuse: set = field(default_factory=set)  # recipients the server refuses (550)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpts, m in self.messages if address in rcpts]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int | None = None) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, inbox


@contextmanager
def serving(settings) -> Iterator[Inbox]:
    """A server started for the while, and Django's mail settings pointed at
    it (``EMAIL_URL=smtp://127.0.0.1:<port>``): its inbox, with its ``port``."""
    from core.mail import email_settings

    controller, inbox = start()
    for name, value in email_settings(f"smtp://127.0.0.1:{controller.port}").items():
        setattr(settings, name, value)
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
