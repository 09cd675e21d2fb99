"""The Flask blueprint's Redis delivery store on a real redis-server (marked ``e2e``; ``tox -e caches``).

Starts its own redis-server on a free loopback port; skipped with the reason where
redis-server or the ``redis`` package is missing.
"""

import json
import shutil
from typing import Any, Iterator, List

import pytest

flask = pytest.importorskip("flask", reason="Flask is not installed")
pytest.importorskip("redis", reason="the redis package is not installed (tox -e caches installs it)")

from _fakes import FakeTransport, like_the_api  # noqa: E402
from test_django_caches import Server  # noqa: E402

from realtime_sync import webhooks  # noqa: E402
from realtime_sync.contrib.flask import get_client, realtime_blueprint  # noqa: E402
from realtime_sync.contrib.redis import RedisDeliveryStore  # noqa: E402
from realtime_sync.webhook_delivery import CLAIMED, DONE, IN_PROGRESS, UNKNOWN  # noqa: E402

pytestmark = pytest.mark.e2e

SECRET = "whsec_" + "cmVkaXMtdGVzdC1zZWNyZXQ="
EVENT = {
    "id": "evt_r",
    "object": "event",
    "created_at": 1,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_redis_1", "sip_headers": []},
}


@pytest.fixture
def server(request: Any) -> Iterator[Server]:
    if "e2e" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts a real redis-server: run with -m e2e (tox -e caches)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    started = Server("redis").start()
    try:
        yield started
    finally:
        started.stop()


def store_on(server: Server) -> RedisDeliveryStore:
    return RedisDeliveryStore.from_url("redis://127.0.0.1:%d/0" % server.port, socket_timeout=0.5)


def test_states_on_a_real_redis(server: Server) -> None:
    store = store_on(server)
    assert store.claim("wh_1", "a", 30) == CLAIMED
    assert store.claim("wh_1", "b", 30) == IN_PROGRESS
    store.release("wh_1", "b")  # not b's claim: kept (the Lua script compares)
    assert store.claim("wh_1", "b", 30) == IN_PROGRESS
    store.release("wh_1", "a")
    assert store.claim("wh_1", "b", 30) == CLAIMED
    store.finish("wh_1", "b", DONE)
    assert store.claim("wh_1", "c", 30) == DONE
    store.finish("wh_2", "x", UNKNOWN)
    assert store.claim("wh_2", "y", 30) == UNKNOWN
    assert 0 < store.client.ttl("realtime_sync:wh:wh_1") <= 259200


def test_the_blueprint_on_redis_accepts_once_and_answers_503_in_an_outage(server: Server) -> None:
    transport = FakeTransport(default=like_the_api)
    handled: List[str] = []

    def accept(event: Any) -> None:
        handled.append(event.data.call_id)
        get_client().calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})

    app = flask.Flask("redis_project")
    app.config.update(OPENAI_API_KEY="sk-test", OPENAI_WEBHOOK_SECRET=SECRET, REALTIME_SYNC_TRANSPORT=transport)
    app.register_blueprint(realtime_blueprint(webhook_handler=accept, store=store_on(server)))
    client = app.test_client()

    def deliver(webhook_id: str) -> int:
        body = json.dumps(EVENT).encode()
        headers = webhooks.sign(body, SECRET, webhook_id=webhook_id)
        status: int = client.post("/openai/webhook/", data=body, headers=headers).status_code
        return status

    assert deliver("wh_once") == 200 and deliver("wh_once") == 200
    assert handled == ["rtc_redis_1"]
    server.stop()
    assert deliver("wh_outage") == 503  # never "already handled"
    server.start()
    assert deliver("wh_outage") == 200
    assert handled == ["rtc_redis_1", "rtc_redis_1"]
    assert transport.paths == ["/realtime/calls/rtc_redis_1/accept"] * 2
