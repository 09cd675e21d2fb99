"""One meaning of None per parameter, and an exception tree where "nothing failed" is not a connection error."""

from typing import Any, List

import pytest
from _fakes import FakeTransport

from realtime_sync import NOT_GIVEN, RealtimeClient, RetryPolicy, Timeout
from realtime_sync.errors import APIConnectionError, APITimeoutError, RealtimeSyncError
from realtime_sync.sideband import ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, RecvTimeout
from realtime_sync.transport import HttpRequest


class Capture:
    """A WebSocket connector that records the handshake timeout and refuses to connect."""

    def __init__(self) -> None:
        self.timeouts: List[Timeout] = []

    def connect(self, request: HttpRequest, *, timeout: Timeout) -> Any:
        self.timeouts.append(timeout)
        raise APIConnectionError("no network in this test", request=request, request_sent=False)


def test_connect_timeout_none_means_no_timeout_and_not_given_means_the_client_default() -> None:
    client = RealtimeClient("sk-test-key-0000", timeout=Timeout(3, 7))
    capture = Capture()
    for timeout in (None, NOT_GIVEN, 2.5):
        with pytest.raises(APIConnectionError):
            client.realtime.connect(call_id="rtc_1", timeout=timeout, connector=capture)
    with pytest.raises(APIConnectionError):
        client.realtime.connect(call_id="rtc_1", connector=capture)
    assert capture.timeouts == [Timeout(None, None), Timeout(3, 7), Timeout(2.5, 2.5), Timeout(3, 7)]


def test_rest_timeout_none_means_no_timeout_too() -> None:
    transport = FakeTransport()
    client = RealtimeClient("sk-test-key-0000", transport=transport, timeout=Timeout(3, 7))
    client.calls.hangup("rtc_1", timeout=None)
    client.calls.hangup("rtc_1")
    assert [timeout for _, timeout in transport.calls] == [Timeout(None, None), Timeout(3, 7)]


def test_max_retries_not_given_or_none_keeps_the_policy_everywhere() -> None:
    policy = RetryPolicy(5)
    client = RealtimeClient("sk-test-key-0000", retry_policy=policy)
    assert client.max_retries == 5
    assert RealtimeClient("sk-test-key-0000", retry_policy=policy, max_retries=NOT_GIVEN).max_retries == 5
    assert client.with_options(max_retries=NOT_GIVEN).max_retries == 5
    assert client.with_options(max_retries=None).max_retries == 5
    assert client.with_options(max_retries=0).max_retries == 0
    assert client.with_options(timeout=NOT_GIVEN).timeout == client.timeout
    assert client.with_options(timeout=None).timeout == Timeout(None, None)
    assert RealtimeClient("sk-test-key-0000").max_retries == 2
    assert bool(NOT_GIVEN) is False and repr(NOT_GIVEN) == "NOT_GIVEN"


def test_a_receive_timeout_and_a_clean_close_are_not_connection_errors() -> None:
    for harmless in (RecvTimeout(5), ConnectionClosedOK(1000, "bye")):
        assert isinstance(harmless, RealtimeSyncError)
        assert not isinstance(harmless, APIConnectionError)
        assert not isinstance(harmless, APITimeoutError)
    dropped = ConnectionClosedError(1006)
    assert isinstance(dropped, ConnectionClosed) and isinstance(dropped, APIConnectionError)
    assert dropped.request_sent is True
    assert isinstance(ConnectionClosedOK(1000), ConnectionClosed)
    assert str(RecvTimeout(5)) == "No event received within 5 seconds (the connection is still open)."


def test_except_api_connection_error_does_not_catch_a_quiet_line() -> None:
    reconnects = []
    for raised in (RecvTimeout(1), ConnectionClosedOK(1000), ConnectionClosedError(1011, "keepalive ping timeout")):
        try:
            try:
                raise raised
            except APIConnectionError:
                reconnects.append(type(raised).__name__)
        except RealtimeSyncError:
            pass
    assert reconnects == ["ConnectionClosedError"]
