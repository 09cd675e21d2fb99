"""The converter: §12 examples round-trip, wire rules, validation errors, response tolerance."""

import copy
import json
import logging
import sys
import threading
from typing import Any, Dict, List, Literal, Optional, Tuple, Union

import attrs
import pytest
from data import REFERENCE as EXAMPLES  # (reference section 12, verbatim)
from hypothesis import given, settings
from hypothesis import strategies as st

import realtime_sync
from realtime_sync import _serde, models
from realtime_sync._serde import dumps, parse_response, request_body, structure, unstructure
from realtime_sync.errors import APIResponseValidationError, RequestValidationError
from realtime_sync.models import NULL


def accept_body(**fields: Any) -> Dict[str, Any]:
    # The accept endpoint sends the session itself as the body (its rule lives in _resources).
    body: Dict[str, Any] = request_body(models.RealtimeCallAcceptRequest, **fields)["session"]
    return body


SESSIONS = ["12.1", "12.2", "12.3", "12.4", "12.5"]


def ex(key: str) -> Any:
    return copy.deepcopy(EXAMPLES[key])


# --------------------------------------------------------------------------- §12 round trips


@pytest.mark.parametrize("key", SESSIONS)
def test_accept_body_is_the_session_at_top_level(key: str) -> None:
    assert accept_body(session=ex(key)) == EXAMPLES[key]


@pytest.mark.parametrize("key", SESSIONS)
def test_calls_create_session_round_trips(key: str) -> None:
    body = request_body(models.RealtimeCallCreateRequest, sdp="v=0\r\n", session=ex(key))
    assert body == {"sdp": "v=0\r\n", "session": EXAMPLES[key]}


@pytest.mark.parametrize("key", SESSIONS)
def test_session_dict_to_model_to_dict(key: str) -> None:
    model = structure(ex(key), models.RealtimeSessionCreateRequest, strict=True)
    assert isinstance(model, models.RealtimeSessionCreateRequest)
    assert unstructure(model) == EXAMPLES[key]
    # ... and the model is accepted as input, giving the same body
    assert accept_body(session=model) == EXAMPLES[key]


def test_refer_and_reject_bodies() -> None:
    assert request_body(models.RealtimeCallReferRequest, **ex("12.6")) == EXAMPLES["12.6"]
    assert request_body(models.RealtimeCallRejectRequest, **ex("12.7")) == EXAMPLES["12.7"]
    assert request_body(models.RealtimeCallRejectRequest, status_code=None) == EXAMPLES["12.8"] == {}
    assert request_body(models.RealtimeCallRejectRequest) == {}


@pytest.mark.parametrize("key", ["12.9", "12.10"])
def test_client_secret_requests_round_trip(key: str) -> None:
    assert request_body(models.RealtimeCreateClientSecretRequest, **ex(key)) == EXAMPLES[key]
    model = structure(ex(key), models.RealtimeCreateClientSecretRequest, strict=True)
    assert unstructure(model) == EXAMPLES[key]
    assert request_body(models.RealtimeCreateClientSecretRequest, session=model.session) == {
        "session": EXAMPLES[key]["session"]
    }


def test_client_secret_request_may_be_empty() -> None:
    assert request_body(models.RealtimeCreateClientSecretRequest) == {}
    assert request_body(models.RealtimeCreateClientSecretRequest, session=None, expires_after=None) == {}


def test_translation_client_secret_request_round_trips() -> None:
    body = request_body(models.RealtimeTranslationClientSecretCreateRequest, **ex("12.11"))
    assert body == EXAMPLES["12.11"]
    model = structure(ex("12.11"), models.RealtimeTranslationClientSecretCreateRequest, strict=True)
    assert model.session.audio is not None and model.session.audio.input is not None
    assert model.session.audio.input.noise_reduction is NULL
    assert unstructure(model) == EXAMPLES["12.11"]


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        ("12.12", models.RealtimeCreateClientSecretResponse),
        ("12.13", models.RealtimeCreateClientSecretResponse),
        ("12.14", models.RealtimeTranslationClientSecretCreateResponse),
        ("12.18", models.ErrorResponse),
        ("12.19", models.ErrorResponse),
    ],
)
def test_responses_round_trip(key: str, cls: Any) -> None:
    obj = parse_response(cls, ex(key))
    assert isinstance(obj, cls)
    assert unstructure(obj) == EXAMPLES[key]


def test_realtime_response_fields() -> None:
    secret = parse_response(models.RealtimeCreateClientSecretResponse, ex("12.12"))
    assert secret.value == "ek_68af296e8e408191a1120ab6383263c2"
    assert secret.expires_at == 1767226200
    session = secret.session
    assert isinstance(session, models.RealtimeSessionCreateResponse)
    assert session.id == "sess_C9G5QPteg4UIbotdKLoYQ"
    # Deliberate change (issue 16): JSON null reads as None, as in the SDK; the object remembers it.
    assert session.tracing is None and session.prompt is None and session.include is None
    assert {"tracing", "prompt", "include"} <= session.null_fields
    assert session.max_output_tokens == "inf"
    assert session.tools == []
    assert session.reasoning == models.Reasoning(effort="low")
    assert session.audio is not NULL and session.audio is not None
    audio_input = session.audio.input
    assert audio_input is not None
    assert audio_input.format == models.AudioPCM(rate=24000)
    assert audio_input.transcription is None and "transcription" in audio_input.null_fields
    assert isinstance(audio_input.turn_detection, models.ServerVad)
    assert audio_input.turn_detection.idle_timeout_ms is None
    assert audio_input.turn_detection.to_dict()["idle_timeout_ms"] is None
    assert audio_input.turn_detection.silence_duration_ms == 200


