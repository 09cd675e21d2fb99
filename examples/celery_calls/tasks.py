"""The Celery recipe (docs/calls.md): accepted calls run in Celery workers, one owner per call across workers.

The webhook view accepts the call and hands it over with ``own_call.delay(call_id)``;
it answers at once. A worker runs the conversation for the whole call on the
sideband connection, so a deploy of the web tier never touches a call. The
broker is Redis, and the same Redis holds one lock per call (``RedisCallLock``,
with expiry): a duplicate hand-off (a retried delivery handled by another web
worker, a task redelivered after a worker crash) finds the lock held and
returns without opening a second connection.

Run a worker (each task holds its slot for the call's duration, so concurrency is
the number of calls a worker runs)::

    REDIS_URL=redis://127.0.0.1:6379/0 OPENAI_API_KEY=sk-... \\
        celery -A tasks worker --concurrency 8 --prefetch-multiplier 1

``tests/test_celery.py`` runs this module for real (``tox -e celery``).
"""

import os
from typing import Any, Optional

from celery import Celery
from celery.signals import worker_process_shutdown

from realtime_sync import RealtimeClient
from realtime_sync.contrib.redis import RedisCallLock
from realtime_sync.supervisor import CallSupervisor, FunctionTools

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

app = Celery("realtime_calls", broker=REDIS_URL, backend=REDIS_URL)
app.conf.update(
    # One call per task slot, taken only when a slot is free: a busy worker never hoards calls.
    worker_prefetch_multiplier=1,
    # Acknowledged when the call ends: a worker that dies mid-call has its task redelivered, and the lock
    # (expired or released) decides whether it runs again.
    task_acks_late=True,
    broker_connection_retry_on_startup=True,
)


def lookup_order(order_id: str) -> Any:
    return {"order_id": order_id, "status": "shipped"}


TOOLS = FunctionTools({"lookup_order": lookup_order})

_supervisor: Optional[CallSupervisor] = None


def supervisor() -> CallSupervisor:
    """This worker process's supervisor (built on first use: after the fork, in the child)."""
    global _supervisor
    if _supervisor is None:
        _supervisor = CallSupervisor(
            TOOLS,
            max_calls=int(os.environ.get("CALLS_PER_PROCESS", "8")),
            client=RealtimeClient(),
            lock=RedisCallLock.from_url(REDIS_URL),
        )
    return _supervisor


@app.task(name="realtime_calls.own_call")
def own_call(call_id: str) -> str:
    """Own ``call_id`` for the whole call; ``"owned elsewhere"`` when another worker has it."""
    owner = supervisor().attach(call_id)
    if owner is None:
        return "owned elsewhere"
    owner.wait()
    return "failed: %s" % type(owner.error).__name__ if owner.error is not None else "finished"


@worker_process_shutdown.connect
def _close_calls(**kwargs: Any) -> None:
    # A warm shutdown (SIGTERM) waits for running tasks; this closes whatever is left cleanly.
    if _supervisor is not None:
        _supervisor.shutdown(timeout=10)
