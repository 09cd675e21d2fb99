"""Recorded sideband streams: record through a real WebSocket server, replay with no server at all."""

import json
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest
from _ws_server import ServerSide, WebSocketServer
from conftest import CANARY_KEY

from realtime_sync import (
    FixtureError,
    FixtureMismatchError,
    NotFoundError,
    RealtimeClient,
)
from realtime_sync.sideband import ConnectionClosedError, ConnectionClosedOK, FixtureConnector, RecvTimeout
from realtime_sync.sideband import events as ev

NOWHERE = "http://127.0.0.1:9/v1"  # replay must never connect: nothing listens on the discard port
EK = "ek_68af296e8e408191a1120ab6383263c2"

SESSION_CREATED = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1", "instructions": "Be brief."},
}
CALL_DONE = {
    "type": "response.function_call_arguments.done",
    "event_id": "event_2",
    "response_id": "resp_1",
    "item_id": "item_1",
    "output_index": 0,
    "call_id": "call_1",
    "name": "lookup",
    # Secrets a server might echo: they must not reach the file.
    "arguments": json.dumps({"token": EK, "key": CANARY_KEY}),
}
RESPONSE_DONE = {
    "type": "response.done",
    "event_id": "event_3",
    "response": {"id": "resp_2", "object": "realtime.response", "status": "completed", "output": []},
}


def script(ws: ServerSide) -> None:
    ws.send_json(SESSION_CREATED)
    ws.send_json(CALL_DONE)
    ws.wait_for("response.create")
    ws.send_json(RESPONSE_DONE)
    ws.close(1000, "call ended")


def conversation(client: RealtimeClient, connector: Any) -> List[Any]:
    """The code under test: identical for recording and replay."""
    seen: List[Any] = []
    with client.realtime.connect(call_id="rtc_1", connector=connector) as conn:
        for event in conn:
            seen.append(event)
            if isinstance(event, ev.ResponseFunctionCallArgumentsDoneEvent):
                conn.function_call_output(event.call_id, {"found": True})
    return seen


def record(path: Path) -> List[Any]:
    with WebSocketServer(script) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        seen = conversation(client, FixtureConnector(path, record_mode="once"))
        srv.join()
    return seen


def test_record_writes_a_redacted_diffable_file(tmp_path: Path) -> None:
    path = tmp_path / "rec" / "call.json"
    seen = record(path)
    assert [e.type for e in seen] == ["session.created", "response.function_call_arguments.done", "response.done"]
    text = path.read_text(encoding="utf-8")
    assert CANARY_KEY not in text and EK not in text
    assert "Bearer" not in text and "authorization" not in text.lower()
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["format"] == 1 and data["kind"] == "websocket"
    (conn,) = data["connections"]
    assert conn["request"] == {"path": "/v1/realtime", "query": {"call_id": ["rtc_1"]}}
    assert conn["response"] == {"status": 101}
    arguments = json.loads(conn["messages"][1]["json"]["arguments"])
    assert arguments == {"token": "ek_REDACTED_1", "key": "<REDACTED:api_key>"}
    assert conn["messages"] == [
        {"from": "server", "json": SESSION_CREATED},
        {"from": "server", "json": dict(CALL_DONE, arguments=conn["messages"][1]["json"]["arguments"])},
        {
            "from": "client",
            "json": {
                "type": "conversation.item.create",
                "item": {"type": "function_call_output", "call_id": "call_1", "output": '{"found":true}'},
            },
        },
        {"from": "client", "json": {"type": "response.create"}},
        {"from": "server", "json": RESPONSE_DONE},
        {"from": "server", "close": {"code": 1000, "reason": "call ended"}},
    ]


