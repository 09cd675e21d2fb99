"""Fault injection against a real HTTP server on 127.0.0.1 that misbehaves on purpose.

Every fault ends in the right exception (or success) after the right number of
attempts, counted on the server (``srv.requests``) or, when nothing reached a
server, by the injected ``sleep`` (one sleep per retry). The retry policy's
``sleep`` records instead of waiting, so no test waits for a backoff.

Retry *policy* (which failure is retried for which endpoint) does not depend on
sockets: each rule is checked for every endpoint on the in-memory
``FakeTransport``, and once per fault against the real server, so the
socket-level behaviour (what a real timeout or reset looks like) is covered
without paying a real timeout per endpoint.
"""

import email.utils
import gzip
import json
import socket
import time
import traceback

import pytest
from _fakes import FakeTransport, Sleeps, like_the_api
from _server import LoopbackServer, Recorded, Reply, error_reply

from realtime_sync import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RealtimeClient,
    RealtimeSyncError,
    RequestsTransport,
    RequestValidationError,
    RetryPolicy,
    Timeout,
    UnprocessableEntityError,
)
from realtime_sync.transport import HttpRequest, HttpResponse

KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SESSION = {"type": "realtime", "model": "gpt-realtime"}
CLIENT_SECRET = {"value": "ek_1", "expires_at": 1767226200, "session": {"type": "realtime", "model": "gpt-realtime"}}

#: For calls that must succeed or fail on their own terms: roomy, even on a loaded CI machine.
ROOMY = Timeout(connect=5.0, read=10.0)
#: For calls meant to time out: short, to keep the suite quick. Only used where
#: every attempt is meant to time out, so a loaded machine cannot make it flaky.
SHORT = Timeout(connect=5.0, read=0.2)
#: A scripted reply this slow always misses the SHORT read timeout.
SLOW = 3.0

# Every endpoint, called with valid input; per-call options pass through.
CALLS = {
    "client_secrets.create": lambda c, **kw: c.client_secrets.create(session=SESSION, **kw),
    "translations.client_secrets.create": lambda c, **kw: c.translations.client_secrets.create(
        session={"model": "gpt-realtime-translate"}, **kw
    ),
    "calls.create": lambda c, **kw: c.calls.create(sdp=OFFER, session=SESSION, **kw),
    "calls.accept": lambda c, **kw: c.calls.accept("rtc_1", session=SESSION, **kw),
    "calls.refer": lambda c, **kw: c.calls.refer("rtc_1", target_uri="tel:+14155550123", **kw),
    "calls.reject": lambda c, **kw: c.calls.reject("rtc_1", status_code=486, **kw),
    "calls.hangup": lambda c, **kw: c.calls.hangup("rtc_1", **kw),
}
#: Repeated after any retryable failure.
ALWAYS = ["client_secrets.create", "translations.client_secrets.create", "calls.hangup"]
#: Repeated only when the server certainly did not act (see README, "Retries and timeouts");
#: calls.create too: a repeated create may start a second call.
SIP_VERBS = ["calls.accept", "calls.refer", "calls.reject", "calls.create"]


class Clients:
    """Builds clients with a recording sleep and no jitter; closes them all afterwards."""

    def __init__(self):
        self.made = []

    def __call__(self, url, *, max_retries=2, timeout=ROOMY, sleep=None, transport=None):
        sleeps = Sleeps() if sleep is None else sleep
        policy = RetryPolicy(max_retries, sleep=sleeps, random=lambda: 0.0)
        client = RealtimeClient(KEY, base_url=url, timeout=timeout, retry_policy=policy, transport=transport)
        self.made.append(client)
        return client, sleeps

    def fake(self, *script, max_retries=2, default=like_the_api):
        """A client on the in-memory transport: for retry rules that do not depend on sockets."""
        transport = FakeTransport(*script, default=default)
        client, sleeps = self(FAKE_URL, max_retries=max_retries, transport=transport)
        return client, sleeps, transport


FAKE_URL = "https://api.test/v1"


def read_timeout():
    """What a transport raises when the request went out and no answer came in time."""
    return APITimeoutError("Request timed out: no answer within 0.2 s.", request_sent=True)


def connect_timeout():
    """What a transport raises when no connection was made: nothing was sent."""
    return APITimeoutError("Request timed out: no connection within 0.1 s.", request_sent=False)


@pytest.fixture
def make():
    clients = Clients()
    yield clients
    for client in clients.made:
        client.close()


