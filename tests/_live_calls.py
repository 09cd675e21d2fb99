"""The Live API calls compared with the official SDK (``openai==3.51.0``) on the wire.

Each entry is ``(name, method, args, kwargs)``; ``method`` is a dotted path under
``client.live`` that both clients share (``"create"``, ``"sessions.accept"``...).
The arguments are plain JSON-like values, the SDK's dict form, so the very same
objects go to both clients. ``scripts/capture_live_sdk_wire.py`` runs them with
the SDK against the loopback server and writes ``tests/data/live_sdk_wire.json``;
``tests/test_live_sdk.py`` runs them with realtime_sync and compares.

Together the entries use every Live endpoint and every field of live-api.md §2:
nulls where null means something, unicode, ids that need percent-encoding, and
the per-call ``extra_headers`` / ``extra_query`` / ``extra_body`` / ``timeout``.
"""

import base64
import hashlib
import json
from typing import Any, Dict, List, Tuple

LIVE_ID = "live_68f1c0ffee5e551071d"

OFFER_SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

FULL_SESSION: Dict[str, Any] = {
    "model": "gpt-live-1",
    "instructions": "You are the front desk of a small hotel. Keep answers short.",
    "audio": {"output": {"voice": "marin"}},
    "client": {
        "data_channel": {
            "allowed_client_events": ["session.update", "response.create"],
            "allowed_server_events": [
                {"type": "session.output_transcript.delta"},
                {"type": "response.event", "response_event": "response.output_text.delta"},
            ],
        }
    },
    "delegation": {
        "type": "responses",
        "acknowledgement_delay_ms": 250,
        "responses": {
            "model": "gpt-5.2",
            "instructions": "Look up bookings; never reveal other guests' data.",
            "max_output_tokens": 1024,
            "parallel_tool_calls": False,
            "reasoning": {"effort": "low", "summary": "auto"},
            "service_tier": "auto",
            "text": {"verbosity": "low"},
            "tool_choice": {"type": "function", "name": "find_booking"},
            "tools": [
                {
                    "type": "function",
                    "name": "find_booking",
                    "description": "Find a booking by guest name.",
                    "parameters": {"type": "object", "properties": {"name": {"type": "string"}}},
                    "strict": True,
                },
                {"type": "web_search"},
                {"type": "mcp", "server_label": "crm", "server_url": "https://crm.example.com/mcp"},
                {"type": "shell", "environment": {"type": "container_auto", "memory_limit": "4g"}},
            ],
        },
    },
    "input": [
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Guest is a VIP."}]},
        {"role": "user", "content": [{"type": "input_text", "text": "Hi, I booked a room."}]},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Welcome back!"}],
            "id": "msg_1",
            "status": "completed",
        },
    ],
    "triggers": [
        {
            "type": "decisions",
            "event_type": "session.input_transcript.delta",
            "decisions": {
                "questions": [
                    {
                        "type": "choice",
                        "name": "intent",
                        "instructions": "What does the caller want?",
                        "choices": [
                            {"value": "book", "description": "a new booking"},
                            {"value": "cancel"},
                            {"value": True, "description": "something else"},
                        ],
                    },
                    {
                        "type": "predicate",
                        "name": "angry",
                        "instructions": [
                            {"type": "input_text", "text": "Is the caller upset?"},
                            {"type": "input_json", "data": {"threshold": "clear signs"}},
                            {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"},
                        ],
                    },
                    {
                        "type": "score",
                        "instructions": "How satisfied is the caller?",
                        "levels": [{"label": "low", "description": "unhappy"}, {"label": "high"}],
                    },
                ]
            },
        }
    ],
    "safety_identifier": "user_7f3a",
    "store": True,
}

NULLS_SESSION: Dict[str, Any] = {
    "model": "gpt-live-1",
    "instructions": None,
    "delegation": None,
    "safety_identifier": None,
    "audio": {"output": {"voice": {"id": "voice_68f1abc"}}},
    "triggers": [],
}

UNICODE_SESSION: Dict[str, Any] = {
    "model": "gpt-live-1",
    "instructions": 'Grüß Gott! Réponds en français — 你好 😀 \u2028 "quoted" \\ back',
    "audio": {"output": {"voice": "a-voice-from-the-future"}},
    "delegation": {"type": "client"},
    "store": False,
}

