"""``client.live``: every Live REST endpoint on the loopback server, exact bytes on the wire."""

import hashlib
import json
import os

import pytest
from _fakes import FakeTransport, Sleeps
from _server import LoopbackServer, Reply, error_reply
from data import ANSWER_SDP, LIVE_CREATE_ANSWER, LIVE_FORK_ID, LIVE_RECORDING, LIVE_SESSION_ID

from realtime_sync import (
    NULL,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RealtimeClient,
    RequestValidationError,
    RetryPolicy,
)
from realtime_sync.live import BinaryContent, StreamedBinaryContent
from realtime_sync.live.models import (
    ClientDelegation,
    DataChannelConfig,
    LiveAudio,
    LiveAudioOutput,
    LiveClientConfig,
    LiveSessionAcceptConfig,
    LiveSessionConfig,
    LiveSessionCreateResponse,
    LiveSessionForkConfig,
    LiveTransport,
    ResponsesDelegation,
    ResponsesDelegationConfig,
    ResponsesTool,
    ServerEventSelector,
)
from realtime_sync.models import VoiceId
from realtime_sync.transport import HttpResponse

OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
TRANSPORT = {"type": "webrtc", "sdp": OFFER}
OFFER_JSON = json.dumps(OFFER)[1:-1]  # the offer as it appears inside a JSON string
SID = LIVE_SESSION_ID


@pytest.fixture
def client(loopback, canary_key):
    with RealtimeClient(canary_key, base_url=loopback.url, organization="org_1", project="proj_1") as c:
        yield c


def only(loopback):
    assert len(loopback.requests) == 1, loopback.requests
    return loopback.requests[0]


def assert_headers(req, key, method, accept, content_type):
    assert req.method == method
    assert req.headers["authorization"] == "Bearer " + key
    assert req.headers["openai-organization"] == "org_1"
    assert req.headers["openai-project"] == "proj_1"
    assert req.headers["accept"] == accept
    assert req.headers.get("content-type") == content_type
    assert req.headers["user-agent"].startswith("realtime_sync/")


# --------------------------------------------------------------------------- create


def test_create_sends_session_and_transport_exactly(client, loopback, canary_key):
    session = LiveSessionConfig(
        model="gpt-live-1",
        instructions="Grüß Gott 😀",
        audio=LiveAudio(output=LiveAudioOutput(voice="marin")),
        delegation=ClientDelegation(acknowledgement_delay_ms=200),
        safety_identifier="user_1",
        store=True,
        client=LiveClientConfig(
            data_channel=DataChannelConfig(
                allowed_client_events=["session.update"],
                allowed_server_events=[ServerEventSelector(type="response.event", response_event="response.done")],
            )
        ),
    )
    answer = client.live.create(session=session, transport=LiveTransport(sdp=OFFER))
    req = only(loopback)
    assert req.target == "/v1/live/sessions"
    assert_headers(req, canary_key, "POST", "application/json", "application/json")
    expected = (
        '{"session":{"model":"gpt-live-1","instructions":"Grüß Gott 😀","audio":{"output":{"voice":"marin"}},'
        '"delegation":{"type":"client","acknowledgement_delay_ms":200},"safety_identifier":"user_1","store":true,'
        '"client":{"data_channel":{"allowed_client_events":["session.update"],'
        '"allowed_server_events":[{"type":"response.event","response_event":"response.done"}]}}},'
        '"transport":{"type":"webrtc","sdp":"%s"}}' % OFFER_JSON
    )
    assert req.body == expected.encode("utf-8")  # compact, raw UTF-8, CRLFs escaped only by JSON
    assert req.headers["content-length"] == str(len(req.body))
    assert isinstance(answer, LiveSessionCreateResponse)
    assert answer.session.id == SID
    assert answer.transport.type == "webrtc"
    assert answer.transport.sdp == ANSWER_SDP
    assert answer.to_dict() == LIVE_CREATE_ANSWER


def test_create_sends_json_null_where_null_means_something(client, loopback):
    session = LiveSessionConfig(model="gpt-live-1", instructions=NULL, delegation=NULL, safety_identifier=NULL)
    client.live.create(session=session, transport=TRANSPORT)
    assert (
        only(loopback).body
        == (
            '{"session":{"model":"gpt-live-1","instructions":null,"delegation":null,"safety_identifier":null},'
            '"transport":{"type":"webrtc","sdp":"%s"}}' % OFFER_JSON
        ).encode()
    )


