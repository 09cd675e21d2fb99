"""The Celery recipe (examples/celery_calls/tasks.py) for real: redis-server, a Celery worker, the WebSocket server.

Marked ``celery`` (``tox -e celery``): starts a redis-server and a Celery worker
(prefork, two processes) on 127.0.0.1; skipped with the reason when redis-server,
celery or redis is missing.
"""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator, List

import pytest
from _ws_server import ServerSide, WebSocketServer

pytestmark = pytest.mark.celery

RECIPE = Path(__file__).resolve().parent.parent / "examples" / "celery_calls"
SAFETY = 60.0

SESSION_CREATED = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
}


@pytest.fixture
def redis_url(request: Any) -> Iterator[str]:
    if "celery" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts redis-server and a Celery worker: run with -m celery (tox -e celery)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    pytest.importorskip("celery", reason="celery is not installed (tox -e celery installs it)")
    pytest.importorskip("redis", reason="the redis package is not installed (tox -e celery installs it)")
    from test_django_caches import Server

    server = Server("redis").start()
    try:
        yield "redis://127.0.0.1:%d/0" % server.port
    finally:
        server.stop()


def test_two_duplicate_hand_offs_in_two_worker_processes_open_one_connection(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = threading.Event()

    def call(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        end.wait(SAFETY)  # the call goes on until the test ends it
        ws.close(1000)

    with WebSocketServer(call, timeout=SAFETY) as srv:
        env = dict(
            os.environ,
            REDIS_URL=redis_url,
            OPENAI_API_KEY="sk-test",
            OPENAI_BASE_URL=srv.url,
            PYTHONPATH=os.pathsep.join([str(RECIPE), os.environ.get("PYTHONPATH", "")]),
        )
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tasks",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--prefetch-multiplier",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
            ],
            cwd=str(RECIPE),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            # The hand-offs come from two other processes (two web workers receiving the same delivery).
            senders = [
                subprocess.Popen(
                    [sys.executable, "-c", "import tasks; print(tasks.own_call.delay('rtc_celery_1').id)"],
                    cwd=str(RECIPE),
                    env=env,
                    stdout=subprocess.PIPE,
                )
                for _ in range(2)
            ]
            ids = [sender.communicate(timeout=SAFETY)[0].decode().strip() for sender in senders]
            monkeypatch.syspath_prepend(str(RECIPE))
            monkeypatch.setenv("REDIS_URL", redis_url)
            monkeypatch.delitem(sys.modules, "tasks", raising=False)
            import tasks

            results = [tasks.app.AsyncResult(task_id) for task_id in ids]
            # One task finds the lock held and returns while the other still owns the call.
            done = None
            while done is None:
                for result in results:
                    if result.ready():
                        done = result
                        break
                else:
                    end.wait(0.05)
                    assert worker.poll() is None, worker.stdout.read().decode() if worker.stdout else ""
            assert done.get(timeout=SAFETY) == "owned elsewhere"
            owner = next(result for result in results if result is not done)
            assert not owner.ready()
            import redis

            held = redis.Redis.from_url(redis_url).get("realtime_sync:call:rtc_celery_1")
            assert held is not None  # host:pid:uuid of the owning worker process
            end.set()
            assert owner.get(timeout=SAFETY) == "finished"
            assert redis.Redis.from_url(redis_url).get("realtime_sync:call:rtc_celery_1") is None  # released
        finally:
            end.set()
            worker.terminate()
            worker.wait(SAFETY)
        srv.join()
    assert len(srv.connections) == 1
    assert srv.connections[0].query == {"call_id": "rtc_celery_1"}
    assert srv.connections[0].close_frame == (1000, "")


def test_the_redis_call_queue_is_fifo_and_feeds_serve(redis_url: str) -> None:
    from realtime_sync import RealtimeClient
    from realtime_sync.contrib.redis import RedisCallLock, RedisCallQueue
    from realtime_sync.supervisor import CallSupervisor, serve

    calls = RedisCallQueue.from_url(redis_url)
    assert calls.get(timeout=0.1) is None  # nothing there (a 0.1 s wait on Redis >= 6, whole seconds before)
    calls.put("rtc_a")
    calls.put("rtc_b")
    assert [calls.get(timeout=1), calls.get(timeout=1)] == ["rtc_a", "rtc_b"]  # first in, first out
    started: List[str] = []
    two = threading.Event()

    def handle(conn: Any) -> None:
        for _ in conn:
            started.append(conn.call_id)
            if len(started) == 2:
                two.set()

    with WebSocketServer(lambda ws: ws.send_json(SESSION_CREATED)) as srv:
        supervisor = CallSupervisor(
            handle,
            max_calls=2,
            client=RealtimeClient("sk-test", base_url=srv.url),
            lock=RedisCallLock.from_url(redis_url),
        )
        for call_id in ("rtc_q1", "rtc_q2"):
            calls.put(call_id)  # the webhook view's hand-off
        stop = threading.Event()
        loop = threading.Thread(target=serve, args=(supervisor, calls, stop), kwargs={"poll": 0.1})
        loop.start()
        assert two.wait(SAFETY)
        stop.set()
        loop.join(SAFETY)
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert sorted(side.query["call_id"] for side in srv.connections) == ["rtc_q1", "rtc_q2"]
    assert calls.client.llen(calls.key) == 0
