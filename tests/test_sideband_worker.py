"""examples/sideband_worker.py: replayed offline from a recording, and re-recorded against a scripted server."""

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict

import pytest
from _server import LoopbackServer
from _ws_server import ServerSide, WebSocketServer
from conftest import CANARY_KEY

from realtime_sync import RealtimeClient
from realtime_sync.sideband import FixtureConnector

ROOT = Path(__file__).resolve().parent.parent
RECORDING = ROOT / "tests" / "recordings" / "sideband_worker.json"
CALL_ID = "rtc_u1_9c6574da8b8a41a18da9308f4ad974ce"


def load_worker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sideband_worker", ROOT / "examples" / "sideband_worker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sideband_worker"] = module
    spec.loader.exec_module(module)
    return module


worker = load_worker()


# --------------------------------------------------------------------------- a scripted Realtime API

EVENT_NUMBER = [0]


def send(ws: ServerSide, type_: str, **fields: Any) -> None:
    EVENT_NUMBER[0] += 1
    ws.send_json(dict({"type": type_, "event_id": "event_%04d" % EVENT_NUMBER[0]}, **fields))


def session(**changes: Any) -> Dict[str, Any]:
    base: Dict[str, Any] = {
        "id": "sess_CVsW5lGkXAzdp2kVbCqGJ",
        "object": "realtime.session",
        "type": "realtime",
        "model": "gpt-realtime",
        "output_modalities": ["audio"],
        "instructions": "You are a helpful assistant.",
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "prompt": None,
        "expires_at": 1767229200,
        "audio": {
            "input": {
                "format": {"type": "audio/pcmu"},
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 200,
                    "idle_timeout_ms": None,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {"format": {"type": "audio/pcmu"}, "voice": "marin", "speed": 1.0},
        },
    }
    base.update(changes)
    return base


def response(resp_id: str, status: str, output: Any) -> Dict[str, Any]:
    data: Dict[str, Any] = {
        "object": "realtime.response",
        "id": resp_id,
        "status": status,
        "status_details": None,
        "output": output,
        "conversation_id": "conv_CVsW5ZrXNuXJ1EEMxu3yA",
        "output_modalities": ["audio"],
        "max_output_tokens": "inf",
        "audio": {"output": {"format": {"type": "audio/pcmu"}, "voice": "marin"}},
        "usage": None,
        "metadata": None,
    }
    if status == "completed":
        data["usage"] = {"total_tokens": 120, "input_tokens": 100, "output_tokens": 20}
    return data


def assistant(item_id: str, transcript: str) -> Dict[str, Any]:
    return {
        "id": item_id,
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_audio", "transcript": transcript}],
    }


def caller_says(ws: ServerSide, item_id: str, transcript: str) -> None:
    send(ws, "input_audio_buffer.speech_started", audio_start_ms=1200, item_id=item_id)
    send(ws, "input_audio_buffer.speech_stopped", audio_end_ms=3400, item_id=item_id)
    send(ws, "input_audio_buffer.committed", previous_item_id=None, item_id=item_id)
    send(
        ws,
        "conversation.item.input_audio_transcription.completed",
        item_id=item_id,
        content_index=0,
        transcript=transcript,
        usage={"type": "duration", "seconds": 2.2},
    )


def realtime_api(ws: ServerSide) -> None:
    """What the Realtime API sends on a sideband connection for this call."""
    EVENT_NUMBER[0] = 0
    send(ws, "session.created", session=session())
    update = ws.wait_for("session.update")
    send(ws, "session.updated", session=session(**{k: v for k, v in update["session"].items() if k != "audio"}))
    caller_says(ws, "item_user_1", "Hi, where is my order A17?")
    call_item = {
        "id": "item_fc_1",
        "type": "function_call",
        "status": "completed",
        "name": "lookup_order",
        "call_id": "call_Jx3FZ1",
        "arguments": '{"order_id":"A17"}',
    }
    send(ws, "response.created", response=response("resp_1", "in_progress", []))
    send(
        ws,
        "response.output_item.added",
        response_id="resp_1",
        output_index=0,
        item=dict(call_item, status="in_progress", arguments=""),
    )
    send(
        ws,
        "response.function_call_arguments.done",
        response_id="resp_1",
        item_id="item_fc_1",
        output_index=0,
        call_id="call_Jx3FZ1",
        name="lookup_order",
        arguments='{"order_id":"A17"}',
    )
    send(ws, "response.output_item.done", response_id="resp_1", output_index=0, item=call_item)
    send(ws, "response.done", response=response("resp_1", "completed", [call_item]))
    ws.wait_for("response.create")
    answer = "Your order A17 has shipped and should arrive on November 25th."
    send(ws, "response.created", response=response("resp_2", "in_progress", []))
    send(
        ws,
        "response.output_audio_transcript.done",
        response_id="resp_2",
        item_id="item_a_2",
        output_index=0,
        content_index=0,
        transcript=answer,
    )
    send(ws, "response.done", response=response("resp_2", "completed", [assistant("item_a_2", answer)]))
    caller_says(ws, "item_user_3", "Perfect, thank you. Goodbye!")
    farewell = ws.wait_for("response.create")
    assert farewell["response"]["instructions"].startswith("The caller is leaving")
    send(ws, "response.created", response=response("resp_3", "in_progress", []))
    send(ws, "response.done", response=response("resp_3", "completed", [assistant("item_a_3", "Goodbye!")]))


# --------------------------------------------------------------------------- tests


def test_worker_replays_the_recording_offline(loopback: LoopbackServer) -> None:
    # HTTP (the hangup) goes to the loopback server; the WebSocket is replayed: no server.
    client = RealtimeClient(CANARY_KEY, base_url=loopback.url)
    connector = FixtureConnector(RECORDING)
    assert worker.run_worker(client, CALL_ID, connector=connector) == "hung up"
    connector.assert_all_played()
    assert [(r.method, r.path) for r in loopback.requests] == [("POST", "/v1/realtime/calls/%s/hangup" % CALL_ID)]


def test_recording_is_exactly_what_the_worker_records(tmp_path: Path) -> None:
    path = tmp_path / "sideband_worker.json"
    with WebSocketServer(realtime_api) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        assert worker.run_worker(client, CALL_ID, connector=FixtureConnector(path, record_mode="all")) == "hung up"
        srv.join()
    assert [(r.method, r.path) for r in srv.http_requests] == [("POST", "/v1/realtime/calls/%s/hangup" % CALL_ID)]
    assert srv.http_requests[0].headers["authorization"] == "Bearer " + CANARY_KEY
    recorded = path.read_text(encoding="utf-8")
    assert CANARY_KEY not in recorded
    assert recorded == RECORDING.read_text(encoding="utf-8")


def test_worker_answers_the_function_call_on_the_wire() -> None:
    with WebSocketServer(realtime_api) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        worker.run_worker(client, CALL_ID)
        srv.join()
    sent = srv.connections[0].messages
    assert [m["type"] for m in sent] == [
        "session.update",
        "conversation.item.create",
        "response.create",
        "response.create",
    ]
    assert sent[0]["session"]["tools"][0]["name"] == "lookup_order"
    assert sent[1]["item"] == {
        "type": "function_call_output",
        "call_id": "call_Jx3FZ1",
        "output": '{"eta": "2026-11-25", "order_id": "A17", "status": "shipped"}',
    }
    assert sent[2] == {"type": "response.create"}
    assert srv.connections[0].query == {"call_id": CALL_ID}
    assert srv.connections[0].close_frame == (1000, "")


def test_goodbye_during_a_response_waits_for_it_and_sends_no_extra_farewell() -> None:
    def api(ws: ServerSide) -> None:
        send(ws, "session.created", session=session())
        ws.wait_for("session.update")
        send(ws, "response.created", response=response("resp_1", "in_progress", []))
        caller_says(ws, "item_user_1", "OK bye")
        send(ws, "response.done", response=response("resp_1", "completed", [assistant("item_a", "Bye!")]))

    with WebSocketServer(api) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        assert worker.run_worker(client, CALL_ID) == "hung up"
        srv.join()
    assert [m["type"] for m in srv.connections[0].messages] == ["session.update"]
    assert len(srv.http_requests) == 1


def test_call_ended_by_the_server_returns_without_hangup() -> None:
    def api(ws: ServerSide) -> None:
        send(ws, "session.created", session=session())
        ws.wait_for("session.update")
        ws.close(1000, "call ended")

    with WebSocketServer(api) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        assert worker.run_worker(client, CALL_ID) == "call ended"
        srv.join()
    assert srv.http_requests == []


@pytest.mark.parametrize(
    "name, arguments, result",
    [
        ("lookup_order", '{"order_id": "a17"}', {"order_id": "a17", "status": "shipped", "eta": "2026-11-25"}),
        ("lookup_order", '{"order_id": "Z9"}', {"order_id": "Z9", "error": "no such order"}),
        ("lookup_order", "{}", {"error": "bad arguments: 'order_id'"}),
        ("lookup_order", "not json", {"error": "bad arguments: Expecting value: line 1 column 1 (char 0)"}),
        ("transfer", "{}", {"error": "unknown tool transfer"}),
    ],
)
def test_tools(name: str, arguments: str, result: Dict[str, Any]) -> None:
    assert worker.call_tool(name, arguments) == result


def test_recording_file_is_diffable_and_has_no_secrets() -> None:
    text = RECORDING.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "sk-" not in text and "Bearer" not in text
    assert data["connections"][0]["request"] == {"path": "/v1/realtime", "query": {"call_id": [CALL_ID]}}
