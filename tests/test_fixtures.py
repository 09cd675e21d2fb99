"""FixtureTransport at the transport level: format, redaction, matching, record modes.

The inner transport here is a small scripted fake that implements the
transport protocol; client-level and loopback-server tests are in
test_fixtures_client.py.
"""

import base64
import json
import threading
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest
from _fakes import FakeTransport

from realtime_sync import HttpRequest, HttpResponse, Timeout
from realtime_sync.errors import APIConnectionError, ConfigurationError, FixtureError, FixtureMismatchError
from realtime_sync.fixtures import RECORD_MODE_ENV, FixtureTransport, use_fixture

CANARY_EK = "ek_canary_DO_NOT_LEAK_42"
BINARY_BODY = b"\x00\xffbinary ek_looks_like_a_key_but_is_audio\x80"
BASE = "https://api.openai.com/v1"
SDP_OFFER = "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SDP_ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=setup:active\r\n"
T = Timeout()


@pytest.fixture(autouse=True)
def _no_mode_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_MODE_ENV, raising=False)


def Scripted(handler: Optional[Callable[[HttpRequest], HttpResponse]] = None) -> FakeTransport:
    """A fake inner transport (tests/_fakes.py): answers with ``handler`` and keeps what it was sent."""
    return FakeTransport(default=handler or api_like)


def Offline() -> FakeTransport:
    """An inner transport that must never be used."""
    return FakeTransport(default=touched_the_network)


