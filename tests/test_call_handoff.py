"""The acknowledged hand-off without Redis: ``MemoryCallQueue.ack``, ``serve`` and the lock refresh.

The same protocol on a real redis-server, with worker processes killed by SIGKILL,
is tests/test_call_queue_redis.py (``-m e2e``, ``tox -e caches``). Waits are on
conditions with a safety limit; nothing sleeps for a fixed time.
"""

import select
import threading
import time
from typing import Any, Callable, Iterator, List, Optional

import pytest
from _ws_server import ServerSide, WebSocketServer

from realtime_sync import RealtimeClient, RequestValidationError
from realtime_sync.supervisor import CallSupervisor, MemoryCallLock, MemoryCallQueue, serve

pytest.importorskip("websocket")

SAFETY = 30.0
SESSION_CREATED = {"type": "session.created", "event_id": "e1", "session": {"type": "realtime", "id": "sess_1"}}


def until(condition: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + SAFETY
    event = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for " + what
        event.wait(0.005)


def drain(conn: Any) -> None:
    for _ in conn:
        pass


def held_open(end: threading.Event) -> Callable[[ServerSide], None]:
    def call(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        while not end.is_set():  # until the test ends the call, or the client closes (ClientClosed ends it)
            if select.select([ws.sock], [], [], 0.01)[0]:
                ws.recv_frame()

    return call


@pytest.fixture
def serving() -> Iterator[Callable[..., threading.Event]]:
    """Run ``serve`` on a thread; stopped (and joined) at the end of the test."""
    loops: List[threading.Thread] = []
    stops: List[threading.Event] = []

    def start(supervisor: CallSupervisor, calls: Any) -> threading.Event:
        stop = threading.Event()
        loop = threading.Thread(target=serve, args=(supervisor, calls, stop), kwargs={"poll": 0.01})
        loop.start()
        loops.append(loop)
        stops.append(stop)
        return stop

    yield start
    for stop in stops:
        stop.set()
    for loop in loops:
        loop.join(SAFETY)


def test_the_memory_queue_keeps_a_taken_id_in_flight_until_it_is_acknowledged() -> None:
    calls = MemoryCallQueue()
    calls.put("rtc_1")
    calls.put("rtc_1")
    assert calls.get(timeout=0) == "rtc_1" and calls.get(timeout=0) == "rtc_1"
    assert calls.in_flight() == ["rtc_1", "rtc_1"]
    calls.ack("rtc_1")
    assert calls.in_flight() == ["rtc_1"]  # one acknowledgement per hand-off
    calls.ack("rtc_1")
    calls.ack("rtc_unknown")  # nothing to do
    assert calls.in_flight() == [] and calls.get(timeout=0) is None


def test_serve_acknowledges_a_call_it_owns_and_a_duplicate_owned_elsewhere(serving: Any) -> None:
    class Counting(MemoryCallQueue):
        def __init__(self) -> None:
            super().__init__()
            self.acked: List[str] = []

        def ack(self, call_id: str) -> None:
            super().ack(call_id)
            self.acked.append(call_id)

    lock = MemoryCallLock()
    assert lock.acquire("rtc_elsewhere", "another-process", 60)
    calls = Counting()
    end = threading.Event()
    with WebSocketServer(held_open(end)) as srv:
        supervisor = CallSupervisor(drain, max_calls=2, client=RealtimeClient("sk-test", base_url=srv.url), lock=lock)
        calls.put("rtc_mine")
        calls.put("rtc_elsewhere")
        calls.put("rtc_mine")  # a second delivery of the same webhook
        stop = serving(supervisor, calls)
        # Waits on the acknowledgements, never on get(): a get() here would take a call from serve.
        until(lambda: len(calls.acked) == 3, "every hand-off acknowledged")
        assert sorted(calls.acked) == ["rtc_elsewhere", "rtc_mine", "rtc_mine"]
        assert calls.in_flight() == [] and calls.get(0) is None
        assert supervisor.active() == ["rtc_mine"]
        stop.set()
        end.set()
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_mine"]


def test_serve_tells_a_queue_the_calls_owned_here_before_it_acknowledges_them(serving: Any) -> None:
    # RedisCallQueue.owning: a worker killed after the acknowledgement must have the call in its owned set.
    class Recording(MemoryCallQueue):
        def __init__(self) -> None:
            super().__init__()
            self.said: List[Any] = []

        def owning(self, call_ids: List[str]) -> None:
            self.said.append(("owning", list(call_ids)))

        def ack(self, call_id: str) -> None:
            self.said.append(("ack", call_id))
            super().ack(call_id)

    calls = Recording()
    end = threading.Event()
    with WebSocketServer(held_open(end)) as srv:
        supervisor = CallSupervisor(drain, max_calls=2, client=RealtimeClient("sk-test", base_url=srv.url))
        calls.put("rtc_1")
        stop = serving(supervisor, calls)
        until(lambda: ("ack", "rtc_1") in calls.said, "the acknowledgement")
        said = list(calls.said)
        assert said[0] == ("owning", [])  # the first turn: nothing owned yet
        assert said.index(("owning", ["rtc_1"])) < said.index(("ack", "rtc_1"))
        assert supervisor.cancel("rtc_1")  # the call ends here: the next turn says so
        until(lambda: calls.said[-1] == ("owning", []), "the ended call left out")
        stop.set()
        end.set()
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert [x for x in calls.said if x[0] == "owning"].count(("owning", ["rtc_1"])) == 1  # said when it changed


def test_a_call_that_could_not_be_attached_goes_back_on_the_queue_and_is_owned_later(serving: Any) -> None:
    class Flaky(MemoryCallLock):
        down = True

        def acquire(self, call_id: str, token: str, ttl: float) -> bool:
            if self.down:
                self.down = False
                raise ConnectionError("redis is down")
            return super().acquire(call_id, token, ttl)

    calls = MemoryCallQueue()
    with WebSocketServer(lambda ws: ws.send_json(SESSION_CREATED)) as srv:
        supervisor = CallSupervisor(
            drain, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url), lock=Flaky()
        )
        calls.put("rtc_1")
        serving(supervisor, calls)
        until(lambda: len(srv.connections) == 1 and calls.in_flight() == [], "the second try")
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert calls.get(0) is None


def test_a_hand_off_whose_acknowledgement_failed_is_acknowledged_on_a_later_turn(serving: Any) -> None:
    class AckOnceDown(MemoryCallQueue):
        failed = 0

        def ack(self, call_id: str) -> None:
            if not self.failed:
                self.failed += 1
                raise ConnectionError("redis is down")
            super().ack(call_id)

    calls = AckOnceDown()
    with WebSocketServer(lambda ws: ws.send_json(SESSION_CREATED)) as srv:
        supervisor = CallSupervisor(drain, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        calls.put("rtc_1")
        serving(supervisor, calls)
        until(lambda: calls.failed == 1 and calls.in_flight() == [], "the acknowledgement's second try")
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert len(srv.connections) == 1


def test_a_queue_with_only_put_and_get_still_works(serving: Any) -> None:
    class Plain:
        def __init__(self) -> None:
            self.items = ["rtc_plain"]

        def put(self, call_id: str) -> None:
            self.items.append(call_id)

        def get(self, timeout: float) -> Optional[str]:
            return self.items.pop(0) if self.items else None

    with WebSocketServer(lambda ws: ws.send_json(SESSION_CREATED)) as srv:
        supervisor = CallSupervisor(drain, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        serving(supervisor, Plain())
        until(lambda: len(srv.connections) == 1, "the call's connection")
        assert supervisor.shutdown(SAFETY)
        srv.join()


def test_refresh_locks_keeps_a_live_calls_lock_and_closes_a_call_another_process_took() -> None:
    now = [0.0]
    lock = MemoryCallLock(clock=lambda: now[0])
    end = threading.Event()
    with WebSocketServer(held_open(end)) as srv:
        supervisor = CallSupervisor(
            drain,
            max_calls=2,
            client=RealtimeClient("sk-test", base_url=srv.url),
            lock=lock,
            lock_ttl=10,
            token="worker-1",
        )
        owner = supervisor.attach("rtc_1")
        assert owner is not None
        until(lambda: owner.state == "running", "the call to run")
        now[0] = 8.0
        assert supervisor.refresh_locks() == 1  # held until 18 now
        now[0] = 15.0
        assert not lock.acquire("rtc_1", "worker-2", 10)  # without the refresh it would have expired at 10
        now[0] = 30.0  # this process stalled past the lock: another one took the call
        assert lock.acquire("rtc_1", "worker-2", 10)
        assert supervisor.refresh_locks() == 0
        assert owner.wait(SAFETY) and owner.cancelled  # one owner stays: this one closed its connection
        assert not lock.acquire("rtc_1", "worker-3", 10)  # and left worker-2's lock alone
        end.set()
        srv.join()
    assert srv.connections[0].close_frame == (1000, "")


def test_refresh_locks_without_a_lock_or_without_refresh_does_nothing() -> None:
    class NoRefresh:
        def acquire(self, call_id: str, token: str, ttl: float) -> bool:
            return True

        def release(self, call_id: str, token: str) -> None:
            pass

    assert CallSupervisor(print, max_calls=1, connect=str).refresh_locks() == 0
    assert CallSupervisor(print, max_calls=1, connect=str, lock=NoRefresh()).refresh_locks() == 0


@pytest.mark.parametrize("token", ["", "  ", 5])
def test_a_bad_token_is_a_validation_error(token: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        CallSupervisor(print, max_calls=1, connect=str, token=token)
    assert info.value.errors == ["token: expected a non-empty string or None, got %r" % (token,)]


def test_the_token_is_the_value_of_the_shared_lock() -> None:
    lock = MemoryCallLock()
    assert CallSupervisor(print, max_calls=1, connect=str).token.count(":") == 2  # host:pid:uuid by default
    gate = threading.Event()

    def handler(conn: Any) -> None:
        gate.wait(SAFETY)

    named = CallSupervisor(handler, max_calls=1, connect=lambda call_id: _Closed(), lock=lock, token="w-1")
    owner = named.attach("rtc_1")
    assert owner is not None
    assert lock.acquire("rtc_1", "w-1", 10) and not lock.acquire("rtc_1", "someone", 10)  # held by "w-1"
    gate.set()
    assert owner.wait(SAFETY)
    assert lock.acquire("rtc_1", "someone", 10)  # released when the call ended


class _Closed:
    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def close(self, code: int = 1000, reason: str = "") -> None:
        pass


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"liveness_ttl": 0}, "liveness_ttl: expected a positive number of seconds, got 0"),
        ({"liveness_ttl": True}, "liveness_ttl: expected a positive number of seconds, got True"),
        ({"liveness_ttl": float("inf")}, "liveness_ttl: expected a positive number of seconds, got inf"),
        ({"consumer": ""}, "consumer: expected a non-empty string or None, got ''"),
    ],
)
def test_a_redis_queue_refuses_bad_settings_before_anything_is_sent(kwargs: Any, expected: str) -> None:
    from realtime_sync.contrib.redis import RedisCallQueue

    with pytest.raises(RequestValidationError) as info:
        RedisCallQueue(object(), **kwargs)  # a client that would fail on any command
    assert info.value.errors == [expected]


@pytest.mark.parametrize("call_ids", ["rtc_1", None, ["rtc_1", ""], ["rtc_1", 7], {"rtc_1"}])
def test_a_redis_queue_refuses_bad_owned_ids_before_anything_is_sent(call_ids: Any) -> None:
    from realtime_sync.contrib.redis import RedisCallQueue

    with pytest.raises(RequestValidationError) as info:
        RedisCallQueue(object(), consumer="w-1").owning(call_ids)  # a client that would fail on any command
    assert info.value.errors[0].startswith("call_ids: expected a list of non-empty call id strings, got ")


def test_a_redis_queue_names_its_keys_after_its_consumer() -> None:
    from realtime_sync.contrib.redis import RedisCallQueue

    calls = RedisCallQueue(object())
    assert calls.consumer.count(":") == 2  # host:pid:uuid
    assert RedisCallQueue(object(), consumer="w-1").in_flight_key == "realtime_sync:calls:inflight:w-1"
