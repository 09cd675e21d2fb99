"""The official SDK's realtime calls, written for ``openai.OpenAI`` and run unchanged on RealtimeClient.

Each entry of :data:`CALLS` is one call as SDK users write it: sync variants of the
SDK's own tests (``tests/api_resources/realtime/test_calls.py`` and
``test_client_secrets.py``, with_all_params sets included, ``call_id=`` as a
keyword as there), the raw and streaming wrappers, ``None`` where null means
something, ids that need percent-encoding, the per-call ``extra_*`` options, and
server answers a handler must survive (errors, unknown fields, nulls, a JSON body
where SDP was expected). :func:`run` takes a client (``openai.OpenAI`` or
``realtime_sync.RealtimeClient``: only the import differs) and returns, per call,
the request as the loopback server saw it and everything the caller reads back,
as plain data. ``scripts/capture_sdk_wire.py`` writes the SDK's run to
``tests/data/realtime_sdk_wire.json``; ``tests/test_sdk_parity.py`` compares.
"""

import json
from typing import Any, Callable, Dict, List, Optional, Tuple

from _server import Reply, error_reply, parse_multipart

#: The key of the clients; ``ek_`` is the ephemeral form (browser-style create).
API_KEY = "sk-sdk-parity-placeholder"
EPHEMERAL_KEY = "ek_sdk_parity_placeholder"

OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

#: The SDK's own ``with_all_params`` session (tests/api_resources/realtime/test_calls.py).
ALL_PARAMS_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "audio": {
        "input": {
            "format": {"rate": 24000, "type": "audio/pcm"},
            "noise_reduction": {"type": "near_field"},
            "transcription": {"language": "language", "model": "string", "prompt": "prompt"},
            "turn_detection": {
                "type": "server_vad",
                "create_response": True,
                "idle_timeout_ms": 5000,
                "interrupt_response": True,
                "prefix_padding_ms": 0,
                "silence_duration_ms": 0,
                "threshold": 0,
            },
        },
        "output": {"format": {"rate": 24000, "type": "audio/pcm"}, "speed": 0.25, "voice": "ash"},
    },
    "include": ["item.input_audio_transcription.logprobs"],
    "instructions": "instructions",
    "max_output_tokens": 0,
    "model": "string",
    "output_modalities": ["text"],
    "prompt": {"id": "id", "variables": {"foo": "string"}, "version": "version"},
    "tool_choice": "none",
    "tools": [{"description": "description", "name": "name", "parameters": {}, "type": "function"}],
    "tracing": "auto",
    "truncation": "auto",
}

#: The accept keyword arguments of the SDK's ``test_method_accept_with_all_params``.
ALL_PARAMS_ACCEPT: Dict[str, Any] = dict(ALL_PARAMS_SESSION)

#: Newer fields and nulls that mean "off" (a reasoning model, tracing and prompt disabled).
NULLS_ACCEPT: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime-2",
    "instructions": 'Grüß Gott! 你好 😀 \u2028 "quoted" \\ back',
    "audio": {
        "input": {"noise_reduction": None, "turn_detection": None, "transcription": None},
        "output": {"voice": {"id": "voice_123"}},
    },
    "tracing": None,
    "prompt": None,
    "parallel_tool_calls": True,
    "reasoning": {"effort": "low"},
    "truncation": {"type": "retention_ratio", "retention_ratio": 0.5},
    "tool_choice": {"type": "function", "name": "lookup"},
    "tools": [
        {"type": "function", "name": "lookup", "description": "Find a booking.", "parameters": {"type": "object"}},
        {
            "type": "mcp",
            "server_label": "crm",
            "server_url": "https://crm.example.com/mcp",
            "require_approval": "never",
        },
    ],
    "max_output_tokens": "inf",
    "output_modalities": ["audio"],
}

TRANSCRIPTION_SESSION: Dict[str, Any] = {
    "type": "transcription",
    "audio": {
        "input": {
            "format": {"type": "audio/pcmu"},
            "noise_reduction": {"type": "far_field"},
            "transcription": {"model": "gpt-4o-transcribe", "language": "de", "prompt": "Namen"},
            "turn_detection": {"type": "semantic_vad", "eagerness": "high"},
        }
    },
    "include": ["item.input_audio_transcription.logprobs"],
}