def test_create_dict_form_none_is_json_null_and_absent_is_omitted(client, loopback):
    session = {"model": "gpt-live-1", "instructions": None, "delegation": None, "safety_identifier": None}
    client.live.create(session=session, transport=TRANSPORT)
    assert only(loopback).json()["session"] == session


def test_create_custom_voice_and_unknown_voice_names(client, loopback):
    client.live.create(
        session=LiveSessionConfig(model="gpt-live-1", audio=LiveAudio(output=LiveAudioOutput(voice=VoiceId(id="v_1")))),
        transport=TRANSPORT,
    )
    client.live.create(
        session={"model": "gpt-live-2", "audio": {"output": {"voice": "new-voice"}}}, transport=TRANSPORT
    )
    first, second = loopback.requests
    assert first.json()["session"]["audio"] == {"output": {"voice": {"id": "v_1"}}}
    assert second.json()["session"] == {"model": "gpt-live-2", "audio": {"output": {"voice": "new-voice"}}}


def test_create_forwards_responses_tools_as_open_objects(client, loopback):
    tools = [
        {"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": None},
        {"type": "mcp", "server_label": "crm", "authorization": "secret-token", "allowed_tools": ["a"]},
        {"type": "a_tool_from_next_year", "anything": {"nested": [1, None]}},
    ]
    session = {
        "model": "gpt-live-1",
        "delegation": {
            "type": "responses",
            "responses": {"model": "gpt-5.2", "tools": tools, "tool_choice": {"type": "allowed_tools", "tools": []}},
        },
    }
    client.live.create(session=session, transport=TRANSPORT)
    sent = only(loopback).json()["session"]["delegation"]["responses"]
    assert sent["tools"] == tools
    assert sent["tool_choice"] == {"type": "allowed_tools", "tools": []}
    # The same with models: extra carries everything but the tag, and stays out of reprs.
    tool = ResponsesTool(type="mcp", extra={"server_label": "crm", "authorization": "secret-token"})
    assert "secret-token" not in repr(tool)
    model = ResponsesDelegation(responses=ResponsesDelegationConfig(model="gpt-5.2", tools=[tool], tool_choice="auto"))
    client.live.create(session=LiveSessionConfig(model="gpt-live-1", delegation=model), transport=TRANSPORT)
    assert loopback.requests[1].json()["session"]["delegation"] == {
        "type": "responses",
        "responses": {
            "model": "gpt-5.2",
            "tool_choice": "auto",
            "tools": [{"type": "mcp", "server_label": "crm", "authorization": "secret-token"}],
        },
    }


def test_create_answer_keeps_unknown_fields_and_has_no_location(client, loopback):
    body = {"session": {"id": "live_x", "expires_at": 123}, "transport": {"type": "webrtc", "sdp": "v=0"}, "new": None}
    loopback.respond(200, body, {"x-request-id": "req_1"})
    answer = client.live.create(session={"model": "gpt-live-1"}, transport=TRANSPORT)
    assert answer.session.id == "live_x"
    assert answer.session.extra == {"expires_at": 123}
    assert answer.to_dict() == body  # null and absent kept apart


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        json.dumps({"session": {}, "transport": {"type": "webrtc", "sdp": "v=0"}}).encode(),
        json.dumps({"transport": {"type": "webrtc", "sdp": "v=0"}}).encode(),
        json.dumps({"session": {"id": "live_1"}, "transport": {"type": "webrtc"}}).encode(),
        json.dumps({"session": {"id": 5}, "transport": {"type": "webrtc", "sdp": "v=0"}}).encode(),
    ],
)
def test_create_answer_that_cannot_be_used_is_a_response_validation_error(client, loopback, body):
    loopback.respond(200, body, {"Content-Type": "application/json"})
    with pytest.raises(APIResponseValidationError) as info:
        client.live.create(session={"model": "gpt-live-1"}, transport=TRANSPORT)
    assert info.value.response is not None and info.value.response.status_code == 200
    assert len(loopback.requests) == 1  # a 2xx is never retried


