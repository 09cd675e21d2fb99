"""Typed sideband events: parsing, round trips, validation, the wire form of every sender."""

import base64
import copy
import logging
from typing import Any, Dict, List

import attrs
import pytest
from _ws_server import ServerSide, WebSocketServer
from conftest import CANARY_KEY
from data import CLIENT_SECRET_REALTIME

from realtime_sync import APIResponseValidationError, RealtimeClient, RequestValidationError, _serde
from realtime_sync.models import (
    NULL,
    FunctionTool,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
    RealtimeTranscriptionSessionCreateRequest,
    ServerVad,
)
from realtime_sync.sideband import ServerEventError
from realtime_sync.sideband import events as ev

# The ``type`` of every event in the official SDK's unions (openai 3.54, types/realtime/).
SDK_SERVER_TYPES = [
    "conversation.created",
    "conversation.item.created",
    "conversation.item.deleted",
    "conversation.item.input_audio_transcription.completed",
    "conversation.item.input_audio_transcription.delta",
    "conversation.item.input_audio_transcription.failed",
    "conversation.item.retrieved",
    "conversation.item.truncated",
    "error",
    "input_audio_buffer.cleared",
    "input_audio_buffer.committed",
    "input_audio_buffer.dtmf_event_received",
    "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped",
    "rate_limits.updated",
    "response.output_audio.delta",
    "response.output_audio.done",
    "response.output_audio_transcript.delta",
    "response.output_audio_transcript.done",
    "response.content_part.added",
    "response.content_part.done",
    "response.created",
    "response.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.added",
    "response.output_item.done",
    "response.output_text.delta",
    "response.output_text.done",
    "session.created",
    "session.updated",
    "output_audio_buffer.started",
    "output_audio_buffer.stopped",
    "output_audio_buffer.cleared",
    "conversation.item.added",
    "conversation.item.done",
    "input_audio_buffer.timeout_triggered",
    "conversation.item.input_audio_transcription.segment",
    "mcp_list_tools.in_progress",
    "mcp_list_tools.completed",
    "mcp_list_tools.failed",
    "response.mcp_call_arguments.delta",
    "response.mcp_call_arguments.done",
    "response.mcp_call.in_progress",
    "response.mcp_call.completed",
    "response.mcp_call.failed",
]
SDK_CLIENT_TYPES = [
    "conversation.item.create",
    "conversation.item.delete",
    "conversation.item.retrieve",
    "conversation.item.truncate",
    "input_audio_buffer.append",
    "input_audio_buffer.clear",
    "output_audio_buffer.clear",
    "input_audio_buffer.commit",
    "response.cancel",
    "response.create",
    "session.update",
]

SESSION = copy.deepcopy(CLIENT_SECRET_REALTIME["session"])
USER_ITEM = {
    "id": "item_u1",
    "object": "realtime.item",
    "type": "message",
    "status": "completed",
    "role": "user",
    "content": [{"type": "input_audio", "transcript": None}],
}
CALL_ITEM = {
    "id": "item_f1",
    "object": "realtime.item",
    "type": "function_call",
    "status": "completed",
    "name": "lookup_order",
    "call_id": "call_1",
    "arguments": '{"order": "A17"}',
}
RESPONSE_DONE = {
    "id": "resp_1",
    "object": "realtime.response",
    "status": "completed",
    "status_details": None,
    "output": [CALL_ITEM],
    "conversation_id": "conv_1",
    "output_modalities": ["audio"],
    "max_output_tokens": "inf",
    "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin"}},
    "usage": {
        "total_tokens": 253,
        "input_tokens": 200,
        "output_tokens": 53,
        "input_token_details": {
            "text_tokens": 150,
            "audio_tokens": 50,
            "image_tokens": 0,
            "cached_tokens": 0,
            "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": 20, "audio_tokens": 33},
    },
    "metadata": None,
}
R = {"response_id": "resp_1", "item_id": "item_a1", "output_index": 0}

