"""Every endpoint against a real HTTP server on 127.0.0.1: exactly what goes on the wire."""

import json

import pytest
import requests

from realtime_sync import NULL, RealtimeClient, RequestsTransport
from realtime_sync.models import ClientSecretExpiration, RealtimeSessionCreateRequest

OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


@pytest.fixture
def client(loopback, canary_key):
    with RealtimeClient(canary_key, base_url=loopback.url, organization="org_1", project="proj_1") as c:
        yield c


def only(loopback):
    assert len(loopback.requests) == 1, loopback.requests
    return loopback.requests[0]


def assert_common_headers(req, key, accept):
    assert req.method == "POST"
    assert req.headers["authorization"] == "Bearer " + key
    assert req.headers["openai-organization"] == "org_1"
    assert req.headers["openai-project"] == "proj_1"
    assert req.headers["accept"] == accept
    assert req.headers["user-agent"].startswith("realtime_sync/")


def test_calls_create_with_session_is_multipart(client, loopback, canary_key):
    answer = client.calls.create(
        sdp=OFFER, session={"type": "realtime", "model": "gpt-realtime-2", "instructions": "héllo"}
    )
    req = only(loopback)
    assert req.path == "/v1/realtime/calls"
    assert_common_headers(req, canary_key, "application/sdp")
    parts = req.multipart()
    assert [(p.name, p.content_type) for p in parts] == [("sdp", "application/sdp"), ("session", "application/json")]
    assert not any(p.filename_given for p in parts)
    assert parts[0].body == OFFER.encode()  # CRLFs untouched
    # Compact JSON with raw UTF-8, exactly as the SDK writes it.
    assert json.loads(parts[1].body) == {"type": "realtime", "model": "gpt-realtime-2", "instructions": "héllo"}
    assert b", " not in parts[1].body and b'": ' not in parts[1].body
    assert "héllo".encode() in parts[1].body  # raw UTF-8, not \u escapes
    assert answer.sdp.startswith("v=0\r\n")
    assert answer.location == "/v1/realtime/calls/rtc_test_0002"
    assert answer.call_id == "rtc_test_0002"


def test_calls_create_with_standard_key_and_no_session_is_still_multipart(client, loopback):
    client.calls.create(sdp=OFFER)
    parts = only(loopback).multipart()
    assert [p.name for p in parts] == ["sdp"]
    assert parts[0].body == OFFER.encode()


def test_calls_create_with_ephemeral_key_and_no_session_is_raw_sdp(loopback):
    with RealtimeClient("ek_abc123", base_url=loopback.url) as c:
        answer = c.calls.create(sdp=OFFER)
    req = only(loopback)
    assert req.headers["content-type"] == "application/sdp"
    assert req.headers["authorization"] == "Bearer ek_abc123"
    assert req.body == OFFER.encode()
    assert answer.call_id == "rtc_test_0002"


def test_calls_create_extra_body_fields_go_first_as_plain_form_fields(client, loopback):
    client.calls.create(sdp=OFFER, session=RealtimeSessionCreateRequest(model="gpt-realtime"), extra_body={"x": "1"})
    parts = only(loopback).multipart()
    assert [(p.name, p.content_type) for p in parts] == [
        ("x", None),
        ("sdp", "application/sdp"),
        ("session", "application/json"),
    ]
    assert json.loads(parts[2].body) == {"type": "realtime", "model": "gpt-realtime"}


def test_accept_sends_the_session_at_top_level(client, loopback, canary_key):
    client.calls.accept(
        "rtc_123",
        session={
            "type": "realtime",
            "model": "gpt-realtime",
            "audio": {"input": {"turn_detection": None}},
            "tracing": None,
        },
    )
    req = only(loopback)
    assert req.path == "/v1/realtime/calls/rtc_123/accept"
    assert_common_headers(req, canary_key, "*/*")
    assert req.headers["content-type"] == "application/json"
    assert req.json() == {
        "type": "realtime",
        "model": "gpt-realtime",
        "audio": {"input": {"turn_detection": None}},
        "tracing": None,
    }


def test_accept_with_model_and_null_sentinel(client, loopback):
    client.calls.accept("rtc_1", session=RealtimeSessionCreateRequest(model="gpt-realtime", tracing=NULL))
    assert only(loopback).json() == {"type": "realtime", "model": "gpt-realtime", "tracing": None}


def test_refer(client, loopback):
    client.calls.refer("rtc_1", target_uri="tel:+14155550123")
    req = only(loopback)
    assert req.path == "/v1/realtime/calls/rtc_1/refer"
    assert req.json() == {"target_uri": "tel:+14155550123"}


