"""The official SDK's Python surface on RealtimeClient: namespaces, keyword arguments, raw responses, errors.

Everything here runs on the loopback server without the SDK installed; the
wire itself is compared with the SDK's in tests/test_sdk_parity.py.
"""

import json
from pathlib import Path

import pytest
from _server import ANSWER_SDP, LoopbackServer, error_reply

import realtime_sync
from realtime_sync import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    NotFoundError,
    OpenAIError,
    RawResponse,
    RealtimeClient,
    RealtimeSyncError,
    RequestValidationError,
    StreamingResponse,
)
from realtime_sync.models import RealtimeCallCreateResponse, RealtimeCreateClientSecretResponse
from realtime_sync.transport import HttpRequest, HttpResponse

KEY = "sk-test-sdk-surface-0000"


@pytest.fixture()
def srv():
    with LoopbackServer() as server:
        yield server


@pytest.fixture()
def client(srv):
    with RealtimeClient(KEY, base_url=srv.url, max_retries=0) as c:
        yield c


# -- 1. namespaces: one implementation, two doors -----------------------------------


def test_realtime_namespace_is_the_same_objects(client):
    assert client.realtime.calls is client.calls
    assert client.realtime.client_secrets is client.client_secrets
    assert client.realtime.translations is client.translations
    assert client.realtime.translations.client_secrets is client.translations.client_secrets
    assert callable(client.realtime.connect)


def test_every_door_sends_the_same_request(client, srv):
    client.realtime.calls.hangup("rtc_1")
    client.calls.hangup("rtc_1")
    client.realtime.client_secrets.create()
    client.client_secrets.create()
    client.realtime.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    seen = [(r.method, r.target, r.body) for r in srv.requests]
    assert seen[0] == seen[1] and seen[2] == seen[3] and seen[4] == seen[5]


def test_the_rest_namespace_does_not_import_the_sideband_events(client):
    import subprocess
    import sys

    code = (
        "import sys, realtime_sync\n"
        "c = realtime_sync.RealtimeClient('sk-x')\n"
        "c.realtime.calls, c.realtime.client_secrets\n"
        "print('realtime_sync.sideband.events' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- 2. accept's session fields as keyword arguments ---------------------------------


def test_accept_takes_the_session_fields_as_keywords(client, srv):
    client.realtime.calls.accept(
        "rtc_1",
        type="realtime",
        model="gpt-realtime",
        instructions="Greet the caller.",
        audio={"output": {"voice": "marin"}},
        tracing=None,
        prompt=None,
        max_output_tokens="inf",
        output_modalities=["audio"],
        include=["item.input_audio_transcription.logprobs"],
        tool_choice="auto",
        tools=[{"type": "function", "name": "f", "parameters": {}}],
        truncation="disabled",
        parallel_tool_calls=False,
        reasoning={"effort": "low"},
    )
    sent = srv.requests[-1]
    assert sent.path == "/v1/realtime/calls/rtc_1/accept"
    assert sent.json() == {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": "Greet the caller.",
        "audio": {"output": {"voice": "marin"}},
        "tracing": None,  # None is JSON null, as in the SDK
        "prompt": None,
        "max_output_tokens": "inf",
        "output_modalities": ["audio"],
        "include": ["item.input_audio_transcription.logprobs"],
        "tool_choice": "auto",
        "tools": [{"type": "function", "name": "f", "parameters": {}}],
        "truncation": "disabled",
        "parallel_tool_calls": False,
        "reasoning": {"effort": "low"},
    }


def test_accept_keywords_and_session_give_the_same_body(client, srv):
    client.realtime.calls.accept("rtc_1", type="realtime", model="gpt-realtime", tracing=None)
    client.calls.accept("rtc_1", session={"type": "realtime", "model": "gpt-realtime", "tracing": None})
    assert (
        srv.requests[0].json()
        == srv.requests[1].json()
        == {"type": "realtime", "model": "gpt-realtime", "tracing": None}
    )


def test_accept_keyword_model_objects_are_accepted(client, srv):
    from realtime_sync.models import RealtimeAudioConfig, RealtimeAudioOutput

    client.realtime.calls.accept(
        "rtc_1", type="realtime", audio=RealtimeAudioConfig(output=RealtimeAudioOutput(voice="cedar"))
    )
    assert srv.requests[-1].json() == {"type": "realtime", "audio": {"output": {"voice": "cedar"}}}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "type: required"),
        ({"model": "gpt-realtime"}, "type: required"),
        ({"type": "realtime", "session": {"type": "realtime"}}, "not both"),
        ({"type": "realtime", "instructions": 5}, "instructions"),
        ({"type": "realtime", "bogus_field_name": 1}, None),
    ],
)
def test_accept_refuses_before_sending(client, srv, kwargs, message):
    if message is None:
        with pytest.raises(TypeError):  # an unknown keyword is a Python error, as in the SDK
            client.realtime.calls.accept("rtc_1", **kwargs)
    else:
        with pytest.raises(RequestValidationError, match=message):
            client.realtime.calls.accept("rtc_1", **kwargs)
    assert srv.requests == []


