"""The reliable hand-off (``RedisCallQueue`` + ``RedisCallLock``) on a real redis-server, with real worker processes.

Marked ``e2e`` (``tox -e caches``): starts its own redis-server on a free port of
127.0.0.1 and ``manage.py realtime_worker`` processes (tests/_call_worker.py)
against the loopback WebSocket server; skipped with the reason where redis-server,
the ``redis`` package or Django is missing. Liveness and lock TTLs are 1 s here, so
the real waits stay around a second or two; the loops below poll for the state they
wait for (bounded by SAFETY), they never assert on time.
"""

import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

pytest.importorskip("redis", reason="the redis package is not installed (tox -e caches installs it)")
pytest.importorskip("django", reason="Django is not installed")
pytest.importorskip("websocket", reason="websocket-client is not installed")

from _ws_server import ServerSide, WebSocketServer
from test_django_caches import Server

from realtime_sync import RealtimeClient
from realtime_sync.contrib.redis import RedisCallLock, RedisCallQueue
from realtime_sync.supervisor import CallSupervisor, serve

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
SAFETY = 30.0
TTL = "1"  # --lock-ttl and --liveness-ttl of the worker processes, seconds
SESSION_CREATED = {"type": "session.created", "event_id": "e1", "session": {"type": "realtime", "id": "sess_1"}}


@pytest.fixture
def redis_url(request: Any) -> Iterator[str]:
    if "e2e" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts a real redis-server and worker processes: run with -m e2e (tox -e caches)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    server = Server("redis").start()
    try:
        yield "redis://127.0.0.1:%d/0" % server.port
    finally:
        server.stop()


def until(condition: Callable[[], Any], what: str) -> Any:
    """Poll ``condition`` until it is true (at most SAFETY seconds)."""
    deadline = time.monotonic() + SAFETY
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


class Worker:
    """One ``manage.py realtime_worker`` process; its output lines are read on a thread."""

    def __init__(self, redis_url: str, base_url: str, *, pause_after_take: bool = False, lock_ttl: str = TTL) -> None:
        env = dict(os.environ, REDIS_URL=redis_url, BASE_URL=base_url, PYTHONPATH=str(HERE), PYTHONUNBUFFERED="1")
        env.pop("PAUSE_AFTER_TAKE", None)
        if pause_after_take:
            env["PAUSE_AFTER_TAKE"] = "1"
        args = ["--poll", "0.1", "--lock-ttl", lock_ttl, "--liveness-ttl", TTL, "--shutdown-timeout", "5"]
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "_call_worker.py"), *args],
            cwd=str(HERE),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.output: List[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def expect(self, prefix: str) -> str:
        """The next output line starting with ``prefix`` (others are skipped)."""
        deadline = time.monotonic() + SAFETY
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("no %r line; output: %s" % (prefix, "\n".join(self.output))) from None
            if line.startswith(prefix):
                return line

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)  # the OOM killer, a lost node: no cleanup at all
        self.process.wait(SAFETY)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(SAFETY)
        self._reader.join(SAFETY)
        return code


@pytest.fixture
def workers() -> Iterator[List[Worker]]:
    started: List[Worker] = []
    yield started
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait(SAFETY)


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, decode_responses=True)


def in_flight_everywhere(client: Any) -> List[str]:
    """Every consumer's in-flight ids."""
    found: List[str] = []
    for key in client.keys("realtime_sync:calls:inflight:*"):
        found.extend(client.lrange(key, 0, -1))
    return found


