"""``RealtimeClient(api_key=callable)``: a key provider called per request, across threads and retries, never leaked.

The canary checks are those of tests/test_secrets.py: every text a user, a log
or a traceback could show is searched for every key the provider handed out.
"""

import itertools
import json
import logging
import threading
from pathlib import Path
from typing import Any, Callable, List

import pytest
from _fakes import Sleeps
from _server import LoopbackServer, Recorded, Reply, default_handler, error_reply
from _ws_server import ServerSide, WebSocketServer
from test_secrets import assert_no_canary, every_text_of

from realtime_sync import (
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    RealtimeClient,
    RetryPolicy,
)
from realtime_sync.fixtures import FixtureTransport

SESSION = {"type": "realtime", "model": "gpt-realtime"}
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


class RotatingKeys:
    """A vault stand-in: a new canary key on every call; refuses to be entered by two threads at once."""

    def __init__(self, prefix: str = "sk-canary-rotating-") -> None:
        self.prefix = prefix
        self.issued: List[str] = []
        self._counter = itertools.count(1)
        self._inside = False

    def __call__(self) -> str:
        assert not self._inside, "the provider was called concurrently"
        self._inside = True
        try:
            key = "%s%04d-DO-NOT-LEAK" % (self.prefix, next(self._counter))
            self.issued.append(key)
            return key
        finally:
            self._inside = False


def client_for(srv: Any, provider: Callable[[], Any], **kwargs: Any) -> RealtimeClient:
    policy = RetryPolicy(kwargs.pop("max_retries", 2), sleep=Sleeps(), random=lambda: 0.0)
    return RealtimeClient(provider, base_url=srv.url, retry_policy=policy, timeout=5, **kwargs)  # type: ignore[arg-type]


def bearer(req: Recorded) -> str:
    return req.headers["authorization"][len("Bearer ") :]


def test_the_provider_is_called_for_every_request(loopback: LoopbackServer) -> None:
    keys = RotatingKeys()
    client = client_for(loopback, keys)
    assert keys.issued == []  # not at construction
    client.calls.hangup("rtc_1")
    client.client_secrets.create(session=SESSION)
    client.webhooks.retrieve("we_0001")
    assert [bearer(r) for r in loopback.requests] == keys.issued and len(set(keys.issued)) == 3


def test_retries_of_a_request_reuse_its_key(loopback: LoopbackServer) -> None:
    keys = RotatingKeys()
    loopback.respond(503)
    loopback.respond(action="close")
    client_for(loopback, keys).calls.hangup("rtc_1")
    assert len(loopback.requests) == 3 and len(keys.issued) == 1
    assert {bearer(r) for r in loopback.requests} == {keys.issued[0]}


def test_many_threads_share_one_client_and_one_provider(loopback: LoopbackServer) -> None:
    keys = RotatingKeys()
    client = client_for(loopback, keys)
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                client.calls.hangup("rtc_1")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    sent = [bearer(r) for r in loopback.requests]
    assert len(sent) == 40 and sorted(sent) == sorted(keys.issued) and len(set(sent)) == 40


@pytest.mark.parametrize("answer", ["", "   ", None, 12345678901234567, b"sk-bytes-canary-0001"])
def test_a_bad_answer_is_a_configuration_error_that_never_shows_it(loopback: LoopbackServer, answer: Any) -> None:
    client = client_for(loopback, lambda: answer)
    with pytest.raises(ConfigurationError, match="api_key provider: expected it to return a non-empty string") as info:
        client.calls.hangup("rtc_1")
    assert loopback.requests == []
    if answer and len(str(answer)) > 8:
        assert_no_canary(every_text_of(info.value), str(answer))
        assert "12345678" not in str(info.value) and "canary" not in str(info.value)


def test_a_failing_provider_propagates_and_nothing_is_sent(loopback: LoopbackServer) -> None:
    def vault_down() -> str:
        raise TimeoutError("vault unreachable")

    with pytest.raises(TimeoutError, match="vault unreachable"):
        client_for(loopback, vault_down).client_secrets.create(session=SESSION)
    assert loopback.requests == []


def echo_the_key(status: int) -> Callable[[Recorded], Reply]:
    def handler(req: Recorded) -> Reply:
        key = bearer(req)
        return error_reply(status, "Incorrect API key provided: %s (also %s)" % (key, req.headers["authorization"]))

    return handler


@pytest.mark.parametrize("status", [401, 400, 500])
def test_an_error_echoing_the_key_is_scrubbed(status: int) -> None:
    keys = RotatingKeys()
    with LoopbackServer(echo_the_key(status)) as srv:
        client = client_for(srv, keys, max_retries=1)
        with pytest.raises(APIStatusError) as info:
            client.client_secrets.create(session=SESSION)
    assert len(keys.issued) == 1
    assert_no_canary(every_text_of(info.value), keys.issued[0])
    assert "<redacted>" in str(info.value)


