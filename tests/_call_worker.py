"""A ``manage.py realtime_worker`` process for tests/test_call_queue_redis.py (run as ``python _call_worker.py ARGS``).

Django is configured from the environment: ``REDIS_URL`` (the queue and the
lock), ``BASE_URL`` (the loopback WebSocket server). ``PAUSE_AFTER_TAKE=1``
makes the queue stop for good right after it took a hand-off (it prints
``took <id>``), so the test can SIGKILL the process between take and attach.
The handler prints ``owns <id>`` once the call's connection is up. Everything
else is the real command.
"""

import os
import sys
import threading
from typing import Any, Optional

import django
from django.conf import settings

from realtime_sync.contrib.redis import RedisCallQueue


class PausingQueue(RedisCallQueue):
    """The real Redis queue, stopping for good after a take (the window a SIGKILL hits)."""

    def get(self, timeout: float) -> Optional[str]:
        call_id = super().get(timeout)
        if call_id is not None:
            print("took", call_id, flush=True)
            threading.Event().wait()  # until the test kills this process
        return call_id


def pausing_queue() -> PausingQueue:
    return PausingQueue.from_url(os.environ["REDIS_URL"])


def handle(conn: Any) -> None:
    announced = False
    for _ in conn:
        if not announced:
            print("owns", conn.call_id, flush=True)
            announced = True


if __name__ == "__main__":
    settings.configure(
        SECRET_KEY="tests-only-not-a-secret",
        INSTALLED_APPS=["realtime_sync.contrib.django"],
        DATABASES={},
        REALTIME_SYNC={
            "API_KEY": "sk-test",
            "BASE_URL": os.environ["BASE_URL"],
            "CALL_QUEUE": "_call_worker.pausing_queue"
            if os.environ.get("PAUSE_AFTER_TAKE")
            else os.environ["REDIS_URL"],
            "CALL_HANDLER": "_call_worker.handle",
        },
    )
    django.setup()
    from django.core.management import call_command

    call_command("realtime_worker", *sys.argv[1:])