def test_extra_query_on_every_method(client, srv):
    q = {"trace": "t 1", "flags": ["a", "b"], "on": True, "skip": None, "nested": {"k": 1}}
    client.realtime.calls.create(sdp="v=0\r\n", extra_query=q)
    client.realtime.calls.accept("rtc_1", type="realtime", extra_query=q)
    client.realtime.calls.refer("rtc_1", target_uri="tel:+1", extra_query=q)
    client.realtime.calls.reject("rtc_1", extra_query=q)
    client.realtime.calls.hangup("rtc_1", extra_query=q)
    client.realtime.client_secrets.create(extra_query=q)
    client.realtime.translations.client_secrets.create(session={"model": "m"}, extra_query=q)
    # The official SDK's encoding: lists as key[], booleans as true/false, None left out.
    expected = "trace=t+1&flags%5B%5D=a&flags%5B%5D=b&on=true&nested%5Bk%5D=1"
    assert [r.raw_query for r in srv.requests] == [expected] * 7


def test_hangup_takes_extra_body(client, srv):
    client.realtime.calls.hangup("rtc_1")
    client.realtime.calls.hangup("rtc_1", extra_body={"reason": "done"})
    bare, extra = srv.requests
    assert (bare.body, bare.headers["content-type"]) == (b"", "application/json")  # as the SDK sends it
    assert extra.json() == {"reason": "done"} and extra.headers["content-type"] == "application/json"


def test_extra_body_merges_into_nested_session_keys(client, srv):
    from realtime_sync.models import RealtimeAudioConfig, RealtimeAudioOutput, RealtimeSessionCreateRequest

    session = RealtimeSessionCreateRequest(
        model="gpt-realtime", audio=RealtimeAudioConfig(output=RealtimeAudioOutput(voice="marin"))
    )
    client.calls.accept("rtc_1", session=session, extra_body={"audio": {"output": {"new_knob": 2}}, "top": None})
    assert srv.requests[-1].json() == {
        "type": "realtime",
        "model": "gpt-realtime",
        "audio": {"output": {"voice": "marin", "new_knob": 2}},
        "top": None,
    }
    client.realtime.calls.create(
        sdp="v=0\r\n",
        session={"type": "realtime", "audio": {"output": {"voice": "marin"}}},
        extra_body={"session": {"audio": {"output": {"speed": 1.1}}}},
    )
    parts = {p.name: p for p in srv.requests[-1].multipart()}
    assert json.loads(parts["session"].body) == {
        "type": "realtime",
        "audio": {"output": {"voice": "marin", "speed": 1.1}},
    }