TRANSLATION_SESSION: Dict[str, Any] = {
    "model": "gpt-realtime-translate",
    "audio": {
        "input": {"noise_reduction": {"type": "near_field", "strength": 0.5}, "transcription": {"model": "whisper-1"}},
        "output": {"language": "es"},
    },
}

#: An answer with fields this release does not know and nulls: read back as the SDK reads it.
FUTURE_SECRET: Dict[str, Any] = {
    "value": "ek_future_0001",
    "expires_at": 1767226200,
    "brand_new_top": {"nested": [1, 2, {"deep": None}]},
    "session": {
        "type": "realtime",
        "object": "realtime.session",
        "id": "sess_future",
        "model": "gpt-realtime-3",
        "tracing": None,
        "prompt": None,
        "new_knob": {"level": 3},
        "audio": {
            "input": {"turn_detection": None, "noise_reduction": None, "new_input_knob": True},
            "output": {"voice": "marin", "speed": 1.0},
        },
        "tools": [{"type": "function", "name": "f", "parameters": {}}, {"type": "brand_new_tool", "name": "x"}],
    },
}

EXTRAS: Dict[str, Any] = {
    "extra_headers": {"X-Trace": "trace-1", "Idempotency-Key": "idem-0001"},
    "extra_query": {"beta": "true", "q": "a b&c/é", "n": 3, "flags": ["x", "y"], "on": True, "off": None},
}

Call = Tuple[str, str, Tuple[Any, ...], Dict[str, Any], Optional[Callable[[Any], Reply]], str]


def _reply(status: int, body: Any, headers: Optional[Dict[str, str]] = None) -> Callable[[Any], Reply]:
    return lambda req: Reply(status, body, headers)


def _error(
    status: int, message: str, code: Optional[str], type_: str = "invalid_request_error"
) -> Callable[[Any], Reply]:
    return lambda req: error_reply(status, message, code, type_)