def test_transcription_response_has_flat_turn_detection() -> None:
    secret = parse_response(models.RealtimeCreateClientSecretResponse, ex("12.13"))
    session = secret.session
    assert isinstance(session, models.RealtimeTranscriptionSessionCreateResponse)
    assert session.object == "realtime.transcription_session"
    assert isinstance(session.audio, models.TranscriptionSessionResponseAudio)
    assert isinstance(session.audio.input, models.TranscriptionSessionResponseAudioInput)
    assert session.audio.input.turn_detection == models.TranscriptionTurnDetection(
        type="server_vad", threshold=0.5, prefix_padding_ms=300, silence_duration_ms=500
    )


def test_error_body() -> None:
    err = parse_response(models.ErrorResponse, ex("12.18")).error
    assert err.message == "Unknown call id rtc_missing."
    assert err.type == "invalid_request_error"
    assert err.code == "call_id_not_found"
    assert err.param is None and "param" in err.null_fields


# --------------------------------------------------------------------------- wire rules


def test_none_is_omitted_null_is_sent_and_tags_are_written() -> None:
    session = models.RealtimeSessionCreateRequest(
        model="gpt-realtime",
        tracing=NULL,
        audio=models.RealtimeAudioConfig(
            input=models.RealtimeAudioInput(turn_detection=NULL, noise_reduction=None),
            output=models.RealtimeAudioOutput(format=models.AudioPCMU()),
        ),
        tools=[models.FunctionTool(name="f")],
    )
    assert dumps(accept_body(session=session)) == (
        b'{"type":"realtime","model":"gpt-realtime","audio":{"input":{"turn_detection":null},'
        b'"output":{"format":{"type":"audio/pcmu"}}},"tools":[{"type":"function","name":"f"}],"tracing":null}'
    )


def test_dict_none_means_null_and_absent_means_omitted() -> None:
    body = accept_body(
        session={"type": "realtime", "audio": {"input": {"turn_detection": None}}, "prompt": None},
    )
    assert body == {"type": "realtime", "audio": {"input": {"turn_detection": None}}, "prompt": None}


def test_type_tag_is_filled_in_for_single_session_fields() -> None:
    assert accept_body(session={"model": "m"}) == {"type": "realtime", "model": "m"}
    assert accept_body(session=models.RealtimeSessionCreateRequest()) == {"type": "realtime"}


def test_top_level_null_and_tracing_auto() -> None:
    body = request_body(models.RealtimeCallCreateRequest, sdp="x", session={"tracing": "auto"})
    assert body == {"sdp": "x", "session": {"type": "realtime", "tracing": "auto"}}
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCallCreateRequest, sdp="x", session=NULL)
    assert info.value.errors == ["session: may not be null (leave the field out to omit it)"]


def test_open_enums_accept_any_string() -> None:
    body = accept_body(
        session={
            "model": "gpt-realtime-9000",
            "audio": {"output": {"voice": "new-voice"}, "input": {"transcription": {"model": "future-asr"}}},
        },
    )
    assert body["model"] == "gpt-realtime-9000"
    assert body["audio"]["output"]["voice"] == "new-voice"


def test_custom_voice_object() -> None:
    model = models.RealtimeSessionCreateRequest(
        audio=models.RealtimeAudioConfig(output=models.RealtimeAudioOutput(voice=models.VoiceId(id="voice_1")))
    )
    assert accept_body(session=model)["audio"] == {"output": {"voice": {"id": "voice_1"}}}


def test_max_output_tokens_int_or_inf() -> None:
    for value in (1, 4096, "inf"):
        assert accept_body(session={"max_output_tokens": value})["max_output_tokens"] == value


def test_tuple_accepted_as_list_and_ints_kept_for_numbers() -> None:
    body = accept_body(
        session={"output_modalities": ("text",), "audio": {"output": {"speed": 1}}},
    )
    assert body["output_modalities"] == ["text"]
    assert dumps(body["audio"]) == b'{"output":{"speed":1}}'


def test_model_extra_is_written_but_declared_fields_win() -> None:
    vad = models.ServerVad(threshold=0.4, extra={"threshold": 0.9, "new_knob": 1})
    assert unstructure(vad) == {"type": "server_vad", "threshold": 0.4, "new_knob": 1}
    session = models.RealtimeSessionCreateRequest(extra={"future_field": {"a": 1}})
    assert accept_body(session=session) == {
        "type": "realtime",
        "future_field": {"a": 1},
    }


def test_model_inside_a_dict_is_accepted() -> None:
    body = accept_body(
        session={"audio": models.RealtimeAudioConfig(input=models.RealtimeAudioInput(turn_detection=NULL))},
    )
    assert body == {"type": "realtime", "audio": {"input": {"turn_detection": None}}}