def test_replay_needs_no_server_and_gives_the_same_events(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    recorded = record(path)
    connector = FixtureConnector(path)
    replayed = conversation(RealtimeClient("sk-replay-anything", base_url=NOWHERE), connector)
    assert [type(e) for e in replayed] == [type(e) for e in recorded]
    assert replayed[0] == recorded[0]
    connector.assert_all_played()
    # "once" with an existing file replays too.
    again = FixtureConnector(path, record_mode="once")
    conversation(RealtimeClient("sk-replay-anything", base_url=NOWHERE), again)
    again.assert_all_played()


def write(path: Path, messages: List[Dict[str, Any]], response: Any = None) -> Path:
    conn: Dict[str, Any] = {
        "request": {"path": "/v1/realtime", "query": {"call_id": ["rtc_1"]}},
        "response": response or {"status": 101},
        "messages": messages,
    }
    path.write_text(json.dumps({"format": 1, "kind": "websocket", "connections": [conn]}), encoding="utf-8")
    return path


def replay_client() -> RealtimeClient:
    return RealtimeClient("sk-replay-anything", base_url=NOWHERE)


def test_client_message_mismatch_shows_a_diff(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.json",
        [{"from": "client", "json": {"type": "response.create", "response": {"instructions": "Say hi."}}}],
    )
    connector = FixtureConnector(path)
    with replay_client().realtime.connect(call_id="rtc_1", connector=connector) as conn:
        with pytest.raises(FixtureMismatchError) as info:
            conn.response_create({"instructions": "Say bye."})
        text = str(info.value)
        assert "client message 0 differs from the recording" in text
        assert '\n-    "instructions": "Say hi."\n+    "instructions": "Say bye."\n' in text
        conn.response_create({"instructions": "Say hi."})  # the right one still matches
        with pytest.raises(FixtureMismatchError, match="sent more messages than recorded"):
            conn.response_cancel()
    connector.assert_all_played()


def test_server_messages_wait_for_the_client_messages_recorded_before_them(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.json",
        [
            {"from": "server", "json": {"type": "input_audio_buffer.cleared", "event_id": "e1"}},
            {"from": "client", "json": {"type": "response.create"}},
            {"from": "server", "json": {"type": "input_audio_buffer.cleared", "event_id": "e2"}},
        ],
    )
    connector = FixtureConnector(path, stall_timeout=0.2)
    with replay_client().realtime.connect(call_id="rtc_1", connector=connector) as conn:
        assert conn.recv().event_id == "e1"
        with pytest.raises(RecvTimeout):
            conn.recv(timeout=0.05)
        with pytest.raises(FixtureMismatchError) as info:
            conn.recv()
        assert "the recording expects the client to send this first" in str(info.value)
        assert '"type": "response.create"' in str(info.value)
        conn.response_create()
        assert conn.recv().event_id == "e2"
        with pytest.raises(FixtureMismatchError, match="no more server messages are recorded"):
            conn.recv()
    connector.assert_all_played()


def test_sender_thread_unblocks_the_replayed_reader(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.json",
        [
            {"from": "client", "json": {"type": "input_audio_buffer.commit"}},
            {"from": "server", "json": {"type": "input_audio_buffer.committed", "event_id": "e1", "item_id": "i1"}},
        ],
    )
    connector = FixtureConnector(path)
    with replay_client().realtime.connect(call_id="rtc_1", connector=connector) as conn:
        sender = threading.Thread(target=conn.input_audio_buffer_commit)
        sender.start()
        event = conn.recv()
        sender.join()
    assert isinstance(event, ev.InputAudioBufferCommittedEvent) and event.item_id == "i1"


def test_recorded_close_codes_replay_as_the_same_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", [{"from": "server", "close": {"code": 1011, "reason": "boom"}}])
    with replay_client().realtime.connect(call_id="rtc_1", connector=FixtureConnector(path)) as conn:
        with pytest.raises(ConnectionClosedError) as info:
            list(conn)
        assert (info.value.code, info.value.reason) == (1011, "boom")
        with pytest.raises(ConnectionClosedError):
            conn.send({"type": "response.create"})


def test_client_close_then_recv_raises_closed_ok(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", [])
    conn = replay_client().realtime.connect(call_id="rtc_1", connector=FixtureConnector(path))
    conn.close()
    with pytest.raises(ConnectionClosedOK):
        conn.recv(timeout=1)


def test_refused_handshake_is_recorded_and_replayed(tmp_path: Path) -> None:
    path = tmp_path / "gone.json"
    body = {"error": {"message": "Call not found.", "type": "invalid_request_error", "code": "call_id_not_found"}}
    with WebSocketServer() as srv:
        srv.reject(404, body, {"Content-Type": "application/json", "x-request-id": "req_9", "Set-Cookie": "s=1"})
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        with pytest.raises(NotFoundError):
            client.realtime.connect(call_id="rtc_gone", connector=FixtureConnector(path, record_mode="once"))
    stored = json.loads(path.read_text())["connections"][0]["response"]
    assert stored == {
        "status": 404,
        "headers": {"content-type": "application/json", "x-request-id": "req_9"},
        "json": body,
    }
    with pytest.raises(NotFoundError) as info:
        replay_client().realtime.connect(call_id="rtc_gone", connector=FixtureConnector(path))
    assert info.value.code == "call_id_not_found"
    assert info.value.request_id == "req_9"


def test_unmatched_connection_is_a_mismatch_with_the_nearest_recording(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", [])
    connector = FixtureConnector(path)
    with pytest.raises(FixtureMismatchError) as info:
        replay_client().realtime.connect(call_id="rtc_other", connector=connector)
    text = str(info.value)
    assert 'no recorded WebSocket connection matches GET /v1/realtime {"call_id": ["rtc_other"]}' in text
    assert 'nearest unused recording: GET /v1/realtime {"call_id": ["rtc_1"]}' in text
    assert '-/v1/realtime {"call_id": ["rtc_1"]}\n+/v1/realtime {"call_id": ["rtc_other"]}' in text
    with pytest.raises(FixtureError, match=r"connections\[0\] .* was never opened"):
        connector.assert_all_played()


def test_assert_all_played_reports_what_is_left(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.json",
        [
            {"from": "server", "json": {"type": "input_audio_buffer.cleared", "event_id": "e1"}},
            {"from": "client", "json": {"type": "response.create"}},
        ],
    )
    connector = FixtureConnector(path)
    replay_client().realtime.connect(call_id="rtc_1", connector=connector).close()
    with pytest.raises(FixtureError) as info:
        connector.assert_all_played()
    assert "1 recorded client message(s) never sent, from messages[1]" in str(info.value)
    assert "1 recorded server message(s) never received, from messages[0]" in str(info.value)


def test_missing_recording_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="no such recording"):
        FixtureConnector(tmp_path / "absent.json")
    http_fixture = tmp_path / "http.json"
    http_fixture.write_text('{"format": 1, "interactions": []}')
    with pytest.raises(FixtureError, match="not a WebSocket recording"):
        FixtureConnector(http_fixture)
    newer = tmp_path / "newer.json"
    newer.write_text('{"format": 99, "kind": "websocket", "connections": []}')
    with pytest.raises(FixtureError, match="newer than this library reads"):
        FixtureConnector(newer)
    with pytest.raises(Exception, match="record_mode"):
        FixtureConnector(newer, record_mode="sometimes")


def test_the_environment_key_echoed_in_any_encoding_is_redacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_key = "sk-env-only-secret-0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", env_key)
    escaped = "".join("%%%02X" % ord(c) for c in env_key)

    def leaky(ws: ServerSide) -> None:
        ws.send_json({"type": "rate_limits.updated", "event_id": "e1", "rate_limits": [], "note": env_key})
        ws.send_json({"type": "x.custom", "event_id": "e2", "note": escaped, "ek_as_a_key": 1})

    path = tmp_path / "leak.json"
    with WebSocketServer(leaky) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        connector = FixtureConnector(path, record_mode="all")
        with client.realtime.connect(call_id="rtc_1", connector=connector) as conn:
            conn.recv(timeout=5)
            conn.recv(timeout=5)
        srv.join()
    text = path.read_text()
    assert env_key not in text and escaped not in text and "ek_as_a_key" not in text
    assert "<REDACTED:api_key>" in text


def test_secrets_option_is_redacted_everywhere(tmp_path: Path) -> None:
    def script_with_org(ws: ServerSide) -> None:
        ws.send_json({"type": "x.custom", "event_id": "e1", "org": "org-secret-777"})

    path = tmp_path / "org.json"
    with WebSocketServer(script_with_org) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        connector = FixtureConnector(path, record_mode="all", secrets=["org-secret-777"])
        with client.realtime.connect(call_id="rtc_1", connector=connector) as conn:
            event = conn.recv(timeout=5)
        srv.join()
    assert isinstance(event, ev.UnknownServerEvent) and event.raw["org"] == "org-secret-777"  # live data untouched
    assert "org-secret-777" not in path.read_text()
    assert json.loads(path.read_text())["connections"][0]["messages"][0]["json"]["org"] == "<REDACTED:secret>"