#: (name, method under client.realtime, args, kwargs, scripted answer or None, key: "sk" or "ek")
CALLS: List[Call] = [
    # -- calls.create ---------------------------------------------------------------------------
    ("create_sdk_test", "calls.create", (), {"sdp": "sdp"}, _reply(200, {"foo": "bar"}), "ek"),
    ("create_with_all_params", "calls.create", (), {"sdp": OFFER, "session": ALL_PARAMS_SESSION}, None, "sk"),
    ("create_minimal_session", "calls.create", (), {"sdp": OFFER, "session": {"type": "realtime"}}, None, "sk"),
    ("create_ephemeral_browser_form", "calls.create", (), {"sdp": OFFER}, None, "ek"),
    (
        "create_extras",
        "calls.create",
        (),
        dict(
            EXTRAS,
            sdp=OFFER,
            session={"type": "realtime", "model": "gpt-realtime"},
            extra_body={"metadata": {"ticket": "T-1"}, "flag": True, "n": 2},
            timeout=12.5,
        ),
        None,
        "sk",
    ),
    # -- calls.accept -----------------------------------------------------------------------------
    ("accept_sdk_test", "calls.accept", (), {"call_id": "call_id", "type": "realtime"}, None, "sk"),
    ("accept_with_all_params", "calls.accept", (), dict(ALL_PARAMS_ACCEPT, call_id="call_id"), None, "sk"),
    ("accept_nulls", "calls.accept", ("rtc_68f1c0ffee",), NULLS_ACCEPT, None, "sk"),
    (
        "accept_positional",
        "calls.accept",
        ("rtc_1",),
        {"type": "realtime", "model": "gpt-realtime", "instructions": "Hi."},
        None,
        "sk",
    ),
    (
        "accept_extras",
        "calls.accept",
        ("rtc a/b?c#d%2e:@+é",),
        dict(EXTRAS, type="realtime", extra_body={"brand_new": {"x": 1}}, timeout=3),
        None,
        "sk",
    ),
    # -- refer / reject / hangup ------------------------------------------------------------------------
    ("refer_sdk_test", "calls.refer", (), {"call_id": "call_id", "target_uri": "tel:+14155550123"}, None, "sk"),
    ("refer_sip", "calls.refer", ("rtc_x?y#z",), {"target_uri": "sip:agent@example.com;transport=tls"}, None, "sk"),
    (
        "refer_extras",
        "calls.refer",
        ("rtc_1",),
        dict(EXTRAS, target_uri="tel:+1", extra_body={"reason": "transfer"}),
        None,
        "sk",
    ),
    ("reject_sdk_test", "calls.reject", (), {"call_id": "call_id"}, None, "sk"),
    ("reject_with_all_params", "calls.reject", (), {"call_id": "call_id", "status_code": 486}, None, "sk"),
    (
        "reject_extras",
        "calls.reject",
        ("rtc_1",),
        dict(EXTRAS, status_code=603, extra_body={"reason": "spam"}),
        None,
        "sk",
    ),
    ("hangup_sdk_test", "calls.hangup", ("call_id",), {}, None, "sk"),
    ("hangup_extras", "calls.hangup", ("rtc_1",), dict(EXTRAS, extra_body={"reason": "done"}), None, "sk"),
    # -- client secrets -----------------------------------------------------------------------------------
    ("secret_sdk_test", "client_secrets.create", (), {}, None, "sk"),
    (
        "secret_with_all_params",
        "client_secrets.create",
        (),
        {"expires_after": {"anchor": "created_at", "seconds": 10}, "session": ALL_PARAMS_SESSION},
        None,
        "sk",
    ),
    ("secret_transcription", "client_secrets.create", (), {"session": TRANSCRIPTION_SESSION}, None, "sk"),
    (
        "secret_future_answer",
        "client_secrets.create",
        (),
        {"session": {"type": "realtime"}},
        _reply(200, FUTURE_SECRET),
        "sk",
    ),
    (
        "secret_extras",
        "client_secrets.create",
        (),
        dict(EXTRAS, extra_body={"session": {"type": "realtime"}}),
        None,
        "sk",
    ),
    (
        "translation_secret",
        "translations.client_secrets.create",
        (),
        {"session": {"model": "gpt-realtime-translate"}},
        None,
        "sk",
    ),
    (
        "translation_secret_all_params",
        "translations.client_secrets.create",
        (),
        {"session": TRANSLATION_SESSION, "expires_after": {"anchor": "created_at", "seconds": 7200}},
        None,
        "sk",
    ),
    # -- with_raw_response / with_streaming_response ----------------------------------------------------
    (
        "raw_create",
        "calls.with_raw_response.create",
        (),
        {"sdp": OFFER, "session": {"type": "realtime"}, "extra_headers": {"X-Trace": "raw-1"}},
        None,
        "sk",
    ),
    ("raw_accept", "calls.with_raw_response.accept", (), {"call_id": "call_id", "type": "realtime"}, None, "sk"),
    ("raw_refer", "calls.with_raw_response.refer", ("rtc_1",), {"target_uri": "tel:+1"}, None, "sk"),
    ("raw_reject", "calls.with_raw_response.reject", ("rtc_1",), {}, None, "sk"),
    ("raw_hangup", "calls.with_raw_response.hangup", ("rtc_1",), {}, None, "sk"),
    ("raw_secret", "client_secrets.with_raw_response.create", (), {}, None, "sk"),
    (
        "raw_translation",
        "translations.client_secrets.with_raw_response.create",
        (),
        {"session": {"model": "m"}},
        None,
        "sk",
    ),
    ("raw_namespace", "with_raw_response.calls.hangup", ("rtc_2",), {}, None, "sk"),
    (
        "stream_create",
        "calls.with_streaming_response.create",
        (),
        {"sdp": OFFER, "session": {"type": "realtime"}},
        None,
        "sk",
    ),
    (
        "stream_accept",
        "calls.with_streaming_response.accept",
        (),
        {"call_id": "call_id", "type": "realtime"},
        None,
        "sk",
    ),
    ("stream_secret", "client_secrets.with_streaming_response.create", (), {}, None, "sk"),
    # -- errors the server answers ------------------------------------------------------------------------
    (
        "error_404",
        "calls.accept",
        ("rtc_gone",),
        {"type": "realtime"},
        _error(404, "No such call.", "call_id_not_found"),
        "sk",
    ),
    (
        "error_400",
        "client_secrets.create",
        (),
        {"session": {"type": "realtime"}},
        _error(400, "Bad value.", "invalid_value"),
        "sk",
    ),
    ("error_401", "calls.hangup", ("rtc_1",), {}, _error(401, "Incorrect API key provided.", "invalid_api_key"), "sk"),
    ("error_409", "calls.reject", ("rtc_1",), {}, _error(409, "Already answered.", None), "sk"),
    (
        "error_429",
        "calls.refer",
        ("rtc_1",),
        {"target_uri": "tel:+1"},
        _error(429, "Slow down.", "rate_limit_exceeded", "requests"),
        "sk",
    ),
    ("error_500", "calls.hangup", ("rtc_1",), {}, _error(500, "Oops.", None, "server_error"), "sk"),
    (
        "error_raw_404",
        "calls.with_raw_response.hangup",
        ("rtc_gone",),
        {},
        _error(404, "No such call.", "call_id_not_found"),
        "sk",
    ),
]