@pytest.mark.parametrize(
    "failure",
    [
        HttpResponse(500, {}, b"{}"),
        HttpResponse(500, {"x-request-id": "req_1"}, b"{}"),
        HttpResponse(502, {}, b"<html>Bad Gateway</html>"),
        HttpResponse(503, {"x-request-id": "req_1"}, b"{}"),
        HttpResponse(429, {"x-request-id": "req_1"}, b"{}"),
        APIConnectionError("reset", request_sent=True),
        APIConnectionError("refused", request_sent=False),
    ],
    ids=["500", "500-openai", "502-gateway", "503-openai", "429", "reset-after-send", "refused"],
)
@pytest.mark.parametrize("call", ["create", "fork"])
def test_create_and_fork_are_retried_exactly_like_the_realtime_calls_create(call, failure):
    # One decision for every call that starts a session: whatever calls.create repeats, these repeat.
    counts = []
    for which in ("realtime", "live"):
        transport = FakeTransport(default=failure)
        policy = RetryPolicy(2, sleep=Sleeps())
        with RealtimeClient("sk-x", transport=transport, retry_policy=policy) as c, pytest.raises(Exception) as info:
            if which == "realtime":
                c.calls.create(sdp=OFFER)
            elif call == "create":
                c.live.create(session={"model": "gpt-live-1"}, transport=TRANSPORT)
            else:
                c.live.sessions.fork(SID, transport=TRANSPORT)
        assert isinstance(info.value, (APIStatusError, APIConnectionError))
        counts.append(len(transport.requests))
    assert counts[0] == counts[1]


def test_create_is_retried_when_nothing_reached_the_server():
    transport = FakeTransport(
        APIConnectionError("refused", request_sent=False),
        HttpResponse(200, {"content-type": "application/json"}, json.dumps(LIVE_CREATE_ANSWER).encode()),
    )
    with RealtimeClient("sk-x", transport=transport, retry_policy=RetryPolicy(2, sleep=Sleeps())) as c:
        assert c.live.create(session={"model": "gpt-live-1"}, transport=TRANSPORT).session.id == SID
    assert len(transport.requests) == 2


def test_create_is_not_retried_after_a_read_timeout():
    transport = FakeTransport(APIConnectionError("read timed out", request_sent=True))
    policy = RetryPolicy(2, sleep=Sleeps())
    with RealtimeClient("sk-x", transport=transport, retry_policy=policy) as c, pytest.raises(APIConnectionError):
        c.live.create(session={"model": "gpt-live-1"}, transport=TRANSPORT)
    assert len(transport.requests) == 1


def test_create_per_call_options(client, loopback):
    client.live.create(
        session={"model": "gpt-live-1"},
        transport=TRANSPORT,
        extra_headers={"X-Trace": "t-1", "OpenAI-Project": None},
        extra_query={"beta": "true", "q": "a b&c/é"},
        extra_body={"metadata": {"k": "v"}},
        timeout=3,
        max_retries=0,
    )
    req = only(loopback)
    assert req.target == "/v1/live/sessions?beta=true&q=a+b%26c%2F%C3%A9"
    assert req.headers["x-trace"] == "t-1"
    assert "openai-project" not in req.headers
    assert req.json()["metadata"] == {"k": "v"}


# --------------------------------------------------------------------------- validation


def test_bad_session_is_one_error_listing_every_problem_before_sending(client, loopback):
    session = {
        "model": 5,
        "audio": {"output": {"voice": 3}},
        "delegation": {"type": "robots"},
        "input": [{"role": "system", "content": [{"text": "x"}]}],
        "client": {"data_channel": {"allowed_server_events": [{"type": "response.event"}]}},
        "store": "yes",
        "triggers": [{"type": "decisions", "event_type": "session.input_transcript.delta"}],
        "unknwon": 1,
    }
    with pytest.raises(RequestValidationError) as info:
        client.live.create(session=session, transport={"type": "webrtc", "sdp": " "})
    text = "\n".join(info.value.errors)
    for path in (
        "session.model",
        "session.audio.output.voice",
        "session.delegation.type",
        "session.input[0].role",
        "session.client.data_channel.allowed_server_events[0].response_event",
        "session.store",
        "session.triggers[0].decisions",
        "session.unknwon",
        "transport.sdp",
    ):
        assert path + ":" in text, (path, text)
    assert isinstance(info.value, ValueError)
    assert loopback.requests == []


