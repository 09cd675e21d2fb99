"""Bad input and hostile answers end in one library error naming the field (issue 15, item 13).

Never a raw TypeError / ValueError / UnicodeEncodeError / OverflowError / RecursionError.
The generated version of these checks is tests/test_fuzz.py.
"""

import base64
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from _fakes import FakeTransport
from _ws_server import ServerSide, WebSocketServer

from realtime_sync import (
    APIResponseValidationError,
    ConfigurationError,
    FixtureError,
    InvalidWebhookSignatureError,
    RealtimeClient,
    RealtimeSyncError,
    RequestValidationError,
    RetryPolicy,
    Timeout,
    webhooks,
)
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.transport import HttpResponse
from realtime_sync.webhooks import InvalidWebhookPayloadError

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()
DEEP = b"[" * 100000 + b"]" * 100000
NESTED_101 = b'{"value": "ek_1", "expires_at": 1, "session": ' + b'{"a": ' * 101 + b"1" + b"}" * 101 + b"}"


def library_error(func: Callable[[], Any]) -> RealtimeSyncError:
    with pytest.raises(Exception) as info:
        func()
    assert isinstance(info.value, RealtimeSyncError), repr(info.value)
    return info.value


def client(**kwargs: Any) -> RealtimeClient:
    return RealtimeClient("sk-test", transport=FakeTransport(), **kwargs)


# -- arguments -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timeout", [float("nan"), float("inf"), -1, 0, "5", [1, 2], (1, float("nan")), (1, 2, 3), True]
)
def test_a_bad_timeout_names_the_field(timeout: Any) -> None:
    error = library_error(lambda: client(timeout=timeout))
    assert isinstance(error, ConfigurationError) and "timeout" in str(error)
    error = library_error(lambda: client().calls.hangup("rtc_1", timeout=timeout))
    assert isinstance(error, RequestValidationError) and error.errors[0].startswith("timeout")
    error = library_error(lambda: Timeout.of(timeout))
    assert isinstance(error, ValueError)  # still a ValueError, as before


@pytest.mark.parametrize("max_retries", [-1, "2", 1.5, True])
def test_a_bad_max_retries_names_the_field(max_retries: Any) -> None:
    error = library_error(lambda: client(max_retries=max_retries))
    assert isinstance(error, ConfigurationError) and "max_retries" in str(error)
    error = library_error(lambda: client().calls.hangup("rtc_1", max_retries=max_retries))
    assert isinstance(error, RequestValidationError) and "max_retries" in str(error)
    assert isinstance(library_error(lambda: RetryPolicy(max_retries)), RequestValidationError)


@pytest.mark.parametrize("value", ["abc", 5, [("a", "b")]])
def test_non_mapping_extra_headers_and_extra_body_name_the_field(value: Any) -> None:
    fake = FakeTransport()
    c = RealtimeClient("sk-test", transport=fake)
    error = library_error(lambda: c.calls.accept("rtc_1", session={"type": "realtime"}, extra_headers=value))
    assert isinstance(error, RequestValidationError) and "extra_headers" in str(error)
    error = library_error(lambda: c.calls.accept("rtc_1", session={"type": "realtime"}, extra_body=value))
    assert isinstance(error, RequestValidationError) and "extra_body" in str(error)
    assert fake.requests == []  # refused before anything was sent


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"base_url": 5}, "base_url"),
        ({"default_headers": "abc"}, "default_headers"),
        ({"retry_policy": 3}, "retry_policy"),
    ],
)
def test_bad_client_arguments_are_configuration_errors(kwargs: Any, field: str) -> None:
    error = library_error(lambda: client(**kwargs))
    assert isinstance(error, ConfigurationError) and field in str(error)


# -- webhooks --------------------------------------------------------------------------------------------------------


def signed(body: bytes) -> Any:
    return webhooks.sign(body, SECRET, webhook_id="wh_1")


@pytest.mark.parametrize("headers", [None, "abc", 5, [1, 2], {"webhook-id": "\ud800"}])
def test_webhook_headers_of_any_shape_fail_verification(headers: Any) -> None:
    if isinstance(headers, dict):
        headers = dict(signed(b"{}"), **headers)
    error = library_error(lambda: webhooks.unwrap(b"{}", headers, SECRET))
    assert isinstance(error, InvalidWebhookSignatureError)