DECISIONS_ACCEPT: Dict[str, Any] = {
    "type": "live",
    "model": "gpt-live-1",
    "instructions": "Answer the phone for Acme.",
    "audio": {"output": {"voice": "cedar"}},
    "delegation": {
        "type": "decisions",
        "acknowledgement_delay_ms": 400,
        "decisions": {
            "model": "gpt-5.2-mini",
            "questions": [
                {"type": "predicate", "instructions": "Did the caller ask for a human?", "name": "human"},
            ],
        },
    },
    "safety_identifier": "caller_+14155550123",
    "store": True,
}

FORK_OVERRIDES: Dict[str, Any] = {
    "client": {"data_channel": {"allowed_client_events": [], "allowed_server_events": "all"}},
    "store": False,
    "delegation": {
        "type": "responses",
        "acknowledgement_delay_ms": 0,
        "responses": {"instructions": None, "max_output_tokens": 2048, "tools": [{"type": "image_generation"}]},
    },
}

TRANSPORT: Dict[str, Any] = {"type": "webrtc", "sdp": OFFER_SDP}

# The SDK's own tests (tests/api_resources/test_live.py, live/test_sessions.py), sync, as written there:
# ids and the other arguments as keywords, the with_all_params sets, the raw and streaming wrappers.
SDK_TRANSPORT: Dict[str, Any] = {"sdp": "x", "type": "webrtc"}
SDK_INPUT: List[Dict[str, Any]] = [
    {
        "content": [{"text": "text", "type": "input_text"}],
        "role": "developer",
        "id": "id",
        "status": "incomplete",
        "type": "message",
    }
]
SDK_CREATE_ALL_PARAMS: Dict[str, Any] = {
    "model": "x",
    "audio": {"output": {"voice": "alloy"}},
    "client": {"data_channel": {"allowed_client_events": "all", "allowed_server_events": "all"}},
    "delegation": {"type": "client"},
    "input": SDK_INPUT,
    "instructions": "instructions",
    "store": True,
}
SDK_ACCEPT_ALL_PARAMS: Dict[str, Any] = {
    "model": "x",
    "type": "live",
    "audio": {"output": {"voice": "alloy"}},
    "delegation": {"type": "client"},
    "input": SDK_INPUT,
    "instructions": "instructions",
    "store": True,
}
SDK_FORK_ALL_PARAMS: Dict[str, Any] = {
    "client": {"data_channel": {"allowed_client_events": "all", "allowed_server_events": "all"}},
    "delegation": {
        "type": "responses",
        "responses": {
            "instructions": "instructions",
            "max_output_tokens": 16,
            "model": "model",
            "parallel_tool_calls": True,
            "reasoning": {"effort": "none", "summary": "concise"},
            "service_tier": "auto",
            "text": {"verbosity": "low"},
            "tool_choice": "auto",
            "tools": [
                {
                    "name": "name",
                    "type": "function",
                    "description": "description",
                    "parameters": {"foo": "bar"},
                    "strict": True,
                }
            ],
        },
    },
    "store": True,
}
SDK_MINIMAL_ACCEPT: Dict[str, Any] = {"model": "gpt-live-1", "type": "live"}

LiveCall = Tuple[str, str, Tuple[Any, ...], Dict[str, Any]]