def test_mcp_tool_every_field() -> None:
    tool = {
        "type": "mcp",
        "server_label": "crm",
        "connector_id": "connector_gmail",
        "tunnel_id": "tun_1",
        "authorization": "oauth-token",
        "headers": None,
        "allowed_tools": ["a", "b"],
        "require_approval": {"always": {"tool_names": ["del"]}, "never": {"read_only": True}},
        "allowed_callers": ["direct", "programmatic"],
        "defer_loading": True,
        "server_description": "CRM",
    }
    body = accept_body(session={"tools": [tool], "tool_choice": "required"})
    assert body["tools"] == [tool]
    parsed = structure({"tools": [tool]}, models.RealtimeSessionCreateRequest, strict=True)
    assert parsed.tools is not None
    mcp = parsed.tools[0]
    assert isinstance(mcp, models.McpTool)
    assert mcp.headers is NULL
    assert mcp.require_approval == models.McpToolApprovalFilter(
        always=models.McpToolFilter(tool_names=["del"]), never=models.McpToolFilter(read_only=True)
    )


def test_prompt_variables_union() -> None:
    prompt = {
        "id": "pmpt_1",
        "version": None,
        "variables": {
            "name": "Ada",
            "t": {"type": "input_text", "text": "hi", "prompt_cache_breakpoint": {"mode": "explicit", "ttl": "30m"}},
            "img": {"type": "input_image", "detail": "original", "file_id": None, "image_url": "https://x/y.png"},
            "f": {"type": "input_file", "detail": "auto", "file_url": "https://x/f.pdf", "filename": "f.pdf"},
        },
    }
    body = accept_body(session={"prompt": prompt})
    assert body["prompt"] == prompt
    parsed = structure({"prompt": prompt}, models.RealtimeSessionCreateRequest, strict=True)
    assert isinstance(parsed.prompt, models.Prompt)
    assert parsed.prompt.version is NULL
    assert isinstance(parsed.prompt.variables, dict)
    assert isinstance(parsed.prompt.variables["img"], models.InputImage)


def test_truncation_and_reasoning_and_transcription_fields() -> None:
    session = {
        "truncation": {"type": "retention_ratio", "retention_ratio": 0.5},
        "reasoning": {"effort": "xhigh"},
        "audio": {
            "input": {
                "transcription": {"model": "gpt-realtime-whisper", "delay": "minimal", "languages": ["en"]},
                "turn_detection": {"type": "server_vad", "idle_timeout_ms": None},
            }
        },
    }
    assert accept_body(session=session) == dict(session, type="realtime")


def test_dumps_is_compact_utf8_and_rejects_nan() -> None:
    assert dumps({"a": [1, "h\u00e9llo"], "b": None}) == b'{"a":[1,"h\xc3\xa9llo"],"b":null}'
    assert dumps(models.ClientSecretExpiration(seconds=600)) == b'{"seconds":600}'
    with pytest.raises(ValueError):
        dumps({"x": float("nan")})
    assert dumps({"t": NULL, "v": [models.VoiceId(id="v")]}) == b'{"t":null,"v":[{"id":"v"}]}'
    # Issue 15 item 13: one library error naming the field, not a raw TypeError.
    with pytest.raises(RequestValidationError) as info:
        dumps({"x": object()})
    assert info.value.errors == ["x: expected JSON data, got a value of type object"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(value=JSON_VALUES)
def test_dumps_writes_what_json_dumps_writes(value: Any) -> None:
    # dumps() runs one shared C encoder (built once, _serde._encode), not json.dumps: the bytes
    # must be json.dumps' own, and the json.dumps fallback (no C accelerator) must agree too.
    expected = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert dumps(value) == expected
    assert _serde._dumps_encode(value) == expected
    if not isinstance(value, str):  # lone surrogates in a bare string: the next tests
        assert dumps({"k": value, "m": models.VoiceId(id="v")}) == b'{"k":%s,"m":{"id":"v"}}' % expected


def test_dumps_shared_encoder_is_used_and_fails_as_json_dumps_does() -> None:
    assert _serde._encode is not _serde._dumps_encode  # CPython has the C accelerator
    for bad, error in ((float("inf"), ValueError), ({"x": object()}, TypeError), ("a\udc80", UnicodeEncodeError)):
        for encode in (_serde._encode, _serde._dumps_encode):
            with pytest.raises(error):
                encode({"v": [bad]})
        with pytest.raises(RequestValidationError) as info:
            dumps({"v": [bad]})
        assert info.value.errors[0].startswith("v[0]")
    # Circular data: the shared encoder keeps no record of what it is inside (no state to share
    # between threads), so it ends in RecursionError; dumps() names the path, as for deep nesting.
    loop: List[Any] = []
    loop.append(loop)
    with pytest.raises(RecursionError):
        _serde._encode(loop)
    with pytest.raises(RequestValidationError) as info:
        dumps({"a": loop})
    assert info.value.errors[0].startswith("a[0][0]") and "nested too deeply" in info.value.errors[0]


def test_dumps_from_many_threads_at_once_share_the_encoder_safely() -> None:
    # The same dict encoded by 8 threads at once: a shared circular-reference record (json.dumps'
    # markers) would see another thread's visit as a cycle; the shared encoder has none. The
    # models in it run Python code mid-encoding (the encoder's default), where threads switch.
    tools = [{"name": "f%d" % i, "voice": models.VoiceId(id="v%d" % i)} for i in range(50)]
    body = {"session": {"tools": tools}}
    plain = {"session": {"tools": [dict(t, voice={"id": t["voice"].id}) for t in tools]}}
    expected = json.dumps(plain, separators=(",", ":")).encode()
    start = threading.Barrier(8)
    results: List[Any] = []

    def encode_many() -> None:
        start.wait()
        for _ in range(100):
            try:
                results.append(dumps(body) == expected)
            except RequestValidationError as exc:
                results.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=encode_many) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 800 and all(r is True for r in results), [r for r in results if r is not True][:1]


