"""Sideband WebSocket against a real loopback WebSocket server (tests/_ws_server.py)."""

import json
import logging
import socket
import sys
import threading
from typing import Any, List

import pytest
from _ws_server import CLOSE, PING, PONG, TEXT, ConnectProxy, ServerSide, WebSocketServer
from conftest import CANARY_KEY

from realtime_sync import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    RealtimeClient,
    RequestValidationError,
)
from realtime_sync.sideband import (
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    MissingDependencyError,
    RealtimeConnection,
    RecvTimeout,
    WebSocketClientConnector,
)
from realtime_sync.sideband.events import UnknownServerEvent

SESSION_CREATED = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
}


def make_client(srv: WebSocketServer, **kwargs: Any) -> RealtimeClient:
    return RealtimeClient(CANARY_KEY, base_url=srv.url, **kwargs)


def test_connect_by_call_id_sends_handshake_and_exchanges_messages() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        assert ws.recv_json() == {"type": "response.create"}

    with WebSocketServer(script) as srv:
        client = make_client(srv, organization="org-1", project="proj-1")
        with client.realtime.connect(call_id="rtc_abc 1") as conn:
            assert json.loads(conn.recv_raw(timeout=5)) == SESSION_CREATED
            conn.send({"type": "response.create"})
        srv.join()
    side = srv.connections[0]
    assert side.method == "GET"
    assert side.path == "/v1/realtime"
    assert side.query == {"call_id": "rtc_abc 1"}
    assert side.target == "/v1/realtime?call_id=rtc_abc+1"
    assert side.headers["authorization"] == "Bearer " + CANARY_KEY
    assert side.headers["openai-organization"] == "org-1"
    assert side.headers["openai-project"] == "proj-1"
    assert side.headers["user-agent"].startswith("realtime_sync/")
    assert side.headers["upgrade"].lower() == "websocket"
    assert "origin" not in side.headers
    assert "content-type" not in side.headers
    # Exact bytes: compact JSON, one text frame; then a normal close from the client.
    assert side.frames[0] == (TEXT, b'{"type":"response.create"}')
    assert side.close_frame == (1000, "")


def test_connect_by_model_and_extra_query_and_headers() -> None:
    with WebSocketServer() as srv:
        client = make_client(srv)
        conn = client.realtime.connect(
            model="gpt-realtime", extra_query={"intent": "x"}, extra_headers={"X-Trace": "t1", "User-Agent": None}
        )
        conn.close()
        srv.join()
    side = srv.connections[0]
    assert side.query == {"model": "gpt-realtime", "intent": "x"}
    assert side.headers["x-trace"] == "t1"
    assert "user-agent" not in side.headers
    assert repr(conn) == "<RealtimeConnection model='gpt-realtime'>"


@pytest.mark.parametrize(
    "kwargs, problem",
    [
        ({}, "call_id: pass call_id"),
        ({"call_id": ""}, "call_id: expected a non-empty string, got ''"),
        ({"call_id": 7}, "call_id: expected a non-empty string, got 7"),
        ({"model": " "}, "model: expected a non-empty string"),
    ],
)
def test_bad_arguments_fail_before_connecting(kwargs: Any, problem: str) -> None:
    with WebSocketServer() as srv, pytest.raises(RequestValidationError) as info:
        make_client(srv).realtime.connect(**kwargs)
    assert problem in str(info.value)
    assert srv.connections == []


def test_unknown_call_id_raises_not_found_with_code() -> None:
    body = {
        "error": {
            "message": "Call with id rtc_gone not found.",
            "type": "invalid_request_error",
            "code": "call_id_not_found",
            "param": None,
        }
    }
    with WebSocketServer() as srv:
        srv.reject(404, body, {"Content-Type": "application/json", "x-request-id": "req_404"})
        with pytest.raises(NotFoundError) as info:
            make_client(srv).realtime.connect(call_id="rtc_gone")
    exc = info.value
    assert exc.status_code == 404
    assert exc.code == "call_id_not_found"
    assert exc.request_id == "req_404"
    assert str(exc) == "Error code: 404 - Call with id rtc_gone not found. (request id: req_404)"
    assert exc.request is not None and exc.request.url.endswith("/v1/realtime?call_id=rtc_gone")