# One realistic payload per SDK server event type (shapes from the SDK types and OpenAI's docs).
SERVER_SAMPLES: Dict[str, Dict[str, Any]] = {
    "conversation.created": {"conversation": {"id": "conv_1", "object": "realtime.conversation"}},
    "conversation.item.created": {"previous_item_id": None, "item": USER_ITEM},
    "conversation.item.deleted": {"item_id": "item_1"},
    "conversation.item.input_audio_transcription.completed": {
        "item_id": "item_u1",
        "content_index": 0,
        "transcript": "Where is my order?",
        "usage": {
            "type": "tokens",
            "input_tokens": 10,
            "output_tokens": 5,
            "total_tokens": 15,
            "input_token_details": {"text_tokens": 0, "audio_tokens": 10},
        },
        "logprobs": [{"token": "Where", "logprob": -0.1, "bytes": [87, 104]}],
    },
    "conversation.item.input_audio_transcription.delta": {
        "item_id": "item_u1",
        "content_index": 0,
        "delta": "Where",
        "logprobs": None,
    },
    "conversation.item.input_audio_transcription.failed": {
        "item_id": "item_u1",
        "content_index": 0,
        "error": {"type": "transcription_error", "code": "audio_unintelligible", "message": "x", "param": None},
    },
    "conversation.item.retrieved": {"item": USER_ITEM},
    "conversation.item.truncated": {"item_id": "item_a1", "content_index": 0, "audio_end_ms": 1500},
    "error": {
        "error": {
            "type": "invalid_request_error",
            "code": "invalid_value",
            "message": "Invalid value: 'x'.",
            "param": "session.voice",
            "event_id": "client_evt_1",
        }
    },
    "input_audio_buffer.cleared": {},
    "input_audio_buffer.committed": {"previous_item_id": "item_0", "item_id": "item_u1"},
    "input_audio_buffer.dtmf_event_received": {"event": "5", "received_at": 1767225600},
    "input_audio_buffer.speech_started": {"audio_start_ms": 1000, "item_id": "item_u1"},
    "input_audio_buffer.speech_stopped": {"audio_end_ms": 2000, "item_id": "item_u1"},
    "rate_limits.updated": {
        "rate_limits": [
            {"name": "requests", "limit": 1000, "remaining": 999, "reset_seconds": 60},
            {"name": "tokens", "limit": 50000, "remaining": 49950, "reset_seconds": 0.5},
        ]
    },
    "response.output_audio.delta": dict(R, content_index=0, delta="AAAA"),
    "response.output_audio.done": dict(R, content_index=0),
    "response.output_audio_transcript.delta": dict(R, content_index=0, delta="Hel"),
    "response.output_audio_transcript.done": dict(R, content_index=0, transcript="Hello"),
    "response.content_part.added": dict(R, content_index=0, part={"type": "audio", "transcript": ""}),
    "response.content_part.done": dict(R, content_index=0, part={"type": "audio", "transcript": "Hello"}),
    "response.created": {
        "response": {"id": "resp_1", "object": "realtime.response", "status": "in_progress", "output": []}
    },
    "response.done": {"response": RESPONSE_DONE},
    "response.function_call_arguments.delta": dict(R, call_id="call_1", delta='{"or'),
    "response.function_call_arguments.done": dict(R, call_id="call_1", name="lookup_order", arguments="{}"),
    "response.output_item.added": {"response_id": "resp_1", "output_index": 0, "item": CALL_ITEM},
    "response.output_item.done": {"response_id": "resp_1", "output_index": 0, "item": CALL_ITEM},
    "response.output_text.delta": dict(R, content_index=0, delta="Hi"),
    "response.output_text.done": dict(R, content_index=0, text="Hi there"),
    "session.created": {"session": SESSION},
    "session.updated": {"session": SESSION},
    "output_audio_buffer.started": {"response_id": "resp_1"},
    "output_audio_buffer.stopped": {"response_id": "resp_1"},
    "output_audio_buffer.cleared": {"response_id": "resp_1"},
    "conversation.item.added": {"previous_item_id": None, "item": USER_ITEM},
    "conversation.item.done": {"previous_item_id": "item_0", "item": USER_ITEM},
    "input_audio_buffer.timeout_triggered": {"audio_start_ms": 0, "audio_end_ms": 5000, "item_id": "item_u2"},
    "conversation.item.input_audio_transcription.segment": {
        "item_id": "item_u1",
        "content_index": 0,
        "id": "seg_1",
        "text": "hello",
        "speaker": "A",
        "start": 0.0,
        "end": 1.25,
    },
    "mcp_list_tools.in_progress": {"item_id": "item_m1"},
    "mcp_list_tools.completed": {"item_id": "item_m1"},
    "mcp_list_tools.failed": {"item_id": "item_m1"},
    "response.mcp_call_arguments.delta": dict(R, delta='{"q"', obfuscation="x1"),
    "response.mcp_call_arguments.done": dict(R, arguments='{"q": 1}'),
    "response.mcp_call.in_progress": {"item_id": "item_m2", "output_index": 0},
    "response.mcp_call.completed": {"item_id": "item_m2", "output_index": 0},
    "response.mcp_call.failed": {"item_id": "item_m2", "output_index": 0},
}