# --------------------------------------------------------------------------- request validation


def errors_of(cls: Any, **fields: Any) -> List[str]:
    with pytest.raises(RequestValidationError) as info:
        request_body(cls, **fields)
    assert str(info.value).startswith("invalid request")
    return info.value.errors


def test_every_problem_is_listed_with_its_path() -> None:
    errors = errors_of(
        models.RealtimeCreateClientSecretRequest,
        session={
            "type": "realtime",
            "modle": "gpt-realtime",
            "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": "high"}}},
            "tools": [{"type": "mcp"}, {"type": "fn"}],
            "output_modalities": ["text", "video"],
        },
        expires_after={"seconds": 5},
    )
    assert errors == [
        "session.modle: unknown field; did you mean 'model'? (to send a field this library does not model: "
        "strict=False forwards unknown keys, or use extra_body= or a model's extra=)",
        "session.audio.input.turn_detection.threshold: expected a number, got 'high'",
        "session.output_modalities[1]: expected one of 'text', 'audio', got 'video'",
        "session.tools[0].server_label: required field missing",
        "session.tools[1].type: expected one of 'function', 'mcp', got 'fn'",
        "expires_after.seconds: expected an integer from 10 to 7200, got 5",
    ]


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ({"instructions": 3}, "session.instructions: expected a string, got 3"),
        ({"parallel_tool_calls": "yes"}, "session.parallel_tool_calls: expected a boolean, got 'yes'"),
        ({"max_output_tokens": True}, "session.max_output_tokens: expected 'inf' or an integer, got true"),
        ({"max_output_tokens": "lots"}, "session.max_output_tokens: expected 'inf' or an integer, got 'lots'"),
        ({"instructions": None}, "session.instructions: may not be null (leave the field out to omit it)"),
        ({"tracing": "off"}, "session.tracing: expected 'auto' or an object or null, got 'off'"),
        (
            {"tool_choice": "any"},
            "session.tool_choice: expected one of 'none', 'auto', 'required' or an object, got 'any'",
        ),
        (
            {"include": "item.input_audio_transcription.logprobs"},
            "session.include: expected a list, got 'item.input_audio_transcription.logprobs'",
        ),
        ({"type": "transcription"}, "session.type: expected 'realtime', got 'transcription'"),
        (
            {"audio": {"output": {"speed": float("inf")}}},
            "session.audio.output.speed: expected a finite number, got inf",
        ),
        (
            {"audio": {"input": {"noise_reduction": {"type": "near-field"}}}},
            "session.audio.input.noise_reduction.type: expected one of 'near_field', 'far_field', got 'near-field'",
        ),
        (
            {"audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}},
            "session.audio.input.format.rate: expected 24000, got 16000",
        ),
        (
            {"audio": {"input": {"format": {"rate": 24000}}}},
            "session.audio.input.format.type: required field missing (one of 'audio/pcm', 'audio/pcmu', 'audio/pcma')",
        ),
        ({"audio": {"output": {"voice": 7}}}, "session.audio.output.voice: expected a string or an object, got 7"),
        ({"audio": []}, "session.audio: expected an object, got a list"),
        ({"prompt": {"variables": {"v": 1}}}, "session.prompt.id: required field missing"),
        (
            {"tools": [{"type": "mcp", "server_label": "s", "headers": {"X-A": 1}}]},
            "session.tools[0].headers['X-A']: expected a string, got 1",
        ),
    ],
)
def test_single_problem_messages(session: Dict[str, Any], expected: str) -> None:
    assert expected in errors_of(models.RealtimeCallAcceptRequest, session=session)


def test_seconds_range_applies_to_models_too() -> None:
    assert errors_of(
        models.RealtimeCreateClientSecretRequest, expires_after=models.ClientSecretExpiration(seconds=7201)
    ) == ["expires_after.seconds: expected an integer from 10 to 7200, got 7201"]
    for ok in (10, 7200):
        assert request_body(models.RealtimeCreateClientSecretRequest, expires_after={"seconds": ok}) == {
            "expires_after": {"seconds": ok}
        }
    assert errors_of(models.RealtimeCreateClientSecretRequest, expires_after={"anchor": "now"}) == [
        "expires_after.anchor: expected 'created_at', got 'now'"
    ]