def call_script(end: threading.Event) -> Callable[[ServerSide], None]:
    def call(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        while not end.is_set():  # the call goes on until the test ends it or the client goes
            if select.select([ws.sock], [], [], 0.05)[0]:
                ws.recv_frame()  # a ping; the client's close frame or EOF (ClientClosed) ends the script
        ws.close(1000)

    return call


# --------------------------------------------------------------------------- the queue and the lock themselves


def test_take_moves_into_the_in_flight_list_and_ack_removes_it(redis_url: str) -> None:
    calls = RedisCallQueue.from_url(redis_url, consumer="worker-a", liveness_ttl=1)
    calls.put("rtc_1")
    calls.put("rtc_2")
    assert calls.get(timeout=0.1) == "rtc_1"
    assert calls.get(timeout=0.1) == "rtc_2"
    assert calls.in_flight() == ["rtc_1", "rtc_2"]
    assert calls.get(timeout=0.05) is None  # Redis >= 6: a 50 ms wait, not BRPOP's one-second floor
    calls.ack("rtc_1")
    assert calls.in_flight() == ["rtc_2"]
    client = redis_client(redis_url)
    assert client.sismember("realtime_sync:calls:consumers", "worker-a")
    assert 0 < client.pttl("realtime_sync:calls:alive:worker-a") <= 1000


def test_the_in_flight_ids_of_a_dead_consumer_are_re_queued_once_at_the_front(redis_url: str) -> None:
    dead = RedisCallQueue.from_url(redis_url, consumer="dead", liveness_ttl=0.3)
    dead.put("rtc_old")
    dead.put("rtc_new")
    assert [dead.get(0.05), dead.get(0.05)] == ["rtc_old", "rtc_new"]
    dead.put("rtc_waiting")  # handed over later: the recovered ones go before it
    live = RedisCallQueue.from_url(redis_url, consumer="live", liveness_ttl=5)
    live.keepalive()
    assert live.recover() == []  # "dead" is still alive for 0.3 s
    client = redis_client(redis_url)
    until(lambda: not client.exists("realtime_sync:calls:alive:dead"), "the dead consumer's liveness to expire")
    other = RedisCallQueue.from_url(redis_url, consumer="other", liveness_ttl=5)
    assert sorted(live.recover() + other.recover()) == ["rtc_new", "rtc_old"]  # each moved once
    assert not client.sismember("realtime_sync:calls:consumers", "dead")
    assert dead.in_flight() == []
    assert [live.get(0.05), live.get(0.05), live.get(0.05)] == ["rtc_old", "rtc_new", "rtc_waiting"]


def test_a_call_the_dead_consumer_had_locked_waits_for_its_lock_to_expire(redis_url: str) -> None:
    dead = RedisCallQueue.from_url(redis_url, consumer="dead", liveness_ttl=0.2)
    lock = RedisCallLock.from_url(redis_url)
    dead.put("rtc_locked")
    dead.put("rtc_free")
    assert [dead.get(0.05), dead.get(0.05)] == ["rtc_locked", "rtc_free"]
    # Killed after locking rtc_locked (its token is its consumer id), before acknowledging it.
    assert lock.acquire("rtc_locked", "dead", 0.6)
    client = redis_client(redis_url)
    until(lambda: not client.exists("realtime_sync:calls:alive:dead"), "the dead consumer's liveness to expire")
    live = RedisCallQueue.from_url(redis_url, consumer="live", liveness_ttl=5)
    assert live.recover() == ["rtc_free"]  # re-queued now, it would be refused as owned elsewhere and dropped
    assert dead.in_flight() == ["rtc_locked"]
    until(lambda: lock.owner("rtc_locked") is None, "the dead consumer's lock to expire")
    assert live.recover() == ["rtc_locked"]
    assert not client.sismember("realtime_sync:calls:consumers", "dead")


def test_the_calls_a_dead_consumer_still_owned_are_named_in_a_warning_once(redis_url: str, caplog: Any) -> None:
    dead = RedisCallQueue.from_url(redis_url, consumer="dead", liveness_ttl=0.3)
    lock = RedisCallLock.from_url(redis_url)
    dead.keepalive()
    for call_id in ("rtc_running", "rtc_second"):
        assert lock.acquire(call_id, "dead", 30)  # running in the dead worker when it was killed
    assert lock.acquire("rtc_moved", "another-worker", 30)  # the dead worker stalled, it runs elsewhere now
    dead.owning(["rtc_running", "rtc_second", "rtc_moved", "rtc_ended"])  # rtc_ended: over, its lock released
    client = redis_client(redis_url)
    assert client.smembers("realtime_sync:calls:owned:dead") == {"rtc_running", "rtc_second", "rtc_moved", "rtc_ended"}
    live = RedisCallQueue.from_url(redis_url, consumer="live", liveness_ttl=5)
    live.keepalive()
    live.owning(["rtc_live"])
    with caplog.at_level("WARNING", logger="realtime_sync.contrib.redis"):
        assert live.recover() == []  # "dead" is alive for 0.3 s more: nothing said yet
        assert caplog.records == []
        until(lambda: not client.exists("realtime_sync:calls:alive:dead"), "the dead consumer's liveness to expire")
        assert live.recover() == [] and live.recover() == []  # named once, by one recovery
    named = sorted(record.getMessage() for record in caplog.records)
    assert len(named) == 2
    assert named[0].startswith("call 'rtc_running' lost its handler: worker dead stopped")
    assert named[1].startswith("call 'rtc_second' lost its handler: worker dead stopped")
    assert all("hand it over again to re-attach" in message for message in named)
    assert not client.exists("realtime_sync:calls:owned:dead")
    assert client.smembers("realtime_sync:calls:owned:live") == {"rtc_live"}  # a live consumer's set stays
    live.owning([])
    assert not client.exists("realtime_sync:calls:owned:live")


def test_refresh_keeps_the_owners_lock_and_says_when_another_owner_holds_it(redis_url: str) -> None:
    lock = RedisCallLock.from_url(redis_url)
    client = redis_client(redis_url)
    assert lock.acquire("rtc_r", "a", 0.5)
    assert lock.refresh("rtc_r", "a", 30)
    assert client.pttl("realtime_sync:call:rtc_r") > 20000
    assert not lock.refresh("rtc_r", "b", 30)  # b does not hold it
    client.delete("realtime_sync:call:rtc_r")  # expired while a stalled, nobody took it
    assert lock.refresh("rtc_r", "a", 30) and lock.owner("rtc_r") == "a"


def test_serve_acknowledges_owned_and_refused_hand_offs_and_refreshes_the_locks(redis_url: str) -> None:
    calls = RedisCallQueue.from_url(redis_url, consumer="serve-1", liveness_ttl=1)
    client = redis_client(redis_url)
    lock = RedisCallLock.from_url(redis_url)
    assert lock.acquire("rtc_elsewhere", "another-worker", 30)  # a duplicate: owned by a live worker
    end = threading.Event()
    with WebSocketServer(call_script(end), timeout=SAFETY) as srv:
        supervisor = CallSupervisor(
            lambda conn: [None for _ in conn],
            max_calls=2,
            client=RealtimeClient("sk-test", base_url=srv.url),
            lock=lock,
            lock_ttl=0.6,
            token=calls.consumer,
        )
        calls.put("rtc_mine")
        calls.put("rtc_elsewhere")
        stop = threading.Event()
        loop = threading.Thread(target=serve, args=(supervisor, calls, stop), kwargs={"poll": 0.05})
        loop.start()
        try:
            # get() moves an id from the queue to the in-flight list in one step (BRPOPLPUSH): an empty queue
            # and nothing in flight means both hand-offs were taken and acknowledged.
            until(
                lambda: client.llen(calls.key) == 0 and calls.in_flight() == [] and supervisor.active() == ["rtc_mine"],
                "both hand-offs done",
            )
            assert client.smembers(calls.owned_key) == {"rtc_mine"}  # told before the ack
            # Three lock_ttl later the call's lock is still this worker's: serve refreshed it.
            deadline = time.monotonic() + 1.8
            while time.monotonic() < deadline:
                assert lock.owner("rtc_mine") == "serve-1"
                time.sleep(0.05)
        finally:
            stop.set()
            loop.join(SAFETY)
            end.set()
            assert supervisor.shutdown(SAFETY)
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_mine"]
    assert lock.owner("rtc_mine") is None  # released when the call ended
    # The owned set keeps the last word serve said (it stopped before the call ended); a later recovery
    # finds the lock released and deletes the set without a warning.
    assert lock.owner("rtc_elsewhere") == "another-worker"


# --------------------------------------------------------------------------- real worker processes


def test_a_worker_killed_between_take_and_attach_loses_no_call(redis_url: str, workers: List[Worker]) -> None:
    end = threading.Event()
    with WebSocketServer(call_script(end), timeout=SAFETY) as srv:
        redis_client(redis_url).lpush("realtime_sync:calls", "rtc_killed")  # the webhook view's hand-off
        taker = Worker(redis_url, srv.url, pause_after_take=True)
        workers.append(taker)
        assert taker.expect("took") == "took rtc_killed"
        taker.kill()  # after BRPOPLPUSH, before attach
        client = redis_client(redis_url)
        assert in_flight_everywhere(client) == ["rtc_killed"]  # not lost: in the dead worker's in-flight list
        rescuer = Worker(redis_url, srv.url)
        workers.append(rescuer)
        # Once the dead worker's liveness (1 s) expired, the rescuer re-queues the call and owns it.
        assert rescuer.expect("owns") == "owns rtc_killed"
        until(lambda: in_flight_everywhere(client) == [], "the re-queued hand-off to be acknowledged")
        assert client.llen("realtime_sync:calls") == 0
        assert rescuer.stop() == 0
        end.set()
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_killed"]  # exactly one connection
    assert srv.connections[0].close_frame == (1000, "")
    assert redis_client(redis_url).get("realtime_sync:call:rtc_killed") is None


def test_duplicate_hand_offs_to_two_workers_attach_once(redis_url: str, workers: List[Worker]) -> None:
    end = threading.Event()
    with WebSocketServer(call_script(end), timeout=SAFETY) as srv:
        workers.extend([Worker(redis_url, srv.url), Worker(redis_url, srv.url)])
        for worker in workers:
            worker.expect("realtime_worker: up to")
        client = redis_client(redis_url)
        client.lpush("realtime_sync:calls", "rtc_dup")
        client.lpush("realtime_sync:calls", "rtc_dup")  # a second delivery of the same webhook
        until(
            lambda: client.llen("realtime_sync:calls") == 0 and in_flight_everywhere(client) == [],
            "both hand-offs taken and acknowledged",
        )
        owner = until(lambda: client.get("realtime_sync:call:rtc_dup"), "the call's lock")
        until(lambda: any("owns rtc_dup" in worker.output for worker in workers), "the call's connection")
        assert len(srv.connections) == 1
        assert [worker.stop() for worker in workers] == [0, 0]
        end.set()
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_dup"]
    assert srv.connections[0].close_frame == (1000, "")
    assert sum(line == "owns rtc_dup" for worker in workers for line in worker.output) == 1
    assert owner.count(":") >= 2  # host:pid:uuid, the owning worker's consumer id


def test_a_worker_killed_while_owning_a_call(redis_url: str, workers: List[Worker]) -> None:
    end = threading.Event()
    # The lock outlives the liveness (as 30 s and 15 s do by default): the survivor's recovery finds the dead
    # worker's liveness gone while its lock on the call still stands, and names the call.
    lock_ttl = "3"
    with WebSocketServer(call_script(end), timeout=SAFETY) as srv:
        first, second = Worker(redis_url, srv.url, lock_ttl=lock_ttl), Worker(redis_url, srv.url, lock_ttl=lock_ttl)
        workers.extend([first, second])
        for worker in workers:
            worker.expect("realtime_worker: up to")
        client = redis_client(redis_url)
        client.lpush("realtime_sync:calls", "rtc_crash")
        owner: Worker = until(  # whichever worker took it
            lambda: next((worker for worker in workers if "owns rtc_crash" in worker.output), None), "the owner"
        )
        other = second if owner is first else first
        token = client.get("realtime_sync:call:rtc_crash")
        assert client.smembers("realtime_sync:calls:owned:" + token) == {"rtc_crash"}  # what serve told the queue
        # One and a half lock TTLs later the live owner still holds the lock (refreshed by its loop), so a
        # duplicate hand-off now is refused by the other worker and acknowledged.
        deadline = time.monotonic() + 1.5 * float(lock_ttl)
        while time.monotonic() < deadline:
            assert client.get("realtime_sync:call:rtc_crash") == token
            time.sleep(0.05)
        client.lpush("realtime_sync:calls", "rtc_crash")
        until(
            lambda: client.llen("realtime_sync:calls") == 0 and in_flight_everywhere(client) == [],
            "the duplicate refused and acknowledged",
        )
        assert len(srv.connections) == 1
        owner.kill()  # the OOM killer: the call's WebSocket drops, nothing is closed cleanly
        until(lambda: srv.connections[0].closed, "the dropped connection")
        # The survivor's recovery says which call lost its handler (not silently dropped), once.
        warning = other.expect("call 'rtc_crash' lost its handler")
        assert "worker %s stopped" % token in warning
        # The dead worker's lock expires (nobody refreshes it) ...
        until(lambda: client.get("realtime_sync:call:rtc_crash") is None, "the dead worker's lock to expire")
        # ... and the call was acknowledged when it was attached: nothing re-attaches it by itself (docs/calls.md).
        assert client.llen("realtime_sync:calls") == 0 and in_flight_everywhere(client) == []
        # A new hand-off (the call is still up: its sideband can be opened again) is owned by the survivor.
        client.lpush("realtime_sync:calls", "rtc_crash")
        assert other.expect("owns") == "owns rtc_crash"
        assert other.stop() == 0
        assert sum("lost its handler" in line for line in other.output) == 1
        end.set()
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_crash", "rtc_crash"]
    assert srv.connections[0].close_frame is None  # dropped by the kill, no close frame
    assert srv.connections[1].close_frame == (1000, "")