@pytest.mark.parametrize("status, body", [(None, {}), (486, {"status_code": 486})])
def test_reject(client, loopback, status, body):
    client.calls.reject("rtc_1", status_code=status)
    req = only(loopback)
    assert req.path == "/v1/realtime/calls/rtc_1/reject"
    assert req.json() == body


def test_hangup_has_no_body(client, loopback, canary_key):
    assert client.calls.hangup("rtc_1") is None
    req = only(loopback)
    assert req.path == "/v1/realtime/calls/rtc_1/hangup"
    assert req.body == b""
    assert req.headers.get("content-length") == "0"
    assert_common_headers(req, canary_key, "*/*")


def test_call_id_is_one_percent_encoded_segment(client, loopback):
    client.calls.hangup("a/b c")
    assert only(loopback).path == "/v1/realtime/calls/a%2Fb%20c/hangup"


@pytest.mark.parametrize("verb", ["accept", "refer", "reject", "hangup"])
def test_empty_call_id_raises_value_error_before_sending(client, loopback, verb):
    kwargs = {"accept": {"session": {"type": "realtime"}}, "refer": {"target_uri": "tel:1"}}.get(verb, {})
    with pytest.raises(ValueError, match="call_id"):
        getattr(client.calls, verb)("", **kwargs)
    assert loopback.requests == []


def test_client_secrets_create(client, loopback, canary_key):
    secret = client.client_secrets.create(
        session={"type": "realtime", "model": "gpt-realtime-2"},
        expires_after=ClientSecretExpiration(anchor="created_at", seconds=600),
    )
    req = only(loopback)
    assert req.path == "/v1/realtime/client_secrets"
    assert_common_headers(req, canary_key, "application/json")
    assert req.json() == {
        "session": {"type": "realtime", "model": "gpt-realtime-2"},
        "expires_after": {"anchor": "created_at", "seconds": 600},
    }
    assert secret.value == "ek_68af296e8e408191a1120ab6383263c2"
    assert secret.expires_at == 1767226200
    assert secret.session.type == "realtime"
    assert secret.session.model == "gpt-realtime-2"


def test_client_secrets_create_with_nothing_sends_empty_object(client, loopback):
    client.client_secrets.create()
    assert only(loopback).json() == {}


def test_client_secrets_transcription_session(client, loopback):
    secret = client.client_secrets.create(session={"type": "transcription"})
    assert secret.session.type == "transcription"
    assert secret.session.id == "sess_T1"


def test_translation_client_secrets(client, loopback):
    secret = client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    req = only(loopback)
    assert req.path == "/v1/realtime/translations/client_secrets"
    assert req.json() == {"session": {"model": "gpt-realtime-translate"}}
    assert secret.value == "ek_translate_0001"
    assert secret.session.model == "gpt-realtime-translate"


def test_extra_headers_and_extra_body(client, loopback):
    client.client_secrets.create(
        extra_headers={"X-Trace": "t1", "Accept": "text/plain", "OpenAI-Project": None},
        extra_body={"future_knob": True},
    )
    req = only(loopback)
    assert req.headers["x-trace"] == "t1"
    assert req.headers["accept"] == "text/plain"
    assert "openai-project" not in req.headers
    assert req.json() == {"future_knob": True}


def test_users_own_requests_session_is_used(loopback, canary_key):
    session = requests.Session()
    session.headers["X-Corp-Proxy-Tag"] = "abc"
    with RealtimeClient(canary_key, base_url=loopback.url, transport=RequestsTransport(session)) as c:
        c.calls.hangup("rtc_1")
    assert only(loopback).headers["x-corp-proxy-tag"] == "abc"
    # The client closed its transport, but a user-owned session stays usable.
    session.post(loopback.url + "/realtime/calls/rtc_2/hangup", timeout=5)
    assert len(loopback.requests) == 2


def test_connections_are_reused(client, loopback):
    for _ in range(5):
        client.calls.hangup("rtc_1")
    assert len(loopback.requests) == 5
    assert loopback.connections == 1  # one keep-alive connection for all five


def test_proxy_from_the_environment_is_used(loopback, canary_key, monkeypatch):
    # The loopback server plays a plain HTTP proxy: it gets the absolute URI.
    monkeypatch.setenv("HTTP_PROXY", loopback.origin)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with RealtimeClient(canary_key, base_url="http://api.example.invalid/v1") as c:
        c.calls.hangup("rtc_1")
        c.calls.hangup("rtc_2")  # the cached environment settings still route through the proxy
    assert [r.path for r in loopback.requests] == [
        "/v1/realtime/calls/rtc_1/hangup",
        "/v1/realtime/calls/rtc_2/hangup",
    ]
    assert all(r.headers["host"] == "api.example.invalid" for r in loopback.requests)