def test_client_secret_session_needs_its_tag() -> None:
    assert errors_of(models.RealtimeCreateClientSecretRequest, session={"model": "m"}) == [
        "session.type: required field missing (one of 'realtime', 'transcription')"
    ]
    assert errors_of(models.RealtimeCreateClientSecretRequest, session={"type": "translation"}) == [
        "session.type: expected one of 'realtime', 'transcription', got 'translation'"
    ]


def test_models_with_wrong_runtime_types_are_rejected() -> None:
    vad = models.ServerVad(threshold="high")  # type: ignore[arg-type]
    session = models.RealtimeSessionCreateRequest(
        audio=models.RealtimeAudioConfig(input=models.RealtimeAudioInput(turn_detection=vad))
    )
    assert errors_of(models.RealtimeCallAcceptRequest, session=session) == [
        "session.audio.input.turn_detection.threshold: expected a number, got 'high'"
    ]


def test_missing_and_unknown_top_level_arguments() -> None:
    assert errors_of(models.RealtimeCallReferRequest) == ["target_uri: required field missing"]
    assert errors_of(models.RealtimeCallReferRequest, target_uri=None) == ["target_uri: required field missing"]
    assert errors_of(models.RealtimeCallRejectRequest, status="486") == [
        "status: unknown argument (expected one of status_code)"
    ]
    assert errors_of(models.RealtimeCallRejectRequest, status_code="486") == [
        "status_code: expected an integer, got '486'"
    ]
    assert errors_of(models.RealtimeTranslationClientSecretCreateRequest, session={}) == [
        "session.model: required field missing"
    ]


def test_secrets_are_not_echoed_in_errors() -> None:
    errors = errors_of(models.RealtimeCallReferRequest, target_uri=["sk-canary-0123456789"])
    assert errors == ["target_uri: expected a string, got a list"]
    errors = errors_of(
        models.RealtimeCallAcceptRequest,
        session={"tools": [{"type": "mcp", "server_label": "x", "headers": "Bearer sk-canary-0123"}]},
    )
    assert errors == ["session.tools[0].headers: expected an object or null, got a string that looks like a secret"]
    assert "canary" not in str(errors)


def test_validation_error_is_a_value_error_and_nothing_is_sent_half_built() -> None:
    with pytest.raises(ValueError):
        accept_body(session="realtime")


# --------------------------------------------------------------------------- response tolerance


def test_unknown_fields_are_kept_and_written_back() -> None:
    data = ex("12.12")
    data["brand_new"] = {"x": 1}
    data["session"]["future_knob"] = [1, 2]
    data["session"]["audio"]["output"]["loudness"] = 0.3
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert secret.extra == {"brand_new": {"x": 1}}
    assert isinstance(secret.session, models.RealtimeSessionCreateResponse)
    assert secret.session.extra == {"future_knob": [1, 2]}
    assert unstructure(secret) == data


def test_unknown_enum_values_parse() -> None:
    data = ex("12.12")
    session = data["session"]
    session["output_modalities"] = ["audio", "video"]
    session["tool_choice"] = "sometimes"
    session["truncation"] = "smart"
    session["reasoning"] = {"effort": "extreme"}
    session["audio"]["input"]["noise_reduction"] = {"type": "mid_field"}
    session["audio"]["input"]["format"] = {"type": "audio/pcm", "rate": 48000}
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert isinstance(secret.session, models.RealtimeSessionCreateResponse)
    assert secret.session.output_modalities == ["audio", "video"]
    assert secret.session.tool_choice == "sometimes"
    assert unstructure(secret) == data


def test_unknown_union_variants_parse_into_fallbacks() -> None:
    data = ex("12.12")
    session = data["session"]
    session["tools"] = [{"type": "web_search", "k": 1}, {"type": "function", "name": "f"}]
    session["tool_choice"] = {"type": "allowed_tools", "tools": []}
    session["truncation"] = {"type": "sliding_window", "size": 3}
    session["prompt"] = {"id": "p", "variables": {"a": {"type": "input_audio", "x": 1}}}
    session["audio"]["input"]["turn_detection"] = {"type": "future_vad", "knob": 3}
    session["audio"]["input"]["format"] = {"type": "audio/opus"}
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    s = secret.session
    assert isinstance(s, models.RealtimeSessionCreateResponse)
    assert s.tools == [models.UnknownTool(raw={"type": "web_search", "k": 1}), models.FunctionTool(name="f")]
    assert isinstance(s.tool_choice, models.UnknownToolChoice) and s.tool_choice.type == "allowed_tools"
    assert isinstance(s.truncation, models.UnknownTruncation)
    assert isinstance(s.audio, models.RealtimeAudioConfig) and s.audio.input is not None
    assert s.audio.input.turn_detection == models.UnknownTurnDetection(raw={"type": "future_vad", "knob": 3})
    assert isinstance(s.audio.input.format, models.UnknownAudioFormat)
    assert unstructure(secret) == data


def test_unknown_session_type_parses() -> None:
    data = {"value": "ek_x", "expires_at": 1, "session": {"type": "live", "id": "s"}}
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert secret.session == models.UnknownSession(raw={"type": "live", "id": "s"})
    assert unstructure(secret) == data