CALLS: List[LiveCall] = [
    ("create_full", "create", (), {"session": FULL_SESSION, "transport": TRANSPORT}),
    ("create_nulls", "create", (), {"session": NULLS_SESSION, "transport": TRANSPORT}),
    ("create_unicode", "create", (), {"session": UNICODE_SESSION, "transport": TRANSPORT}),
    (
        "create_extras",
        "create",
        (),
        {
            "session": {"model": "gpt-live-1"},
            "transport": TRANSPORT,
            "extra_headers": {"X-Trace": "t-1", "Idempotency-Key": "create-0001"},
            "extra_query": {"beta": "true", "q": "a b&c/é"},
            "extra_body": {"metadata": {"ticket": "T-1"}, "store": True},
            "timeout": 12.5,
        },
    ),
    ("accept_minimal", "sessions.accept", ("live_abc",), {"session": {"type": "live", "model": "gpt-live-1"}}),
    ("accept_decisions", "sessions.accept", (LIVE_ID,), {"session": DECISIONS_ACCEPT}),
    ("accept_nulls", "sessions.accept", ("live_a b/c",), {"session": dict(NULLS_SESSION, type="live")}),
    ("accept_unicode_id", "sessions.accept", ("live_ü:@+é",), {"session": dict(UNICODE_SESSION, type="live")}),
    ("refer_tel", "sessions.refer", (LIVE_ID,), {"target_uri": "tel:+14155550123"}),
    ("refer_sip", "sessions.refer", ("live_x?y#z",), {"target_uri": "sip:agent@example.com;transport=tls"}),
    ("reject", "sessions.reject", (LIVE_ID,), {"status_code": 486}),
    ("reject_extras", "sessions.reject", (LIVE_ID,), {"status_code": 603, "extra_body": {"reason": "spam"}}),
    ("hangup", "sessions.hangup", (LIVE_ID,), {}),
    ("hangup_extras", "sessions.hangup", ("live_%2e",), {"extra_headers": {"Accept": "application/json"}}),
    ("fork_inherit", "sessions.fork", (LIVE_ID,), {"transport": TRANSPORT}),
    ("fork_empty", "sessions.fork", (LIVE_ID,), {"transport": TRANSPORT, "session": {}}),
    ("fork_overrides", "sessions.fork", (LIVE_ID,), {"transport": TRANSPORT, "session": FORK_OVERRIDES}),
    ("download_recording", "sessions.download_recording", (LIVE_ID,), {}),
    ("download_recording_query", "sessions.download_recording", ("live_a b",), {"extra_query": {"format": "wav"}}),
    # -- the SDK's own test calls
    ("sdk_create", "create", (), {"session": {"model": "gpt-live-1"}, "transport": SDK_TRANSPORT}),
    ("sdk_create_with_all_params", "create", (), {"session": SDK_CREATE_ALL_PARAMS, "transport": SDK_TRANSPORT}),
    (
        "sdk_raw_create",
        "with_raw_response.create",
        (),
        {"session": {"model": "gpt-live-1"}, "transport": SDK_TRANSPORT},
    ),
    (
        "sdk_streaming_create",
        "with_streaming_response.create",
        (),
        {"session": {"model": "gpt-live-1"}, "transport": SDK_TRANSPORT},
    ),
    ("sdk_accept", "sessions.accept", (), {"session_id": "session_id", "session": SDK_MINIMAL_ACCEPT}),
    (
        "sdk_accept_with_all_params",
        "sessions.accept",
        (),
        {"session_id": "session_id", "session": SDK_ACCEPT_ALL_PARAMS},
    ),
    (
        "sdk_raw_accept",
        "sessions.with_raw_response.accept",
        (),
        {"session_id": "session_id", "session": SDK_MINIMAL_ACCEPT},
    ),
    (
        "sdk_streaming_accept",
        "sessions.with_streaming_response.accept",
        (),
        {"session_id": "session_id", "session": SDK_MINIMAL_ACCEPT},
    ),
    ("sdk_download_recording", "sessions.download_recording", ("live_SQ",), {}),
    ("sdk_raw_download_recording", "sessions.with_raw_response.download_recording", ("live_SQ",), {}),
    ("sdk_streaming_download_recording", "sessions.with_streaming_response.download_recording", ("live_SQ",), {}),
    ("sdk_fork", "sessions.fork", (), {"session_id": "session_id", "transport": SDK_TRANSPORT}),
    (
        "sdk_fork_with_all_params",
        "sessions.fork",
        (),
        {"session_id": "session_id", "transport": SDK_TRANSPORT, "session": SDK_FORK_ALL_PARAMS},
    ),
    ("sdk_raw_fork", "sessions.with_raw_response.fork", (), {"session_id": "session_id", "transport": SDK_TRANSPORT}),
    (
        "sdk_streaming_fork",
        "sessions.with_streaming_response.fork",
        (),
        {"session_id": "session_id", "transport": SDK_TRANSPORT},
    ),
    ("sdk_hangup", "sessions.hangup", ("session_id",), {}),
    ("sdk_raw_hangup", "sessions.with_raw_response.hangup", ("session_id",), {}),
    ("sdk_streaming_hangup", "sessions.with_streaming_response.hangup", ("session_id",), {}),
    ("sdk_refer", "sessions.refer", (), {"session_id": "session_id", "target_uri": "tel:+14155550123"}),
    (
        "sdk_raw_refer",
        "sessions.with_raw_response.refer",
        (),
        {"session_id": "session_id", "target_uri": "tel:+14155550123"},
    ),
    ("sdk_reject", "sessions.reject", (), {"session_id": "session_id", "status_code": 486}),
    (
        "sdk_streaming_reject",
        "sessions.with_streaming_response.reject",
        (),
        {"session_id": "session_id", "status_code": 486},
    ),
]

