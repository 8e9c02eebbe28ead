"""A deleted account's username leaves the webhook log: the bodies kept (and
so any re-send) name the former member instead."""

from __future__ import annotations

import json

from privacy.services import delete_account
from tests.factories import submitted
from webhooks.models import Delivery, Event


def test_deleting_an_account_takes_its_username_out_of_the_webhook_log(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    assert json.loads(receiver.requests[0].body)["data"]["assessment"]["engineer"] == "engineer"
    delete_account(engineer)
    engineer.refresh_from_db()
    delivery = Delivery.objects.get()
    assert delivery.payload["data"]["assessment"]["engineer"] == engineer.username
    assert engineer.username.startswith("former-")
    assert '"engineer"' not in json.dumps(delivery.payload).replace('"engineer": "former-', "")