def test_create_extra_form_fields_are_written_as_the_sdk_writes_them(client, srv):
    client.realtime.calls.create(
        sdp="v=0\r\n", session={"type": "realtime"}, extra_body={"a": [1, 2], "b": {"c": True}, "d": None}
    )
    parts = [(p.name, p.content_type, p.body) for p in srv.requests[-1].multipart()]
    assert parts == [
        ("a[]", None, b"1"),
        ("a[]", None, b"2"),
        ("b[c]", None, b"true"),
        ("sdp", "application/sdp", b"v=0\r\n"),
        ("session", "application/json", b'{"type":"realtime"}'),
    ]


# -- 3. the SDK's empty-id ValueError -------------------------------------------------


@pytest.mark.parametrize(
    "verb, kwargs",
    [("accept", {"type": "realtime"}), ("refer", {"target_uri": "tel:+1"}), ("reject", {}), ("hangup", {})],
)
@pytest.mark.parametrize("raw", [False, True])
def test_an_empty_call_id_raises_the_sdks_value_error(client, srv, verb, kwargs, raw):
    calls = client.realtime.calls.with_raw_response if raw else client.realtime.calls
    with pytest.raises(ValueError) as info:
        getattr(calls, verb)(call_id="", **kwargs)
    assert str(info.value) == "Expected a non-empty value for `call_id` but received ''"
    assert isinstance(info.value, RequestValidationError)
    assert srv.requests == []


def test_ids_are_encoded_as_the_sdk_encodes_them(client, srv):
    client.realtime.calls.hangup("rtc a/b?c#d%2e:@+é")
    assert srv.requests[-1].target == "/v1/realtime/calls/rtc%20a%2Fb%3Fc%23d%252e:@+%C3%A9/hangup"


# -- 4. the create answer read the SDK's way -------------------------------------------


def test_create_answer_reads_as_the_sdks_binary_content(client, srv, tmp_path: Path):
    answer = client.realtime.calls.create(sdp="v=0\r\n")
    assert isinstance(answer, RealtimeCallCreateResponse)
    assert answer.sdp == answer.text == ANSWER_SDP
    assert answer.content == answer.read() == ANSWER_SDP.encode()
    assert b"".join(answer.iter_bytes(7)) == ANSWER_SDP.encode()
    assert "".join(answer.iter_text(5)) == ANSWER_SDP
    assert list(answer.iter_lines()) == ANSWER_SDP.splitlines()
    assert answer.encoding == "utf-8" and answer.charset_encoding is None
    assert answer.call_id == "rtc_test_0002" and answer.location == "/v1/realtime/calls/rtc_test_0002"
    assert answer.response.status_code == 201
    assert answer.response.headers["location"] == "/v1/realtime/calls/rtc_test_0002"
    assert answer.response.text == ANSWER_SDP
    target = tmp_path / "answer.sdp"
    answer.write_to_file(target)
    assert target.read_bytes() == ANSWER_SDP.encode()
    assert answer.to_dict() == {"sdp": ANSWER_SDP, "location": "/v1/realtime/calls/rtc_test_0002"}
    with pytest.raises(ValueError):
        answer.json()  # an SDP answer is not JSON


def test_create_answer_json_when_the_server_sends_json(client, srv):
    srv.respond(200, {"foo": "bar"})  # what the SDK's own test server answers
    answer = client.realtime.calls.create(sdp="sdp")
    assert answer.json() == {"foo": "bar"}


# -- 5. with_raw_response / with_streaming_response -------------------------------------