def test_auth_failure_raises_authentication_error_without_the_key() -> None:
    # A server that echoes the key back must not get it into our error.
    body = {"error": {"message": "Incorrect API key provided: " + CANARY_KEY, "code": "invalid_api_key"}}
    with WebSocketServer() as srv:
        srv.reject(401, body)
        with pytest.raises(AuthenticationError) as info:
            make_client(srv).realtime.connect(call_id="rtc_1")
    exc = info.value
    assert exc.code == "invalid_api_key"
    for text in (str(exc), repr(exc), exc.message, repr(exc.body), repr(exc.request), exc.response.body.decode()):
        assert CANARY_KEY not in text
    assert "Incorrect API key provided: <redacted>" in str(exc)


def test_redirect_is_not_followed() -> None:
    with WebSocketServer() as srv:
        srv.reject(302, b"", {"Location": "ws://127.0.0.1:1/elsewhere"})
        with pytest.raises(APIConnectionError) as info:
            make_client(srv).realtime.connect(call_id="rtc_1")
    assert "redirect" in str(info.value).lower()
    assert len(srv.connections) == 1


def test_connection_refused_is_a_connection_error() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = RealtimeClient(CANARY_KEY, base_url="http://127.0.0.1:%d/v1" % port)
    with pytest.raises(APIConnectionError) as info:
        client.realtime.connect(call_id="rtc_1")
    assert not isinstance(info.value, APITimeoutError)
    assert "Could not open the WebSocket" in str(info.value)
    assert CANARY_KEY not in str(info.value)


def test_handshake_timeout() -> None:
    # Listening but never answering: the TCP connect succeeds, the upgrade never comes.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        client = RealtimeClient(CANARY_KEY, base_url="http://127.0.0.1:%d/v1" % sock.getsockname()[1])
        with pytest.raises(APITimeoutError):
            client.realtime.connect(call_id="rtc_1", timeout=0.2)
    finally:
        sock.close()


def test_missing_websocket_client_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "websocket", None)  # makes "import websocket" fail
    client = RealtimeClient(CANARY_KEY, base_url="http://127.0.0.1:9/v1")
    with pytest.raises(MissingDependencyError) as info:
        client.realtime.connect(call_id="rtc_1")
    assert isinstance(info.value, ImportError)
    assert "pip install 'realtime_sync[ws]'" in str(info.value)


def test_importing_sideband_does_not_import_websocket() -> None:
    import subprocess

    code = "import realtime_sync.sideband, sys; print('websocket' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_recv_timeout_raises_and_connection_stays_usable() -> None:
    def script(ws: ServerSide) -> None:
        ws.wait_for("go")
        ws.send_json({"type": "late"})

    with WebSocketServer(script) as srv:
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn:
            with pytest.raises(RecvTimeout) as info:
                conn.recv_raw(timeout=0.1)
            assert info.value.timeout == 0.1
            with pytest.raises(RecvTimeout):
                conn.recv_raw(timeout=0)
            conn.send_raw('{"type": "go"}')
            assert json.loads(conn.recv_raw(timeout=5)) == {"type": "late"}
        srv.join()


@pytest.mark.parametrize("code", [1000, 1001])
def test_normal_server_close_ends_iteration(code: int) -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "a"})
        ws.send_json({"type": "b"})
        ws.close(code, "bye")

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        assert [event.type for event in conn] == ["a", "b"]
        for _ in range(2):  # every later call raises too
            with pytest.raises(ConnectionClosedOK) as info:
                conn.recv(timeout=5)
            assert (info.value.code, info.value.reason) == (code, "bye")
        with pytest.raises(ConnectionClosedOK):
            conn.send({"type": "response.create"})
        conn.close()  # idempotent after a server close
        srv.join()
    assert srv.connections[0].close_frame == (code, "")  # the client echoed the close


