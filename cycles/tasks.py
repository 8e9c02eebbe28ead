"""Background tasks of the cycles app (django-tasks, run by ``manage.py
db_worker`` in production): preparing a cycle's drafts and sending mail."""

from __future__ import annotations

from django_tasks import task

# Queued once the transaction commits (cycles.services, cycles.receivers).
from core.outbox import enqueue_on_commit  # noqa: F401


@task()
def prepare_cycle(cycle_id: int) -> int:
    """The drafts of a cycle just opened."""
    from . import preparing

    return preparing.prepare_cycle(cycle_id)


# Mail before any preparation waiting in the queue: it is what people wait for.
@task(priority=10)
def announce_cycle(cycle_id: int) -> int:
    """Queue and send the "cycle opened" e-mails of a cycle just opened."""
    from . import delivery, preparing

    preparing.announce(cycle_id)
    return delivery.deliver_pending()


@task(priority=10)
def deliver_mail() -> int:
    """Send every pending delivery that is due; returns how many were sent."""
    from . import delivery

    return delivery.deliver_pending()