@pytest.mark.parametrize("body", [None, 5, {"type": "x"}, "\ud800"])
def test_a_webhook_body_that_cannot_be_raw_fails_verification(body: Any) -> None:
    error = library_error(lambda: webhooks.verify(body, signed(b"{}"), SECRET))
    assert isinstance(error, InvalidWebhookSignatureError)


@pytest.mark.parametrize("tolerance", [float("nan"), -1, "5", None])
def test_a_bad_tolerance_is_a_configuration_error(tolerance: Any) -> None:
    error = library_error(lambda: webhooks.verify(b"{}", signed(b"{}"), SECRET, tolerance=tolerance))
    assert isinstance(error, ConfigurationError) and "tolerance" in str(error)


@pytest.mark.parametrize("body", [DEEP, b'{"type": "x", "data": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"])
def test_a_deeply_nested_signed_webhook_is_a_payload_error(body: bytes) -> None:
    error = library_error(lambda: webhooks.unwrap(body, signed(body), SECRET))
    assert isinstance(error, InvalidWebhookPayloadError) and "nested deeper than 100" in str(error)


@pytest.mark.parametrize("timestamp", [float("nan"), "5", 1.5])
def test_sign_refuses_a_timestamp_that_is_not_an_integer(timestamp: Any) -> None:
    error = library_error(lambda: webhooks.sign(b"{}", SECRET, timestamp=timestamp))
    assert isinstance(error, RequestValidationError) and "timestamp" in str(error)


# -- hostile answers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP, NESTED_101], ids=["100000-deep", "101-deep"])
def test_a_deeply_nested_rest_answer_is_a_response_error(body: bytes) -> None:
    fake = FakeTransport(default=HttpResponse(200, {"Content-Type": "application/json"}, body))
    error = library_error(lambda: RealtimeClient("sk-test", transport=fake).client_secrets.create())
    assert isinstance(error, APIResponseValidationError)


def test_a_deeply_nested_sideband_frame_is_a_response_error() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_text("[" * 100000 + "]" * 100000)
        ws.send_json({"type": "after"})

    with WebSocketServer(script) as srv:
        conn = RealtimeClient("sk-test", base_url=srv.url).realtime.connect(call_id="rtc_1")
        error = library_error(lambda: conn.recv(timeout=5))
        assert isinstance(error, APIResponseValidationError)
        assert conn.recv(timeout=5).type == "after"  # the connection survives a bad frame
        conn.close()
        srv.join()


# -- tampered fixture files ------------------------------------------------------------------------------------------


def interaction(response: Any) -> Any:
    request = {"method": "POST", "path": "/v1/realtime/calls/rtc_1/hangup", "headers": {}}
    return {"format": 1, "interactions": [{"request": request, "response": response}]}


@pytest.mark.parametrize(
    "content, message",
    [
        (interaction({"status": 200, "headers": "abc"}), "headers: expected an object"),
        (interaction({"status": 200, "headers": {"x-request-id": 5}}), "headers: expected an object"),
        (interaction({"status": True}), "integer 'status'"),
        (interaction({"status": 99999}), "from 100 to 599"),
        (interaction({"status": 1}), "from 100 to 599"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"format": 1, "interactions": ' + b"[" * 100000 + b"]" * 100000 + b"}", "nested deeper"),
        (b'{"format": 1, "interactions": ' + b"[" * 200 + b"]" * 200 + b"}", "nested deeper"),
    ],
    ids=["headers-str", "header-int", "status-true", "status-99999", "status-1", "non-utf8", "deep", "200-deep"],
)
def test_a_tampered_fixture_file_is_a_fixture_error_naming_the_problem(
    tmp_path: Path, content: Any, message: str
) -> None:
    path = tmp_path / "tampered.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    error = library_error(lambda: FixtureTransport(path).client().calls.hangup("rtc_1"))
    assert isinstance(error, FixtureError) and message in str(error), str(error)