@pytest.mark.parametrize(
    "code, reason, text",
    [
        (1011, "boom", "WebSocket closed with code 1011 (internal server error): boom"),
        (4000, "call ended", "WebSocket closed with code 4000 (application-defined): call ended"),
        (1008, "", "WebSocket closed with code 1008 (policy violation)"),
    ],
)
def test_error_close_codes_raise_connection_closed_error(code: int, reason: str, text: str) -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "a"})
        ws.close(code, reason)

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        received: List[Any] = []
        with pytest.raises(ConnectionClosedError) as info:
            for event in conn:
                received.append(event)
        srv.join()
    assert [e.type for e in received] == ["a"]
    assert (info.value.code, info.value.reason) == (code, reason)
    assert str(info.value) == text
    assert isinstance(info.value, APIConnectionError)


def test_dropped_connection_raises_1006() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "a"})
        ws.drop()

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        assert conn.recv(timeout=5) == UnknownServerEvent(raw={"type": "a"})
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
        assert info.value.code == 1006
        assert "dropped" in str(info.value)
        with pytest.raises(ConnectionClosedError):
            conn.send({"type": "response.create"})
        conn.close()
        srv.join()


def test_server_ping_is_answered_with_a_pong() -> None:
    seen = []

    def script(ws: ServerSide) -> None:
        ws.ping(b"are-you-there")
        seen.append(ws.recv_frame())
        ws.send_json({"type": "after-pong"})

    with WebSocketServer(script) as srv:
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn:
            assert conn.recv(timeout=5) == UnknownServerEvent(raw={"type": "after-pong"})
        srv.join()
    assert seen == [(PONG, b"are-you-there")]


def test_keepalive_detects_a_silent_server() -> None:
    def script(ws: ServerSide) -> None:
        ws.answer_pings = False  # a half-dead peer: TCP open, nothing answers

    with WebSocketServer(script) as srv:
        connector = WebSocketClientConnector(ping_interval=0.1)
        conn = make_client(srv).realtime.connect(call_id="rtc_1", connector=connector)
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=10)
        assert (info.value.code, info.value.reason) == (1011, "keepalive ping timeout")
        conn.close()
        srv.join()
    assert srv.connections[0].frames[0] == (PING, b"realtime_sync keepalive")


def test_keepalive_pong_keeps_the_connection_open() -> None:
    def script(ws: ServerSide) -> None:
        # Answer pings (default) until the client has pinged twice.
        pings = 0
        while pings < 2:
            opcode, _ = ws.recv_frame()
            pings += opcode == PING
        ws.send_json({"type": "still-here"})

    with WebSocketServer(script) as srv:
        connector = WebSocketClientConnector(ping_interval=0.25)
        with make_client(srv).realtime.connect(call_id="rtc_1", connector=connector) as conn:
            assert conn.recv(timeout=10) == UnknownServerEvent(raw={"type": "still-here"})
        srv.join()


def test_client_close_sends_code_and_reason_and_is_idempotent() -> None:
    with WebSocketServer() as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        conn.close(4001, "done here")
        conn.close()
        with pytest.raises(ConnectionClosedOK) as info:
            conn.recv(timeout=5)
        assert info.value.code == 4001
        with pytest.raises(ConnectionClosed):
            conn.send({"type": "response.create"})
        srv.join()
    side = srv.connections[0]
    assert side.close_frame == (4001, "done here")
    assert [op for op, _ in side.frames] == [CLOSE]


def test_fragmented_and_large_messages() -> None:
    big = "x" * 200_000

    def script(ws: ServerSide) -> None:
        ws.send_frame(TEXT, b'{"type":"frag', fin=False)
        ws.send_frame(0x0, b'mented"}', fin=True)
        ws.send_json({"type": "big", "data": big})
        assert ws.recv_json() == {"type": "input_audio_buffer.append", "audio": big}

    with WebSocketServer(script) as srv:
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn:
            assert conn.recv(timeout=5) == UnknownServerEvent(raw={"type": "fragmented"})
            assert conn.recv(timeout=5) == UnknownServerEvent(raw={"type": "big", "data": big})
            conn.input_audio_buffer_append(big)
        srv.join()