def server_event(type_: str) -> Dict[str, Any]:
    data: Dict[str, Any] = {"type": type_}
    if type_ != "input_audio_buffer.dtmf_event_received":
        data["event_id"] = "event_%s" % type_.replace(".", "_")
    data.update(copy.deepcopy(SERVER_SAMPLES[type_]))
    return data


def test_every_sdk_event_type_has_a_class() -> None:
    server_tags = [attrs.fields_dict(c)["type"].default for c in ev.ServerEvent.__args__[:-1]]
    assert sorted(server_tags) == sorted(SDK_SERVER_TYPES)
    assert sorted(ev.CLIENT_EVENT_TYPES) == sorted(SDK_CLIENT_TYPES)
    assert sorted(SERVER_SAMPLES) == sorted(SDK_SERVER_TYPES)


@pytest.mark.parametrize("type_", SDK_SERVER_TYPES)
def test_server_event_parses_to_its_class_and_round_trips(type_: str) -> None:
    data = server_event(type_)
    event = ev.parse_server_event(data)
    assert not isinstance(event, ev.UnknownServerEvent)
    assert event.type == type_
    assert type(event).__name__ in ev.__all__
    # Nothing lost: unstructuring gives back exactly what came in (nulls included).
    assert _serde.unstructure(event) == data


def test_session_events_reuse_the_session_models() -> None:
    event = ev.parse_server_event(server_event("session.created"))
    assert isinstance(event, ev.SessionCreatedEvent)
    assert isinstance(event.session, RealtimeSessionCreateResponse)
    assert event.session.audio.output.voice == "marin"  # type: ignore[union-attr]
    assert isinstance(event.session.audio.input.turn_detection, ServerVad)  # type: ignore[union-attr]
    assert event.session.tracing is None and "tracing" in event.session.null_fields  # null reads as None


def test_response_done_is_fully_typed() -> None:
    event = ev.parse_server_event(server_event("response.done"))
    assert isinstance(event, ev.ResponseDoneEvent)
    response = event.response
    assert response.status == "completed"
    assert response.max_output_tokens == "inf"
    assert response.status_details is None and "status_details" in response.null_fields
    item = response.output[0]  # type: ignore[index]
    assert isinstance(item, ev.FunctionCallItem)
    assert (item.name, item.call_id, item.arguments) == ("lookup_order", "call_1", '{"order": "A17"}')
    assert response.usage.input_token_details.cached_tokens_details.audio_tokens == 0  # type: ignore[union-attr]


def test_unknown_event_type_keeps_raw_data() -> None:
    data = {"type": "session.future_thing", "event_id": "event_9", "knob": {"a": [1, None]}}
    event = ev.parse_server_event(data)
    assert isinstance(event, ev.UnknownServerEvent)
    assert (event.type, event.event_id, event.raw) == ("session.future_thing", "event_9", data)
    assert _serde.unstructure(event) == data


def test_unknown_item_type_and_unknown_keys_are_kept() -> None:
    data = server_event("conversation.item.added")
    data["item"] = {"type": "hologram", "id": "item_h", "payload": 1}
    data["brand_new_field"] = {"x": 1}
    event = ev.parse_server_event(data)
    assert isinstance(event, ev.ConversationItemAdded)
    assert isinstance(event.item, ev.UnknownItem)
    assert event.item.type == "hologram"
    assert event.extra == {"brand_new_field": {"x": 1}}
    assert _serde.unstructure(event) == data