def test_session_and_transport_are_required(client, loopback):
    with pytest.raises(RequestValidationError) as info:
        client.live.create(session=None, transport=None)
    assert info.value.errors == ["session: required field missing", "transport: required field missing"]
    with pytest.raises(RequestValidationError):
        client.live.create(session={}, transport=TRANSPORT)  # model is required
    assert loopback.requests == []


def test_a_responses_tool_needs_only_its_type(client, loopback):
    session = {"model": "gpt-live-1", "delegation": {"type": "responses", "responses": {"model": "m", "tools": [{}]}}}
    with pytest.raises(RequestValidationError) as info:
        client.live.create(session=session, transport=TRANSPORT)
    assert info.value.errors == ["session.delegation.responses.tools[0].type: required field missing"]
    assert loopback.requests == []


# --------------------------------------------------------------------------- session verbs


def test_accept_is_wrapped_with_type_live(client, loopback, canary_key):
    assert client.live.sessions.accept(SID, session={"model": "gpt-live-1"}) is None
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/accept" % SID
    assert_headers(req, canary_key, "POST", "*/*", "application/json")
    assert req.body == b'{"session":{"model":"gpt-live-1","type":"live"}}'


def test_accept_with_a_model_nulls_and_unicode(client, loopback):
    session = LiveSessionAcceptConfig(model="gpt-live-1", instructions="Répondez 😀", delegation=NULL)
    client.live.sessions.accept("live_ü:@ b/c", session=session)
    req = only(loopback)
    assert req.target == "/v1/live/sessions/live_%C3%BC:@%20b%2Fc/accept"
    # Required and tag fields first, then the optional ones in declaration order.
    expected = '{"session":{"model":"gpt-live-1","type":"live","instructions":"Répondez 😀","delegation":null}}'
    assert req.body == expected.encode()


def test_accept_refuses_another_session_type_and_create_only_fields(client, loopback):
    with pytest.raises(RequestValidationError) as info:
        client.live.sessions.accept(SID, session={"type": "realtime", "model": "m", "client": {}})
    assert [e.split(":")[0] for e in info.value.errors] == ["session.client", "session.type"] or sorted(
        e.split(":")[0] for e in info.value.errors
    ) == ["session.client", "session.type"]
    assert loopback.requests == []


def test_refer(client, loopback, canary_key):
    client.live.sessions.refer(SID, target_uri="tel:+14155550123")
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/refer" % SID
    assert_headers(req, canary_key, "POST", "*/*", "application/json")
    assert req.body == b'{"target_uri":"tel:+14155550123"}'


@pytest.mark.parametrize("uri", ["", "  ", "sip:a@b\r\nX-Evil: 1", 5, None])
def test_refer_refuses_blank_or_unsafe_targets(client, loopback, uri):
    with pytest.raises(RequestValidationError) as info:
        client.live.sessions.refer(SID, target_uri=uri)
    assert info.value.errors[0].startswith("target_uri: ")
    assert loopback.requests == []


def test_reject(client, loopback, canary_key):
    client.live.sessions.reject(SID, status_code=486)
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/reject" % SID
    assert_headers(req, canary_key, "POST", "*/*", "application/json")
    assert req.body == b'{"status_code":486}'


@pytest.mark.parametrize("code", [None, 200, 299, 700, "486", 486.0, True])
def test_reject_needs_a_sip_status_from_300_to_699(client, loopback, code):
    with pytest.raises(RequestValidationError) as info:
        client.live.sessions.reject(SID, status_code=code)
    assert info.value.errors[0].startswith("status_code: ")
    assert loopback.requests == []


def test_reject_status_code_is_a_required_argument(client):
    with pytest.raises(TypeError):
        client.live.sessions.reject(SID)  # type: ignore[call-arg]


def test_hangup_has_no_body_but_the_sdk_content_type(client, loopback, canary_key):
    client.live.sessions.hangup(SID)
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/hangup" % SID
    assert_headers(req, canary_key, "POST", "*/*", "application/json")
    assert req.body == b""
    assert req.headers["content-length"] == "0"


def test_hangup_extra_body_is_sent_as_json(client, loopback):
    client.live.sessions.hangup(SID, extra_body={"reason": None})
    assert only(loopback).body == b'{"reason":null}'


