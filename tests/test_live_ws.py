"""The Live WebSockets on a real loopback server: primary, sideband (attach) and fork connections.

``client.live.connect()``, ``client.live.sideband.connect(session_id=...)`` and
``client.live.forks.connect(session_id=...)`` run on the Realtime sideband's connection
core and connector, so these tests check what is Live (URLs, query, events, which
client events each connection accepts, the end at ``session.closed``, the senders)
and that the shared guarantees hold here too (error mapping, key scrubbing, hostile
frames, reconnecting, recordings). No real waits: reconnect delays are milliseconds.
"""

import json
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest
from _ws_server import BINARY, TEXT, ServerSide, WebSocketServer

from realtime_sync import (
    APIConnectionError,
    APIResponseValidationError,
    AuthenticationError,
    NotFoundError,
    RealtimeClient,
    RequestValidationError,
)
from realtime_sync.live import LiveConnection, LiveForkConnection, LiveSidebandConnection
from realtime_sync.live.events import (
    LIVE_CLIENT_EVENT_TYPES,
    LIVE_SERVER_EVENT_TYPES,
    LiveErrorEvent,
    LiveResponseEvent,
    LiveSessionClosedEvent,
    LiveSessionStartedEvent,
    LiveTransportDtmfReceivedEvent,
    LiveTransportDtmfSendEvent,
    LiveTransportDtmfSentEvent,
    UnknownLiveServerEvent,
)
from realtime_sync.sideband import (
    ConnectionClosedError,
    FixtureConnector,
    MissingDependencyError,
    ReconnectingEvent,
    ServerEventError,
    WebSocketClientConnector,
)

KEY = "sk-test-live-ws-canary-0123456789"
SESSION = {"id": "live_1", "model": "gpt-live-1", "status": "active", "expires_at": 1700000000}
STARTED = {"type": "session.started", "event_id": "ev_1", "session": SESSION}
CLOSED = {
    "type": "session.closed",
    "event_id": "ev_9",
    "reason": "remote_hangup",
    "session": SESSION,
    "usage": {"seconds": 12.5},
}
FAST = {"initial_delay": 0.001, "max_delay": 0.004}


def client_for(srv: WebSocketServer, **kwargs: Any) -> RealtimeClient:
    return RealtimeClient(KEY, base_url=srv.url, max_retries=0, **kwargs)


# --------------------------------------------------------------------------- the three connections


def test_primary_sends_session_start_first_and_iterates_until_session_closed() -> None:
    def script(ws: ServerSide) -> None:
        start = ws.recv_json()
        assert start["type"] == "session.start"
        ws.send_json(STARTED)
        ws.send_json(
            {
                "type": "session.output_transcript.delta",
                "event_id": "ev_2",
                "delta": "Hello",
                "start_ms": 0,
                "end_ms": 9,
            }
        )
        ws.send_json(CLOSED)
        # Nothing after session.closed is read by the loop (the socket stays open until the client closes it).

    with WebSocketServer(script) as srv:
        client = client_for(srv)
        session = {
            "model": "gpt-live-1",
            "instructions": "Greet.",
            "audio": {"format": {"type": "audio/pcm", "rate": 24000}},
        }
        with client.live.connect(session=session) as conn:
            assert isinstance(conn, LiveConnection) and conn.session_id is None
            events = list(conn)
        srv.join()
    assert [e.type for e in events] == ["session.started", "session.output_transcript.delta", "session.closed"]
    started, delta, closed = events
    assert isinstance(started, LiveSessionStartedEvent) and started.session.id == "live_1"
    assert delta.delta == "Hello"  # type: ignore[union-attr]
    assert (
        isinstance(closed, LiveSessionClosedEvent) and closed.reason == "remote_hangup" and closed.usage.seconds == 12.5
    )
    side = srv.connections[0]
    assert side.path == "/v1/live/sessions" and side.query == {}
    assert side.headers["authorization"] == "Bearer " + KEY
    assert "content-type" not in side.headers
    assert side.messages == [{"type": "session.start", "session": session}]
    assert side.close_frame == (1000, "")


