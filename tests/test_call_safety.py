"""What must never reach the wire, and what must never be repeated: issue 15, items 5, 12 and 14.

Values are refused before anything is sent (the loopback server counts what
arrived); a create that may have reached the server is not repeated; unsigned
webhook input is refused with the library's own error, never a crash.
"""

import time
from typing import Any

import pytest
from _fakes import Sleeps
from _server import LoopbackServer

from realtime_sync import (
    APIConnectionError,
    APITimeoutError,
    InvalidWebhookSignatureError,
    RealtimeClient,
    RequestValidationError,
    RetryPolicy,
    Timeout,
    webhooks,
)

KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="


@pytest.fixture
def server() -> Any:
    with LoopbackServer() as srv:
        yield srv


def client_for(server: LoopbackServer, **kwargs: Any) -> RealtimeClient:
    sleeps = kwargs.pop("sleeps", Sleeps())
    policy = RetryPolicy(kwargs.pop("max_retries", 2), sleep=sleeps, random=lambda: 0.0)
    return RealtimeClient(KEY, base_url=server.url, retry_policy=policy, **kwargs)


# --------------------------------------------------------------------------- item 14: reject status codes


@pytest.mark.parametrize(
    "status_code",
    [0, 99, 100, 180, 200, 299, 700, 1000, -1, -486]
    + [pytest.param(10**5000, id="10**5000"), pytest.param(-(10**5000), id="-10**5000")],
)
def test_reject_status_outside_300_699_is_refused_before_sending(server: LoopbackServer, status_code: int) -> None:
    with client_for(server) as client, pytest.raises(RequestValidationError) as info:
        client.calls.reject("rtc_1", status_code=status_code)
    [problem] = info.value.errors
    assert problem.startswith("status_code: expected a SIP final response code from 300 to 699")
    assert server.requests == []


@pytest.mark.parametrize("status_code", [True, False, 486.0, "486", [486]])
def test_reject_status_of_another_type_is_refused(server: LoopbackServer, status_code: Any) -> None:
    with client_for(server) as client, pytest.raises(RequestValidationError, match="status_code: expected an int"):
        client.calls.reject("rtc_1", status_code=status_code)
    assert server.requests == []


@pytest.mark.parametrize("status_code", [300, 404, 486, 603, 699])
def test_reject_status_in_range_is_sent(server: LoopbackServer, status_code: int) -> None:
    with client_for(server) as client:
        client.calls.reject("rtc_1", status_code=status_code)
    [sent] = server.requests
    assert sent.json() == {"status_code": status_code}


# --------------------------------------------------------------------------- item 14: refer targets


@pytest.mark.parametrize(
    "target, bad, index",
    [
        ("sip:agent@example.com\r\nX-Injected: 1", "\r", 21),
        ("sip:agent@example.com\nX: 1", "\n", 21),
        ("tel:+14155550123\x00", "\x00", 16),
        ("sip:a\x0bb@example.com", "\x0b", 5),
        ("sip:a\x0cb@example.com", "\x0c", 5),
        ("sip:a\x1bb@example.com", "\x1b", 5),
        ("sip:a\x7fb@example.com", "\x7f", 5),
        ("sip:a\x85b@example.com", "\x85", 5),
        ("sip:a\u2028b@example.com", "\u2028", 5),
        ("\tsip:a@example.com", "\t", 0),
    ],
)
def test_refer_target_with_control_characters_is_refused_before_sending(
    server: LoopbackServer, target: str, bad: str, index: int
) -> None:
    with client_for(server) as client, pytest.raises(RequestValidationError) as info:
        client.calls.refer("rtc_1", target_uri=target)
    [problem] = info.value.errors
    assert problem == "target_uri: expected a SIP or tel URI without control characters, got %r at index %d" % (
        bad,
        index,
    )
    assert server.requests == []


@pytest.mark.parametrize("target", ["tel:+14155550123", "sip:agent@example.com;transport=tls", "sip:ünï@example.com"])
def test_refer_target_without_control_characters_is_sent(server: LoopbackServer, target: str) -> None:
    with client_for(server) as client:
        client.calls.refer("rtc_1", target_uri=target)
    [sent] = server.requests
    assert sent.json() == {"target_uri": target}


def test_request_models_are_checked_too() -> None:
    from realtime_sync import _serde
    from realtime_sync.models import RealtimeCallReferRequest, RealtimeCallRejectRequest

    with pytest.raises(RequestValidationError, match="status_code"):
        _serde.request_body(RealtimeCallRejectRequest, status_code=180)
    with pytest.raises(RequestValidationError, match="target_uri"):
        _serde.request_body(RealtimeCallReferRequest, target_uri="sip:a\r\n")
    assert _serde.request_body(RealtimeCallRejectRequest, status_code=None) == {}


