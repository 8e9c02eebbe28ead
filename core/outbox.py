"""The outbox shared by the e-mails (``cycles``) and the webhooks: rows
written in the transaction that made the change, and a task queued once it
commits (never for a change rolled back), deferred where the backend can."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, run_after: datetime | None = None) -> None:
    """Queue ``task`` (a django-tasks task) once the transaction commits, at
    once outside one; ``run_after`` defers it where the backend can. A queue
    that is down delays the work (the periodic command queues it again), never
    a page: it is logged."""

    def run():
        try:
            queued = task if run_after is None else task.using(run_after=run_after)
            queued.enqueue(*args)
        except Exception:
            log.exception("could not queue %s", task.name)

    transaction.on_commit(run)


def can_defer(task) -> bool:
    """Whether ``task``'s backend runs a task later (``run_after``): the
    database backend does, the immediate one (development) does not."""
    return bool(task.get_backend().supports_defer)
