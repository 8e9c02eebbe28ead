"""The signature of a delivery: ``X-SkillGap-Signature: t=<unix seconds>,
v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's secret>``.
docs/api.md shows a receiver how to check it (and the tests run that code)."""

from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
