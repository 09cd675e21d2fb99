"""Reconnecting a dropped sideband connection, as the official SDK (3.51.0) does.

The policy (``Realtime.connect(on_reconnecting=..., max_retries=5,
initial_delay=0.5, max_delay=8.0)``): only with an ``on_reconnecting`` handler,
only while iterating (``for event in conn``), only for a close code worth
retrying (:data:`RECOVERABLE_CLOSE_CODES`; a drop without a close frame counts
as 1006). Attempt ``n`` waits ``min(initial_delay * 2 ** (n - 1), max_delay)``
times a jitter from 0.75 to 1, after the handler saw a :class:`ReconnectingEvent`
(its answer may abort or replace the query and headers). Attempts count across
drops until an event other than ``error`` arrives; ``close()`` interrupts the wait.
"""

from typing import Any, Dict, List, Mapping, Optional, TypedDict

from .._text import short_repr

__all__ = [
    "RECOVERABLE_CLOSE_CODES",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "backoff_delay",
    "check_options",
    "overrides_of",
]

#: RFC 6455 close codes worth reconnecting after (the SDK's list).
RECOVERABLE_CLOSE_CODES = frozenset([1001, 1005, 1006, 1011, 1012, 1013, 1015])


class ReconnectingEvent:
    """What an ``on_reconnecting`` handler is told before each attempt (the SDK's fields).

    ``attempt`` (1-based), ``max_attempts``, ``delay`` (seconds before this
    attempt connects), ``close_code`` (what ended the connection), and the
    ``extra_query`` / ``extra_headers`` the attempt will use.

    Example::

        def on_reconnecting(event):
            log.warning("sideband lost (%d), attempt %d of %d", event.close_code, event.attempt, event.max_attempts)
            return None      # or {"abort": True}, or {"extra_headers": {...}}
    """

    __slots__ = ("attempt", "max_attempts", "delay", "close_code", "extra_query", "extra_headers")

    def __init__(
        self,
        attempt: int,
        max_attempts: int,
        delay: float,
        close_code: int,
        extra_query: Mapping[str, Any],
        extra_headers: Mapping[str, Any],
    ) -> None:
        self.attempt = attempt
        self.max_attempts = max_attempts
        self.delay = delay
        self.close_code = close_code
        self.extra_query = extra_query
        self.extra_headers = extra_headers

    def __repr__(self) -> str:
        # Headers may carry secrets: only their names.
        return "ReconnectingEvent(attempt=%d, max_attempts=%d, delay=%.3f, close_code=%d, extra_headers=%r)" % (
            self.attempt,
            self.max_attempts,
            self.delay,
            self.close_code,
            sorted(self.extra_headers),
        )


class ReconnectingOverrides(TypedDict, total=False):
    """What an ``on_reconnecting`` handler may return: ``abort``, or new ``extra_query`` / ``extra_headers``."""

    extra_query: Mapping[str, Any]
    extra_headers: Mapping[str, Any]
    abort: bool


def backoff_delay(attempt: int, initial_delay: float, max_delay: float, jitter: float) -> float:
    """The wait before attempt ``attempt``: ``min(initial * 2 ** (attempt - 1), max) * jitter``."""
    return float(min(initial_delay * float(2 ** (attempt - 1)), max_delay) * jitter)


def check_options(max_retries: Any, initial_delay: Any, max_delay: Any, on_reconnecting: Any) -> List[str]:
    """Problems with ``connect``'s reconnect options, as ``RequestValidationError`` lines."""
    problems: List[str] = []
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        problems.append(
            "max_retries: expected a whole number of attempts (0 or more), got %s" % short_repr(max_retries)
        )
    for name, value in (("initial_delay", initial_delay), ("max_delay", max_delay)):
        # 0 <= value < 1e15 and not NaN; an int too large for a float fails here, not in math.isfinite.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e15:
            problems.append("%s: expected a number of seconds (0 or more), got %s" % (name, short_repr(value)))
    if on_reconnecting is not None and not callable(on_reconnecting):
        problems.append(
            "on_reconnecting: expected a function taking a ReconnectingEvent, got %s" % short_repr(on_reconnecting)
        )
    return problems


def overrides_of(result: Any) -> Optional[Dict[str, Any]]:
    """The handler's answer as a dict (None: no change)."""
    if result is None:
        return None
    if not isinstance(result, Mapping):
        return None
    return dict(result)