def test_unknown_variants_inside_known_objects() -> None:
    data = server_event("conversation.item.input_audio_transcription.completed")
    data["usage"] = {"type": "credits", "credits": 3}
    event = ev.parse_server_event(data)
    assert isinstance(event, ev.ConversationItemInputAudioTranscriptionCompletedEvent)
    assert isinstance(event.usage, ev.UnknownTranscriptionUsage) and event.usage.type == "credits"

    item = {
        "type": "mcp_call",
        "id": "mcp_1",
        "name": "search",
        "arguments": "{}",
        "server_label": "docs",
        "output": None,
        "error": {"type": "protocol_error", "code": -32600, "message": "bad"},
    }
    parsed = ev.parse_server_event(dict(server_event("conversation.item.done"), item=item))
    assert isinstance(parsed, ev.ConversationItemDone) and isinstance(parsed.item, ev.McpToolCallItem)
    assert isinstance(parsed.item.error, ev.McpProtocolError) and parsed.item.error.code == -32600
    assert parsed.item.output is None and parsed.item.to_dict()["output"] is None


def test_known_event_with_wrong_shape_is_read_tolerantly(caplog: Any) -> None:
    # Deliberate change (issue 15 item 6, tolerant reader): a missing field reads as None, an
    # unexpected value is kept as sent and logged at debug; the event is still delivered.
    data = server_event("response.function_call_arguments.done")
    del data["call_id"]
    data["output_index"] = "zero"
    with caplog.at_level(logging.DEBUG, logger="realtime_sync"):
        event = ev.parse_server_event(data)
    assert isinstance(event, ev.ResponseFunctionCallArgumentsDoneEvent)
    assert event.call_id is None and event.output_index == "zero"
    assert "ResponseFunctionCallArgumentsDoneEvent.call_id: missing" in caplog.text
    assert "ResponseFunctionCallArgumentsDoneEvent.output_index: unexpected value" in caplog.text
    assert event.to_dict() == data


@pytest.mark.parametrize("bad", ["not json", "[1, 2]"])
def test_non_object_messages_are_validation_errors(bad: str) -> None:
    with pytest.raises(APIResponseValidationError):
        ev.parse_server_event(bad)


def test_error_event_is_easy_to_act_on() -> None:
    event = ev.parse_server_event(server_event("error"))
    assert isinstance(event, ev.RealtimeErrorEvent)
    assert (event.error.code, event.error.param, event.error.event_id) == (
        "invalid_value",
        "session.voice",
        "client_evt_1",
    )
    exc = event.to_exception()
    assert isinstance(exc, ServerEventError)
    assert (exc.code, exc.type, exc.param, exc.event_id, exc.event) == (
        "invalid_value",
        "invalid_request_error",
        "session.voice",
        "client_evt_1",
        event,
    )
    assert str(exc) == "Realtime server error [invalid_value]: Invalid value: 'x'."


def test_translation_events_parse_with_their_own_union() -> None:
    created = ev.parse_translation_server_event(
        {
            "type": "session.created",
            "event_id": "e1",
            "session": {
                "id": "sess_t",
                "type": "translation",
                "expires_at": 1767226200,
                "model": "gpt-realtime-translate",
                "audio": {"output": {"language": "es"}},
            },
        }
    )
    assert isinstance(created, ev.RealtimeTranslationSessionCreatedEvent)
    audio = ev.parse_translation_server_event(
        {"type": "session.output_audio.delta", "event_id": "e2", "delta": "AA", "format": "pcm16", "sample_rate": 24000}
    )
    assert isinstance(audio, ev.RealtimeTranslationOutputAudioDeltaEvent) and audio.sample_rate == 24000
    body = ev.client_event_to_dict(
        {"type": "session.update", "session": {"audio": {"output": {"language": "es"}}}}, translation=True
    )
    assert body == {"type": "session.update", "session": {"audio": {"output": {"language": "es"}}}}


# --------------------------------------------------------------------------- client events

