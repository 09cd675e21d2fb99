"""When to retry and how long to wait: the :class:`RetryPolicy` value object.

The rules are the official SDK's (openai 3.51.0, ``_base_client.py``: ``_should_retry``,
``_parse_retry_after_header``, ``_calculate_retry_timeout``), so a service tuned for it
behaves the same with us:

* retried: connection errors, timeouts, and HTTP 408, 409, 429 and >= 500;
* ``x-should-retry: true|false`` overrides the status rule;
* the server's delay (``retry-after-ms`` beats ``retry-after``, which may be
  seconds or an HTTP date) is used when it is in (0, 120] seconds; a delay
  above 120 s means "do not retry" and the error is raised at once;
* otherwise exponential backoff: ``min(initial_delay * 2**n, max_delay)``
  reduced by up to ``jitter`` (25 %) at random.
"""

from __future__ import annotations

import math
import random as _random
import time
from typing import Callable, Optional

from ._text import short_repr
from .errors import APIConnectionError, RequestValidationError
from .transport import HttpResponse

__all__ = ["RetryPolicy"]

#: Server-requested delays above this are not honoured: we give up instead.
MAX_SERVER_DELAY = 120.0


class RetryPolicy:
    """How many times to retry, and how long to wait in between. Immutable.

    ``sleep`` and ``random`` are injectable so tests run instantly and
    deterministically.

    Example::

        policy = RetryPolicy(max_retries=4, initial_delay=0.2)
        client = RealtimeClient(retry_policy=policy)
        client.calls.hangup("rtc_1", max_retries=0)   # per call: no retries at all
    """

    __slots__ = ("max_retries", "initial_delay", "max_delay", "jitter", "sleep", "random")

    max_retries: int
    initial_delay: float
    max_delay: float
    jitter: float
    sleep: Callable[[float], None]
    random: Callable[[], float]

    def __init__(
        self,
        max_retries: int = 2,
        *,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        jitter: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            # RequestValidationError is a ValueError: one library error naming the field.
            raise RequestValidationError(
                ["max_retries: expected a non-negative integer, got %s" % short_repr(max_retries)]
            )
        for name, value in (("initial_delay", initial_delay), ("max_delay", max_delay)):
            # NaN or infinity would reach time.sleep() and fail there, mid-call.
            if not _is_number(value) or not math.isfinite(value) or value < 0:
                raise RequestValidationError(
                    ["%s: expected a non-negative number of seconds, got %s" % (name, short_repr(value))]
                )
        if not _is_number(jitter) or not 0 <= jitter <= 1:
            raise RequestValidationError(["jitter: expected a fraction from 0 to 1, got %s" % short_repr(jitter)])
        setattr_ = object.__setattr__
        setattr_(self, "max_retries", max_retries)
        setattr_(self, "initial_delay", float(initial_delay))
        setattr_(self, "max_delay", float(max_delay))
        setattr_(self, "jitter", float(jitter))
        setattr_(self, "sleep", sleep)
        setattr_(self, "random", random)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("RetryPolicy is immutable; use replace()")

    def replace(self, *, max_retries: Optional[int] = None) -> "RetryPolicy":
        """A copy with a different ``max_retries``.

        Example::

            no_retries = policy.replace(max_retries=0)
        """
        if max_retries is None or max_retries == self.max_retries:
            return self
        return RetryPolicy(
            max_retries,
            initial_delay=self.initial_delay,
            max_delay=self.max_delay,
            jitter=self.jitter,
            sleep=self.sleep,
            random=self.random,
        )

    def backoff(self, retry_index: int) -> float:
        """The jittered exponential delay before retry number ``retry_index`` (0-based).

        Example::

            RetryPolicy(jitter=0).backoff(0)  # 0.5
        """
        delay = min(self.initial_delay * (2.0**retry_index), self.max_delay)
        return delay * (1.0 - self.jitter * self.random())

    def delay_for_response(self, retry_index: int, response: HttpResponse) -> Optional[float]:
        """Seconds to wait before retrying after ``response``, or None to give up.

        Example::

            policy.delay_for_response(0, HttpResponse(503))  # about 0.4-0.5
        """
        if retry_index >= self.max_retries:
            return None
        server_delay = server_requested_delay(response)
        if server_delay is not None and server_delay > MAX_SERVER_DELAY:
            return None
        if not should_retry_status(response):
            return None
        if server_delay is not None and 0 < server_delay <= MAX_SERVER_DELAY:
            return server_delay
        return self.backoff(retry_index)

    def delay_for_error(self, retry_index: int, error: APIConnectionError) -> Optional[float]:
        """Seconds to wait before retrying after a connection error or timeout, or None.

        Example::

            policy.delay_for_error(0, APITimeoutError())
        """
        if retry_index >= self.max_retries:
            return None
        return self.backoff(retry_index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RetryPolicy):
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:  # type: ignore[type-arg]
        return (self.max_retries, self.initial_delay, self.max_delay, self.jitter)

    def __repr__(self) -> str:
        return "RetryPolicy(max_retries=%d, initial_delay=%r, max_delay=%r, jitter=%r)" % self._key()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def should_retry_status(response: HttpResponse) -> bool:
    """The status rule, with ``x-should-retry`` taking precedence."""
    override = response.headers.get("x-should-retry")
    if override == "true":
        return True
    if override == "false":
        return False
    status = response.status_code
    return status in (408, 409, 429) or status >= 500


def server_requested_delay(response: HttpResponse) -> Optional[float]:
    """``retry-after-ms`` (milliseconds) or ``retry-after`` (seconds or HTTP date), in seconds."""
    headers = response.headers
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            delay = float(value) / 1000.0
        except ValueError:
            delay = math.nan
        if math.isfinite(delay):
            return delay
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        delay = float(value)
    except ValueError:
        try:
            # Imported here: email.utils costs ~7 ms at import and HTTP-date retry-after is rare.
            from email.utils import mktime_tz, parsedate_tz

            parsed = parsedate_tz(value)
            if parsed is None:
                return None
            delay = mktime_tz(parsed) - time.time()
        except (ValueError, OverflowError, IndexError, TypeError):
            # A malformed date ("1 Jan 99999999999") must not crash the call:
            # ignore it, as if the header were absent.
            return None
    return delay if math.isfinite(delay) else None