def test_fork_inherits_by_default(client, loopback, canary_key):
    answer = client.live.sessions.fork(SID, transport=TRANSPORT)
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/fork" % SID
    assert_headers(req, canary_key, "POST", "application/json", "application/json")
    assert req.body == ('{"transport":{"type":"webrtc","sdp":"%s"}}' % OFFER_JSON).encode()
    assert answer.session.id == LIVE_FORK_ID
    assert answer.transport.sdp == ANSWER_SDP


def test_fork_with_an_empty_session_and_overrides(client, loopback):
    client.live.sessions.fork(SID, transport=TRANSPORT, session={})
    overrides = LiveSessionForkConfig(
        store=False,
        client=LiveClientConfig(data_channel=DataChannelConfig(allowed_client_events=[], allowed_server_events="all")),
        delegation={"type": "responses", "responses": {"instructions": None, "max_output_tokens": 2048}},
    )
    client.live.sessions.fork(SID, transport=TRANSPORT, session=overrides)
    first, second = loopback.requests
    assert first.json()["session"] == {}
    assert second.json()["session"] == {
        "client": {"data_channel": {"allowed_client_events": [], "allowed_server_events": "all"}},
        "store": False,
        "delegation": {"type": "responses", "responses": {"instructions": None, "max_output_tokens": 2048}},
    }


def test_fork_refuses_what_a_fork_cannot_change(client, loopback):
    with pytest.raises(RequestValidationError) as info:
        client.live.sessions.fork(
            SID, transport=TRANSPORT, session={"model": "gpt-live-1", "delegation": {"type": "client"}}
        )
    paths = sorted(e.split(":")[0] for e in info.value.errors)
    assert paths == ["session.delegation.type", "session.model"]
    assert loopback.requests == []


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize("verb", ["accept", "refer", "reject", "hangup", "fork", "download_recording"])
def test_empty_session_id_is_the_sdk_value_error_before_sending(client, loopback, verb):
    from _live_calls import VERB_KWARGS

    with pytest.raises(ValueError) as info:
        getattr(client.live.sessions, verb)("", **VERB_KWARGS[verb])
    assert str(info.value) == "Expected a non-empty value for `session_id` but received ''"
    assert isinstance(info.value, RequestValidationError)
    for bad in (".", "..", None, 7):
        with pytest.raises(RequestValidationError):
            getattr(client.live.sessions, verb)(bad, **VERB_KWARGS[verb])
    assert loopback.requests == []


@pytest.mark.parametrize(
    "session_id, segment",
    [
        ("live_a b/c", "live_a%20b%2Fc"),
        ("live_x?y#z", "live_x%3Fy%23z"),
        ("live_%2e", "live_%252e"),
        ("...", "..."),
        ("live_ü:@+é", "live_%C3%BC:@+%C3%A9"),
    ],
)
def test_session_id_is_one_percent_encoded_segment(client, loopback, session_id, segment):
    client.live.sessions.hangup(session_id)
    assert only(loopback).target == "/v1/live/sessions/%s/hangup" % segment


# --------------------------------------------------------------------------- retries of the SIP verbs


@pytest.mark.parametrize("verb", ["accept", "refer", "reject"])
def test_sip_verbs_are_not_repeated_after_a_read_timeout(verb):
    from _live_calls import VERB_KWARGS

    transport = FakeTransport(APIConnectionError("read timed out", request_sent=True))
    policy = RetryPolicy(2, sleep=Sleeps())
    with RealtimeClient("sk-x", transport=transport, retry_policy=policy) as c, pytest.raises(APIConnectionError):
        getattr(c.live.sessions, verb)(SID, **VERB_KWARGS[verb])
    assert len(transport.requests) == 1


@pytest.mark.parametrize("verb", ["accept", "refer", "reject", "fork"])
def test_sip_verbs_and_fork_are_retried_when_nothing_was_sent(verb):
    from _live_calls import VERB_KWARGS

    ok = json.dumps(LIVE_CREATE_ANSWER).encode()
    transport = FakeTransport(APIConnectionError("refused", request_sent=False), default=HttpResponse(200, {}, ok))
    with RealtimeClient("sk-x", transport=transport, retry_policy=RetryPolicy(2, sleep=Sleeps())) as c:
        getattr(c.live.sessions, verb)(SID, **VERB_KWARGS[verb])
    assert len(transport.requests) == 2


