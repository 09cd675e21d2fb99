"""RealtimeClient behaviour on an in-memory transport: configuration, errors, retries, secrets."""

import json
import logging

import pytest
from _fakes import FakeTransport, Sleeps

import realtime_sync
from realtime_sync import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RealtimeClient,
    RetryPolicy,
    Timeout,
    UnprocessableEntityError,
)
from realtime_sync.transport import HttpResponse

KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"


def make(*script, default=None, **kw):
    transport = FakeTransport(*script, default=default)
    sleeps = Sleeps()
    kw.setdefault("retry_policy", RetryPolicy(kw.pop("max_retries", 2), sleep=sleeps, random=lambda: 0.0))
    client = RealtimeClient(KEY, transport=transport, **kw)
    return client, transport, sleeps


def error(status, message="boom", code=None, headers=None):
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}
    return HttpResponse(status, dict({"x-request-id": "req_%d" % status}, **(headers or {})), json.dumps(body).encode())


# -- configuration --------------------------------------------------------------


def test_missing_key_names_both_ways_to_give_one():
    with pytest.raises(ConfigurationError) as info:
        RealtimeClient()
    assert "api_key" in str(info.value) and "OPENAI_API_KEY" in str(info.value)


def test_environment_fills_in_everything(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org_env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    transport = FakeTransport()
    client = RealtimeClient(transport=transport)
    client.calls.hangup("rtc_1")
    req = transport.requests[0]
    assert req.url == "http://127.0.0.1:9/v1/realtime/calls/rtc_1/hangup"
    assert req.headers["authorization"] == "Bearer " + KEY
    assert req.headers["openai-organization"] == "org_env"
    assert req.headers["openai-project"] == "proj_env"


def test_arguments_beat_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.invalid/v1")
    client, transport, _ = make(base_url="http://arg.invalid/v1")
    client.calls.hangup("rtc_1")
    assert transport.requests[0].url.startswith("http://arg.invalid/v1/")
    assert transport.requests[0].headers["authorization"] == "Bearer " + KEY


def test_default_base_url_and_no_org_headers():
    client, transport, _ = make()
    client.calls.hangup("rtc_1")
    req = transport.requests[0]
    assert req.url == "https://api.openai.com/v1/realtime/calls/rtc_1/hangup"
    assert "openai-organization" not in req.headers and "openai-project" not in req.headers


def test_bad_base_url():
    with pytest.raises(ConfigurationError, match="base_url"):
        RealtimeClient(KEY, base_url="api.openai.com")


def test_default_timeout_is_finite_and_per_call_override():
    client, transport, _ = make(timeout=(2, 30))
    client.calls.hangup("rtc_1")
    client.calls.hangup("rtc_1", timeout=1.5)
    assert transport.calls[0][1] == Timeout(2, 30)
    assert transport.calls[1][1] == Timeout(1.5, 1.5)
    assert RealtimeClient(KEY).timeout.read is not None and RealtimeClient(KEY).timeout.connect is not None


def test_default_headers_and_user_agent():
    client, transport, _ = make(default_headers={"X-App": "shop"})
    client.calls.hangup("rtc_1")
    headers = transport.requests[0].headers
    assert headers["x-app"] == "shop"
    assert headers["user-agent"] == "realtime_sync/%s Python/%s" % (
        realtime_sync.__version__,
        __import__("platform").python_version(),
    )


def test_context_manager_closes_transport():
    client, transport, _ = make()
    with client:
        pass
    assert transport.closed


def test_with_options_shares_transport_and_does_not_close_it():
    client, transport, _ = make()
    quick = client.with_options(timeout=1, max_retries=0)
    assert quick.max_retries == 0 and client.max_retries == 2
    quick.calls.hangup("rtc_1")
    assert transport.calls[0][1] == Timeout(1, 1)
    quick.close()
    assert not transport.closed
    client.close()
    assert transport.closed


# -- errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, cls",
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_table(status, cls):
    client, transport, _ = make(default=error(status, "nope", code="c1"), max_retries=0)
    with pytest.raises(cls) as info:
        client.client_secrets.create()
    exc = info.value
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.request_id == "req_%d" % status
    assert exc.code == "c1" and exc.type == "invalid_request_error" and exc.param is None
    assert exc.message == "Error code: %d - nope" % status
    assert exc.body == {"message": "nope", "type": "invalid_request_error", "param": None, "code": "c1"}


def test_not_found_call_id():
    body = {
        "error": {
            "message": "Unknown call id rtc_missing.",
            "type": "invalid_request_error",
            "param": None,
            "code": "call_id_not_found",
        }
    }
    client, transport, _ = make(HttpResponse(404, {"x-request-id": "req_1"}, json.dumps(body).encode()))
    with pytest.raises(NotFoundError) as info:
        client.calls.accept("rtc_missing", session={"type": "realtime"})
    assert str(info.value) == "Error code: 404 - Unknown call id rtc_missing. (request id: req_1)"
    assert info.value.code == "call_id_not_found"
    assert len(transport.calls) == 1  # 404 is not retried


def test_html_error_page_is_readable():
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    client, _, _ = make(default=HttpResponse(502, {"content-type": "text/html"}, page), max_retries=0)
    with pytest.raises(InternalServerError) as info:
        client.calls.hangup("rtc_1")
    assert info.value.message == "Error code: 502 - 502 Bad Gateway (HTML error page)"
    assert info.value.body == page.decode()


def test_numeric_code_is_coerced_to_string():
    body = {"error": {"message": "m", "code": 123}}
    client, _, _ = make(HttpResponse(400, {}, json.dumps(body).encode()))
    with pytest.raises(BadRequestError) as info:
        client.client_secrets.create()
    assert info.value.code == "123"


def test_invalid_json_on_success_is_a_library_error():
    client, _, _ = make(HttpResponse(200, {"content-type": "application/json"}, b"{not json"))
    with pytest.raises(APIResponseValidationError) as info:
        client.client_secrets.create()
    assert info.value.status_code == 200
    assert not isinstance(info.value, json.JSONDecodeError)


def test_wrong_shape_on_success_is_a_library_error():
    client, _, _ = make(HttpResponse(200, {}, b'{"value": 5}'))
    with pytest.raises(APIResponseValidationError) as info:
        client.client_secrets.create()
    assert info.value.errors  # names what is wrong


def test_empty_sdp_answer_is_a_library_error():
    client, _, _ = make(HttpResponse(201, {"location": "/v1/realtime/calls/rtc_1"}, b""))
    with pytest.raises(APIResponseValidationError, match="empty SDP"):
        client.calls.create(sdp="v=0\r\n")


def test_redirect_is_not_followed_and_is_an_error():
    client, transport, _ = make(HttpResponse(307, {"location": "https://elsewhere.invalid/"}, b""))
    with pytest.raises(APIStatusError) as info:
        client.calls.hangup("rtc_1")
    assert info.value.status_code == 307 and len(transport.calls) == 1


# -- retries ----------------------------------------------------------------------


def test_500_500_200_succeeds_after_three_attempts():
    client, transport, sleeps = make(error(500), error(500), HttpResponse(200))
    client.calls.hangup("rtc_1")
    assert len(transport.calls) == 3
    assert sleeps == [0.5, 1.0]


def test_retries_exhausted_raises_last_error():
    client, transport, sleeps = make(default=error(503))
    with pytest.raises(InternalServerError):
        client.client_secrets.create()
    assert len(transport.calls) == 3 and len(sleeps) == 2


def test_rate_limit_honours_retry_after_ms():
    client, transport, sleeps = make(
        error(429, headers={"retry-after-ms": "1500", "retry-after": "9"}),
        HttpResponse(200, {}, json.dumps(_SECRET).encode()),
    )
    client.client_secrets.create()
    assert sleeps == [1.5]


def test_rate_limit_with_long_retry_after_is_raised_at_once():
    client, transport, sleeps = make(default=error(429, headers={"retry-after": "600"}))
    with pytest.raises(RateLimitError):
        client.client_secrets.create()
    assert len(transport.calls) == 1 and sleeps == []


def test_should_retry_false_stops_a_503():
    client, transport, _ = make(default=error(503, headers={"x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        client.calls.hangup("rtc_1")
    assert len(transport.calls) == 1


def test_per_call_max_retries_zero():
    client, transport, _ = make(default=error(500))
    with pytest.raises(InternalServerError):
        client.calls.hangup("rtc_1", max_retries=0)
    assert len(transport.calls) == 1


def test_connection_errors_and_timeouts_are_retried_for_safe_calls():
    client, transport, _ = make(APIConnectionError(), APITimeoutError(), HttpResponse(200))
    client.calls.hangup("rtc_1")
    assert len(transport.calls) == 3


@pytest.mark.parametrize(
    "verb, kwargs", [("accept", {"session": {"type": "realtime"}}), ("refer", {"target_uri": "tel:+1"}), ("reject", {})]
)
def test_sip_verbs_are_not_repeated_after_the_request_may_have_arrived(verb, kwargs):
    client, transport, _ = make(APITimeoutError(request_sent=True), HttpResponse(200))
    with pytest.raises(APITimeoutError):
        getattr(client.calls, verb)("rtc_1", **kwargs)
    assert len(transport.calls) == 1


@pytest.mark.parametrize(
    "verb, kwargs", [("accept", {"session": {"type": "realtime"}}), ("refer", {"target_uri": "tel:+1"}), ("reject", {})]
)
def test_sip_verbs_are_retried_when_nothing_was_sent_or_server_said_retry(verb, kwargs):
    client, transport, _ = make(APIConnectionError(request_sent=False), error(503), HttpResponse(200))
    getattr(client.calls, verb)("rtc_1", **kwargs)
    assert len(transport.calls) == 3


def test_hangup_404_on_a_retry_counts_as_done():
    client, transport, _ = make(APITimeoutError(), error(404, "Unknown call id", code="call_id_not_found"))
    assert client.calls.hangup("rtc_1") is None
    assert len(transport.calls) == 2


def test_hangup_404_on_first_attempt_is_an_error():
    client, _, _ = make(error(404, "Unknown call id", code="call_id_not_found"))
    with pytest.raises(NotFoundError):
        client.calls.hangup("rtc_1")


def test_each_attempt_is_logged_without_secrets(caplog):
    client, _, _ = make(error(500), HttpResponse(200))
    with caplog.at_level(logging.DEBUG, logger="realtime_sync"):
        client.calls.hangup("rtc_1")
    lines = [r.getMessage() for r in caplog.records if r.name == "realtime_sync"]
    assert (
        lines[0] == "POST /realtime/calls/rtc_1/hangup -> 500 (attempt 1 of 3, request id req_500); retrying in 0.50s"
    )
    assert lines[1] == "POST /realtime/calls/rtc_1/hangup -> 200 (attempt 2)"
    assert KEY not in caplog.text


# -- secrets --------------------------------------------------------------------


def test_key_never_in_reprs_or_errors():
    client, transport, _ = make(error(401, "Incorrect API key provided: sk-can***cdef"), max_retries=0)
    with pytest.raises(AuthenticationError) as info:
        client.calls.hangup("rtc_1")
    exc = info.value
    for text in (
        repr(client),
        str(exc),
        repr(exc),
        repr(exc.request),
        repr(exc.request.headers),
        repr(transport.requests[0]),
        repr(client.transport),
    ):
        assert KEY not in text


_SECRET = {
    "value": "ek_live_should_be_masked",
    "expires_at": 1767226200,
    "session": {"id": "sess_1", "object": "realtime.session", "type": "realtime"},
}


def test_client_secret_value_masked_in_repr():
    client, _, _ = make(HttpResponse(200, {}, json.dumps(_SECRET).encode()))
    secret = client.client_secrets.create()
    assert secret.value == "ek_live_should_be_masked"
    assert "ek_live_should_be_masked" not in repr(secret)


# -- validation before sending ----------------------------------------------------


def test_bad_input_raises_before_anything_is_sent():
    client, transport, _ = make()
    with pytest.raises(realtime_sync.RequestValidationError) as info:
        client.client_secrets.create(expires_after={"seconds": 5})
    assert "expires_after.seconds" in str(info.value)
    with pytest.raises(realtime_sync.RequestValidationError, match="sdp"):
        client.calls.create(sdp="")
    with pytest.raises(realtime_sync.RequestValidationError, match="target_uri"):
        client.calls.refer("rtc_1", target_uri="")
    with pytest.raises(realtime_sync.RequestValidationError, match="session"):
        client.translations.client_secrets.create(session=None)  # type: ignore[arg-type]
    assert transport.calls == []