@pytest.fixture
def srv(loopback):
    return loopback


def closed_port():
    """A port on 127.0.0.1 that nothing listens on: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unanswering_port():
    """A port whose listen queue is full: the TCP handshake never completes (a connect timeout).

    Linux drops a SYN when the accept queue is full; elsewhere the probe
    connects and the test is skipped.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):
            sock = socket.socket()
            sock.settimeout(0.1)
            fillers.append(sock)
            try:
                sock.connect(("127.0.0.1", port))
            except OSError:
                break
        else:
            pytest.skip("this platform completes handshakes beyond the listen backlog")
        yield port
    finally:
        for sock in fillers:
            sock.close()
        listener.close()


def send_raw(url, timeout=ROOMY, headers=None):
    with RequestsTransport() as transport:
        request = HttpRequest("POST", url, dict({"Authorization": "Bearer " + KEY}, **(headers or {})), b"{}")
        return transport.send(request, timeout=timeout)


def chain_text(exc):
    """Everything a traceback of ``exc`` would print, causes included."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def assert_library_error(exc):
    assert isinstance(exc, RealtimeSyncError)
    assert not isinstance(exc, (ValueError, KeyError, TypeError, AttributeError))
    assert KEY not in chain_text(exc)


# -- the transport on its own ------------------------------------------------------


def test_transport_connection_refused_says_nothing_was_sent():
    with pytest.raises(APIConnectionError) as info:
        send_raw("http://127.0.0.1:%d/v1/realtime/calls/rtc_1/hangup" % closed_port())
    assert type(info.value) is APIConnectionError
    assert info.value.request_sent is False
    assert str(info.value) == "Connection error: connection refused (ConnectionError, ConnectionRefusedError)."
    assert info.value.request is not None and info.value.request.url.endswith("/rtc_1/hangup")
    assert_library_error(info.value)


def test_transport_connect_timeout_says_nothing_was_sent(unanswering_port):
    with pytest.raises(APITimeoutError) as info:
        send_raw("http://127.0.0.1:%d/v1/x" % unanswering_port, timeout=Timeout(0.1, 5))
    assert info.value.request_sent is False
    assert str(info.value) == "Request timed out: no connection within 0.1 s."
    assert_library_error(info.value)


@pytest.mark.parametrize(
    "action, says",
    [
        ("reset", ["connection reset by the server"]),
        ("close", ["the server closed the connection without answering"]),
        # urllib3 >= 2 notices itself; with urllib3 1.x the transport counts the bytes.
        ("truncate", ["the answer was cut short", "the response body ended 100 bytes early"]),
    ],
)
def test_transport_broken_answer_is_a_connection_error_after_sending(srv, action, says):
    srv.respond(200, {"value": "ek_1"}, action=action)
    with pytest.raises(APIConnectionError) as info:
        send_raw(srv.url + "/realtime/client_secrets")
    assert type(info.value) is APIConnectionError
    assert any(phrase in str(info.value) for phrase in says), str(info.value)
    assert info.value.request_sent is True  # the server got it and may have acted
    assert len(srv.requests) == 1
    assert_library_error(info.value)


def test_transport_slow_headers_time_out(srv):
    srv.respond(200, b"{}", delay=SLOW)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        send_raw(srv.url + "/realtime/client_secrets", timeout=SHORT)
    assert time.monotonic() - started < SLOW  # gave up before the server answered: no hang
    assert info.value.request_sent is True
    assert str(info.value) == "Request timed out: no answer within 0.2 s."
    assert_library_error(info.value)


def test_transport_body_stalling_midway_is_a_timeout_not_a_connection_error(srv):
    # requests reports a read timeout inside the body as a plain ConnectionError.
    srv.respond(200, {"value": "ek_1", "expires_at": 1}, stall=SLOW)
    with pytest.raises(APITimeoutError) as info:
        # 1 s, not SHORT: on a loaded machine the headers themselves can take 0.2 s, and this
        # test is about a stall after them.
        send_raw(srv.url + "/realtime/client_secrets", timeout=Timeout(connect=5.0, read=1.0))
    assert info.value.request_sent is True
    assert str(info.value) == "Request timed out: the answer stopped arriving for 1.0 s."
    assert_library_error(info.value)


def test_transport_truncated_body_is_never_a_short_success(srv):
    # urllib3 < 2 does not enforce Content-Length by itself (the min-deps env).
    srv.respond(200, b'{"value": "ek_', action="truncate")
    with pytest.raises(APIConnectionError):
        send_raw(srv.url + "/realtime/client_secrets")


def test_transport_decodes_a_gzip_answer_and_checks_its_length_on_the_wire(srv):
    # Content-Length counts compressed bytes: a complete gzip body must not look truncated.
    payload = json.dumps(CLIENT_SECRET).encode() * 20
    srv.respond(200, gzip.compress(payload), {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert send_raw(srv.url + "/realtime/client_secrets").body == payload


def test_transport_truncated_gzip_answer_is_a_connection_error(srv):
    payload = gzip.compress(json.dumps(CLIENT_SECRET).encode() * 20)
    srv.respond(200, payload[: len(payload) // 2], {"Content-Encoding": "gzip"}, action="truncate")
    with pytest.raises(APIConnectionError) as info:
        send_raw(srv.url + "/realtime/client_secrets")
    assert info.value.request_sent is True


def test_transport_corrupt_gzip_answer_is_a_connection_error(srv):
    srv.respond(200, b"this is not gzip at all", {"Content-Encoding": "gzip"})
    with pytest.raises(APIConnectionError) as info:
        send_raw(srv.url + "/realtime/client_secrets")
    assert_library_error(info.value)


def test_transport_returns_redirects_without_following_them(srv):
    srv.respond(307, b"", {"Location": srv.url + "/elsewhere"})
    response = send_raw(srv.url + "/realtime/calls/rtc_1/hangup")
    assert response.status_code == 307
    assert [r.path for r in srv.requests] == ["/v1/realtime/calls/rtc_1/hangup"]


@pytest.mark.parametrize(
    "headers, problem",
    [
        ({"Authorization": "Bearer " + KEY + "\r\nX-Injected: 1"}, "line break"),
        ({"Authorization": "Bearer " + KEY + "\u2019"}, "latin-1"),
        ({"X-Trace": "a\nb"}, "line break"),
        ({"Bad Name": "v"}, "not a valid HTTP header name"),
    ],
)
def test_transport_rejects_unsendable_headers_before_sending_and_never_quotes_them(srv, headers, problem):
    with pytest.raises(RequestValidationError) as info:
        send_raw(srv.url + "/realtime/calls/rtc_1/hangup", headers=headers)
    assert problem in str(info.value)
    assert srv.requests == []
    assert_library_error_but_value_error(info.value)


def assert_library_error_but_value_error(exc):
    # RequestValidationError is also a ValueError, on purpose (bad input).
    assert isinstance(exc, RealtimeSyncError)
    text = chain_text(exc)
    assert KEY not in text and "X-Injected" not in text


# -- statuses, end to end ------------------------------------------------------------


@pytest.mark.parametrize("call", sorted(CALLS))
def test_500_500_200_succeeds_on_the_third_attempt(srv, make, call):
    # A SIP verb is repeated only when OpenAI says it did not act (503, request id).
    status = 503 if call in SIP_VERBS else 500
    srv.add(lambda req: error_reply(status, "The server had an error."))
    srv.add(lambda req: error_reply(status, "The server had an error."))
    client, sleeps = make(srv.url)
    CALLS[call](client)
    assert len(srv.requests) == 3
    assert len({r.path for r in srv.requests}) == 1
    assert len({r.body for r in srv.requests}) == 1  # the same bytes every time
    assert sleeps == [0.5, 1.0]


def test_500_until_retries_run_out_raises_the_last_error(srv, make):
    for n in range(3):
        srv.respond(500, {"error": {"message": "attempt %d failed" % n}}, {"x-request-id": "req_%d" % n})
    client, sleeps = make(srv.url)
    with pytest.raises(InternalServerError) as info:
        client.client_secrets.create(session=SESSION)
    assert len(srv.requests) == 3 and sleeps == [0.5, 1.0]
    assert info.value.status_code == 500
    assert info.value.request_id == "req_2"
    assert info.value.message == "Error code: 500 - attempt 2 failed"


def test_429_waits_retry_after_ms_which_beats_retry_after(srv, make):
    srv.add(lambda req: Reply(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "250", "retry-after": "9"}))
    client, sleeps = make(srv.url)
    secret = client.client_secrets.create(session=SESSION)
    assert secret.value.startswith("ek_")
    assert len(srv.requests) == 2 and sleeps == [0.25]


@pytest.mark.parametrize(
    "retry_after",
    ["600", email.utils.formatdate(time.time() + 600, usegmt=True)],
    ids=["seconds", "http-date"],
)
def test_429_asking_for_10_minutes_is_raised_at_once(srv, make, retry_after):
    srv.add(
        lambda req: Reply(
            429,
            {"error": {"message": "Rate limit reached.", "type": "requests", "code": "rate_limit_exceeded"}},
            {"retry-after": retry_after, "x-request-id": "req_rl", "x-should-retry": "true"},
        )
    )
    client, sleeps = make(srv.url)
    with pytest.raises(RateLimitError) as info:
        client.calls.hangup("rtc_1")
    assert len(srv.requests) == 1 and sleeps == []
    exc = info.value
    assert (exc.status_code, exc.request_id, exc.code) == (429, "req_rl", "rate_limit_exceeded")
    assert exc.message == "Error code: 429 - Rate limit reached."
    assert exc.response.headers["retry-after"] == retry_after


def test_429_with_a_malformed_retry_after_date_falls_back_to_backoff(srv, make):
    srv.respond(429, {"error": {"message": "slow down"}}, {"retry-after": "Mon, 1 Jan 99999999999 00:00:00 GMT"})
    client, sleeps = make(srv.url)
    client.calls.hangup("rtc_1")
    assert len(srv.requests) == 2 and sleeps == [0.5]


def test_503_with_x_should_retry_false_is_not_retried(srv, make):
    srv.respond(503, {"error": {"message": "Overloaded; do not retry."}}, {"x-should-retry": "false"})
    client, sleeps = make(srv.url)
    with pytest.raises(InternalServerError) as info:
        client.calls.hangup("rtc_1")
    assert len(srv.requests) == 1 and sleeps == []
    assert info.value.status_code == 503 and info.value.message == "Error code: 503 - Overloaded; do not retry."


def test_400_with_x_should_retry_true_is_retried(srv, make):
    srv.respond(400, {"error": {"message": "transient"}}, {"x-should-retry": "true"})
    client, sleeps = make(srv.url)
    client.calls.hangup("rtc_1")
    assert len(srv.requests) == 2 and sleeps == [0.5]


@pytest.mark.parametrize(
    "status, cls, attempts, code",
    [
        (400, BadRequestError, 1, "invalid_value"),
        (401, AuthenticationError, 1, "invalid_api_key"),
        (403, PermissionDeniedError, 1, "unsupported_country_region_territory"),
        (404, NotFoundError, 1, "call_id_not_found"),
        (409, ConflictError, 3, "conflict"),  # 409 is retryable (except for SIP verbs)
        (422, UnprocessableEntityError, 1, None),
    ],
)
@pytest.mark.parametrize("call", sorted(CALLS))
def test_openai_error_bodies_end_in_the_right_exception(srv, make, call, status, cls, attempts, code):
    message = "Status %d from the server, for %s." % (status, call)

    def answer(req):
        body = {"error": {"message": message, "type": "invalid_request_error", "param": "session", "code": code}}
        return Reply(status, body, {"x-request-id": "req_%d_%d" % (status, len(srv.requests))})

    srv.default = answer
    client, sleeps = make(srv.url)
    if call in SIP_VERBS:
        attempts = 1  # a 409 does not prove the server did not act: never repeated
    with pytest.raises(cls) as info:
        CALLS[call](client)
    exc = info.value
    assert type(exc) is cls
    assert len(srv.requests) == attempts and len(sleeps) == attempts - 1
    assert exc.status_code == status
    assert exc.request_id == "req_%d_%d" % (status, attempts)  # from the last answer
    assert exc.message == "Error code: %d - %s" % (status, message)
    assert str(exc) == "Error code: %d - %s (request id: %s)" % (status, message, exc.request_id)
    assert (exc.type, exc.code, exc.param) == ("invalid_request_error", code, "session")
    assert exc.request.url == srv.url + srv.requests[0].path[len("/v1") :]
    assert_library_error(exc)


def test_502_html_page_from_a_proxy_is_retried_then_readable(srv, make):
    page = (
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
    )
    srv.default = lambda req: Reply(502, page, {"Content-Type": "text/html"})
    client, sleeps = make(srv.url)
    with pytest.raises(InternalServerError) as info:
        client.calls.hangup("rtc_1")
    assert len(srv.requests) == 3 and sleeps == [0.5, 1.0]
    exc = info.value
    assert exc.status_code == 502 and exc.request_id is None
    assert exc.message == "Error code: 502 - 502 Bad Gateway (HTML error page)"
    assert exc.body == page.strip()
    assert_library_error(exc)


@pytest.mark.parametrize("call", ["client_secrets.create", "translations.client_secrets.create"])
@pytest.mark.parametrize(
    "body",
    [b'{"value": "ek_1", "expires_at": ', b"<html>oops</html>", b"", b"\xff\xfe{}"],
    ids=["cut-json", "html", "empty", "not-utf8"],
)
def test_200_with_invalid_json_is_a_library_error_not_retried(srv, make, call, body):
    srv.respond(200, body, {"Content-Type": "application/json", "x-request-id": "req_bad"})
    client, sleeps = make(srv.url)
    with pytest.raises(APIResponseValidationError) as info:
        CALLS[call](client)
    exc = info.value
    assert len(srv.requests) == 1 and sleeps == []
    # A client secret in a body that could not be parsed is a secret all the same: hidden.
    expected = body.replace(b"ek_1", b"<redacted>")
    assert (exc.status_code, exc.request_id, exc.response.content) == (200, "req_bad", expected)
    # ``body`` is the decoded body, as in the official SDK (the text when it is not JSON).
    assert exc.body == (expected.decode("utf-8", "replace") if expected.strip() else None)
    assert "not valid JSON" in exc.message
    assert_library_error(exc)


@pytest.mark.parametrize("call", ["client_secrets.create", "translations.client_secrets.create"])
@pytest.mark.parametrize(
    "body, names",
    [
        ({"value": 5, "expires_at": 1, "session": {"type": "realtime"}}, "value"),
        ({"expires_at": 1, "session": {"type": "realtime"}}, "value"),
        # (an "expires_at": "soon" is read tolerantly since issue 15 item 6: kept as sent, not an error)
        ({"value": "", "expires_at": 1, "session": {"type": "realtime"}}, "value"),
        ([1, 2, 3], None),
        ("ek_1", None),
        (None, None),
    ],
    ids=["wrong-type", "missing", "empty-value", "list", "string", "null"],
)
def test_200_with_json_of_the_wrong_shape_is_a_library_error(srv, make, call, body, names):
    srv.respond(200, json.dumps(body), {"Content-Type": "application/json", "x-request-id": "req_shape"})
    client, sleeps = make(srv.url)
    with pytest.raises(APIResponseValidationError) as info:
        CALLS[call](client)
    exc = info.value
    assert len(srv.requests) == 1 and sleeps == []
    assert (exc.status_code, exc.request_id) == (200, "req_shape")
    assert "expected shape" in exc.message
    if names is not None:
        assert any(names in e for e in exc.errors), exc.errors
    assert_library_error(exc)


def test_calls_create_with_a_binary_answer_is_a_library_error(srv, make):
    srv.respond(201, b"\xff\xfe\x00v=0", {"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_9"})
    client, _ = make(srv.url)
    with pytest.raises(APIResponseValidationError) as info:
        client.calls.create(sdp=OFFER)
    assert info.value.status_code == 201
    assert_library_error(info.value)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_redirects_are_not_followed(srv, make, call, status):
    # The Location points back at this server: following it would show up as a second request.
    srv.respond(status, b"", {"Location": srv.origin + "/v1/moved", "x-request-id": "req_redirect"})
    client, sleeps = make(srv.url)
    with pytest.raises(APIStatusError) as info:
        CALLS[call](client)
    assert type(info.value) is APIStatusError
    assert info.value.status_code == status and info.value.request_id == "req_redirect"
    assert len(srv.requests) == 1 and sleeps == []
    assert "/v1/moved" not in [r.path for r in srv.requests]


# -- connection faults, end to end --------------------------------------------------------


@pytest.mark.parametrize("call", ALWAYS)
@pytest.mark.parametrize("action", ["reset", "close", "truncate"])
def test_broken_answers_are_retried_for_safe_calls(srv, make, call, action):
    srv.respond(200, b"x" * 64, action=action)
    client, sleeps = make(srv.url)
    CALLS[call](client)
    assert len(srv.requests) == 2 and sleeps == [0.5]


def test_timeouts_are_retried_then_raised_without_hanging(srv, make):
    # One real socket: a read timeout is retried, and the client does not hang.
    for _ in range(3):
        srv.respond(200, b"{}", delay=SLOW)
    client, sleeps = make(srv.url, timeout=SHORT)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        CALLS["client_secrets.create"](client)  # an "always" call (calls.create is not repeated once sent)
    # Generous: proves no hang, not a speed (3 attempts of a short read timeout).
    assert time.monotonic() - started < SHORT.read * 3 + 5
    assert len(srv.requests) == 3 and sleeps == [0.5, 1.0]
    assert info.value.request is not None
    assert_library_error(info.value)


@pytest.mark.parametrize("call", ALWAYS)
def test_timeouts_are_retried_then_raised_for_every_safe_call(make, call):
    client, sleeps, transport = make.fake(default=read_timeout())
    with pytest.raises(APITimeoutError) as info:
        CALLS[call](client)
    assert len(transport.requests) == 3 and sleeps == [0.5, 1.0]
    assert len({r.body for r in transport.requests}) == 1  # the same bytes every time
    sent, kept = transport.requests[-1], info.value.request
    assert (kept.method, kept.url, kept.body) == (sent.method, sent.url, sent.body)
    assert kept.headers["Authorization"] == "<redacted>" != sent.headers["Authorization"]
    assert_library_error(info.value)


def test_a_stalled_body_is_a_timeout_end_to_end(srv, make):
    srv.respond(200, b"x" * 64, stall=SLOW)
    client, sleeps = make(srv.url, max_retries=0, timeout=SHORT)
    with pytest.raises(APITimeoutError):
        client.client_secrets.create(session=SESSION)
    assert len(srv.requests) == 1


def test_per_call_timeout_beats_the_client_timeout(srv, make):
    srv.respond(200, b"", delay=SLOW)
    client, _ = make(srv.url, timeout=Timeout(connect=5, read=30))
    with pytest.raises(APITimeoutError):
        client.calls.hangup("rtc_1", timeout=SHORT, max_retries=0)
    assert len(srv.requests) == 1


def test_client_timeout_applies_when_the_call_gives_none(srv, make):
    srv.respond(200, b"", delay=SLOW)
    client, _ = make(srv.url, timeout=(5, 0.2), max_retries=0)
    with pytest.raises(APITimeoutError):
        client.calls.hangup("rtc_1")


@pytest.mark.parametrize("call", sorted(CALLS))
def test_connection_refused_is_retried_then_raised(make, call):
    client, sleeps = make("http://127.0.0.1:%d/v1" % closed_port())
    with pytest.raises(APIConnectionError) as info:
        CALLS[call](client)
    assert type(info.value) is APIConnectionError
    assert info.value.request_sent is False
    assert sleeps == [0.5, 1.0]  # three attempts
    assert_library_error(info.value)


# -- SIP verbs: never repeated once the server may have acted ---------------------------


def test_sip_verb_is_not_repeated_after_a_read_timeout(srv, make):
    # One real socket: a real read timeout says the request was sent.
    srv.respond(200, b"", delay=SLOW)
    client, sleeps = make(srv.url, timeout=SHORT)
    with pytest.raises(APITimeoutError) as info:
        CALLS["calls.accept"](client)
    assert info.value.request_sent is True
    assert len(srv.requests) == 1 and sleeps == []


@pytest.mark.parametrize("call", SIP_VERBS)
def test_sip_verb_is_not_repeated_after_a_read_timeout_on_any_verb(make, call):
    client, sleeps, transport = make.fake(default=read_timeout())
    with pytest.raises(APITimeoutError) as info:
        CALLS[call](client)
    assert info.value.request_sent is True
    assert len(transport.requests) == 1 and sleeps == []


@pytest.mark.parametrize("call", SIP_VERBS)
@pytest.mark.parametrize("action", ["reset", "close", "truncate"])
def test_sip_verb_is_not_repeated_after_a_broken_answer(srv, make, call, action):
    srv.respond(200, b"x" * 64, action=action)
    client, sleeps = make(srv.url)
    with pytest.raises(APIConnectionError) as info:
        CALLS[call](client)
    assert info.value.request_sent is True
    assert len(srv.requests) == 1 and sleeps == []


@pytest.mark.parametrize("call", SIP_VERBS)
def test_sip_verb_on_a_pooled_connection_the_server_dropped_while_idle_succeeds(srv, make, call):
    # An idle-timeout load balancer closes kept-alive connections without notice. The pool
    # must notice before reusing one, or every SIP verb after a quiet spell would fail unsent.
    srv.respond(200, b"", action="close_after")
    client, sleeps = make(srv.url)
    client.calls.hangup("rtc_0")
    # The server closes after answering; under load its thread may not have run yet. On loopback
    # the FIN is in our socket's queue once the server's shutdown() has returned.
    srv.wait_until_closed()
    CALLS[call](client)
    assert len(srv.requests) == 2 and sleeps == []
    assert srv.connections == 2


@pytest.mark.parametrize("call", SIP_VERBS)
def test_sip_verb_is_retried_after_connection_refused(make, call):
    # Nothing listens at first; the server comes up during the backoff.
    port = closed_port()
    servers = []

    def sleep_then_start_server(seconds):
        sleeps.append(seconds)
        servers.append(LoopbackServer(port=port).start())

    sleeps = Sleeps()
    client, _ = make("http://127.0.0.1:%d/v1" % port, sleep=sleep_then_start_server)
    try:
        CALLS[call](client)
        assert sleeps == [0.5]
        assert len(servers[0].requests) == 1  # performed exactly once
    finally:
        for server in servers:
            server.stop()


def test_sip_verb_is_retried_after_a_connect_timeout(make, unanswering_port):
    # One real socket: a real connect timeout says nothing was sent, so accept is retried.
    client, sleeps = make("http://127.0.0.1:%d/v1" % unanswering_port, timeout=Timeout(0.1, 5))
    with pytest.raises(APITimeoutError) as info:
        CALLS["calls.accept"](client)
    assert info.value.request_sent is False
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("call", SIP_VERBS)
def test_sip_verb_is_retried_after_a_connect_timeout_on_any_verb(make, call):
    client, sleeps, transport = make.fake(connect_timeout(), connect_timeout())
    CALLS[call](client)
    assert len(transport.requests) == 3 and sleeps == [0.5, 1.0]
    assert len({r.body for r in transport.requests}) == 1


@pytest.mark.parametrize("call", SIP_VERBS)
@pytest.mark.parametrize("status", [429, 503])
def test_sip_verb_is_retried_when_openai_itself_says_not_now(srv, make, call, status):
    # error_reply carries x-request-id: the answer is OpenAI's own, and 429/503 mean it did not act.
    srv.add(lambda req: error_reply(status, "try again"))
    client, sleeps = make(srv.url)
    CALLS[call](client)
    assert len(srv.requests) == 2 and sleeps == [0.5]


def test_sip_verb_is_retried_on_an_explicit_x_should_retry_from_openai(srv, make):
    srv.add(lambda req: Reply(500, {"error": {"message": "x"}}, {"x-request-id": "req_1", "x-should-retry": "true"}))
    client, sleeps = make(srv.url)
    CALLS["calls.accept"](client)
    assert len(srv.requests) == 2


# A gateway answers 502/504 exactly when the upstream may already have acted, and a
# proxy may answer 503 after forwarding: a second accept could answer the call twice.
GATEWAY_ANSWERS = {
    "502 from a gateway": Reply(502, "<html><title>502 Bad Gateway</title></html>", {"Content-Type": "text/html"}),
    "504 from a gateway": Reply(504, "<html><title>504 Gateway Time-out</title></html>", {"Content-Type": "text/html"}),
    "503 from a proxy": Reply(503, "upstream connect error", {"Content-Type": "text/plain"}),
    "429 from a proxy": Reply(429, "slow down", {"Content-Type": "text/plain"}),
    "should-retry from a proxy": Reply(500, b"", {"x-should-retry": "true"}),
    "502 with a request id": error_reply(502, "bad gateway"),
    "504 with a request id": error_reply(504, "timeout"),
    "500 with a request id": error_reply(500, "oops"),
    "408 with a request id": error_reply(408, "timeout"),
    "409 with a request id": error_reply(409, "conflict"),
    "503 told not to retry": Reply(503, {"error": {}}, {"x-request-id": "req_1", "x-should-retry": "false"}),
}


@pytest.mark.parametrize("call", SIP_VERBS)
@pytest.mark.parametrize("answer", sorted(GATEWAY_ANSWERS))
def test_sip_verb_is_not_repeated_when_the_server_may_have_acted(srv, make, call, answer):
    srv.default = lambda req: GATEWAY_ANSWERS[answer]
    client, sleeps = make(srv.url)
    with pytest.raises(APIStatusError) as info:
        CALLS[call](client)
    assert len(srv.requests) == 1 and sleeps == []
    assert info.value.status_code == GATEWAY_ANSWERS[answer].status


@pytest.mark.parametrize("call", ALWAYS)
def test_idempotent_calls_still_retry_gateway_answers(srv, make, call):
    srv.add(lambda req: GATEWAY_ANSWERS["502 from a gateway"])
    srv.add(lambda req: GATEWAY_ANSWERS["504 from a gateway"])
    client, sleeps = make(srv.url)
    CALLS[call](client)
    assert len(srv.requests) == 3 and sleeps == [0.5, 1.0]


@pytest.mark.parametrize("call", SIP_VERBS + ["calls.hangup"])
def test_max_retries_zero_per_call_means_one_attempt(srv, make, call):
    srv.default = lambda req: error_reply(503, "busy")
    client, sleeps = make(srv.url)
    with pytest.raises(InternalServerError):
        CALLS[call](client, max_retries=0)
    assert len(srv.requests) == 1 and sleeps == []


class CallRegistry:
    """A server that knows which calls are live: hangup ends a call, then 404 call_id_not_found."""

    def __init__(self, *live, first_reply=None):
        self.live = set(live)
        self.first_reply = first_reply  # how the first hangup's answer misbehaves (after acting)

    def __call__(self, req: Recorded) -> Reply:
        call_id = req.path.split("/")[-2]
        if call_id not in self.live:
            return error_reply(404, "Call %s not found." % call_id, code="call_id_not_found")
        self.live.discard(call_id)
        reply, self.first_reply = self.first_reply or Reply(200), None
        return reply


@pytest.mark.parametrize(
    "first_reply",
    [Reply(200, b"ok", action="reset"), Reply(200, b"ok", action="truncate"), Reply(500)],
    ids=["reset", "truncated", "500"],
)
def test_hangup_404_on_a_retry_means_the_first_attempt_worked(srv, make, first_reply):
    srv.default = CallRegistry("rtc_1", first_reply=first_reply)
    client, sleeps = make(srv.url)
    assert client.calls.hangup("rtc_1") is None
    assert len(srv.requests) == 2 and sleeps == [0.5]


def not_found(code):
    body = {"error": {"message": "Call rtc_1 not found.", "type": "invalid_request_error", "code": code}}
    return HttpResponse(404, {"content-type": "application/json"}, json.dumps(body).encode())


def test_hangup_404_after_a_read_timeout_means_the_first_attempt_worked(make):
    # The first hangup may have ended the call before its answer was lost.
    client, sleeps, transport = make.fake(read_timeout(), not_found("call_id_not_found"))
    assert client.calls.hangup("rtc_1") is None
    assert len(transport.requests) == 2 and sleeps == [0.5]


def test_hangup_404_on_the_first_attempt_is_an_error(srv, make):
    srv.default = CallRegistry()
    client, sleeps = make(srv.url)
    with pytest.raises(NotFoundError) as info:
        client.calls.hangup("rtc_unknown")
    assert info.value.code == "call_id_not_found" and info.value.request_id == "req_err_404"
    assert info.value.message == "Error code: 404 - Call rtc_unknown not found."
    assert len(srv.requests) == 1 and sleeps == []


def test_hangup_404_of_another_kind_on_a_retry_is_still_an_error(make):
    client, _, transport = make.fake(read_timeout(), not_found(None))
    with pytest.raises(NotFoundError):
        client.calls.hangup("rtc_1")
    assert len(transport.requests) == 2


def test_hangup_404_after_a_refused_first_attempt_is_an_error(make):
    port = closed_port()
    servers = []

    def sleep_then_start_server(seconds):
        servers.append(LoopbackServer(CallRegistry(), port=port).start())

    client, _ = make("http://127.0.0.1:%d/v1" % port, sleep=sleep_then_start_server)
    try:
        with pytest.raises(NotFoundError):
            client.calls.hangup("rtc_never_existed")
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize(
    "options",
    [
        {"initial_delay": float("nan")},
        {"initial_delay": float("inf")},
        {"max_delay": float("nan")},
        {"jitter": None},
        {"jitter": True},
    ],
    ids=["initial-nan", "initial-inf", "max-nan", "jitter-none", "jitter-bool"],
)
def test_retry_policy_refuses_delays_that_would_only_fail_mid_call(options):
    # Otherwise time.sleep(nan) raises a bare ValueError in the middle of a retried call.
    with pytest.raises(ValueError, match=next(iter(options))):
        RetryPolicy(**options)
