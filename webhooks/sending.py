"""One attempt of a webhook delivery.

An attempt first claims the delivery (a conditional update: pending and due,
its next attempt moved past the lease), so no two workers send it at once,
and no database transaction stays open while the receiver answers. It checks
the URL again (``addresses.check``: DNS may have changed), connects to the
address it checked with the URL's host in the ``Host`` header and as the TLS
server name, posts the signed body and waits ``WEBHOOKS_TIMEOUT`` seconds at
most for each step. A 2xx answer is sent; anything else (another status, a
redirect, which is not followed, a timeout, a refused connection or address)
is retried after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours, and
then failed. The task (``webhooks.tasks``) queues the retry, deferred, on
the database backend; the immediate backend (development) cannot defer, and
``manage.py send_webhooks`` sends what is due.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from . import addresses
from .models import Delivery
from .signing import signature

log = logging.getLogger(__name__)

SCHEDULE = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
LEASE = timedelta(minutes=2)  # a worker that died mid-attempt: due again after it
ERROR_MAX = 1000
READ_MAX = 1024


class _Pinned:
    """An HTTP(S) connection to the address checked, whatever DNS says now."""

    def __init__(self, target: addresses.Target, timeout: float, context=None):
        self._target = target
        self._tls = context
        kwargs = {"context": context} if context is not None else {}
        super().__init__(target.host, target.port, timeout=timeout, **kwargs)

    def connect(self):
        sock = socket.create_connection((self._target.address, self._target.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._tls is not None:
            sock = self._tls.wrap_socket(sock, server_hostname=self._target.host)
        self.sock = sock


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(
        delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _post(delivery: Delivery) -> tuple[int | None, str]:
    """(status code or None, error text: empty when sent)."""
    try:
        target = addresses.check(delivery.endpoint.url)
    except ValidationError as error:
        return None, "Refused: " + " ".join(error.messages)
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SkillGap-Webhooks/1",
        "X-SkillGap-Event": delivery.event,
        "X-SkillGap-Delivery": str(delivery.uuid),
        "X-SkillGap-Signature": signature(delivery.endpoint.secret, int(time.time()), body),
    }
    timeout = settings.WEBHOOKS_TIMEOUT
    if target.scheme == "https":
        connection = _PinnedHTTPS(target, timeout, ssl.create_default_context())
    else:
        connection = _PinnedHTTP(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(READ_MAX)
        code = response.status
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"
    finally:
        connection.close()
    if 200 <= code < 300:
        return code, ""
    if 300 <= code < 400:
        return code, f"HTTP {code}: redirects are not followed"
    return code, f"HTTP {code}"


def _claim(delivery_id: int, now) -> bool:
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE, last_attempt_at=now)
    )


def attempt(delivery_id: int) -> tuple[str | None, datetime | None]:
    """One attempt of the delivery if it is pending and due: its status, and
    when it is due again if it stays pending."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return status, None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    try:
        code, error = _post(delivery)
    except Exception as unexpected:  # noqa: BLE001 - kept on the delivery, retried
        log.exception("webhook delivery %s", delivery_id)
        code, error = None, f"{type(unexpected).__name__}: {unexpected}"
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error[:ERROR_MAX]
    if not error:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
    elif delivery.attempts > len(SCHEDULE):
        delivery.status = Delivery.Status.FAILED
    else:
        delivery.next_attempt_at = timezone.now() + SCHEDULE[delivery.attempts - 1]
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "sent_at",
            "next_attempt_at",
        ]
    )
    if delivery.status != Delivery.Status.PENDING:
        return delivery.status, None
    log.warning("webhook delivery %s not sent (%s), retried later", delivery_id, error)
    return delivery.status, delivery.next_attempt_at


def due_ids() -> list[int]:
    """The deliveries due now (``manage.py send_webhooks``), oldest first."""
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    )
    return list(due.order_by("pk").values_list("pk", flat=True))