def test_hangup_404_on_a_retry_means_already_hung_up(loopback, canary_key):
    loopback.respond(500, {"error": {"message": "boom", "type": "server_error", "code": None}})
    loopback.add(lambda req: error_reply(404, "Session not found.", code="session_not_found"))
    policy = RetryPolicy(2, sleep=Sleeps())
    with RealtimeClient(canary_key, base_url=loopback.url, retry_policy=policy) as c:
        assert c.live.sessions.hangup(SID) is None
    assert len(loopback.requests) == 2


def test_hangup_404_on_the_first_attempt_is_an_error(client, loopback):
    loopback.add(lambda req: error_reply(404, "Session not found.", code="session_not_found"))
    with pytest.raises(NotFoundError):
        client.live.sessions.hangup(SID)


@pytest.mark.parametrize(
    "verb, status, error",
    [
        ("accept", 400, BadRequestError),
        ("refer", 404, NotFoundError),
        ("reject", 429, RateLimitError),
        ("fork", 500, InternalServerError),
        ("download_recording", 404, NotFoundError),
    ],
)
def test_error_answers_raise_the_status_error(loopback, canary_key, verb, status, error):
    from _live_calls import VERB_KWARGS

    for _ in range(3):
        loopback.add(lambda req: error_reply(status, "nope", code="some_code"))
    policy = RetryPolicy(2, sleep=Sleeps())
    with RealtimeClient(canary_key, base_url=loopback.url, retry_policy=policy) as c, pytest.raises(error) as info:
        getattr(c.live.sessions, verb)(SID, **VERB_KWARGS[verb])
    assert info.value.status_code == status
    assert info.value.code == "some_code"
    assert canary_key not in str(info.value) and canary_key not in repr(info.value)


# --------------------------------------------------------------------------- recordings


def test_download_recording_is_the_exact_bytes(client, loopback, canary_key, tmp_path):
    recording = client.live.sessions.download_recording(SID)
    req = only(loopback)
    assert req.target == "/v1/live/sessions/%s/content" % SID
    assert_headers(req, canary_key, "GET", "application/binary", None)
    assert req.body == b""
    assert isinstance(recording, BinaryContent)
    assert recording.content == LIVE_RECORDING
    assert recording.read() == LIVE_RECORDING
    assert b"".join(recording.iter_bytes(1000)) == LIVE_RECORDING
    assert recording.content_type == "application/octet-stream"
    assert "ek_" not in repr(recording)
    target = tmp_path / "call.wav"
    recording.write_to_file(target)
    assert target.read_bytes() == LIVE_RECORDING
    recording.stream_to_file(str(tmp_path / "again.wav"), chunk_size=1000)
    assert (tmp_path / "again.wav").read_bytes() == LIVE_RECORDING
    assert sorted(os.listdir(tmp_path)) == ["again.wav", "call.wav"]


def test_download_recording_streamed_to_a_file(client, loopback, tmp_path):
    target = tmp_path / "call.wav"
    with client.live.sessions.with_streaming_response.download_recording(SID, extra_query={"format": "wav"}) as rec:
        assert isinstance(rec, StreamedBinaryContent)
        assert rec.headers["content-length"] == str(len(LIVE_RECORDING))
        rec.stream_to_file(str(target))
        assert rec.is_closed
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(LIVE_RECORDING).digest()
    assert only(loopback).target == "/v1/live/sessions/%s/content?format=wav" % SID


def test_download_recording_streamed_in_chunks(client):
    with client.live.sessions.with_streaming_response.download_recording(SID) as rec:
        chunks = list(rec.iter_bytes())
    assert b"".join(chunks) == LIVE_RECORDING


def test_a_truncated_recording_is_an_error_and_leaves_no_file(client, loopback, tmp_path):
    loopback.add(lambda req: Reply(200, LIVE_RECORDING, {"Content-Type": "audio/wav"}, action="truncate"))
    target = tmp_path / "call.wav"
    streaming = client.live.sessions.with_streaming_response
    with pytest.raises(APIConnectionError), streaming.download_recording(SID, max_retries=0) as rec:
        rec.stream_to_file(target)
    assert os.listdir(tmp_path) == []


def test_download_recording_refuses_extra_body(client, loopback):
    with pytest.raises(RequestValidationError):
        client.live.sessions.download_recording(SID, extra_body={"a": 1})
    assert loopback.requests == []


