"""``manage.py realtime_worker`` and ``call_queue()``: the webhook view's hand-off to a supervisor process.

The command runs in this test's main thread on the loopback WebSocket server and is
stopped by a real SIGTERM sent to this process once the handed-over calls run.
"""

import io
import os
import signal
import sys
import threading
from typing import Any, Iterator, List

import pytest

django = pytest.importorskip("django")
pytest.importorskip("pytest_django")
pytest.importorskip("websocket")

import test_django  # noqa: E402, F401  (one minimal Django configuration for the test modules)
from _ws_server import ServerSide, WebSocketServer  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

from realtime_sync.contrib.django import call_queue, reset_client  # noqa: E402
from realtime_sync.contrib.django.management.commands.realtime_worker import Command  # noqa: E402
from realtime_sync.errors import ConfigurationError  # noqa: E402
from realtime_sync.supervisor import MemoryCallQueue  # noqa: E402

SAFETY = 10.0
QUEUE = MemoryCallQueue()  # REALTIME_SYNC["CALL_QUEUE"] = "test_django_worker.QUEUE"
STARTED: List[str] = []
READY = threading.Condition()


def handle(conn: Any) -> None:
    for event in conn:
        if event.type == "session.created":
            with READY:
                STARTED.append(conn.call_id)
                READY.notify_all()


def greet(ws: ServerSide) -> None:
    ws.send_json({"type": "session.created", "event_id": "e1", "session": {"type": "realtime", "id": "sess_1"}})


@pytest.fixture
def worker_settings(settings: Any) -> Iterator[WebSocketServer]:
    STARTED.clear()
    with WebSocketServer(greet) as srv:
        settings.REALTIME_SYNC = {
            "API_KEY": "sk-test",
            "BASE_URL": srv.url,
            "CALL_QUEUE": "test_django_worker.QUEUE",
            "CALL_HANDLER": "test_django_worker.handle",
        }
        reset_client()
        yield srv
    reset_client()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_the_worker_runs_handed_over_calls_and_sigterm_closes_them_cleanly(worker_settings: WebSocketServer) -> None:
    srv = worker_settings
    assert threading.current_thread() is threading.main_thread()
    call_queue().put("rtc_w1")  # what the webhook view does after accepting
    call_queue().put("rtc_w2")
    # The SIGTERM is sent to this process (a pytest worker): outside the command's own handler
    # it must not kill the worker, so this one stands in before and after and says so.
    stray: List[int] = []
    before = signal.signal(signal.SIGTERM, lambda signum, frame: stray.append(signum))
    guard = signal.getsignal(signal.SIGTERM)
    sent: List[bool] = []

    def terminate_when_both_run() -> None:
        with READY:
            both = READY.wait_for(lambda: len(STARTED) == 2, SAFETY)
        if both and signal.getsignal(signal.SIGTERM) is not guard:  # the command's handler is in
            os.kill(os.getpid(), signal.SIGTERM)  # a deploy stops the worker
            sent.append(True)

    killer = threading.Thread(target=terminate_when_both_run)
    killer.start()
    out = io.StringIO()
    try:
        call_command(Command(), "--max-calls", "5", "--poll", "0.05", stdout=out)
        killer.join(SAFETY)
        restored = signal.getsignal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, before)
    srv.join()
    assert sent and not stray, "the SIGTERM must reach the command's handler (sent: %s, stray: %s)" % (sent, stray)
    assert restored is guard  # the command put back the handler it found
    assert sorted(STARTED) == ["rtc_w1", "rtc_w2"]
    assert out.getvalue().splitlines() == [
        "realtime_worker: up to 5 calls; waiting for calls (SIGTERM to stop)",
        "realtime_worker: every call's connection closed; bye",
    ]
    assert sorted((side.query["call_id"], side.close_frame) for side in srv.connections) == [
        ("rtc_w1", (1000, "")),
        ("rtc_w2", (1000, "")),
    ]
    assert QUEUE.in_flight() == []  # both hand-offs acknowledged once owned


def test_without_a_handler_or_a_queue_the_command_says_what_is_missing(settings: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": "sk-test"}
    with pytest.raises(CommandError, match=r"no handler: pass --handler"):
        call_command(Command(), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"REALTIME_SYNC\['CALL_QUEUE'\]: not set"):
        call_command(Command(), "--handler", "test_django_worker.handle", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"--handler: cannot import 'nowhere.handle'"):
        call_command(Command(), "--handler", "nowhere.handle", stdout=io.StringIO())


@pytest.mark.parametrize(
    "value, message",
    [
        ("nowhere.QUEUE", "REALTIME_SYNC['CALL_QUEUE']: cannot import 'nowhere.QUEUE'"),
        ("test_django_worker.STARTED", "expected a redis:// URL, a queue (an object with put and get)"),
    ],
)
def test_a_bad_call_queue_setting_is_a_configuration_error(settings: Any, value: str, message: str) -> None:
    settings.REALTIME_SYNC = {"CALL_QUEUE": value}
    with pytest.raises(ConfigurationError) as info:
        call_queue()
    assert message in str(info.value)


def test_a_redis_url_gives_a_redis_queue_once_per_process(settings: Any) -> None:
    pytest.importorskip("redis", reason="the redis package is not installed")
    from realtime_sync.contrib.redis import RedisCallQueue

    settings.REALTIME_SYNC = {"CALL_QUEUE": "redis://127.0.0.1:1/0"}  # nothing is sent until put/get
    first = call_queue()
    assert isinstance(first, RedisCallQueue) and call_queue() is first


def test_a_bad_liveness_ttl_is_a_command_error(worker_settings: WebSocketServer) -> None:
    with pytest.raises(CommandError, match=r"--liveness-ttl: expected a positive number of seconds, got 0.0"):
        call_command(Command(), "--liveness-ttl", "0", stdout=io.StringIO())


def test_a_redis_queue_given_by_dotted_path_locks_in_its_own_redis() -> None:
    from realtime_sync.contrib.redis import RedisCallLock, RedisCallQueue

    client = object()  # nothing is sent: the lock only shares the queue's client
    calls = RedisCallQueue(client, lock_prefix="app:call:")
    lock = Command.lock_for("myproject.calls.QUEUE", calls)
    assert isinstance(lock, RedisCallLock) and lock.client is client and lock.prefix == "app:call:"
    assert Command.lock_for("test_django_worker.QUEUE", QUEUE) is None  # one process: no lock needed