# --------------------------------------------------------------------------- item 5: calls.create is not repeated


def test_create_is_not_repeated_after_a_read_timeout(server: LoopbackServer) -> None:
    # The server may have created the call: a second create would start a second call.
    server.respond(201, "v=0\r\n", {"Content-Type": "application/sdp"}, delay=1.0)
    sleeps = Sleeps()
    client = client_for(server, sleeps=sleeps, timeout=Timeout(connect=5, read=0.2))
    with client, pytest.raises(APITimeoutError) as info:
        client.calls.create(sdp=OFFER, session={"type": "realtime", "model": "gpt-realtime"})
    assert info.value.request_sent is True
    assert sleeps == []  # no retry was even scheduled
    # The client gave up after 0.2 s; on a loaded machine the server may record the request later.
    deadline = time.monotonic() + 10
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [r.path for r in server.requests] == ["/v1/realtime/calls"]


@pytest.mark.parametrize("action", ["reset", "close", "truncate"])
def test_create_is_not_repeated_after_a_broken_answer(server: LoopbackServer, action: str) -> None:
    server.respond(201, "v=0\r\n" * 10, {"Content-Type": "application/sdp"}, action=action)
    sleeps = Sleeps()
    with client_for(server, sleeps=sleeps) as client, pytest.raises(APIConnectionError) as info:
        client.calls.create(sdp=OFFER)
    assert info.value.request_sent is True
    assert len(server.requests) == 1 and sleeps == []


def test_create_is_retried_when_nothing_was_sent() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleeps = Sleeps()
    policy = RetryPolicy(2, sleep=sleeps, random=lambda: 0.0)
    client = RealtimeClient(KEY, base_url="http://127.0.0.1:%d/v1" % port, retry_policy=policy)
    with client, pytest.raises(APIConnectionError) as info:
        client.calls.create(sdp=OFFER)
    assert info.value.request_sent is False
    assert sleeps == [0.5, 1.0]


# --------------------------------------------------------------------------- item 12: unsigned webhook input


def signed(**override: str) -> Any:
    headers = webhooks.sign(b"{}", SECRET, webhook_id="wh_1", timestamp=1767225660)
    headers.update(override)
    return headers


@pytest.mark.parametrize(
    "timestamp",
    [
        pytest.param("1" * 5000, id="5000-digits"),
        pytest.param("9" * 4301, id="4301-digits"),
        pytest.param("1" * 21, id="21-digits"),
        pytest.param("0" * 30 + "1767225660", id="leading-zeros"),
        pytest.param("1767225660" + "0" * 100, id="110-digits"),
    ],
)
def test_an_absurdly_long_timestamp_is_a_signature_error(timestamp: str) -> None:
    with pytest.raises(InvalidWebhookSignatureError, match="Invalid webhook timestamp format"):
        webhooks.verify(b"{}", signed(**{"webhook-timestamp": timestamp}), SECRET, now=1767225660)
    with pytest.raises(InvalidWebhookSignatureError):
        webhooks.unwrap(b"{}", signed(**{"webhook-timestamp": timestamp}), SECRET, now=1767225660)


def test_a_twenty_digit_timestamp_is_still_parsed() -> None:
    # Leading zeros are digits too: refused for its age, not its format.
    with pytest.raises(InvalidWebhookSignatureError, match="does not match"):
        webhooks.verify(b"{}", signed(**{"webhook-timestamp": "0" * 10 + "1767225660"}), SECRET, now=1767225660)


@pytest.mark.parametrize("headers", [None, 42, 1.5, "webhook-id: wh_1", b"webhook-id: wh_1", object()])
def test_headers_that_are_not_headers_are_a_signature_error(headers: Any) -> None:
    with pytest.raises(InvalidWebhookSignatureError, match="headers: expected a mapping or an iterable"):
        webhooks.verify(b"{}", headers, SECRET)
    with pytest.raises(InvalidWebhookSignatureError):
        webhooks.unwrap(b"{}", headers, SECRET)


@pytest.mark.parametrize("headers", [[1, 2], [("webhook-id", "wh_1", "extra")], [None], ["x"]])
def test_pairs_that_are_not_pairs_are_a_signature_error(headers: Any) -> None:
    with pytest.raises(InvalidWebhookSignatureError, match=r"headers: expected \(name, value\) pairs"):
        webhooks.verify(b"{}", headers, SECRET)