#: The one deliberate wire difference (README): a standard key and no session. The SDK sends the raw SDP as
#: ``application/sdp``; realtime_sync sends ``multipart/form-data`` with one ``sdp`` part (the form OpenAI
#: documents for server-side calls). Everything read back is the same.
KNOWN_DIFFERENCE: Call = ("create_standard_key_no_session", "calls.create", (), {"sdp": OFFER}, None, "sk")

#: Calls refused before anything is sent (the SDK's ValueError for an empty id).
REFUSALS: List[Tuple[str, str, Tuple[Any, ...], Dict[str, Any]]] = [
    ("accept_empty", "calls.accept", (), {"call_id": "", "type": "realtime"}),
    ("refer_empty", "calls.refer", (), {"call_id": "", "target_uri": "tel:+14155550123"}),
    ("reject_empty", "calls.reject", (), {"call_id": ""}),
    ("hangup_empty", "calls.hangup", ("",), {}),
    ("raw_accept_empty", "calls.with_raw_response.accept", (), {"call_id": "", "type": "realtime"}),
    ("raw_hangup_empty", "calls.with_raw_response.hangup", ("",), {}),
    ("raw_refer_empty", "calls.with_raw_response.refer", (), {"call_id": "", "target_uri": "tel:+1"}),
    ("raw_reject_empty", "calls.with_raw_response.reject", (), {"call_id": ""}),
]

#: Headers that describe the client or the connection, not the request.
UNCOMPARED_HEADERS = ("user-agent", "host", "accept-encoding", "connection", "content-length")


def resolve(client: Any, dotted: str) -> Any:
    target = client.realtime
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def wire_of(req: Any) -> Dict[str, Any]:
    """One request as comparable data: method, target, headers, and the body by its content type."""
    headers = {
        name: value
        for name, value in sorted(req.headers.items())
        if name not in UNCOMPARED_HEADERS and not name.startswith("x-stainless")
    }
    content_type = headers.get("content-type", "")
    entry: Dict[str, Any] = {"method": req.method, "target": req.target}
    if content_type.startswith("multipart/form-data"):
        headers["content-type"] = "multipart/form-data"  # the boundary is random
        entry["parts"] = [_part(p) for p in parse_multipart(content_type, req.body)]
    elif content_type.startswith("application/json") and req.body:
        # JSON compared as values: the key order of an object carries no meaning.
        entry["json"] = json.loads(req.body)
    else:
        entry["body"] = req.body.decode("utf-8")
    entry["headers"] = headers
    return entry