def test_voice_object_and_undocumented_nulls_in_response() -> None:
    data = ex("12.12")
    data["session"]["audio"]["output"]["voice"] = {"id": "voice_1234"}
    data["session"]["audio"]["output"]["speed"] = None
    data["session"]["expires_at"] = None
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert isinstance(secret.session, models.RealtimeSessionCreateResponse)
    assert isinstance(secret.session.audio, models.RealtimeAudioConfig)
    output = secret.session.audio.output
    assert output is not None
    assert output.voice == models.VoiceId(id="voice_1234")
    assert output.speed is None and output.null_fields == {"speed"} and output.extra == {}
    assert secret.session.expires_at is None
    assert unstructure(secret) == data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("value"), "value: required field missing"),
        (lambda d: d.update(value=12), "value: expected a string, got 12"),
        (lambda d: d.update(value=""), "value: expected a usable value, got ''"),
    ],
)
def test_wrong_response_shapes(mutate: Any, expected: str) -> None:
    # What the answer exists for (the secret) missing or unusable: an error, never a silent None.
    data = ex("12.12")
    mutate(data)
    with pytest.raises(APIResponseValidationError) as info:
        parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert str(info.value).startswith("response did not match RealtimeCreateClientSecretResponse")
    assert expected in info.value.errors
    assert "ek_68af" not in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "read"),
    [
        (lambda d: d.update(expires_at="soon"), lambda s: s.expires_at == "soon"),
        (lambda d: d["session"].pop("id"), lambda s: s.session.id is None and s.session.model is not None),
        (lambda d: d["session"].pop("object"), lambda s: s.session.object is None),
        (lambda d: d["session"].update(tools={"a": 1}), lambda s: s.session.tools == {"a": 1}),
        (lambda d: d.update(session=[]), lambda s: s.session == []),
        (lambda d: d["session"]["audio"].update(input=5), lambda s: s.session.audio.input == 5),
    ],
)
def test_tolerant_reader_keeps_the_secret(mutate: Any, read: Any, caplog: Any) -> None:
    # Issue 15 item 6: a missing field reads as None, an unexpected one keeps its raw value
    # (logged at debug), and the minted secret is still returned.
    data = ex("12.12")
    mutate(data)
    with caplog.at_level(logging.DEBUG, logger="realtime_sync"):
        secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert secret.value == "ek_68af296e8e408191a1120ab6383263c2"
    assert read(secret)
    assert caplog.records and all(r.levelno == logging.DEBUG for r in caplog.records)
    assert "ek_68af" not in caplog.text


def test_response_that_is_not_an_object() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        parse_response(models.ErrorResponse, [1])
    assert info.value.errors == ["(body): expected an object (ErrorResponse), got a list"]


def test_error_code_may_be_a_number() -> None:
    err = parse_response(models.ErrorResponse, {"error": {"message": "m", "code": 123, "extra_info": 1}}).error
    assert err.code == 123 and err.extra == {"extra_info": 1}


# --------------------------------------------------------------------------- internal API for other modules


@attrs.frozen(kw_only=True)
class _Ping(models.Model):
    kind: Literal["ping"] = "ping"
    n: int = 0

    def __check__(self) -> List[Tuple[str, str]]:
        return [] if self.n >= 0 else [("n", "expected >= 0, got %d" % self.n)]


@attrs.frozen(kw_only=True)
class _Pong(models.Model):
    kind: Literal["pong"] = "pong"


class _UnknownEvent(models.Unknown):
    """A fallback is declared by its base class alone."""


_Event = Union[_Ping, _Pong, _UnknownEvent]


def test_a_union_declared_with_another_tag_name_and_a_fallback() -> None:
    # Nothing is registered: the tag key is the literal the members share, the fallback its base class.
    assert structure({"kind": "ping", "n": 2}, _Event) == _Ping(n=2)
    assert structure({"kind": "later"}, _Event) == _UnknownEvent(raw={"kind": "later"})
    assert unstructure(_UnknownEvent(raw={"kind": "later"})) == {"kind": "later"}
    assert unstructure([_Pong(), _Ping()]) == [{"kind": "pong"}, {"kind": "ping", "n": 0}]
    with pytest.raises(RequestValidationError) as info:
        structure({"kind": "later"}, _Event, strict=True)
    assert info.value.errors == ["kind: expected one of 'ping', 'pong', got 'later'"]
    with pytest.raises(RequestValidationError) as info:
        structure({"kind": "ping", "n": -1}, _Event, strict=True)
    assert info.value.errors == ["n: expected >= 0, got -1"]


def test_json_bytes_round_trip_through_dumps() -> None:
    body = accept_body(session=ex("12.3"))
    assert json.loads(dumps(body)) == EXAMPLES["12.3"]