def test_invalid_utf8_message_closes_with_1007() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_frame(0x2, b"\xff\xfe")

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
        assert info.value.code == 1007
        srv.join()
    assert srv.connections[0].close_frame is not None
    assert srv.connections[0].close_frame[0] == 1007


def test_sends_from_other_threads_while_receiving() -> None:
    count = 200

    def script(ws: ServerSide) -> None:
        for _ in range(2 * count):
            ws.recv_json()
        ws.send_json({"type": "all-received"})

    with WebSocketServer(script) as srv:
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn:

            def sender(name: str) -> None:
                for i in range(count):
                    conn.send({"type": "input_audio_buffer.append", "audio": "%s-%d" % (name, i) + "A" * 500})

            threads = [threading.Thread(target=sender, args=(n,)) for n in ("t1", "t2")]
            for t in threads:
                t.start()
            assert conn.recv(timeout=10) == UnknownServerEvent(raw={"type": "all-received"})
            for t in threads:
                t.join()
        srv.join()
    audio = [m["audio"].rstrip("A") for m in srv.connections[0].messages]
    assert sorted(audio) == sorted("%s-%d" % (n, i) for n in ("t1", "t2") for i in range(count))
    # Each thread's messages arrive in the order it sent them.
    assert [a for a in audio if a.startswith("t1-")] == ["t1-%d" % i for i in range(count)]


@pytest.mark.parametrize(
    "event, problem",
    [
        ([1, 2], "event: expected a client event or a dict, got list"),
        ({"audio": "x"}, "event.type: required field missing"),
        ({"type": "response.create", "response": {"metadata": {"a": float("nan")}}}, "event.response.metadata.a"),
        ({"type": "response.craete"}, "event.type: expected one of 'conversation.item.create'"),
        ({"type": "input_audio_buffer.append"}, "event.audio: required field missing"),
    ],
)
def test_bad_events_are_rejected_before_sending(event: Any, problem: str) -> None:
    with WebSocketServer() as srv:
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn, pytest.raises(RequestValidationError) as info:
            conn.send(event)
        srv.join()
    assert problem in str(info.value)
    assert srv.connections[0].messages == []


