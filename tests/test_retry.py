"""RetryPolicy: which answers are retried and how long we wait (the official SDK's rules)."""

import email.utils
import time

import pytest

from realtime_sync import RetryPolicy
from realtime_sync.errors import APITimeoutError
from realtime_sync.transport import HttpResponse


def policy(**kw):
    kw.setdefault("random", lambda: 0.0)  # no jitter: exact numbers
    return RetryPolicy(**kw)


@pytest.mark.parametrize(
    "status, retried",
    [
        (408, True),
        (409, True),
        (429, True),
        (500, True),
        (503, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (422, False),
    ],
)
def test_status_rule(status, retried):
    delay = policy().delay_for_response(0, HttpResponse(status))
    assert (delay is not None) is retried


def test_backoff_doubles_and_caps():
    p = policy(max_retries=10)
    assert [p.backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_reduces_by_at_most_a_quarter():
    p = RetryPolicy(random=lambda: 0.999999)
    assert 0.375 <= p.backoff(0) < 0.376


def test_x_should_retry_overrides_status():
    assert policy().delay_for_response(0, HttpResponse(400, {"x-should-retry": "true"})) == 0.5
    assert policy().delay_for_response(0, HttpResponse(503, {"x-should-retry": "false"})) is None
    # Other values are ignored: the status decides.
    assert policy().delay_for_response(0, HttpResponse(503, {"x-should-retry": "maybe"})) == 0.5


def test_retry_after_ms_beats_retry_after():
    resp = HttpResponse(429, {"retry-after-ms": "1500", "retry-after": "9"})
    assert policy().delay_for_response(0, resp) == 1.5


def test_retry_after_seconds_and_http_date():
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after": "3"})) == 3.0
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    delay = policy().delay_for_response(0, HttpResponse(429, {"retry-after": when}))
    assert delay is not None and 25 < delay <= 30


def test_server_delay_over_120s_means_no_retry_even_with_should_retry_true():
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after": "121"})) is None
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after": "600", "x-should-retry": "true"})) is None


def test_zero_retry_after_falls_back_to_backoff():
    assert policy().delay_for_response(1, HttpResponse(429, {"retry-after": "0"})) == 1.0


def test_exhausted_retries_give_up():
    p = policy(max_retries=2)
    assert p.delay_for_response(2, HttpResponse(500)) is None
    assert p.delay_for_error(1, APITimeoutError()) == 1.0
    assert p.delay_for_error(2, APITimeoutError()) is None


@pytest.mark.parametrize("bad", [-1, 1.5, None, True])
def test_max_retries_validated(bad):
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(bad)


def test_immutable_and_replace():
    p = RetryPolicy()
    with pytest.raises(AttributeError):
        p.max_retries = 5  # type: ignore[misc]
    assert p.replace(max_retries=0).max_retries == 0 and p.max_retries == 2
    assert p.replace(max_retries=2) is p