def test_sideband_attach_url_graceful_close_and_dtmf_round_trip() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(STARTED)
        sent = ws.wait_for("transport.dtmf.send")
        ws.send_json(
            {
                "type": "transport.dtmf.sent",
                "event_id": "ev_3",
                "event": sent["event"],
                "client_event_id": sent.get("event_id"),
            }
        )
        ws.send_json({"type": "transport.dtmf.received", "event_id": "ev_4", "event": "#"})
        ws.close(1000)

    with WebSocketServer(script) as srv:
        client = client_for(srv)
        with client.live.sideband.connect(session_id="live_a b/c", graceful_close=True) as conn:
            assert isinstance(conn, LiveSidebandConnection) and conn.session_id == "live_a b/c"
            assert conn.recv(timeout=5).type == "session.started"
            conn.send_dtmf("5", event_id="dtmf_1")
            sent = conn.recv(timeout=5)
            received = conn.recv(timeout=5)
            assert list(conn) == []  # the server's normal close ends the loop
        srv.join()
    assert isinstance(sent, LiveTransportDtmfSentEvent) and (sent.event, sent.client_event_id) == ("5", "dtmf_1")
    assert isinstance(received, LiveTransportDtmfReceivedEvent) and received.event == "#"
    side = srv.connections[0]
    assert side.target == "/v1/live/sessions/live_a%20b%2Fc/attach?graceful_close=true"
    assert side.messages == [{"type": "transport.dtmf.send", "event": "5", "event_id": "dtmf_1"}]


@pytest.mark.parametrize("key", ["55", "E", "", "a", " ", "٣", "5\n"])
def test_a_bad_dtmf_key_is_refused_before_sending(key: str) -> None:
    with WebSocketServer() as srv:
        with client_for(srv).live.sideband.connect(session_id="live_1") as conn:
            with pytest.raises(RequestValidationError) as info:
                conn.send_dtmf(key)
            assert "event.event: expected one DTMF key" in str(info.value)
            with pytest.raises(RequestValidationError):
                conn.transport.dtmf.send(event=key)
            for good in "0123456789ABCD*#":
                conn.transport.dtmf.send(event=good)
        srv.join()
    assert [m["event"] for m in srv.connections[0].messages] == list("0123456789ABCD*#")


def test_each_connection_accepts_its_own_client_events() -> None:
    with WebSocketServer() as srv:
        client = client_for(srv)
        with client.live.sideband.connect(session_id="live_1") as side:
            for event in (
                {"type": "session.start", "session": {"model": "gpt-live-1"}},
                {"type": "session.input_audio.append", "audio": "AAAA"},
            ):
                with pytest.raises(RequestValidationError) as info:
                    side.send(event)
                assert "event.type: expected one of" in str(info.value)
        with client.live.connect() as primary:
            with pytest.raises(RequestValidationError):
                primary.send(LiveTransportDtmfSendEvent(event="1"))  # sideband only
            with pytest.raises(RequestValidationError):
                primary.send({"type": "session.start", "session": {}})  # a primary start needs the model
        srv.join()
    assert [c.messages for c in srv.connections] == [[], []]


def test_fork_url_and_session_overrides() -> None:
    with WebSocketServer(lambda ws: ws.send_json(STARTED)) as srv:
        with client_for(srv).live.forks.connect(session_id="live_1", session={}) as conn:
            assert isinstance(conn, LiveForkConnection)
            assert conn.recv(timeout=5).type == "session.started"
            conn.session.input_audio.append(audio=b"\x00\x01")
        srv.join()
    side = srv.connections[0]
    assert side.path == "/v1/live/sessions/live_1/fork" and side.query == {}
    assert side.messages == [
        {"type": "session.start", "session": {}},
        {"type": "session.input_audio.append", "audio": "AAE="},
    ]


@pytest.mark.parametrize(
    "call, problem",
    [
        (lambda c: c.live.sideband.connect(session_id=""), "session_id"),
        (lambda c: c.live.sideband.connect(session_id=".."), "dot-segment"),
        (lambda c: c.live.forks.connect(session_id="%2e"), "dot-segment"),
        (lambda c: c.live.sideband.connect(session_id="live_1", graceful_close="yes"), "graceful_close"),
        (lambda c: c.live.connect(max_retries=-1), "max_retries"),
        (lambda c: c.live.connect(session={"instructions": "no model"}), "session.model"),
        (lambda c: c.live.forks.connect(session_id="live_1", session={"model": "x"}), "session.model"),
    ],
)
def test_bad_arguments_fail_before_connecting(call: Any, problem: str) -> None:
    with WebSocketServer() as srv, pytest.raises(RequestValidationError) as info:
        call(client_for(srv))
    assert problem in str(info.value)
    assert srv.connections == []


def test_missing_websocket_client_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "websocket", None)  # makes "import websocket" fail
    client = RealtimeClient(KEY, base_url="http://127.0.0.1:9/v1")
    for connect in (client.live.connect, lambda: client.live.sideband.connect(session_id="live_1")):
        with pytest.raises(MissingDependencyError) as info:
            connect()
        assert "client.live.connect" in str(info.value) and "pip install 'realtime_sync[ws]'" in str(info.value)