CLIENT_SAMPLES: List[Dict[str, Any]] = [
    {
        "type": "conversation.item.create",
        "event_id": "c1",
        "previous_item_id": "root",
        "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
    },
    {"type": "conversation.item.delete", "item_id": "item_1"},
    {"type": "conversation.item.retrieve", "item_id": "item_1"},
    {"type": "conversation.item.truncate", "item_id": "item_1", "content_index": 0, "audio_end_ms": 1500},
    {"type": "input_audio_buffer.append", "audio": "AAAA"},
    {"type": "input_audio_buffer.clear"},
    {"type": "output_audio_buffer.clear"},
    {"type": "input_audio_buffer.commit"},
    {"type": "response.cancel", "response_id": "resp_1"},
    {
        "type": "response.create",
        "response": {
            "conversation": "none",
            "instructions": "Summarise.",
            "input": [{"type": "item_reference", "id": "item_1"}],
            "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
            "tool_choice": {"type": "function", "name": "f"},
            "metadata": {"topic": "summary"},
            "output_modalities": ["text"],
            "max_output_tokens": 200,
        },
    },
    {
        "type": "session.update",
        "session": {
            "type": "realtime",
            "instructions": "Be brief.",
            "audio": {"input": {"turn_detection": None}, "output": {"voice": "cedar"}},
            "tracing": None,
        },
    },
]


@pytest.mark.parametrize("data", CLIENT_SAMPLES, ids=lambda d: d["type"])
def test_client_event_dicts_validate_and_keep_their_form(data: Dict[str, Any]) -> None:
    assert ev.client_event_to_dict(copy.deepcopy(data)) == data
    typed = ev.parse_client_event(data)
    assert not isinstance(typed, ev.UnknownClientEvent)
    # The typed event sends the same JSON as the dict.
    assert ev.client_event_to_dict(typed) == data


def test_typed_client_events_reuse_session_models() -> None:
    event = ev.SessionUpdateEvent(
        session=RealtimeSessionCreateRequest(instructions="Be brief.", tools=[FunctionTool(name="end_call")])
    )
    assert ev.client_event_to_dict(event) == {
        "type": "session.update",
        "session": {
            "type": "realtime",
            "instructions": "Be brief.",
            "tools": [{"type": "function", "name": "end_call"}],
        },
    }
    transcription = ev.SessionUpdateEvent(session=RealtimeTranscriptionSessionCreateRequest())
    assert ev.client_event_to_dict(transcription) == {"type": "session.update", "session": {"type": "transcription"}}


def test_unknown_client_event_is_sent_as_raw() -> None:
    raw = {"type": "future.event", "knob": [1, None]}
    assert ev.client_event_to_dict(ev.UnknownClientEvent(raw=raw)) == raw
    assert isinstance(ev.parse_client_event(raw), ev.UnknownClientEvent)


@pytest.mark.parametrize(
    "data, problems",
    [
        (
            {"type": "session.update", "session": {"type": "realtime", "instructions": 3, "voice": "x"}},
            ["event.session.instructions: expected a string, got 3", "event.session.voice: unknown field"],
        ),
        ({"type": "session.update", "session": {"instructions": "x"}}, ["event.session.type: required field missing"]),
        (
            {"type": "conversation.item.truncate", "item_id": "i", "content_index": "0", "audio_end_ms": True},
            [
                "event.content_index: expected an integer, got '0'",
                "event.audio_end_ms: expected an integer, got true",
            ],
        ),
        (
            {"type": "response.create", "response": {"output_modalities": ["video"]}},
            ["event.response.output_modalities[0]: expected one of 'text', 'audio', got 'video'"],
        ),
        ({"type": "conversation.item.create", "item": {"type": "hologram"}}, ["event.item.type: expected one of"]),
        ({"type": "response.cancel", "unknown": 1}, ["event.unknown: unknown field"]),
    ],
)
def test_bad_client_events_name_every_field(data: Dict[str, Any], problems: List[str]) -> None:
    with pytest.raises(RequestValidationError) as info:
        ev.client_event_to_dict(data)
    for problem in problems:
        assert any(e.startswith(problem) for e in info.value.errors), (problem, info.value.errors)


# --------------------------------------------------------------------------- on the wire


