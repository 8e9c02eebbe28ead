"""The address a request came from, for sign-in throttling.

``REMOTE_ADDR`` unless the deployment says it runs behind ``PROXY_COUNT``
trusted reverse proxies (a load balancer: 1). Each proxy appends the address
it received the request from to ``X-Forwarded-For``, so the client's address
is the ``PROXY_COUNT``-th entry from the right; anything to its left was sent
by the client and is not believed.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0:
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