# --------------------------------------------------------------------------- senders


def test_phone_helpers_and_sdk_style_senders_send_these_frames() -> None:
    with WebSocketServer() as srv:
        with client_for(srv).live.sideband.connect(session_id="live_1") as conn:
            conn.append_instructions("Be brief.")
            conn.append_instructions("Order shipped.", delegation_id="del_1")
            conn.create_response()
            conn.mute()
            conn.unmute()
            conn.function_call_output("call_1", {"status": "shipped"})
            conn.session.instructions.append(content="x", delegation_id=None)
            conn.session.thinking.append(content="checking", event_id="ev_t")
            conn.session.commentary.append(content="One moment.")
            conn.session.output_audio.fixture.play(audio="AAAA")
            conn.session.update(session={"triggers": []})
            conn.decision.create(event_id="dec_1")
            conn.decision.item.create(item={"role": "user", "content": "hi"})
            conn.decision.item.delete(item_id="item_1")
            conn.response.item.create(item={"role": "user", "content": "hi"})
            conn.response.create(event_id="r1")
            conn.close_session()
        srv.join()
    assert srv.connections[0].messages == [
        {"type": "session.instructions.append", "content": "Be brief."},
        {"type": "session.instructions.append", "content": "Order shipped.", "delegation_id": "del_1"},
        {"type": "response.create"},
        {"type": "session.input_audio.mute"},
        {"type": "session.input_audio.unmute"},
        {
            "type": "response.item.create",
            "item": {"type": "function_call_output", "call_id": "call_1", "output": '{"status":"shipped"}'},
        },
        {"type": "response.create"},
        {"type": "session.instructions.append", "content": "x", "delegation_id": None},
        {"type": "session.thinking.append", "content": "checking", "event_id": "ev_t"},
        {"type": "session.commentary.append", "content": "One moment."},
        {"type": "session.output_audio.fixture.play", "audio": "AAAA"},
        {"type": "session.update", "session": {"triggers": []}},
        {"type": "decision.create", "event_id": "dec_1"},
        {"type": "decision.item.create", "item": {"type": "message", "role": "user", "content": "hi"}},
        {"type": "decision.item.delete", "item_id": "item_1"},
        {"type": "response.item.create", "item": {"role": "user", "content": "hi"}},
        {"type": "response.create", "event_id": "r1"},
        {"type": "session.close"},
    ]


def test_the_event_catalogue_matches_live_api_section_4() -> None:
    assert len(LIVE_SERVER_EVENT_TYPES) == 28
    assert len(LIVE_CLIENT_EVENT_TYPES) == 16  # 15 and the sideband's transport.dtmf.send
    assert "transport.dtmf.send" in LIVE_SERVER_EVENT_TYPES  # the legacy notice shares the command's name


# --------------------------------------------------------------------------- errors and hostile servers


def test_error_events_have_a_code_and_raise_on_error_raises() -> None:
    error = {
        "type": "error",
        "event_id": "ev_e",
        "error": {
            "type": "invalid_request_error",
            "code": "fixture_active",
            "message": "busy",
            "client_event_id": "c1",
        },
    }

    with WebSocketServer(lambda ws: (ws.send_json(error), ws.send_json(error))) as srv:
        with client_for(srv).live.connect() as conn:
            event = conn.recv(timeout=5)
            assert isinstance(event, LiveErrorEvent) and event.error.code == "fixture_active"
            conn.raise_on_error = True
            with pytest.raises(ServerEventError) as info:
                conn.recv(timeout=5)
        srv.join()
    assert (info.value.code, info.value.message, info.value.event_id) == ("fixture_active", "busy", "c1")


def test_hostile_frames_raise_library_errors_only() -> None:
    deep = "[" * 100_000 + "]" * 100_000

    def script(ws: ServerSide) -> None:
        ws.send_text("not json")
        ws.send_text("[1, 2]")
        ws.send_text(deep)
        ws.send_json({"type": "session.closed"})  # a known type, every field missing
        ws.send_json({"type": "brand.new", "event_id": "ev_n", "x": {"y": 1}})
        ws.send_json(
            {
                "type": "response.event",
                "event_id": "ev_r",
                "event": {"type": "response.output_text.delta", "delta": "hi"},
            }
        )
        ws.send_frame(BINARY, b"\xff\xfe")  # not UTF-8: the connector closes with 1007

    with WebSocketServer(script) as srv:
        with client_for(srv).live.connect() as conn:
            for _ in range(3):
                with pytest.raises(APIResponseValidationError):
                    conn.recv(timeout=5)
            shapeless = conn.recv(timeout=5)
            assert isinstance(shapeless, LiveSessionClosedEvent) and shapeless.reason is None
            unknown = conn.recv(timeout=5)
            assert isinstance(unknown, UnknownLiveServerEvent)
            assert (unknown.type, unknown.event_id, unknown.raw["x"]) == ("brand.new", "ev_n", {"y": 1})
            response = conn.recv(timeout=5)
            assert isinstance(response, LiveResponseEvent) and response.event["delta"] == "hi"
            with pytest.raises(ConnectionClosedError) as info:
                conn.recv(timeout=5)
            assert info.value.code == 1007
        srv.join()