def test_null_sentinel_inside_a_dict_and_wrong_model_class() -> None:
    assert accept_body(session={"tracing": NULL}) == {
        "type": "realtime",
        "tracing": None,
    }
    assert errors_of(models.RealtimeCallAcceptRequest, session={"instructions": NULL}) == [
        "session.instructions: may not be null (leave the field out to omit it)"
    ]
    assert errors_of(models.RealtimeCallReferRequest, target_uri=NULL) == ["target_uri: expected a string, got null"]
    response_session = parse_response(models.RealtimeCreateClientSecretResponse, ex("12.12")).session
    assert errors_of(models.RealtimeCallAcceptRequest, session=response_session) == [
        "session: expected RealtimeSessionCreateRequest or a dict, got a RealtimeSessionCreateResponse"
    ]


def test_function_tool_may_leave_out_its_type_as_in_the_sdk_dict_form() -> None:
    body = accept_body(session={"tools": [{"name": "f", "parameters": {}}]})
    assert body["tools"] == [{"type": "function", "name": "f", "parameters": {}}]
    assert errors_of(models.RealtimeCallAcceptRequest, session={"tool_choice": {"name": "f"}}) == [
        "session.tool_choice.type: required field missing (one of 'function', 'mcp')"
    ]


def test_converters_are_built_once_and_class_hooks_are_generated_once() -> None:
    accept_body(session=ex("12.3"))
    conv = _serde._converter(_serde._DICT)
    assert _serde._converter(_serde._DICT) is conv
    hook = _serde._cattrs_hook(conv, models.RealtimeSessionCreateRequest)
    accept_body(session=ex("12.3"))
    assert _serde._cattrs_hook(conv, models.RealtimeSessionCreateRequest) is hook
    assert _serde._converter(_serde._DICT) is conv


@attrs.frozen(kw_only=True)
class _StrAnnotated:  # as in a module with `from __future__ import annotations`
    type: "Literal['str_annotated']" = "str_annotated"
    n: "Optional[Union[int, models.NullType]]" = None
    extra: "Dict[str, Any]" = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class _StrAnnotatedOther:
    type: "Literal['other']" = "other"
    extra: "Dict[str, Any]" = attrs.field(factory=dict, repr=False)


def test_string_annotations_are_resolved() -> None:
    union = Union[_StrAnnotated, _StrAnnotatedOther]
    assert structure({"type": "str_annotated", "n": None}, union) == _StrAnnotated()  # null reads as None
    assert structure({"type": "str_annotated", "n": None}, union, strict=True) == _StrAnnotated(n=NULL)
    assert structure({"type": "other"}, union) == _StrAnnotatedOther()
    assert unstructure(_StrAnnotated(n=NULL)) == {"type": "str_annotated", "n": None}


# ------------------------------------------------------------- issue 14/15/16: reading, leniency, bad input


def test_unknown_response_keys_read_as_attributes_and_are_kept() -> None:
    data = ex("12.12")
    data["session"]["new_knob"] = {"level": 3}
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert secret.session.new_knob == {"level": 3}  # type: ignore[union-attr]
    with pytest.raises(AttributeError):
        secret.session.not_sent  # type: ignore[union-attr]  # noqa: B018
    assert secret.to_dict() == data == secret.model_dump()
    assert json.loads(secret.to_json()) == data
    tool = parse_response(
        models.RealtimeSessionCreateResponse, {"id": "s", "object": "o", "tools": [{"type": "web", "name": "w"}]}
    ).tools
    assert isinstance(tool, list) and isinstance(tool[0], models.UnknownTool)
    assert tool[0].type == "web" and tool[0].name == "w"  # type: ignore[attr-defined]
    assert tool[0].to_dict() == {"type": "web", "name": "w"}
    assert repr(tool[0]) == "UnknownTool()"  # raw may hold anything: never in a repr


def test_strict_false_forwards_unknown_keys_and_still_checks_known_ones() -> None:
    session = {"model": "m", "new_knob": {"a": 1}, "audio": {"input": {"future": True}}, "tools": [{"type": "web"}]}
    body = request_body(models.RealtimeCallAcceptRequest, strict=False, session=session)["session"]
    assert body == {"type": "realtime", **session}
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCallAcceptRequest, strict=False, session={"model": 5, "x": 1})
    assert info.value.errors == ["session.model: expected a string, got 5"]
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCallAcceptRequest, session={"new_knob": 1})
    assert "strict=False" in info.value.errors[0]