def test_raw_create_exposes_status_headers_and_parse(client, srv):
    raw = client.realtime.calls.with_raw_response.create(sdp="v=0\r\n", extra_headers={"X-Trace": "t1"})
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 201 and raw.headers["location"] == "/v1/realtime/calls/rtc_test_0002"
    assert raw.http_request.headers["x-trace"] == "t1" and raw.http_request.method == "POST"
    assert raw.method == "POST" and raw.url == srv.url + "/realtime/calls"
    assert raw.content == ANSWER_SDP.encode() and raw.text == ANSWER_SDP and raw.is_closed is True
    assert raw.request_id == "req_v1_realtime_calls"
    parsed = raw.parse()
    assert isinstance(parsed, RealtimeCallCreateResponse) and parsed.call_id == "rtc_test_0002"
    assert raw.parse() is parsed
    assert raw.parse(to=bytes) == ANSWER_SDP.encode() and raw.parse(to=str) == ANSWER_SDP
    assert len(srv.requests) == 1


@pytest.mark.parametrize(
    "path, call",
    [
        ("calls", lambda r: r.accept("rtc_1", type="realtime")),
        ("calls", lambda r: r.refer("rtc_1", target_uri="tel:+1")),
        ("calls", lambda r: r.reject("rtc_1", status_code=486)),
        ("calls", lambda r: r.hangup("rtc_1")),
    ],
)
def test_raw_sip_verbs_parse_to_none(client, srv, path, call):
    raw = call(getattr(client.realtime, path).with_raw_response)
    assert raw.status_code == 200 and raw.parse() is None and raw.headers["x-request-id"].startswith("req_")


def test_raw_client_secrets_parse_to_the_model(client, srv):
    raw = client.realtime.client_secrets.with_raw_response.create()
    secret = raw.parse()
    assert isinstance(secret, RealtimeCreateClientSecretResponse) and secret.value.startswith("ek_")
    assert raw.json()["value"] == secret.value
    assert raw.parse(to=RealtimeCreateClientSecretResponse) == secret
    nested = client.realtime.with_raw_response.translations.client_secrets.create(session={"model": "m"})
    assert nested.status_code == 200 and nested.parse().value


def test_raw_response_defers_a_parse_error_to_parse(client, srv):
    srv.respond(200, b"<html>not json</html>", {"Content-Type": "text/html"})
    raw = client.realtime.client_secrets.with_raw_response.create()
    assert raw.status_code == 200 and raw.text == "<html>not json</html>"
    with pytest.raises(APIResponseValidationError):
        raw.parse()


def test_raw_response_raises_status_errors_at_once(client, srv):
    srv.add(lambda req: error_reply(404, "No such call.", "call_id_not_found"))
    with pytest.raises(NotFoundError):
        client.realtime.calls.with_raw_response.hangup("rtc_gone")


def test_streaming_response_is_a_context_manager(client, srv, tmp_path: Path):
    with client.realtime.calls.with_streaming_response.create(sdp="v=0\r\n") as response:
        assert isinstance(response, StreamingResponse)
        assert not response.is_closed
        assert response.headers["location"].endswith("rtc_test_0002")
        assert response.parse() == ANSWER_SDP.encode()  # bytes, as the SDK's StreamedBinaryAPIResponse
        assert response.text() == ANSWER_SDP and response.read() == ANSWER_SDP.encode()
        assert list(response.iter_lines()) == ANSWER_SDP.splitlines()
        response.stream_to_file(tmp_path / "a.sdp")
    assert response.is_closed
    assert (tmp_path / "a.sdp").read_bytes() == ANSWER_SDP.encode()
    with client.realtime.client_secrets.with_streaming_response.create() as response:
        assert response.parse().value.startswith("ek_") and response.json()["value"]
    with client.realtime.calls.with_streaming_response.accept("rtc_1", type="realtime") as response:
        assert response.parse() is None and response.http_request.method == "POST"


