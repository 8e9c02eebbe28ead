"""Where a webhook may be sent (server-side request forgery).

In production (``settings.PRODUCTION``) only ``https``. A host that resolves
to a loopback, private, link-local (the cloud metadata address among them),
multicast, reserved or unspecified address is refused unless
``WEBHOOKS_ALLOW_PRIVATE`` is on (off in production, on in development). The
check runs when an administrator saves the URL and again before each attempt,
which connects to the very address it checked (DNS may have changed since).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Target:
    """A URL checked: where to connect (``address``) and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Not global: loopback, private, link-local, reserved, unspecified, shared
    # (100.64/10), documentation ranges, fc00::/7; multicast may be "global".
    return not ip.is_global or ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("The host %(host)s could not be resolved."), code="unresolved", params={"host": host}
        ) from error
    return list(dict.fromkeys(info[4][0] for info in found))


def check(url: str) -> Target:
    """The target of ``url`` if it may be sent to now, else ``ValidationError``
    saying why."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allowed = ("https",) if settings.PRODUCTION else ("https", "http")
    if scheme not in allowed:
        raise ValidationError(_("A webhook URL must start with https://."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            _("A webhook URL may not carry a user name or password."), code="credentials"
        )
    host = parts.hostname
    if not host:
        raise ValidationError(_("The webhook URL has no host."), code="host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(_("The webhook URL's port is not valid."), code="port") from error
    addresses = _resolve(host, port)
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        refused = [a for a in addresses if _forbidden(a)]
        if refused:
            raise ValidationError(
                _(
                    "%(host)s resolves to %(address)s, a loopback, private, link-local or "
                    "reserved address: webhooks are not sent there."
                ),
                code="private",
                params={"host": host, "address": refused[0]},
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