def touched_the_network(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the network was touched: %r" % (request,))


def api_like(request: HttpRequest) -> HttpResponse:
    path = request.url.split("?", 1)[0].split("/v1", 1)[1]
    if path == "/realtime/client_secrets":
        body = {
            "value": CANARY_EK,
            "expires_at": 1767226200,
            "session": {"type": "realtime", "id": "sess_1", "tracing": None, "max_output_tokens": "inf"},
        }
        headers = {
            "Content-Type": "application/json",
            "x-request-id": "req_cs",
            "Date": "Mon, 23 Nov 2026 20:00:00 GMT",
            "Set-Cookie": "__cf_bm=abc",
            "openai-processing-ms": "123",
            "Content-Length": "999",
        }
        return HttpResponse(200, headers, json.dumps(body).encode())
    if path == "/realtime/calls":
        headers = {"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_1", "x-request-id": "req_c"}
        return HttpResponse(201, headers, SDP_ANSWER.encode())
    if path.endswith("/blob"):
        # Binary bodies are stored byte-exact: an ek_-looking run of bytes in
        # audio is data, not a secret, and is never rewritten.
        return HttpResponse(200, {"Content-Type": "application/octet-stream"}, BINARY_BODY)
    return HttpResponse(200, {"x-request-id": "req_%s" % path.rsplit("/", 1)[-1]}, b"")


def headers(canary_key: str, **extra: str) -> Dict[str, str]:
    base = {
        "Authorization": "Bearer " + canary_key,
        "OpenAI-Organization": "org-canary-secret",
        "OpenAI-Project": "proj_canary_secret",
        "User-Agent": "realtime_sync/0 test",
        "Accept": "*/*",
    }
    base.update(extra)
    return base


def json_request(path: str, body: Any, key: str = "sk-test-key-0000", base: str = BASE) -> HttpRequest:
    return HttpRequest(
        "POST", base + path, headers(key, **{"Content-Type": "application/json"}), json.dumps(body).encode()
    )


def multipart_request(
    boundary: str, sdp: str = SDP_OFFER, session: Any = None, key: str = "sk-test-key-0000"
) -> HttpRequest:
    session = session if session is not None else {"type": "realtime", "model": "gpt-realtime"}
    b = boundary.encode()
    body = (
        b"--"
        + b
        + b'\r\nContent-Disposition: form-data; name="sdp"\r\nContent-Type: application/sdp\r\n\r\n'
        + sdp.encode()
        + b"\r\n--"
        + b
        + b'\r\nContent-Disposition: form-data; name="session"\r\nContent-Type: application/json\r\n\r\n'
        + json.dumps(session, separators=(",", ":")).encode()
        + b"\r\n--"
        + b
        + b"--\r\n"
    )
    return HttpRequest(
        "POST",
        BASE + "/realtime/calls",
        headers(key, **{"Content-Type": "multipart/form-data; boundary=" + boundary}),
        body,
    )


def empty_request(path: str, key: str = "sk-test-key-0000") -> HttpRequest:
    return HttpRequest("POST", BASE + path, headers(key), b"")


def flow(key: str = "sk-test-key-0000", boundary: str = "a" * 32) -> List[HttpRequest]:
    return [
        json_request("/realtime/client_secrets", {"session": {"type": "realtime", "model": "gpt-realtime"}}, key),
        multipart_request(boundary, key=key),
        json_request("/realtime/calls/rtc_1/accept", {"type": "realtime", "model": "gpt-realtime"}, key),
        json_request("/realtime/calls/rtc_1/refer", {"target_uri": "tel:+14155550123"}, key),
        empty_request("/realtime/calls/rtc_1/hangup", key),
        empty_request("/realtime/calls/rtc_1/blob", key),
    ]


def record(path: Path, requests: List[HttpRequest], mode: str = "all", **options: Any) -> List[HttpResponse]:
    inner = Scripted()
    with FixtureTransport(path, mode, inner=inner, **options) as transport:
        responses = [transport.send(r, timeout=T) for r in requests]
    assert len(inner.requests) == len(requests)
    return responses


@pytest.fixture
def fixture_path(tmp_path: Path) -> Path:
    return tmp_path / "fixtures" / "flow.json"


# -- round trip ---------------------------------------------------------------------------------


def test_replay_returns_what_was_recorded_for_json_text_binary_and_empty_bodies(fixture_path: Path) -> None:
    recorded = record(fixture_path, flow())
    with FixtureTransport(fixture_path, inner=Offline()) as transport:
        replayed = [transport.send(r, timeout=T) for r in flow()]
    for live, again in zip(recorded, replayed):
        assert again.status_code == live.status_code
        if live.headers.get("content-type") == "application/json":
            assert json.loads(again.body)["expires_at"] == json.loads(live.body)["expires_at"]
            assert json.loads(again.body)["session"] == json.loads(live.body)["session"]
        elif live.status_code == 201:
            assert again.body == live.body  # SDP text is byte-exact
            assert again.headers["location"] == "/v1/realtime/calls/rtc_1"
        elif live.body.startswith(b"\x00"):
            assert again.body == live.body == BINARY_BODY  # byte-exact
        else:
            assert again.body == b""
        assert again.request_id == live.request_id


def test_file_is_sorted_indented_and_stores_bodies_by_kind(fixture_path: Path) -> None:
    record(fixture_path, flow())
    text = fixture_path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["format"] == 1
    secret, create, accept, refer, hangup, blob = data["interactions"]
    assert secret["request"]["json"] == {"session": {"type": "realtime", "model": "gpt-realtime"}}
    assert secret["response"]["json"]["session"]["tracing"] is None
    assert create["request"]["multipart"] == [
        {"name": "sdp", "content_type": "application/sdp", "text": SDP_OFFER.splitlines(True)},
        {"name": "session", "content_type": "application/json", "json": {"type": "realtime", "model": "gpt-realtime"}},
    ]
    assert create["request"]["headers"]["content-type"] == "multipart/form-data"  # no random boundary
    # Multi-line text is stored line by line (endings kept) so SDP diffs by line.
    assert create["response"]["text"] == ["v=0\r\n", "o=- 1 2 IN IP4 127.0.0.1\r\n", "s=-\r\n", "a=setup:active\r\n"]
    assert refer["request"]["json"] == {"target_uri": "tel:+14155550123"}
    assert accept["request"]["path"] == "/v1/realtime/calls/rtc_1/accept"
    assert "json" not in hangup["request"] and "text" not in hangup["response"]
    assert base64.b64decode(blob["response"]["base64"]).startswith(b"\x00\xffbinary")
    # Volatile and secret headers are not stored at all.
    assert secret["response"]["headers"] == {"content-type": "application/json", "x-request-id": "req_cs"}
    assert set(secret["request"]["headers"]) == {
        "authorization",
        "content-type",
        "openai-organization",
        "openai-project",
    }


def test_rerecording_the_same_calls_gives_no_diff(fixture_path: Path, tmp_path: Path) -> None:
    record(fixture_path, flow(boundary="1" * 32))
    first = fixture_path.read_bytes()
    record(fixture_path, flow(boundary="2" * 32))
    assert fixture_path.read_bytes() == first
    other = tmp_path / "other.json"
    record(other, flow(key="sk-a-completely-different-key"))
    assert other.read_bytes() == first


# -- redaction ------------------------------------------------------------------------------------


def test_canary_key_and_canary_client_secret_never_reach_the_file(
    fixture_path: Path, canary_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", canary_key)

    def leaky(request: HttpRequest) -> HttpResponse:
        # The server echoes the secret in JSON, SDP text, a multipart part and a binary body.
        if request.url.endswith("/calls"):
            return HttpResponse(201, {"Content-Type": "application/sdp"}, ("a=ice-pwd:%s\r\n" % CANARY_EK).encode())
        return api_like(request)

    requests = flow(key=canary_key)
    # The app sends the client secret back in a later request (JSON, multipart part, SDP text).
    requests.append(json_request("/realtime/calls/rtc_1/refer", {"target_uri": "sip:%s@x" % CANARY_EK}, canary_key))
    requests.append(multipart_request("b" * 32, sdp="v=0\r\na=x:%s\r\n" % CANARY_EK, key=CANARY_EK))
    inner = Scripted(leaky)
    with FixtureTransport(fixture_path, "all", inner=inner) as transport:
        for r in requests:
            transport.send(r, timeout=T)
    raw = fixture_path.read_bytes()
    text = raw.decode("utf-8")
    for secret in (canary_key, CANARY_EK, "org-canary-secret", "proj_canary_secret"):
        assert secret not in text
    blob = json.loads(text)["interactions"][5]["response"]["base64"]
    assert CANARY_EK.encode() not in base64.b64decode(blob)
    # Stable placeholders: the same secret always gets the same one.
    assert text.count("ek_REDACTED_1") >= 5
    assert "ek_REDACTED_2" not in text
    assert '"authorization": "Bearer <REDACTED:api_key>"' in text
    assert '"authorization": "Bearer ek_REDACTED_1"' in text


def test_replay_matches_requests_that_carry_the_redacted_secret(fixture_path: Path) -> None:
    # Recorded: the app got ek_... and sent it on; on replay it got the placeholder and sends that.
    record(fixture_path, [json_request("/realtime/calls/rtc_1/refer", {"target_uri": "sip:%s@x" % CANARY_EK})])
    with FixtureTransport(fixture_path) as transport:
        placeholder_request = json_request("/realtime/calls/rtc_1/refer", {"target_uri": "sip:ek_REDACTED_1@x"})
        assert transport.send(placeholder_request, timeout=T).status_code == 200


def test_user_redaction_rules_apply_to_file_and_to_matching(fixture_path: Path) -> None:
    def callback(kind: str, data: Dict[str, Any]) -> None:
        if kind == "response":
            data["headers"]["x-request-id"] = "req_fixed"

    def with_custom(request: HttpRequest, instructions: str) -> HttpRequest:
        body = {"type": "realtime", "instructions": instructions, "tools": [{"name": "a", "token": "tok-1"}]}
        merged = dict(request.headers.items(), **{"X-Tenant-Token": "tenant-secret", "X-Trace": "t1"})
        return HttpRequest(request.method, request.url, merged, json.dumps(body).encode())

    options: Dict[str, Any] = {
        "redact_headers": ["X-Tenant-Token"],
        "redact_json_paths": ["$.instructions", "$.tools[*].token"],
        "redact_callback": callback,
        "keep_headers": ["x-trace"],
        "secrets": ["tenant-secret"],
    }
    base = json_request("/realtime/calls/rtc_1/accept", {})
    record(fixture_path, [with_custom(base, "personal data: Ada, 1985")], **options)
    stored = json.loads(fixture_path.read_text())["interactions"][0]
    assert stored["request"]["json"] == {
        "type": "realtime",
        "instructions": "<REDACTED>",
        "tools": [{"name": "a", "token": "<REDACTED>"}],
    }
    assert stored["request"]["headers"]["x-tenant-token"] == "<REDACTED>"
    assert stored["request"]["headers"]["x-trace"] == "t1"
    assert stored["response"]["headers"]["x-request-id"] == "req_fixed"
    # A redacted field is redacted in the live request too, so its value does not affect matching.
    with FixtureTransport(fixture_path, **options) as transport:
        response = transport.send(with_custom(base, "other personal data"), timeout=T)
    assert response.headers["x-request-id"] == "req_fixed"


def test_bad_redaction_options_are_clear_errors(fixture_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="redact_json_paths"):
        FixtureTransport(fixture_path, "all", redact_json_paths=["session.value"])
    with pytest.raises(ConfigurationError, match="redact_headers: expected a list"):
        FixtureTransport(fixture_path, "all", redact_headers="authorization")


def test_a_live_key_echoed_by_the_server_is_redacted_and_the_safety_net_refuses_one_put_back(
    fixture_path: Path, canary_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", canary_key)

    def echo_env_key(request: HttpRequest) -> HttpResponse:
        # A key that is not the one in Authorization: the shared rules know OPENAI_API_KEY.
        body = {"debug": {"seen": "key=%s" % canary_key}}
        return HttpResponse(200, {"Content-Type": "application/json"}, json.dumps(body).encode())

    with FixtureTransport(fixture_path, "all", inner=Scripted(echo_env_key)) as transport:
        transport.send(json_request("/realtime/client_secrets", {}, key="sk-other-key-12345"), timeout=T)
    stored = json.loads(fixture_path.read_text(encoding="utf-8"))
    assert stored["interactions"][0]["response"]["json"]["debug"]["seen"] == "key=<REDACTED:api_key>"
    fixture_path.unlink()

    def put_back(kind: str, data: Dict[str, Any]) -> None:
        if kind == "response":
            data["json"]["debug"]["seen"] = "key=%s" % "".join("%%%02X" % ord(c) for c in canary_key)

    transport = FixtureTransport(fixture_path, "all", inner=Scripted(echo_env_key), redact_callback=put_back)
    transport.send(json_request("/realtime/client_secrets", {}, key="sk-other-key-12345"), timeout=T)
    with pytest.raises(FixtureError) as info:
        transport.close()
    message = str(info.value)
    assert "OPENAI_API_KEY" in message and "interactions[0].response.json.debug.seen" in message
    assert canary_key not in message
    assert not fixture_path.exists()


def test_safety_net_catches_a_callback_that_puts_the_key_back(fixture_path: Path, canary_key: str) -> None:
    def undo(kind: str, data: Dict[str, Any]) -> None:
        data["headers"]["authorization"] = "Bearer " + canary_key

    transport = FixtureTransport(fixture_path, "all", inner=Scripted(), redact_callback=undo)
    transport.send(json_request("/realtime/client_secrets", {}, key=canary_key), timeout=T)
    with pytest.raises(FixtureError, match=r"Authorization header at interactions\[0\]\.request\.headers"):
        transport.save()
    assert not fixture_path.exists()


# -- matching ------------------------------------------------------------------------------------


def test_multipart_matches_part_by_part_whatever_the_boundary(fixture_path: Path) -> None:
    record(fixture_path, [multipart_request("0123456789abcdef" * 2)])
    with FixtureTransport(fixture_path) as transport:
        assert transport.send(multipart_request("fedcba9876543210" * 2), timeout=T).status_code == 201
    with FixtureTransport(fixture_path) as transport, pytest.raises(FixtureMismatchError) as info:
        transport.send(multipart_request("x" * 32, session={"type": "realtime", "model": "gpt-realtime-2"}), timeout=T)
    assert '-        "model": "gpt-realtime",' in str(info.value)
    assert '+        "model": "gpt-realtime-2",' in str(info.value)


def test_json_matches_by_value_and_host_scheme_headers_are_ignored(fixture_path: Path) -> None:
    record(fixture_path, [json_request("/realtime/client_secrets", {"session": {"type": "realtime", "model": "m"}})])
    body = b'{ "session" : { "model" : "m",\n "type" : "realtime" } }'
    live = HttpRequest(
        "POST",
        "http://127.0.0.1:8765/v1/realtime/client_secrets",
        {"Content-Type": "application/json; charset=utf-8"},
        body,
    )
    with FixtureTransport(fixture_path) as transport:
        assert transport.send(live, timeout=T).status_code == 200


def test_query_and_method_are_part_of_the_match(fixture_path: Path) -> None:
    record(fixture_path, [HttpRequest("POST", BASE + "/realtime/calls?model=a&x=1")])
    with FixtureTransport(fixture_path) as transport:
        with pytest.raises(FixtureMismatchError, match="differs in query"):
            transport.send(HttpRequest("POST", BASE + "/realtime/calls?model=b&x=1"), timeout=T)
        with pytest.raises(FixtureMismatchError, match="differs in method"):
            transport.send(HttpRequest("GET", BASE + "/realtime/calls?x=1&model=a"), timeout=T)
        assert (
            transport.send(HttpRequest("POST", "http://h/v1/realtime/calls?x=1&model=a"), timeout=T).status_code == 201
        )


def test_mismatch_message_is_a_readable_diff_against_the_nearest_request(fixture_path: Path, canary_key: str) -> None:
    record(fixture_path, flow())
    live = json_request("/realtime/calls/rtc_1/accept", {"type": "realtime", "model": "gpt-realtime-mini"}, canary_key)
    with FixtureTransport(fixture_path) as transport, pytest.raises(FixtureMismatchError) as info:
        transport.send(live, timeout=T)
    message = str(info.value)
    assert message.splitlines()[0] == (
        "no recorded interaction in %s matches POST /v1/realtime/calls/rtc_1/accept (record_mode='none')."
        % fixture_path
    )
    assert "Nearest recorded request (#2) differs in body:" in message
    assert "--- recorded #2 (not yet played)\n+++ this request" in message
    assert '-    "model": "gpt-realtime",\n+    "model": "gpt-realtime-mini",' in message
    assert "REALTIME_SYNC_RECORD_MODE=new_episodes" in message
    assert canary_key not in message
    assert "authorization" not in message  # headers are not matched, so not shown


def test_identical_calls_replay_in_order_once_each(fixture_path: Path) -> None:
    answers = iter([500, 200, 404])

    def flaky(request: HttpRequest) -> HttpResponse:
        return HttpResponse(next(answers), {"x-request-id": "r"}, b"")

    hangup = empty_request("/realtime/calls/rtc_1/hangup")
    transport = FixtureTransport(fixture_path, "all", inner=Scripted(flaky))
    for _ in range(3):
        transport.send(hangup, timeout=T)
    transport.close()
    with FixtureTransport(fixture_path) as transport:
        assert [transport.send(hangup, timeout=T).status_code for _ in range(3)] == [500, 200, 404]
        with pytest.raises(
            FixtureMismatchError, match=r"recorded 3 time\(s\) \(#0, #1, #2\) and every copy was already played"
        ):
            transport.send(hangup, timeout=T)


def test_unplayed_interactions_are_reported(fixture_path: Path) -> None:
    record(fixture_path, flow())
    transport = FixtureTransport(fixture_path)
    transport.send(flow()[0], timeout=T)
    assert transport.unplayed() == [
        "#1 POST /v1/realtime/calls",
        "#2 POST /v1/realtime/calls/rtc_1/accept",
        "#3 POST /v1/realtime/calls/rtc_1/refer",
        "#4 POST /v1/realtime/calls/rtc_1/hangup",
        "#5 POST /v1/realtime/calls/rtc_1/blob",
    ]
    assert transport.played() == ["#0 POST /v1/realtime/client_secrets"]
    assert repr(transport) == "<FixtureTransport %s record_mode='none', 1/6 played>" % fixture_path
    with pytest.raises(FixtureError, match=r"5 recorded interaction\(s\) in .* were never played:\n  #1 POST"):
        transport.assert_all_played()
    transport.close()  # not required by default

    strict = FixtureTransport(fixture_path, require_all_played=True)
    for request in flow()[:5]:
        strict.send(request, timeout=T)
    with pytest.raises(FixtureError, match="#5 POST /v1/realtime/calls/rtc_1/blob"):
        strict.close()


def test_thousands_of_interactions_replay_in_any_order(fixture_path: Path) -> None:
    requests = [json_request("/realtime/calls/rtc_%d/refer" % i, {"target_uri": "tel:%d" % i}) for i in range(2000)]

    def numbered(request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, {"x-request-id": json.loads(request.body)["target_uri"]}, b"")

    with FixtureTransport(fixture_path, "all", inner=Scripted(numbered)) as transport:
        for request in requests:
            transport.send(request, timeout=T)
    with FixtureTransport(fixture_path, require_all_played=True) as transport:
        for i in reversed(range(2000)):
            assert transport.send(requests[i], timeout=T).request_id == "tel:%d" % i


def test_concurrent_replay_plays_each_interaction_once(fixture_path: Path) -> None:
    hangup = empty_request("/realtime/calls/rtc_1/hangup")
    ids = iter(range(1000))

    def counting(request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, {"x-request-id": "req_%d" % next(ids)}, b"")

    with FixtureTransport(fixture_path, "all", inner=Scripted(counting)) as transport:
        for _ in range(40):
            transport.send(hangup, timeout=T)
    seen: List[Optional[str]] = []
    with FixtureTransport(fixture_path) as transport:

        def worker() -> None:
            for _ in range(10):
                seen.append(transport.send(hangup, timeout=T).request_id)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert transport.unplayed() == []
    assert sorted(seen) == sorted("req_%d" % i for i in range(40))


# -- record modes ----------------------------------------------------------------------------------


def test_mode_none_needs_the_file_and_never_touches_the_network(fixture_path: Path) -> None:
    with pytest.raises(FixtureError, match="does not exist; record it first"):
        FixtureTransport(fixture_path)
    record(fixture_path, flow()[:1])
    before = fixture_path.read_bytes()
    with FixtureTransport(fixture_path, inner=Offline()) as transport:
        assert not transport.is_recording
        transport.send(flow()[0], timeout=T)
        with pytest.raises(FixtureMismatchError):
            transport.send(flow()[2], timeout=T)
    assert fixture_path.read_bytes() == before


def test_mode_once_records_a_missing_file_then_only_replays(fixture_path: Path) -> None:
    inner = Scripted()
    with FixtureTransport(fixture_path, "once", inner=inner) as transport:
        assert transport.is_recording
        transport.send(flow()[0], timeout=T)
    assert len(inner.requests) == 1 and fixture_path.exists()
    inner = Scripted()
    with FixtureTransport(fixture_path, "once", inner=inner) as transport:
        assert not transport.is_recording
        transport.send(flow()[0], timeout=T)
        with pytest.raises(FixtureMismatchError, match="record_mode='once'"):
            transport.send(flow()[2], timeout=T)
    assert inner.requests == []


def test_mode_new_episodes_replays_matches_and_records_the_rest(fixture_path: Path) -> None:
    record(fixture_path, flow()[:2])
    inner = Scripted()
    with FixtureTransport(fixture_path, "new_episodes", inner=inner) as transport:
        for request in flow()[:4]:
            transport.send(request, timeout=T)
    accept, refer = BASE + "/realtime/calls/rtc_1/accept", BASE + "/realtime/calls/rtc_1/refer"
    assert [r.url for r in inner.requests] == [accept, refer]
    paths = [i["request"]["path"] for i in json.loads(fixture_path.read_text())["interactions"]]
    assert paths == [
        "/v1/realtime/client_secrets",
        "/v1/realtime/calls",
        "/v1/realtime/calls/rtc_1/accept",
        "/v1/realtime/calls/rtc_1/refer",
    ]
    # Nothing new: the file is left alone.
    mtime = fixture_path.stat().st_mtime_ns
    with FixtureTransport(fixture_path, "new_episodes", inner=Offline()) as transport:
        transport.send(flow()[0], timeout=T)
    assert fixture_path.stat().st_mtime_ns == mtime


def test_new_episodes_continues_client_secret_numbering(fixture_path: Path) -> None:
    record(fixture_path, flow()[:1])
    other = "ek_second_secret_99"

    def second(request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, {"Content-Type": "application/json"}, json.dumps({"value": other}).encode())

    with FixtureTransport(fixture_path, "new_episodes", inner=Scripted(second)) as transport:
        transport.send(flow()[0], timeout=T)
        transport.send(json_request("/realtime/client_secrets", {"session": {"type": "transcription"}}), timeout=T)
    values = [i["response"]["json"]["value"] for i in json.loads(fixture_path.read_text())["interactions"]]
    assert values == ["ek_REDACTED_1", "ek_REDACTED_2"]


def test_mode_all_rerecords_everything(fixture_path: Path) -> None:
    record(fixture_path, flow())
    inner = Scripted()
    with FixtureTransport(fixture_path, "all", inner=inner) as transport:
        transport.send(flow()[4], timeout=T)
    assert len(inner.requests) == 1
    assert [i["request"]["path"] for i in json.loads(fixture_path.read_text())["interactions"]] == [
        "/v1/realtime/calls/rtc_1/hangup"
    ]


def test_invalid_mode_lists_the_valid_ones(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError) as info:
        FixtureTransport(fixture_path, "sometimes")
    assert str(info.value) == "record_mode: expected one of 'none', 'once', 'new_episodes', 'all', got 'sometimes'"
    with pytest.raises(ValueError, match="record_mode: expected one of"):
        use_fixture(fixture_path, "always")
    monkeypatch.setenv(RECORD_MODE_ENV, "everything")
    with pytest.raises(ConfigurationError, match="REALTIME_SYNC_RECORD_MODE: expected one of 'none', 'once'"):
        FixtureTransport(fixture_path)


def test_environment_variable_overrides_the_mode_for_a_run(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RECORD_MODE_ENV, "all")
    inner = Scripted()
    with FixtureTransport(fixture_path, "none", inner=inner) as transport:
        assert transport.record_mode == "all"
        transport.send(flow()[0], timeout=T)
    assert len(inner.requests) == 1 and fixture_path.exists()
    with FixtureTransport(fixture_path, "none", env_override=False) as transport:
        assert transport.record_mode == "none"


def test_default_inner_is_created_lazily_and_closed_but_a_given_inner_is_not(fixture_path: Path) -> None:
    record(fixture_path, flow()[:1])
    transport = FixtureTransport(fixture_path, "new_episodes")
    transport.send(flow()[0], timeout=T)  # replayed: no RequestsTransport needed
    assert transport._inner is None
    transport.close()
    inner = Scripted()
    FixtureTransport(fixture_path, "all", inner=inner).close()
    assert not inner.closed


def test_closed_transport_refuses_requests(fixture_path: Path) -> None:
    record(fixture_path, flow()[:1])
    transport = FixtureTransport(fixture_path)
    transport.close()
    transport.close()
    with pytest.raises(FixtureError, match="closed"):
        transport.send(flow()[0], timeout=T)


# -- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"format": 1}', "expected an object with an 'interactions' list"),
        ('{"format": 99, "interactions": []}', "format 99 is not supported"),
        ('{"format": 1, "interactions": [{"request": {"path": "/x"}, "response": {"status": 200}}]}', "'method'"),
        ('{"format": 1, "interactions": [{"request": {"method": "POST", "path": "/x"}}]}', "integer 'status'"),
        (
            '{"format": 1, "interactions": [{"request": {"method": "POST", "path": "/x"},'
            ' "response": {"status": 200, "base64": "!!"}}]}',
            r"interactions\[0\]\.response\.base64: expected base64",
        ),
    ],
)
def test_broken_files_are_clear_errors(fixture_path: Path, content: str, message: str) -> None:
    fixture_path.parent.mkdir(parents=True)
    fixture_path.write_text(content)
    with pytest.raises(FixtureError, match=message):
        FixtureTransport(fixture_path)


def test_discarded_recording_writes_nothing(fixture_path: Path) -> None:
    with pytest.raises(RuntimeError), FixtureTransport(fixture_path, "once", inner=Scripted()) as transport:
        transport.send(flow()[0], timeout=T)
        raise RuntimeError("the test failed")
    assert not fixture_path.exists()


def test_use_fixture_as_context_manager_and_decorator(fixture_path: Path) -> None:
    with use_fixture(fixture_path, "once", inner=Scripted()) as transport:
        transport.send(flow()[0], timeout=T)
    calls: List[int] = []

    class Case:
        @use_fixture(fixture_path, require_all_played=True)
        def test_it(self, transport: FixtureTransport) -> str:
            calls.append(1)
            return str(transport.send(flow()[0], timeout=T).status_code)

    assert Case().test_it() == "200"
    assert Case().test_it() == "200"  # a fresh transport per call
    assert calls == [1, 1]


def test_from_package_data_replays_a_shipped_fixture(
    fixture_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(fixture_path, flow()[:2])
    package = tmp_path / "pkgroot" / "demo_pkg"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "flow.json").write_bytes(fixture_path.read_bytes())
    monkeypatch.syspath_prepend(str(tmp_path / "pkgroot"))
    monkeypatch.setenv(RECORD_MODE_ENV, "all")  # ignored: package data is never re-recorded
    transport = FixtureTransport.from_package_data("data/flow.json", package="demo_pkg")
    assert transport.record_mode == "none"
    assert transport.send(flow()[1], timeout=T).headers["location"] == "/v1/realtime/calls/rtc_1"
    with pytest.raises(FixtureMismatchError, match=r"demo_pkg:data/flow\.json"):
        transport.send(flow()[3], timeout=T)
    transport.close()
    with pytest.raises(FixtureError, match=r"cannot read package data demo_pkg/data/missing\.json"):
        FixtureTransport.from_package_data("data/missing.json", package="demo_pkg")


def test_hand_written_file_text_may_be_one_string_or_lines(fixture_path: Path) -> None:
    interaction = {
        "request": {"method": "POST", "path": "/v1/realtime/calls", "text": SDP_OFFER},
        "response": {
            "status": 201,
            "headers": {"content-type": "application/sdp"},
            "text": SDP_ANSWER.splitlines(True),
        },
    }
    fixture_path.parent.mkdir(parents=True)
    fixture_path.write_text(json.dumps({"format": 1, "interactions": [interaction]}))
    raw = HttpRequest("POST", BASE + "/realtime/calls", {"Content-Type": "application/sdp"}, SDP_OFFER.encode())
    with FixtureTransport(fixture_path) as transport:
        assert transport.send(raw, timeout=T).body == SDP_ANSWER.encode()


def test_a_failed_recording_is_not_stored(fixture_path: Path) -> None:
    def unreachable(request: HttpRequest) -> HttpResponse:
        raise APIConnectionError(request=request)

    with FixtureTransport(fixture_path, "new_episodes", inner=Scripted(unreachable)) as transport:
        with pytest.raises(APIConnectionError):
            transport.send(flow()[0], timeout=T)
        assert transport.interactions == [] and transport.played() == []
    assert not fixture_path.exists()


# -- "any ek_ string anywhere" (issue 15, item 10) --------------------------------------------------------------

HIDDEN_EK = "ek_hidden0123456789abcdefHIDDEN"


def _pct(text: str) -> str:
    return "".join("%%%02X" % ord(c) for c in text)


def test_ek_strings_are_redacted_however_they_appear(fixture_path: Path) -> None:
    basic = base64.b64encode(("user:" + HIDDEN_EK).encode()).decode()

    def server(request: HttpRequest) -> HttpResponse:
        body = {
            HIDDEN_EK: "as a key",
            "glued": "token-" + HIDDEN_EK + "-more",
            "escaped": "\\u0065k_" + HIDDEN_EK[3:],
        }
        headers = {"Content-Type": "application/json", "x-upstream": "Basic " + basic}
        return HttpResponse(200, headers, json.dumps(body).encode())

    def text_server(request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, {"Content-Type": "text/plain"}, ("token=" + _pct(HIDDEN_EK)).encode())

    with FixtureTransport(fixture_path, "all", inner=Scripted(server), keep_headers=["x-upstream"]) as transport:
        transport.send(json_request("/realtime/client_secrets", {"note": "x" + HIDDEN_EK}), timeout=T)
        transport.send(
            HttpRequest("POST", BASE + "/x", headers("sk-test-key-0000", Authorization="Basic " + basic)), timeout=T
        )
        transport._inner.default = text_server  # type: ignore[attr-defined]
        transport.send(json_request("/realtime/calls/rtc_1/hangup", {}), timeout=T)
    text = fixture_path.read_text(encoding="utf-8")
    for form in (HIDDEN_EK, HIDDEN_EK[3:], basic, _pct(HIDDEN_EK), _pct(HIDDEN_EK)[9:]):
        assert form not in text
    stored = json.loads(text)["interactions"]
    response = stored[0]["response"]
    assert "ek_REDACTED_1" in response["json"]
    assert response["json"]["glued"] == "token-ek_REDACTED_1"
    assert stored[0]["request"]["json"] == {"note": "xek_REDACTED_1"}
    assert stored[2]["response"]["text"] == "token=ek_REDACTED_1"
    assert "ek_REDACTED_2" not in text  # the same secret, one placeholder, whatever its encoding


@pytest.mark.parametrize(
    "put_back",
    [
        lambda data: data["json"].update({HIDDEN_EK: 1}),
        lambda data: data["json"].update({"glued": "abc" + HIDDEN_EK}),
        lambda data: data["json"].update({"basic": "Basic " + base64.b64encode(HIDDEN_EK.encode() + b":").decode()}),
        lambda data: data["json"].update({"text": "t=" + _pct(HIDDEN_EK)}),
        lambda data: data["headers"].update({"x-echo": "ek_never_seen_before_0123456789"}),
    ],
    ids=["json-key", "glued", "basic", "percent", "unknown-ek"],
)
def test_the_safety_net_refuses_an_ek_string_in_any_form(fixture_path: Path, put_back: Any) -> None:
    def callback(kind: str, data: Dict[str, Any]) -> None:
        if kind == "response":
            put_back(data)

    transport = FixtureTransport(fixture_path, "all", inner=Scripted(), redact_callback=callback)
    transport.send(json_request("/realtime/client_secrets", {}), timeout=T)
    with pytest.raises(FixtureError, match=r"refusing to write .* at interactions\[0\]\.response") as info:
        transport.close()
    assert HIDDEN_EK not in str(info.value) and "ek_never" not in str(info.value)
    assert not fixture_path.exists()