def test_raw_wrappers_keep_threads_apart(client, srv):
    # The capture is a context variable: a call made on another thread while a raw
    # call is in progress is never taken for the raw call's answer.
    import threading

    from realtime_sync._response import to_raw_response_wrapper

    results = []

    def hangup_then_create_elsewhere(call_id):
        client.realtime.calls.hangup(call_id)
        thread = threading.Thread(target=lambda: results.append(client.realtime.calls.create(sdp="v=0\r\n")))
        thread.start()
        thread.join()

    raw = to_raw_response_wrapper(hangup_then_create_elsewhere)("rtc_1")
    assert raw.http_request.url.endswith("/rtc_1/hangup") and raw.status_code == 200
    assert isinstance(results[0], RealtimeCallCreateResponse) and len(srv.requests) == 2


# -- 6. errors as the SDK's -----------------------------------------------------------------


def test_openai_error_is_the_base_class():
    assert realtime_sync.OpenAIError is RealtimeSyncError is OpenAIError
    assert issubclass(NotFoundError, OpenAIError) and issubclass(APIConnectionError, OpenAIError)


def test_status_error_response_reads_the_sdks_way(client, srv):
    srv.add(lambda req: error_reply(404, "No such call.", "call_id_not_found"))
    with pytest.raises(NotFoundError) as info:
        client.realtime.calls.accept("rtc_gone", type="realtime")
    exc = info.value
    assert exc.status_code == exc.response.status_code == 404
    assert exc.response.headers["x-request-id"] == "req_err_404"
    assert exc.response.json()["error"]["code"] == "call_id_not_found"
    assert json.loads(exc.response.text) == exc.response.json()
    assert exc.response.content == exc.response.text.encode()
    assert (exc.code, exc.type, exc.param, exc.message) == (
        "call_id_not_found",
        "invalid_request_error",
        None,
        "Error code: 404 - No such call.",
    )
    assert exc.body == {
        "message": "No such call.",
        "type": "invalid_request_error",
        "param": None,
        "code": "call_id_not_found",
    }
    assert exc.request.method == "POST" and exc.request.content == b'{"type":"realtime"}'


def test_errors_without_an_answer_have_the_sdk_attributes():
    exc = APIConnectionError(request=HttpRequest("POST", "https://h/v1/x"))
    assert (exc.message, exc.body, exc.code, exc.param, exc.type) == ("Connection error.", None, None, None, None)
    timeout = APITimeoutError(HttpRequest("POST", "https://h/v1/x"))  # the SDK's positional form
    assert timeout.message == "Request timed out." and timeout.request.url == "https://h/v1/x"
    assert isinstance(timeout, APIError)


def test_response_validation_error_takes_the_sdk_form():
    response = HttpResponse(200, {"content-type": "application/json"}, b'{"unexpected": true}')
    exc = APIResponseValidationError(response, {"unexpected": True})
    assert exc.status_code == 200 and exc.response is response and exc.body == {"unexpected": True}
    assert exc.message == "Data returned by API invalid for expected schema."
    ours = APIResponseValidationError("bad", response=response, errors=["x: missing"])
    assert ours.body == {"unexpected": True} and ours.errors == ["x: missing"]


def test_http_response_text_uses_the_declared_charset():
    response = HttpResponse(400, {"content-type": "text/plain; charset=latin-1"}, "café".encode("latin-1"))
    assert response.text == "café" and response.encoding == "latin-1" and not response.is_success
    odd = HttpResponse(400, {"content-type": "text/plain; charset=no-such-codec"}, b"ok")
    assert odd.text == "ok"


# -- strict by default, never a blocker ------------------------------------------------------


def test_strict_refuses_unknown_keys_and_says_how_to_opt_out(client, srv):
    with pytest.raises(RequestValidationError) as info:
        client.realtime.calls.accept("rtc_1", session={"type": "realtime", "new_knob": 1})
    assert "new_knob" in str(info.value) and "strict=False" in str(info.value)
    assert srv.requests == []