def test_download_recording_is_retried_like_any_read(loopback, canary_key):
    loopback.respond(503, {"error": {"message": "busy", "type": "server_error", "code": None}}, {"x-request-id": "r"})
    with RealtimeClient(canary_key, base_url=loopback.url, retry_policy=RetryPolicy(2, sleep=Sleeps())) as c:
        assert c.live.sessions.download_recording(SID).content == LIVE_RECORDING
    assert len(loopback.requests) == 2


def test_client_live_is_one_object_per_client(client):
    assert client.live is client.live
    assert client.live.sessions is client.live.sessions
    clone = client.with_options(max_retries=0)
    assert clone.live is not client.live


# --------------------------------------------------------------------------- recording redirects


def test_a_recording_redirected_to_another_host_is_fetched_without_the_key(client, loopback, canary_key, tmp_path):
    with LoopbackServer() as storage:
        storage.respond(200, LIVE_RECORDING, {"Content-Type": "audio/wav"})
        storage.respond(200, LIVE_RECORDING, {"Content-Type": "audio/wav"})
        signed = storage.url + "/bucket/rec.wav?sig=abc"
        loopback.respond(302, b"", {"Location": signed})
        loopback.respond(307, b"", {"Location": signed})
        assert client.live.sessions.download_recording(SID).content == LIVE_RECORDING
        with client.live.sessions.with_streaming_response.download_recording(SID) as rec:
            rec.stream_to_file(tmp_path / "call.wav")
        assert (tmp_path / "call.wav").read_bytes() == LIVE_RECORDING
        assert [r.target for r in storage.requests] == ["/v1/bucket/rec.wav?sig=abc"] * 2
        for req in storage.requests:
            assert "authorization" not in req.headers and "openai-organization" not in req.headers
            assert req.headers["accept"] == "application/binary"
    assert [r.headers["authorization"] for r in loopback.requests] == ["Bearer " + canary_key] * 2


def test_a_same_origin_redirect_keeps_the_key(client, loopback, canary_key):
    loopback.respond(301, b"", {"Location": "/v1/live/sessions/%s/content?part=1" % SID})
    assert client.live.sessions.download_recording(SID).content == LIVE_RECORDING
    first, second = loopback.requests
    assert second.target == "/v1/live/sessions/%s/content?part=1" % SID
    assert second.headers["authorization"] == "Bearer " + canary_key


@pytest.mark.parametrize("location", ["ftp://example.com/rec.wav", "javascript:alert(1)"])
def test_redirects_to_other_schemes_are_not_followed(client, loopback, location):
    loopback.respond(302, b"", {"Location": location})
    with pytest.raises(APIStatusError) as info:
        client.live.sessions.download_recording(SID)
    assert info.value.status_code == 302
    assert len(loopback.requests) == 1


def test_too_many_redirects_is_the_last_redirect_as_an_error(client, loopback):
    for _ in range(10):
        loopback.respond(302, b"", {"Location": "/v1/live/sessions/%s/content" % SID})
    with pytest.raises(APIStatusError) as info:
        client.live.sessions.download_recording(SID)
    assert info.value.status_code == 302
    assert len(loopback.requests) == 6  # the first request and five redirects


def test_a_redirect_without_location_is_an_error(client, loopback):
    loopback.respond(302, b"")
    with pytest.raises(APIStatusError):
        client.live.sessions.download_recording(SID)


def test_a_downgrade_from_https_to_http_is_not_followed_but_https_elsewhere_is():
    transport = FakeTransport(
        HttpResponse(302, {"Location": "http://cdn.example.com/rec.wav"}, b""),
        HttpResponse(302, {"Location": "https://cdn.example.com/rec.wav"}, b""),
        HttpResponse(200, {"Content-Type": "audio/wav"}, LIVE_RECORDING),
    )
    with RealtimeClient("sk-x", transport=transport, max_retries=0) as c:
        with pytest.raises(APIStatusError):
            c.live.sessions.download_recording(SID)
        assert c.live.sessions.download_recording(SID).content == LIVE_RECORDING
    urls = [r.url for r in transport.requests]
    assert urls == [
        "https://api.openai.com/v1/live/sessions/%s/content" % SID,
        "https://api.openai.com/v1/live/sessions/%s/content" % SID,
        "https://cdn.example.com/rec.wav",
    ]
    assert "authorization" not in transport.requests[2].headers