def test_a_huge_frame_closes_with_1009_before_it_is_read() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_frame(TEXT, b'{"type":"x","pad":"' + b"a" * 5000 + b'"}')

    with WebSocketServer(script) as srv:
        connector = WebSocketClientConnector(max_message_size=1024)
        conn = client_for(srv).live.sideband.connect(session_id="live_1", connector=connector)
        with conn, pytest.raises(ConnectionClosedError) as info:
            list(conn)
        srv.join()
    assert info.value.code == 1009


def test_refused_handshakes_map_to_status_errors_without_the_key() -> None:
    body = {
        "error": {
            "message": "Session live_gone not found.",
            "type": "invalid_request_error",
            "code": "session_not_found",
        }
    }
    echo = {"error": {"message": "Incorrect API key provided: " + KEY, "code": "invalid_api_key"}}
    with WebSocketServer() as srv:
        srv.reject(404, body)
        srv.reject(401, echo)
        srv.reject(302, b"", {"Location": "ws://127.0.0.1:1/elsewhere"})
        client = client_for(srv)
        with pytest.raises(NotFoundError) as missing:
            client.live.sideband.connect(session_id="live_gone")
        with pytest.raises(AuthenticationError) as auth:
            client.live.connect()
        with pytest.raises(APIConnectionError) as redirect:
            client.live.forks.connect(session_id="live_1")
    assert missing.value.code == "session_not_found"
    assert missing.value.request is not None and missing.value.request.url.endswith(
        "/v1/live/sessions/live_gone/attach"
    )
    for text in (str(auth.value), repr(auth.value), repr(auth.value.body), repr(auth.value.request)):
        assert KEY not in text
    assert "redirect" in str(redirect.value).lower()


# --------------------------------------------------------------------------- reconnecting


def test_a_dropped_sideband_reconnects_to_the_same_session_and_the_loop_goes_on() -> None:
    seen: List[ReconnectingEvent] = []
    calls = []

    def script(ws: ServerSide) -> None:
        calls.append(ws)
        if len(calls) == 1:
            ws.send_json(STARTED)
            ws.drop()
        else:
            ws.send_json({"type": "transport.dtmf.received", "event_id": "ev_5", "event": "9"})
            ws.send_json(CLOSED)

    with WebSocketServer(script) as srv:
        with client_for(srv).live.sideband.connect(
            session_id="live_1", graceful_close=False, on_reconnecting=seen.append, **FAST
        ) as conn:
            types = [event.type for event in conn]
        srv.join()
    assert types == ["session.started", "transport.dtmf.received", "session.closed"]
    assert [(e.attempt, e.close_code) for e in seen] == [(1, 1006)]
    assert [c.target for c in srv.connections] == ["/v1/live/sessions/live_1/attach?graceful_close=false"] * 2


def test_no_reconnect_after_session_closed() -> None:
    seen: List[ReconnectingEvent] = []

    def script(ws: ServerSide) -> None:
        ws.send_json(CLOSED)
        ws.drop()

    with WebSocketServer(script) as srv:
        with client_for(srv).live.sideband.connect(session_id="live_1", on_reconnecting=seen.append, **FAST) as conn:
            assert [e.type for e in conn] == ["session.closed"]
            assert list(conn) == []  # ended: a drop after the last event is not an error
        srv.join()
    assert seen == [] and len(srv.connections) == 1


def test_closing_from_another_thread_ends_a_blocked_loop_and_the_reader_thread() -> None:
    ready = threading.Event()

    def script(ws: ServerSide) -> None:
        ws.send_json(STARTED)

    with WebSocketServer(script) as srv:
        conn = client_for(srv).live.sideband.connect(session_id="live_1")
        got: List[str] = []

        def consume() -> None:
            for event in conn:
                got.append(event.type)
                ready.set()

        worker = threading.Thread(target=consume)
        worker.start()
        assert ready.wait(5)
        conn.close()
        worker.join(5)
        assert not worker.is_alive() and got == ["session.started"]
        reader = conn._connection._reader  # type: ignore[attr-defined]
        reader.join(5)
        assert not reader.is_alive()
        srv.join()