def test_an_error_echoing_a_key_rotated_out_is_scrubbed_too() -> None:
    keys = RotatingKeys()
    first: List[str] = []

    def handler(req: Recorded) -> Reply:
        if not first:
            first.append(bearer(req))
            return default_handler(req)
        return error_reply(401, "The key %s was revoked." % first[0])

    with LoopbackServer(handler) as srv:
        client = client_for(srv, keys)
        client.calls.hangup("rtc_1")
        with pytest.raises(AuthenticationError) as info:
            client.calls.hangup("rtc_2")
    assert_no_canary(every_text_of(info.value), keys.issued[0])


def test_debug_logs_never_show_a_key(loopback: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    keys = RotatingKeys()
    loopback.respond(503)
    client = client_for(loopback, keys)
    client.calls.hangup("rtc_1")
    client.client_secrets.create(session=SESSION)
    assert "POST /realtime/calls/rtc_1/hangup" in caplog.text
    for key in keys.issued:
        assert_no_canary([caplog.text, repr(client)], key)


def test_is_ephemeral_key_follows_the_provider(loopback: LoopbackServer) -> None:
    answers = iter(["ek_canary_browser_0001_DO_NOT_LEAK", "sk-canary-server-0002-DO-NOT-LEAK"])
    current: List[str] = []

    def provider() -> str:
        if not current:
            current.append(next(answers))
        return current[0]

    client = client_for(loopback, provider)
    assert client.is_ephemeral_key
    client.calls.create(sdp=OFFER)  # an ephemeral key sends the raw SDP
    assert loopback.requests[0].headers["content-type"] == "application/sdp"
    current.clear()
    assert not client.is_ephemeral_key
    client.calls.create(sdp=OFFER, session=SESSION)  # a standard key: multipart
    assert loopback.requests[1].headers["content-type"].startswith("multipart/form-data")
    assert bearer(loopback.requests[1]) == "sk-canary-server-0002-DO-NOT-LEAK"


def test_the_sideband_handshake_uses_a_fresh_key() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "session.created", "event_id": "e1", "session": {"type": "realtime", "id": "s"}})

    keys = RotatingKeys()
    with WebSocketServer(script) as srv:
        client = RealtimeClient(keys, base_url=srv.url)
        client.calls  # noqa: B018 - building a client calls nothing
        assert keys.issued == []
        with client.realtime.connect(call_id="rtc_1") as conn:
            conn.recv_raw(timeout=5)
        srv.join()
    assert srv.connections[0].headers["authorization"] == "Bearer " + keys.issued[-1]


@pytest.mark.parametrize("static", [False, True])
def test_the_sideband_handshake_error_is_scrubbed(static: bool) -> None:
    # The static-key case leaked through __context__ before the provider work (found by this test).
    keys = RotatingKeys()
    with WebSocketServer() as srv:
        client = RealtimeClient(keys() if static else keys, base_url=srv.url)
        srv.reject(401, {"error": {"message": "bad key %s0001-DO-NOT-LEAK" % keys.prefix, "code": "invalid_api_key"}})
        with pytest.raises(AuthenticationError) as info:
            client.realtime.connect(call_id="rtc_1")
    assert_no_canary(every_text_of(info.value), keys.issued[0])


def test_recorded_fixture_holds_none_of_the_keys(tmp_path: Path, loopback: LoopbackServer) -> None:
    keys = RotatingKeys()
    path = tmp_path / "rotating.json"
    with FixtureTransport(path, "all") as transport:
        client = RealtimeClient(keys, base_url=loopback.url, transport=transport)
        client.client_secrets.create(session=SESSION)
        client.calls.hangup("rtc_1")
        client.webhooks.list()
    text = path.read_text(encoding="utf-8")
    assert len(keys.issued) == 3
    for key in keys.issued:
        assert_no_canary([text], key)
    assert json.loads(text)


def test_with_options_keeps_the_provider(loopback: LoopbackServer) -> None:
    keys = RotatingKeys()
    client = client_for(loopback, keys).with_options(max_retries=0, default_headers={"X-Tenant": "t"})
    client.calls.hangup("rtc_1")
    assert bearer(loopback.requests[0]) == keys.issued[0] and loopback.requests[0].headers["x-tenant"] == "t"


def test_a_static_key_is_unchanged(loopback: LoopbackServer) -> None:
    client = RealtimeClient("sk-static-0001", base_url=loopback.url)
    client.calls.hangup("rtc_1")
    client.calls.hangup("rtc_2")
    assert {bearer(r) for r in loopback.requests} == {"sk-static-0001"}