# ----------------------------------------------------------------- with_raw_response / with_streaming_response


def test_with_raw_response_shows_the_http_answer(client, loopback):
    raw = client.live.with_raw_response.create(session={"model": "gpt-live-1"}, transport=TRANSPORT)
    assert raw.status_code == 200
    assert raw.request_id == "req_v1_live_sessions"
    assert raw.parse().session.id == SID
    assert client.live.with_raw_response.sessions is client.live.sessions.with_raw_response
    hung_up = client.live.sessions.with_raw_response.hangup(SID)
    assert (hung_up.status_code, hung_up.parse()) == (200, None)
    recording = client.live.sessions.with_raw_response.download_recording(SID)
    assert recording.content == LIVE_RECORDING
    assert isinstance(recording.parse(), BinaryContent) and recording.parse().content == LIVE_RECORDING
    assert [r.target.rsplit("/", 1)[-1] for r in loopback.requests] == ["sessions", "hangup", "content"]


def test_with_raw_response_of_a_redirected_recording_is_the_final_answer(client, loopback):
    loopback.respond(302, b"", {"Location": "/v1/live/sessions/%s/content?part=2" % SID})
    raw = client.live.sessions.with_raw_response.download_recording(SID)
    assert raw.url.endswith("content?part=2")
    assert raw.content == LIVE_RECORDING


def test_with_streaming_response_for_the_verbs_and_fork(client, loopback):
    with client.live.sessions.with_streaming_response.accept(SID, session={"model": "gpt-live-1"}) as accepted:
        assert accepted.status_code == 200 and accepted.parse() is None
    with client.live.sessions.with_streaming_response.fork(SID, transport=TRANSPORT) as forked:
        assert forked.parse().session.id == LIVE_FORK_ID
    with client.live.with_streaming_response.create(session={"model": "gpt-live-1"}, transport=TRANSPORT) as created:
        assert created.parse().transport.sdp == ANSWER_SDP
    assert len(loopback.requests) == 3


def test_strict_false_forwards_unknown_keys_and_still_checks_known_ones(loopback, canary_key):
    with RealtimeClient(canary_key, base_url=loopback.url, strict=False) as c:
        c.live.create(session={"model": "gpt-live-1", "new_knob": {"a": None}}, transport=TRANSPORT)
        with pytest.raises(RequestValidationError):
            c.live.create(session={"model": 5}, transport=TRANSPORT)
    with RealtimeClient(canary_key, base_url=loopback.url) as c:
        c.live.sessions.accept(SID, session={"model": "gpt-live-1", "client": {"data_channel": {}}}, strict=False)
        with pytest.raises(RequestValidationError):
            c.live.sessions.accept(SID, session={"model": "gpt-live-1", "client": {}})
    first, second = loopback.requests
    assert first.json()["session"] == {"model": "gpt-live-1", "new_knob": {"a": None}}
    assert second.json() == {"session": {"model": "gpt-live-1", "client": {"data_channel": {}}, "type": "live"}}


def test_binary_content_decodes_only_when_asked(client, loopback):
    # The SDK's own test answers the recording with JSON and reads it back with json().
    loopback.respond(200, {"foo": "bar"})
    recording = client.live.sessions.download_recording("live_SQ")
    assert recording.json() == {"foo": "bar"}
    assert recording.text == '{"foo": "bar"}'
    assert recording.content == b'{"foo": "bar"}'
    recording.close()
    with client.live.sessions.with_streaming_response.download_recording("live_SQ") as streamed:
        assert (streamed.status_code, streamed.method) == (200, "GET")
        assert streamed.http_request.url.endswith("/live/sessions/live_SQ/content")
        assert streamed.parse() == LIVE_RECORDING


def test_the_live_modules_load_only_when_client_live_is_used():
    import subprocess
    import sys

    code = (
        "import sys; from realtime_sync import RealtimeClient; c = RealtimeClient('sk-x');"
        "assert not [m for m in sys.modules if m.startswith('realtime_sync.live')];"
        "c.live.sessions; assert 'realtime_sync.live.models' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    # The Live models, like the Realtime ones, need neither cattrs nor requests to import.
    code = (
        "import sys, realtime_sync.live.models;"
        "bad = [m for m in ('cattrs', 'requests', 'realtime_sync._serde') if m in sys.modules]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