# --------------------------------------------------------------------------- recordings


def conversation(conn: LiveSidebandConnection) -> List[Dict[str, Any]]:
    seen = []
    for event in conn:
        seen.append(event.to_dict() if hasattr(event, "to_dict") else dict(event.raw))
        if event.type == "session.started":
            conn.send_dtmf("7", event_id="d1")
    return seen


def test_live_streams_record_redacted_and_replay_with_no_server(tmp_path: Path) -> None:
    path = tmp_path / "live.json"

    def script(ws: ServerSide) -> None:
        ws.send_json(STARTED)
        sent = ws.wait_for("transport.dtmf.send")
        ws.send_json(
            {"type": "transport.dtmf.sent", "event_id": "ev_3", "event": sent["event"], "client_event_id": "d1"}
        )
        ws.send_json({"type": "info", "event_id": "ev_i", "code": "note", "message": "key was " + KEY})
        ws.send_json(CLOSED)

    with WebSocketServer(script) as srv:
        connector = FixtureConnector(path, record_mode="once", env_override=False)
        with connector, client_for(srv).live.sideband.connect(session_id="live_1", connector=connector) as conn:
            live = conversation(conn)
        srv.join()
    text = path.read_text()
    assert KEY not in text and "key was <REDACTED:api_key>" in text
    stored = json.loads(text)["connections"][0]
    assert stored["request"] == {"path": "/v1/live/sessions/live_1/attach"}
    assert {"from": "client", "json": {"type": "transport.dtmf.send", "event": "7", "event_id": "d1"}} in stored[
        "messages"
    ]

    # Replay: no server at all, the same events, the client's messages checked against the recording.
    replay = FixtureConnector(path, env_override=False)
    offline = RealtimeClient(KEY, base_url="http://127.0.0.1:9/v1")
    with offline.live.sideband.connect(session_id="live_1", connector=replay) as conn:
        again = conversation(conn)
    replay.assert_all_played()
    assert [e["type"] for e in again] == ["session.started", "transport.dtmf.sent", "info", "session.closed"]
    assert again[:2] == live[:2] and again[3] == live[3]


# --------------------------------------------------------------------------- the official SDK's code, unchanged


def test_sdk_written_live_code_sends_and_reads_what_the_sdk_does() -> None:
    # tests/data/live_ws_sdk_wire.json: what openai[realtime]==3.51.0 sent, and read back, for the same code
    # (scripts/capture_live_ws_sdk_wire.py): URLs and query, the key, every resource-style sender's frame.
    from _sdk_live_ws import run

    capture = json.loads((Path(__file__).parent / "data" / "live_ws_sdk_wire.json").read_text(encoding="utf-8"))
    ours = run(lambda key, url: RealtimeClient(key, base_url=url, max_retries=0))
    assert capture.pop("sdk") == "openai==3.51.0"
    assert ours == capture


def test_a_recorded_live_call_replays_offline_with_function_tools_and_dtmf() -> None:
    # tests/recordings/live_sideband_call.json: a SIP call on Live, recorded on the loopback server (a delegated
    # function call inside response.event, a DTMF key from the caller, a DTMF key sent, session.closed).
    # Replayed with no server at all; every client message is checked against the recording.
    from realtime_sync.supervisor import FunctionTools

    orders: List[str] = []

    def lookup_order(order_id: str) -> Dict[str, str]:
        orders.append(order_id)
        return {"order_id": order_id, "status": "shipped"}

    tools = FunctionTools({"lookup_order": lookup_order})
    connector = FixtureConnector(Path(__file__).parent / "recordings" / "live_sideband_call.json", env_override=False)
    client = RealtimeClient(KEY, base_url="http://127.0.0.1:9/v1")
    seen = []
    with client.live.sideband.connect(session_id="live_sip_1", connector=connector) as conn:
        for event in tools.events(conn):
            seen.append(event.type)
            if event.type == "transport.dtmf.received" and event.event == "0":
                conn.append_instructions("The caller pressed 0: transfer them to an operator.")
            elif event.type == "session.instructions.appended":
                conn.send_dtmf("1", event_id="dtmf_1")
    connector.assert_all_played()
    assert orders == ["A7"]
    assert seen[0] == "session.started" and seen[-1] == "session.closed"
    assert "transport.dtmf.sent" in seen