#: Ids refused before anything is sent (the SDK: ValueError; realtime_sync: the same message for "").
REFUSED_IDS = ["", ".", ".."]

#: The required arguments of each session verb, for the refusal checks.
VERB_KWARGS: Dict[str, Dict[str, Any]] = {
    "accept": {"session": {"type": "live", "model": "gpt-live-1"}},
    "refer": {"target_uri": "tel:+1"},
    "reject": {"status_code": 486},
    "hangup": {},
    "fork": {"transport": {"type": "webrtc", "sdp": "v=0"}},
    "download_recording": {},
}

#: Headers that describe the client rather than the request.
UNCOMPARED_HEADERS = ("user-agent", "host", "accept-encoding", "connection")


def wire_of(req: Any) -> Dict[str, Any]:
    """One recorded request (``_server.Recorded``) as comparable data."""
    headers = {
        name: value
        for name, value in sorted(req.headers.items())
        if name not in UNCOMPARED_HEADERS and not name.startswith("x-stainless")
    }
    entry: Dict[str, Any] = {"method": req.method, "target": req.target, "headers": headers}
    try:
        entry["body"] = req.body.decode("utf-8")
    except UnicodeDecodeError:
        entry["body_base64"] = base64.b64encode(req.body).decode("ascii")
    try:
        entry["json"] = json.loads(req.body) if req.body else None
    except ValueError:
        entry["json"] = None
    return entry


def result_of(value: Any) -> Any:
    """What a call returned, as data: None, a dict, the size and hash of binary content, or a wrapper's answer."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    if hasattr(value, "__enter__") and hasattr(value, "__exit__"):
        # with_streaming_response: open while used, closed after, as the SDK's tests check.
        with value as response:
            assert not response.is_closed
            parsed = result_of(response.parse())
            status = response.status_code
        assert response.is_closed
        return {"streamed": True, "status": status, "parsed": parsed}
    if hasattr(value, "parse") and hasattr(value, "http_request"):
        # with_raw_response: the body was read, the usual result is parse().
        assert value.is_closed is True
        return {"raw": True, "status": value.status_code, "parsed": result_of(value.parse())}
    content = getattr(value, "content", None)
    if isinstance(content, bytes):
        return result_of(content)
    return value.to_dict()


def resolve(client: Any, dotted: str) -> Any:
    """``client.live`` + ``"sessions.accept"`` -> the bound method."""
    target = client.live
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def run_calls(client: Any, server: Any) -> List[Dict[str, Any]]:
    """Every call of CALLS through ``client``; one request each, as the server saw it."""
    out = []
    for name, method, args, kwargs in CALLS:
        before = len(server.requests)
        # result_of first: the SDK's streaming wrappers send when their ``with`` block is entered.
        result = result_of(resolve(client, method)(*args, **kwargs))
        sent = server.requests[before:]
        assert len(sent) == 1, (name, sent)
        out.append(dict(wire_of(sent[0]), name=name, result=result))
    return out


def run_refusals(client: Any, server: Any) -> List[Dict[str, Any]]:
    """Every refused id on every session verb: what was raised; nothing may be sent."""
    out = []
    for session_id in REFUSED_IDS:
        for method, kwargs in VERB_KWARGS.items():
            before = len(server.requests)
            try:
                getattr(client.live.sessions, method)(session_id, **kwargs)
            except ValueError as exc:
                out.append({"method": method, "session_id": session_id, "error": "ValueError", "message": str(exc)})
            else:
                raise AssertionError("%s(%r) was sent" % (method, session_id))
            assert len(server.requests) == before, "sent despite the refusal"
    return out
