"""Values that must never reach the wire: refused with RequestValidationError before anything is sent.

Multipart field names and values, header names and values (every way into the
request: the client's settings, per-call headers, the sideband handshake),
path ids and ids parsed from server answers.
"""

from typing import Any, List

import pytest
from _fakes import FakeTransport

from realtime_sync import RealtimeClient
from realtime_sync.errors import RequestValidationError
from realtime_sync.transport import HttpResponse

OFFER = "v=0\r\ns=-\r\n"


def client_with(transport: FakeTransport, **kw: Any) -> RealtimeClient:
    return RealtimeClient("sk-test-key-0000", base_url="https://h/v1", transport=transport, **kw)


# -- multipart (issue 15, item 11) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        'x"\r\nContent-Type: text/evil\r\n\r\ninjected\r\n--',
        "a\r\nX-Injected: 1",
        "a\nb",
        'quote"d',
        "nul\x00",
        "tab\tin",
        "back\\slash",
        "del\x7f",
    ],
)
def test_a_multipart_field_name_cannot_add_part_headers(name: str) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError) as info:
        client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={name: "v"})
    assert "field name" in str(info.value)
    assert transport.requests == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": [float("-inf")]}, object()])
def test_a_multipart_value_that_is_not_json_is_refused(value: Any) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError, match=r"extra_body\['x'\]"):
        client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={"x": value})
    assert transport.requests == []


def test_ordinary_multipart_extra_fields_still_go_out() -> None:
    # Written as the official SDK writes extra form fields: a nested key is "tracing[x]".
    transport = FakeTransport(HttpResponse(201, {"content-type": "application/sdp"}, b"v=0\r\n"))
    client = client_with(transport)
    client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={"tracing": {"x": 1.5}, "note": "hi"})
    body = transport.requests[0].body
    assert b'Content-Disposition: form-data; name="tracing[x]"\r\n\r\n1.5\r\n' in body
    assert b'name="note"\r\n\r\nhi\r\n' in body


# -- headers, wherever the request is built (issue 15, item 7) ---------------------------------------------------

CANARY = "sk-canary-header-0123456789"
BAD_VALUES = ["\r\nX-Injected: 1", "\n", "\x00", "\x0b", "\x0c", "\x7f", "\x1b[31m"]


@pytest.mark.parametrize("bad", BAD_VALUES)
@pytest.mark.parametrize("field", ["api_key", "organization", "project", "default_headers"])
def test_client_settings_that_would_break_a_header_are_refused_at_construction(field: str, bad: str) -> None:
    kwargs: Any = {"api_key": CANARY, "transport": FakeTransport()}
    if field == "api_key":
        kwargs["api_key"] = CANARY + bad + "tail"
    elif field == "default_headers":
        kwargs["default_headers"] = {"X-App": CANARY + bad}
    else:
        kwargs[field] = "org-" + CANARY + bad
    with pytest.raises(RequestValidationError) as info:
        RealtimeClient(**kwargs)
    assert field in str(info.value)
    assert CANARY not in str(info.value) and "X-Injected" not in str(info.value)


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_per_call_headers_are_checked_for_every_transport(bad: str) -> None:
    transport = FakeTransport()  # a custom transport: no requests underneath to catch it
    client = client_with(transport)
    with pytest.raises(RequestValidationError) as info:
        client.calls.hangup("rtc_1", extra_headers={"X-Trace": CANARY + bad})
    assert "X-Trace" in str(info.value) and CANARY not in str(info.value)
    with pytest.raises(RequestValidationError):
        client.with_options(default_headers={"X-App": "a" + bad})
    assert transport.requests == []


@pytest.mark.parametrize("name", ["X-Name\n", "X-Name\r\n", "Bad Name", "", "X:Y", "\x00"])
def test_a_header_name_must_be_a_token_with_nothing_after_it(name: str) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError, match="not a valid HTTP header name"):
        client.calls.hangup("rtc_1", extra_headers={name: "v"})
    assert transport.requests == []


def test_the_requests_transport_refuses_a_name_with_a_trailing_newline() -> None:
    from realtime_sync.transport import HttpRequest, RequestsTransport, Timeout

    with pytest.raises(RequestValidationError, match="not a valid HTTP header name"):
        RequestsTransport().send(HttpRequest("GET", "http://127.0.0.1:9/", {"X-Name\n": "v"}), timeout=Timeout(1, 1))


