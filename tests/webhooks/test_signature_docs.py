"""The verification code of docs/api.md ("Verify a webhook signature in
Python"), run as it is written against real deliveries: it accepts what the
server signs and refuses a changed body, another secret, an old timestamp
and a malformed header."""

from __future__ import annotations

import time

import pytest

from webhooks.models import Event

from .conftest import docs_snippet


@pytest.fixture
def delivered(receiver, make_endpoint, client_for, staff, django_capture_on_commit_callbacks):
    endpoint = make_endpoint(receiver.url, [Event.CYCLE_OPENED], receiver=receiver)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            "/admin/webhooks/endpoint/",
            {"action": "send_test", "_selected_action": [endpoint.pk]},
        )
    [request] = receiver.requests
    return endpoint.secret, request


def test_the_docs_code_accepts_a_real_delivery(verify, delivered):
    secret, request = delivered
    assert request.valid is True  # checked by the receiver, as it arrived
    header = request.headers["X-SkillGap-Signature"]
    assert header.startswith("t=") and ",v1=" in header
    assert verify(secret, header, request.body)


def test_the_docs_code_refuses_a_changed_body_or_another_secret(verify, delivered):
    secret, request = delivered
    header = request.headers["X-SkillGap-Signature"]
    assert not verify(secret, header, request.body.replace(b"test", b"tost"))
    assert not verify(secret + "x", header, request.body)
    assert not verify(secret, "t=1,v1=00", request.body)
    assert not verify(secret, "nonsense", request.body)
    assert not verify(secret, "", request.body)


def test_the_docs_code_refuses_a_request_replayed_after_5_minutes(verify, delivered):
    secret, request = delivered
    header = request.headers["X-SkillGap-Signature"]
    signed_at = int(header.split(",")[0].removeprefix("t="))
    assert abs(signed_at - time.time()) < 60
    assert verify(secret, header, request.body, now=signed_at + 299)
    assert not verify(secret, header, request.body, now=signed_at + 301)


def test_the_docs_show_the_code_the_tests_run():
    code = docs_snippet()
    assert "def verify(secret: str, header: str, body: bytes" in code
    assert "hmac.compare_digest" in code and "5 * 60" in code
