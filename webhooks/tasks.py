"""The background task of the webhooks app (django-tasks, run by ``manage.py
db_worker`` in production, at once in development): one attempt of one
delivery, and its retry queued, deferred, where the backend can defer."""

from __future__ import annotations

from django_tasks import task

from core.outbox import can_defer, enqueue_on_commit


@task(priority=5)
def send_delivery(delivery_id: int) -> str | None:
    """Attempt the delivery if it is still due (a duplicate or stale task does
    nothing); its status afterwards."""
    from . import sending

    status, retry_at = sending.attempt(delivery_id)
    if retry_at is not None and can_defer(send_delivery):
        enqueue_on_commit(send_delivery, delivery_id, run_after=retry_at)
    return status