def test_api_key_never_in_logs_or_reprs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def script(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        ws.drop()

    with WebSocketServer(script) as srv:
        client = make_client(srv)
        conn = client.realtime.connect(call_id="rtc_1")
        conn.recv(timeout=5)
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
        texts = [repr(conn), repr(conn._connection), repr(client.realtime), str(info.value), repr(info.value)]
        conn.close()
        srv.join()
    assert caplog.records, "expected debug logs from the sideband"
    assert CANARY_KEY not in caplog.text
    for text in texts:
        assert CANARY_KEY not in text


def test_connection_object_is_a_realtime_connection_with_call_id() -> None:
    with WebSocketServer() as srv:
        with make_client(srv).realtime.connect(call_id="rtc_9") as conn:
            assert isinstance(conn, RealtimeConnection)
            assert conn.call_id == "rtc_9"
            assert repr(conn) == "<RealtimeConnection call_id='rtc_9'>"
        srv.join()


def test_connector_rejects_unsafe_option_overrides() -> None:
    with pytest.raises(ValueError, match="redirect_limit"):
        WebSocketClientConnector(redirect_limit=3)
    with pytest.raises(ValueError, match="ping_interval"):
        WebSocketClientConnector(ping_interval=0)
    for bad in (0, -1, float("nan"), float("inf"), True, "5"):
        with pytest.raises(ValueError, match="close_timeout: expected a positive number of seconds or None"):
            WebSocketClientConnector(close_timeout=bad)  # type: ignore[arg-type]


def test_close_without_an_echo_releases_the_socket_and_ends_the_reader_after_close_timeout() -> None:
    # A server that never echoes our close frame. The reader is blocked in recv with the ping interval
    # (20 s) as its socket timeout: close() must wake it and release the socket after close_timeout,
    # not leave both alive until the ping interval runs out (websocket-client's abort() is a no-op
    # once send_close has run).
    def script(ws: ServerSide) -> None:
        ws.echo_close = False

    before = set(threading.enumerate())
    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(
            call_id="rtc_1", connector=WebSocketClientConnector(close_timeout=0.05)
        )
        conn.close()
        assert [t for t in threading.enumerate() if t not in before and t.name == "realtime_sync-sideband-reader"] == []
        srv.join()  # the server's read saw EOF (it fails after its own 10 s timeout otherwise)
    assert srv.connections[0].close_frame == (1000, "")
    with pytest.raises(ConnectionClosedOK):
        conn.recv()


def test_close_frame_without_status_code_is_normal() -> None:
    def script(ws: ServerSide) -> None:
        ws.close(None)

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        assert list(conn) == []
        with pytest.raises(ConnectionClosedOK) as info:
            conn.recv(timeout=5)
        assert info.value.code is None
        srv.join()
    # Our echo of an empty close frame carries no code either.
    assert srv.connections[0].close_frame == (None, "")


def _echo_session(ws: ServerSide) -> None:
    ws.send_json(SESSION_CREATED)


def test_http_proxy_option_tunnels_the_connection() -> None:
    with WebSocketServer(_echo_session) as srv, ConnectProxy() as proxy:
        connector = WebSocketClientConnector(
            http_proxy_host="127.0.0.1",
            http_proxy_port=proxy.port,
            http_proxy_auth=("user", "pass"),
            http_no_proxy=["nothing.invalid"],  # older websocket-client exempts 127.0.0.1 by default
        )
        with make_client(srv).realtime.connect(call_id="rtc_1", connector=connector) as conn:
            assert conn.recv(timeout=5).type == "session.created"
        srv.join()
    ((line, headers),) = proxy.requests
    assert line == "CONNECT 127.0.0.1:%d HTTP/1.1" % srv.port
    assert headers["proxy-authorization"] == "Basic dXNlcjpwYXNz"
    # The API key goes through the tunnel to the server, never to the proxy.
    assert CANARY_KEY not in repr(headers)
    assert srv.connections[0].headers["authorization"] == "Bearer " + CANARY_KEY


def test_proxy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with WebSocketServer(_echo_session) as srv, ConnectProxy() as proxy:
        monkeypatch.setenv("http_proxy", "http://127.0.0.1:%d" % proxy.port)
        monkeypatch.setenv("no_proxy", "nothing.invalid")  # the default would exempt 127.0.0.1
        with make_client(srv).realtime.connect(call_id="rtc_1") as conn:
            assert conn.recv(timeout=5).type == "session.created"
        srv.join()
    assert [line for line, _ in proxy.requests] == ["CONNECT 127.0.0.1:%d HTTP/1.1" % srv.port]


def test_close_does_not_wait_forever_for_a_silent_peer() -> None:
    def script(ws: ServerSide) -> None:
        ws.echo_close = False

    with WebSocketServer(script) as srv:
        connector = WebSocketClientConnector(ping_interval=0.1)
        conn = make_client(srv).realtime.connect(call_id="rtc_1", connector=connector)
        conn.close()
        reader = conn._connection._reader  # type: ignore[attr-defined]
        assert not reader.is_alive()
        with pytest.raises(ConnectionClosedOK):
            conn.recv(timeout=1)
        srv.join()
    assert srv.connections[0].close_frame == (1000, "")


def test_reader_thread_ends_with_the_connection() -> None:
    def script(ws: ServerSide) -> None:
        ws.close(1000)

    with WebSocketServer(script) as srv:
        conn = make_client(srv).realtime.connect(call_id="rtc_1")
        assert list(conn) == []
        reader = conn._connection._reader  # type: ignore[attr-defined]
        reader.join(5)
        assert not reader.is_alive()
        srv.join()