def test_deep_free_json_in_a_request_is_a_validation_error_not_a_recursion_error() -> None:
    def nested(depth: int) -> Dict[str, Any]:
        root: Dict[str, Any] = {}
        node = root
        for _ in range(depth):
            node["x"] = {}
            node = node["x"]
        return root

    # 500 levels (issue 15 item 13's example) can be encoded: sent as it is.
    tool = {"type": "function", "name": "f", "parameters": nested(500)}
    assert json.loads(dumps(accept_body(session={"tools": [tool]})))["tools"][0] == tool
    # Deeper than the encoder can go: one library error naming the field, never a RecursionError.
    with pytest.raises(RequestValidationError) as info:
        accept_body(session={"tools": [{"type": "function", "name": "f", "parameters": nested(100000)}]})
    assert info.value.errors[0].startswith("session.tools[0].parameters.x.x")
    assert "nested too deeply" in info.value.errors[0]
    very_deep: List[Any] = []
    for _ in range(100000):
        very_deep = [very_deep]
    with pytest.raises(RequestValidationError):
        dumps(very_deep)
    circular: Dict[str, Any] = {}
    circular["self"] = circular
    with pytest.raises(RequestValidationError):
        accept_body(session={"tracing": {"metadata": circular}})


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ({"instructions": "a\ud800b"}, "session.instructions: expected text without lone surrogates"),
        ({"tools": [{"name": "f", "parameters": {"k\udc00": 1}}]}, "session.tools[0].parameters"),
        ({"tools": [{"name": "f", "parameters": {"x": float("inf")}}]}, "session.tools[0].parameters.x: expected a"),
        ({"tracing": {"metadata": {"x": object()}}}, "session.tracing.metadata.x: expected JSON data"),
    ],
)
def test_unsendable_values_name_the_field(session: Dict[str, Any], expected: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCallAcceptRequest, session=session)
    assert any(e.startswith(expected) for e in info.value.errors), info.value.errors
    model = models.RealtimeSessionCreateRequest(extra={"k": "\udfff"})
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCallAcceptRequest, session=model)
    assert info.value.errors[0].startswith("session.k: expected text without lone surrogates")


def test_cattrs_hook_compatibility_function() -> None:
    # The one place that reaches into cattrs internals; runs on the floor (tox -e min-deps) and the newest.
    conv = _serde._converter(_serde._RESPONSE)
    hook = _serde._cattrs_hook(conv, models.ServerVad)
    assert hook({"type": "server_vad", "threshold": 0.5}, models.ServerVad) == models.ServerVad(threshold=0.5)
    assert _serde._cattrs_hook(conv, models.ServerVad) is hook  # generated once
    unhook = _serde._cattrs_hook(conv, models.ServerVad, unstructure=True)
    assert unhook(models.ServerVad(threshold=0.5)) == {"type": "server_vad", "threshold": 0.5}


def test_client_secret_whose_session_lacks_id_and_object_is_returned(loopback: Any) -> None:
    # Issue 15 item 6, end to end on the loopback server: the minted key is not lost.
    answer = ex("12.12")
    del answer["session"]["id"], answer["session"]["object"]
    answer["session"]["expires_at"] = "later"
    loopback.respond(200, json.dumps(answer), {"Content-Type": "application/json", "x-request-id": "req_1"})
    client = realtime_sync.RealtimeClient("sk-test-key-0001", base_url=loopback.url, max_retries=0)
    secret = client.client_secrets.create(session={"type": "realtime"})
    assert secret.value == answer["value"]
    assert isinstance(secret.session, models.RealtimeSessionCreateResponse)
    assert secret.session.id is None and secret.session.object is None and secret.session.expires_at == "later"
    assert secret.to_dict() == answer
    loopback.respond(200, json.dumps(dict(answer, value=None)), {"Content-Type": "application/json"})
    with pytest.raises(APIResponseValidationError) as info:
        client.client_secrets.create(session={"type": "realtime"})
    assert any(e.startswith("value:") for e in info.value.errors)


def test_to_dict_takes_the_sdks_options() -> None:
    data = ex("12.12")
    del data["session"]["instructions"], data["session"]["audio"]["output"]["speed"]
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    assert secret.to_dict() == data == secret.to_dict(mode="json", use_api_names=True, warnings=False)
    nones = secret.to_dict(exclude_none=True)
    assert (
        "tracing" not in nones["session"]
        and "idle_timeout_ms" not in nones["session"]["audio"]["input"]["turn_detection"]
    )
    full = secret.to_dict(exclude_unset=False)
    assert full["session"]["instructions"] is None and full["session"]["audio"]["output"]["speed"] is None  # not sent
    assert full["session"]["audio"]["output"]["voice"] == data["session"]["audio"]["output"]["voice"]
    assert secret.model_dump() == full and secret.model_dump(exclude_unset=True) == data
    assert json.loads(secret.to_json(indent=None, exclude_none=True)) == nones
    tool = models.UnknownTool(raw={"type": "web", "x": None})
    assert tool.to_dict() == {"type": "web", "x": None} and tool.to_dict(exclude_none=True) == {"type": "web"}


def test_cattrs_is_imported_only_when_a_converter_is_first_needed() -> None:
    # Import time (issue 19): constructing a client, importing the event modules and reading clean server events
    # (the fast readers) need no cattrs; the first converter imports it.
    import subprocess
    import sys

    code = (
        "import sys, realtime_sync; c = realtime_sync.RealtimeClient(api_key='sk-x'); c.client_secrets; c.calls;"
        "from realtime_sync.sideband.events import parse_server_event;"
        "from realtime_sync.live.events import parse_live_server_event;"
        "e = parse_server_event('{\"type\": \"input_audio_buffer.cleared\", \"event_id\": \"e1\"}');"
        "l = parse_live_server_event('{\"type\": \"session.output_audio.delta\", \"delta\": \"AAAA\"}');"
        "assert 'cattrs' not in sys.modules, 'cattrs imported too early';"
        "parse_server_event('{\"type\": \"input_audio_buffer.cleared\", \"event_id\": 3}');"
        "assert 'cattrs' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