def test_strict_false_forwards_unknown_keys_and_still_checks_known_ones(srv):
    with RealtimeClient(KEY, base_url=srv.url, max_retries=0, strict=False) as loose:
        assert loose.strict is False
        loose.realtime.calls.accept("rtc_1", type="realtime", audio={"input": {"new_knob": {"a": 1}}})
        assert srv.requests[-1].json() == {"type": "realtime", "audio": {"input": {"new_knob": {"a": 1}}}}
        loose.realtime.client_secrets.create(session={"type": "realtime", "brand_new": True})
        assert srv.requests[-1].json() == {"session": {"type": "realtime", "brand_new": True}}
        with pytest.raises(RequestValidationError, match="instructions"):
            loose.realtime.calls.accept("rtc_1", type="realtime", instructions=5)
        # The per-call override wins over the client's default, both ways.
        with pytest.raises(RequestValidationError, match="brand_new"):
            loose.realtime.client_secrets.create(session={"type": "realtime", "brand_new": True}, strict=True)
    with RealtimeClient(KEY, base_url=srv.url, max_retries=0) as strict:
        strict.realtime.calls.create(sdp="v=0\r\n", session={"type": "realtime", "brand_new": 1}, strict=False)
        parts = {p.name: p for p in srv.requests[-1].multipart()}
        assert json.loads(parts["session"].body) == {"type": "realtime", "brand_new": 1}
        strict.with_options(strict=False).realtime.translations.client_secrets.create(session={"model": "m", "x": 1})
        assert srv.requests[-1].json() == {"session": {"model": "m", "x": 1}}


def test_strict_must_be_a_boolean(srv):
    from realtime_sync import ConfigurationError

    with pytest.raises(ConfigurationError, match="strict"):
        RealtimeClient(KEY, base_url=srv.url, strict="no")
    with RealtimeClient(KEY, base_url=srv.url) as c, pytest.raises(RequestValidationError, match="strict"):
        c.realtime.calls.reject("rtc_1", strict="no")
    assert srv.requests == []


def test_sideband_send_follows_the_clients_strict_setting():
    from _ws_server import ServerSide, WebSocketServer

    event = {"type": "session.update", "session": {"type": "realtime", "brand_new": 1}}

    def script(ws: ServerSide) -> None:
        assert ws.recv_json() == event
        assert ws.recv_json() == event

    with WebSocketServer(script) as srv:
        strict = RealtimeClient(KEY, base_url=srv.url)
        with strict.realtime.connect(call_id="rtc_1") as conn:
            with pytest.raises(RequestValidationError, match="brand_new"):
                conn.send(event)
            conn.send(event, strict=False)
        srv.join()
    with WebSocketServer(script) as srv:
        loose = RealtimeClient(KEY, base_url=srv.url, strict=False)
        with loose.realtime.connect(call_id="rtc_1") as conn:
            conn.send(event)
            with pytest.raises(RequestValidationError, match="brand_new"):
                conn.send(event, strict=True)
            conn.send(event)
        srv.join()


def test_default_query_goes_with_every_request_as_in_the_sdk(srv):
    # The targets openai 3.51.0 sends for the same client and calls (checked on this loopback server).
    from _ws_server import WebSocketServer

    with RealtimeClient(KEY, base_url=srv.url, max_retries=0, default_query={"a": "1", "b": "2"}) as c:
        c.realtime.calls.hangup("rtc_1", extra_query={"b": "3"})
        assert srv.requests[-1].target == "/v1/realtime/calls/rtc_1/hangup?a=1&b=3"
        c.with_options(default_query={"c": "4"}).realtime.calls.hangup("rtc_1")
        assert srv.requests[-1].target == "/v1/realtime/calls/rtc_1/hangup?a=1&b=2&c=4"
    with WebSocketServer(lambda ws: ws.close(1000)) as wss:
        with RealtimeClient(KEY, base_url=wss.url, default_query={"a": "1"}) as c, c.realtime.connect(
            call_id="rtc_1"
        ) as conn:
            assert list(conn) == []
        wss.join()
    assert wss.connections[0].target == "/v1/realtime?a=1&call_id=rtc_1"
