"""The address a request came from, for sign-in throttling and rate limits.

``REMOTE_ADDR`` unless the deployment says it runs behind ``PROXY_COUNT``
reverse proxies (a load balancer: 1) **and** the request came from one of
``TRUSTED_PROXIES`` (addresses or networks). Each proxy appends the address it
received the request from to ``X-Forwarded-For``, so the client's address is
the ``PROXY_COUNT``-th entry from the right; anything to its left was sent by
the client and is not believed. A client that reaches the application server
directly is not a trusted proxy: its ``X-Forwarded-For`` is ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=32)
def _networks(entries: tuple[str, ...]):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return tuple(networks)


def is_trusted_proxy(address: str) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        peer in network
        for network in _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
        if network.version == peer.version
    )


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0 or not is_trusted_proxy(remote):
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        # Not through the expected proxies: the peer's own address.
        return remote
    return forwarded[-proxies]
