"""Workers started at the same moment, each on its own database connection:
the races of the concurrency tests (tests/security/) and the cycles' e-mail
(tests/cycles/)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def run_together(workers: list[Callable[[], None]], timeout: float = 60) -> list[BaseException]:
    """Start every worker at the same moment, each on its own connection; the
    exceptions they raise (none expected besides the services' own)."""
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a worker hung (a lock never released?)"
    close_old_connections()
    return errors