def _part(part: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {"name": part.name, "headers": dict(sorted(part.headers.items()))}
    if part.content_type == "application/json":
        out["json"] = json.loads(part.body)
    else:
        out["body"] = part.body.decode("utf-8")
    return out


def read_back(value: Any) -> Any:
    """What a caller reads back, through the SDK's attribute names only."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, bytes):
        return {"bytes": value.decode("utf-8", "replace")}
    if hasattr(value, "http_request") and hasattr(value, "parse"):  # with_raw_response
        out = {
            "status_code": value.status_code,
            "headers": {k: value.headers.get(k) for k in ("location", "content-type", "x-request-id")},
            "method": value.method,
            "is_closed": value.is_closed,
            "http_request_x_trace": value.http_request.headers.get("x-trace"),
            "parsed": read_back(value.parse()),
        }
        return out
    if hasattr(value, "response") and hasattr(value, "iter_bytes"):  # binary content (calls.create)
        out = {
            "text": value.text,
            "content": value.content.decode("utf-8", "replace"),
            "read": value.read().decode("utf-8", "replace"),
            "iter_bytes": b"".join(value.iter_bytes()).decode("utf-8", "replace"),
            "encoding": value.encoding,
            "status_code": value.response.status_code,
            "location": value.response.headers.get("location"),
            "request_id": value.response.headers.get("x-request-id"),
        }
        try:
            out["json"] = value.json()
        except ValueError:
            out["json"] = "ValueError"
        return out
    if hasattr(value, "to_dict"):
        data = value.to_dict()
        return {"to_dict": data, "to_json": json.loads(value.to_json()), "attributes": _attributes(value, data)}
    raise AssertionError("unexpected result %r" % (value,))


def _attributes(obj: Any, data: Any) -> Any:
    # Every key of the JSON form, read as an attribute (unknown keys included), recursively.
    if isinstance(data, dict) and not isinstance(obj, dict):
        return {key: _attributes(getattr(obj, key), item) for key, item in data.items()}
    if isinstance(data, list) and isinstance(obj, list):
        return [_attributes(o, d) for o, d in zip(obj, data)]
    if hasattr(obj, "to_dict"):
        return {"model": obj.to_dict()}
    return obj


def streamed(value: Any) -> Dict[str, Any]:
    """A ``with_streaming_response`` answer, used as SDK users do."""
    with value as response:
        inside = {
            "is_closed": response.is_closed,
            "status_code": response.status_code,
            "location": response.headers.get("location"),
            "http_request_method": response.http_request.method,
            "parsed": read_back(response.parse()),
        }
    inside["closed_after"] = response.is_closed
    return inside


def error_of(exc: BaseException) -> Dict[str, Any]:
    if not hasattr(exc, "status_code"):
        assert isinstance(exc, ValueError), exc
        return {"error": "ValueError", "message": str(exc)}
    names = [
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ]
    name = next(c.__name__ for c in type(exc).__mro__ if c.__name__ in names + ["APIStatusError"])
    response = exc.response  # type: ignore[attr-defined]
    return {
        "error": name,
        "message": exc.message,  # type: ignore[attr-defined]
        "status_code": exc.status_code,  # type: ignore[attr-defined]
        "code": exc.code,  # type: ignore[attr-defined]
        "type": exc.type,  # type: ignore[attr-defined]
        "param": exc.param,  # type: ignore[attr-defined]
        "body": exc.body,  # type: ignore[attr-defined]
        "request_id": exc.request_id,  # type: ignore[attr-defined]
        "response": {
            "status_code": response.status_code,
            "json": response.json(),
            "text": response.text,
            "x-request-id": response.headers.get("x-request-id"),
        },
        "request": {"method": exc.request.method},  # type: ignore[attr-defined]
    }


def run(make_client: Callable[[str], Any], server: Any, calls_to_run: Optional[List[Call]] = None) -> Dict[str, Any]:
    """Every call of CALLS and REFUSALS through clients from ``make_client(api_key)``; wire and read-backs."""
    clients = {"sk": make_client(API_KEY), "ek": make_client(EPHEMERAL_KEY)}
    calls = []
    for name, method, args, kwargs, reply, key in CALLS if calls_to_run is None else calls_to_run:
        if reply is not None:
            server.add(reply)
        before = len(server.requests)
        entry: Dict[str, Any] = {"name": name}
        try:
            result = resolve(clients[key], method)(*args, **kwargs)
            entry["result"] = streamed(result) if ".with_streaming_response." in "." + method else read_back(result)
        except Exception as exc:  # the scripted errors: compared as data
            entry["raised"] = error_of(exc)
        sent = server.requests[before:]
        assert len(sent) == 1, (name, sent)
        entry["request"] = wire_of(sent[0])
        calls.append(entry)
    refusals = []
    for name, method, args, kwargs in REFUSALS:
        before = len(server.requests)
        try:
            resolve(clients["sk"], method)(*args, **kwargs)
        except ValueError as exc:
            refusals.append(dict(error_of(exc), name=name))
        else:
            raise AssertionError("%s was sent" % name)
        assert len(server.requests) == before, "%s: sent despite the refusal" % name
    for client in clients.values():
        client.close()
    return {"calls": calls, "refusals": refusals}