def test_convenience_senders_put_the_exact_events_on_the_wire() -> None:
    pcm = b"\x00\x01\x02\x03"
    with WebSocketServer() as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            conn.session_update({"instructions": "Be brief."})
            conn.session_update(RealtimeSessionCreateRequest(tracing=NULL), event_id="su_2")
            conn.response_create()
            conn.response_create({"instructions": "Bye."}, event_id="rc_2")
            conn.response_cancel()
            conn.response_cancel("resp_9")
            conn.conversation_item_create(
                ev.MessageItem(role="user", content=[ev.MessageContent(type="input_text", text="héllo")]),
                previous_item_id="item_0",
            )
            conn.function_call_output("call_1", {"ok": True})
            conn.function_call_output("call_2", "plain", respond=False)
            conn.conversation_item_delete("item_1")
            conn.conversation_item_retrieve("item_2")
            conn.conversation_item_truncate("item_3", content_index=0, audio_end_ms=640)
            conn.input_audio_buffer_append(pcm)
            conn.input_audio_buffer_append("AAEC")
            conn.input_audio_buffer_commit()
            conn.input_audio_buffer_clear()
            conn.output_audio_buffer_clear()
            conn.send(ev.ResponseCancelEvent(event_id="x1"))
        srv.join()
    side = srv.connections[0]
    assert side.messages == [
        {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief."}},
        {"type": "session.update", "event_id": "su_2", "session": {"type": "realtime", "tracing": None}},
        {"type": "response.create"},
        {"type": "response.create", "event_id": "rc_2", "response": {"instructions": "Bye."}},
        {"type": "response.cancel"},
        {"type": "response.cancel", "response_id": "resp_9"},
        {
            "type": "conversation.item.create",
            "previous_item_id": "item_0",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "héllo"}]},
        },
        {
            "type": "conversation.item.create",
            "item": {"type": "function_call_output", "call_id": "call_1", "output": '{"ok":true}'},
        },
        {"type": "response.create"},
        {
            "type": "conversation.item.create",
            "item": {"type": "function_call_output", "call_id": "call_2", "output": "plain"},
        },
        {"type": "conversation.item.delete", "item_id": "item_1"},
        {"type": "conversation.item.retrieve", "item_id": "item_2"},
        {"type": "conversation.item.truncate", "item_id": "item_3", "content_index": 0, "audio_end_ms": 640},
        {"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm).decode()},
        {"type": "input_audio_buffer.append", "audio": "AAEC"},
        {"type": "input_audio_buffer.commit"},
        {"type": "input_audio_buffer.clear"},
        {"type": "output_audio_buffer.clear"},
        {"type": "response.cancel", "event_id": "x1"},
    ]
    # Compact JSON with raw UTF-8, as the official SDK writes it.
    assert side.texts[6].encode("utf-8").count("héllo".encode()) == 1
    assert ", " not in side.texts[0]


def test_recv_returns_typed_events_and_raise_on_error() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(server_event("session.created"))
        ws.send_json(server_event("error"))
        ws.send_json(server_event("response.done"))

    with WebSocketServer(script) as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            assert isinstance(conn.recv(timeout=5), ev.SessionCreatedEvent)
            error = conn.recv(timeout=5)
            assert isinstance(error, ev.RealtimeErrorEvent) and error.error.code == "invalid_value"
            assert isinstance(conn.recv(timeout=5), ev.ResponseDoneEvent)
        with client.realtime.connect(call_id="rtc_1", raise_on_error=True) as conn:
            conn.recv(timeout=5)
            with pytest.raises(ServerEventError) as info:
                conn.recv(timeout=5)
            assert info.value.code == "invalid_value"
            # The connection goes on after a server error.
            assert isinstance(conn.recv(timeout=5), ev.ResponseDoneEvent)
        srv.join()


def test_invalid_convenience_arguments_send_nothing() -> None:
    with WebSocketServer() as srv:
        client = RealtimeClient(CANARY_KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            with pytest.raises(RequestValidationError, match=r"event\.item_id: expected a string, got 5"):
                conn.conversation_item_delete(5)  # type: ignore[arg-type]
            with pytest.raises(RequestValidationError, match=r"event\.session\.temperature: unknown field"):
                conn.session_update({"temperature": 0.8})
        srv.join()
    assert srv.connections[0].messages == []


def test_client_events_strict_false_forwards_unknown_keys() -> None:
    event = {"type": "response.create", "response": {"instructions": "hi", "new_knob": 2}, "also": [1]}
    with pytest.raises(RequestValidationError) as info:
        ev.client_event_to_dict(event)
    assert "strict=False" in info.value.errors[0]
    assert ev.client_event_to_dict(event, strict=False) == event
    assert ev.client_event_to_dict({"type": "future.event", "x": 1}, strict=False) == {"type": "future.event", "x": 1}
    with pytest.raises(RequestValidationError):
        ev.client_event_to_dict({"type": "response.create", "response": {"instructions": 5}}, strict=False)