class NoConnection:
    def __init__(self) -> None:
        self.requests: List[Any] = []

    def connect(self, request: Any, *, timeout: Any) -> Any:
        self.requests.append(request)
        raise AssertionError("the handshake must not be attempted")


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_the_sideband_handshake_is_checked_like_rest(bad: str) -> None:
    connector = NoConnection()
    client = client_with(FakeTransport())
    with pytest.raises(RequestValidationError) as info:
        client.realtime.connect(call_id="rtc_1", extra_headers={"X-Trace": CANARY + bad}, connector=connector)
    assert CANARY not in str(info.value)
    assert connector.requests == []


def test_ordinary_headers_still_pass() -> None:
    transport = FakeTransport()
    client = client_with(transport, organization="org-1", project="proj_1", default_headers={"X-App": "a b\tc"})
    client.calls.hangup("rtc_1", extra_headers={"X-Trace": "t-1", "OpenAI-Beta": None})
    headers = transport.requests[0].headers
    assert headers["x-app"] == "a b\tc" and headers["x-trace"] == "t-1" and headers["openai-project"] == "proj_1"


# -- ids that could steer a request elsewhere (issue 15, item 8) --------------------------------------------------


@pytest.mark.parametrize("call_id", [".", "..", "%2e%2e", "%2E", ".%2e"])
@pytest.mark.parametrize("verb", ["accept", "refer", "reject", "hangup"])
def test_a_dot_segment_is_not_a_call_id(call_id: str, verb: str) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    calls = {
        "accept": lambda: client.calls.accept(call_id, session={"type": "realtime"}),
        "refer": lambda: client.calls.refer(call_id, target_uri="tel:+14155550123"),
        "reject": lambda: client.calls.reject(call_id),
        "hangup": lambda: client.calls.hangup(call_id),
    }
    with pytest.raises(RequestValidationError, match="call_id"):
        calls[verb]()
    assert transport.requests == []


def test_ids_with_dots_inside_are_still_ids() -> None:
    transport = FakeTransport()
    client = client_with(transport)
    client.calls.hangup("rtc_1.2")
    client.calls.hangup("...")
    assert [r.url.rsplit("/", 2)[-2] for r in transport.requests] == ["rtc_1.2", "..."]


@pytest.mark.parametrize(
    "location, call_id",
    [
        ("/v1/realtime/calls/..", None),
        ("/v1/realtime/calls/.", None),
        ("/v1/realtime/calls/%2e%2e", None),
        ("/v1/realtime/calls/rtc_1%2F..%2Fhangup", None),
        ("/v1/realtime/calls/rtc 1", None),
        ("/v1/realtime/calls/rtc_ok?x=1", "rtc_ok"),
        ("https://api.openai.com/v1/realtime/calls/rtc_ok/", "rtc_ok"),
    ],
)
def test_a_hostile_location_gives_no_call_id_but_keeps_the_answer(
    location: str, call_id: Any, caplog: pytest.LogCaptureFixture
) -> None:
    answer = HttpResponse(201, {"content-type": "application/sdp", "location": location}, b"v=0\r\n")
    client = client_with(FakeTransport(answer))
    with caplog.at_level("WARNING", logger="realtime_sync"):
        result = client.calls.create(sdp=OFFER, session={"type": "realtime"})
    assert result.sdp == "v=0\r\n"  # the browser still gets its answer: the call is not lost
    assert result.location == location
    assert result.call_id == call_id
    warned = [r for r in caplog.records if "does not end in a call id" in r.getMessage()]
    assert len(warned) == (1 if call_id is None else 0)


@pytest.mark.parametrize("session_id", [".", "..", "%2e%2e", "%2E."])
def test_live_session_ids_follow_the_same_rule(session_id: str) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError, match="session_id"):
        client.live.sessions.hangup(session_id)
    assert transport.requests == []


def test_headers_reused_between_calls_follow_with_options() -> None:
    transport = FakeTransport()
    client = client_with(transport, default_headers={"X-App": "a"})
    client.calls.hangup("rtc_1")
    clone = client.with_options(default_headers={"X-App": "b", "X-More": "c"})
    clone.calls.hangup("rtc_1")
    client.calls.hangup("rtc_1", extra_headers={"X-App": None})
    client.calls.hangup("rtc_1")
    seen = [(r.headers.get("x-app"), r.headers.get("x-more"), r.headers.get("accept")) for r in transport.requests]
    assert seen == [("a", None, "*/*"), ("b", "c", "*/*"), (None, None, "*/*"), ("a", None, "*/*")]
