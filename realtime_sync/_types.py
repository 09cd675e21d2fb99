"""Small shared types: the "not given" sentinel, timeouts and the retry mode.

A leaf: standard library only, imports nothing from realtime_sync, so every
layer (transports, models, the client, resources, the sideband) can use these
names without importing each other. Each one is declared here and only here.
"""

from __future__ import annotations

import enum
import re
from typing import Any, Mapping, Optional, Tuple, Union

from ._text import short_repr
from .errors import RequestValidationError

__all__ = [
    "ExtraBody",
    "ExtraHeaders",
    "ExtraQuery",
    "MaxRetriesArg",
    "NOT_GIVEN",
    "NotGiven",
    "RetryMode",
    "Timeout",
    "TimeoutArg",
    "TimeoutTypes",
    "is_dot_segment",
    "server_id",
]


class NotGiven:
    """The type of :data:`NOT_GIVEN`: "this argument was not passed".

    ``None`` keeps its own meaning where it has one (``timeout=None`` is "no
    timeout"), so a separate sentinel says "use the default". Falsy, like the
    official SDK's ``NOT_GIVEN``.

    Example::

        client.calls.hangup("rtc_1", timeout=NOT_GIVEN)   # the client's default timeout
    """

    _instance: "Optional[NotGiven]" = None

    def __new__(cls) -> "NotGiven":
        # One instance, so ``is NOT_GIVEN`` holds even after copy or pickle.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


#: "Not given": the default of every parameter whose ``None`` means something else.
NOT_GIVEN = NotGiven()


class Timeout:
    """Connect and read timeouts in seconds (``None`` means wait forever).

    ``Timeout.of`` accepts what users write: a number (both phases), a
    ``(connect, read)`` pair, ``None`` (no timeout at all) or a Timeout.

    Example::

        Timeout(connect=5.0, read=30.0)
        Timeout.of(10)          # Timeout(connect=10.0, read=10.0)
        Timeout.of((3, 20))     # Timeout(connect=3.0, read=20.0)
    """

    __slots__ = ("connect", "read")

    connect: Optional[float]
    read: Optional[float]

    def __init__(self, connect: Optional[float] = 5.0, read: Optional[float] = 60.0) -> None:
        for name, value in (("connect", connect), ("read", read)):
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                # An int too large for a float is no finite number of seconds either.
                or not 0 < value < 1e15
            ):
                # RequestValidationError is a ValueError: one library error naming the field.
                raise RequestValidationError(
                    [
                        "timeout.%s: expected a positive, finite number of seconds or None, got %s"
                        % (name, short_repr(value))
                    ]
                )
        object.__setattr__(self, "connect", None if connect is None else float(connect))
        object.__setattr__(self, "read", None if read is None else float(read))

    @classmethod
    def of(cls, value: "TimeoutTypes") -> "Timeout":
        """Normalise a user-supplied timeout.

        Example::

            Timeout.of(2.5).read == 2.5
        """
        if isinstance(value, Timeout):
            return value
        if isinstance(value, tuple):
            if len(value) != 2:
                raise RequestValidationError(["timeout: expected a (connect, read) pair, got %s" % short_repr(value)])
            return cls(value[0], value[1])
        return cls(value, value)

    def as_tuple(self) -> Tuple[Optional[float], Optional[float]]:
        """``(connect, read)``, the form ``requests`` takes.

        Example::

            session.post(url, timeout=Timeout(3, 20).as_tuple())
        """
        return (self.connect, self.read)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Timeout is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Timeout):
            return self.as_tuple() == other.as_tuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return "Timeout(connect=%r, read=%r)" % (self.connect, self.read)


#: What a ``timeout=`` argument accepts: seconds, a ``(connect, read)`` pair, a
#: :class:`Timeout`, or ``None`` for no timeout at all.
TimeoutTypes = Union[Timeout, float, int, Tuple[Optional[float], Optional[float]], None]
#: A per-call ``timeout=``: :data:`TimeoutTypes` or :data:`NOT_GIVEN` (the client's default).
TimeoutArg = Union[Timeout, float, int, Tuple[Optional[float], Optional[float]], None, NotGiven]


class RetryMode(enum.Enum):
    """When a failed attempt may be repeated (see README, "Retries and timeouts").

    A closed set: a typo is an ``AttributeError`` where it is written, not a
    silent "always".

    * ``ALWAYS``: any retryable failure is retried (client secrets, calls.create).
    * ``UNSENT``: only when the server certainly did not act: the connection
      was refused or timed out, or OpenAI itself (an answer carrying
      ``x-request-id``) said 429, 503 or ``x-should-retry: true``. Never after
      a read timeout, a reset once sent, or a gateway's 502/504 (accept, refer,
      reject: repeating them may answer a call twice).
    * ``HANGUP``: like ``ALWAYS``, and a 404 with a "not found" code
      (``call_id_not_found``; for Live, any ``..._not_found``, unverified) on a
      retry means an earlier attempt already hung up, so it counts as success.

    Example::

        client.send(request, retry_mode=RetryMode.UNSENT)
    """

    ALWAYS = "always"
    UNSENT = "unsent"
    HANGUP = "hangup"


#: Per-call ``max_retries=``: a count, or :data:`NOT_GIVEN` / None for the client's default.
MaxRetriesArg = Union[int, None, NotGiven]
#: Per-call ``extra_headers=``: sent after the client's headers; a value of None removes that header.
ExtraHeaders = Optional[Mapping[str, Optional[str]]]
#: Per-call ``extra_query=``: encoded as the official SDK does (None left out, ``true``/``false``,
#: a list as ``key[]`` repeated, a nested mapping as ``key[sub]``).
ExtraQuery = Optional[Mapping[str, Any]]
#: Per-call ``extra_body=``: JSON fields merged into the body (nested objects key by key).
ExtraBody = Optional[Mapping[str, Any]]


def is_dot_segment(text: str) -> bool:
    """True for ``.`` and ``..``, also percent-encoded (``%2e%2e``): a path resolves them away.

    Such an "id" in ``/realtime/calls/{id}/hangup`` would steer the request to
    another endpoint, whatever the encoding of the rest.
    """
    if "%" in text:
        from urllib.parse import unquote

        text = unquote(text)
    return text in (".", "..")


# What an id the server hands out looks like (``rtc_...``, ``sess_...``): plain
# characters only, so that one taken from an answer cannot steer a later request.
# Compiled on first use, by re's cache (import time, issue 19).
_SERVER_ID = r"[A-Za-z0-9_\-.~:]{1,256}"


def server_id(text: str) -> Optional[str]:
    """``text`` when it can be an id taken from a server's answer (a ``Location``), else None."""
    if re.fullmatch(_SERVER_ID, text) and not is_dot_segment(text):
        return text
    return None
