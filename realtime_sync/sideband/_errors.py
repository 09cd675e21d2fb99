"""Errors of sideband WebSocket connections (all under ``RealtimeSyncError``).

A refused handshake is not here: it raises the same ``APIStatusError``
subclasses as the REST calls (``NotFoundError`` with ``code ==
"call_id_not_found"``, ``AuthenticationError`` for a bad key), so one
``except`` clause covers both.

The tree (all under ``RealtimeSyncError``)::

    ConnectionClosed                   the WebSocket is closed (``code``, ``reason``)
    ├── ConnectionClosedOK             normal closure (1000, 1001) or closed by us: not a failure
    └── ConnectionClosedError          dropped (1006), keepalive timeout, server error codes;
                                       also an APIConnectionError (reconnecting is the right reaction)
    RecvTimeout                        no event within ``recv(timeout=...)``; still open, not a failure
    APIError
    └── ServerEventError               an ``error`` event, when ``raise_on_error=True``
    MissingDependencyError (also ImportError)   websocket-client is not installed

``RecvTimeout`` and ``ConnectionClosedOK`` are deliberately *not*
``APIConnectionError``s: ``except APIConnectionError: reconnect()`` must not
fire on a quiet line or a call that ended normally.
"""

from typing import Any, List, Optional

from ..errors import APIConnectionError, APIError, RealtimeSyncError

__all__ = [
    "CLOSE_CODES",
    "ConnectionClosed",
    "ConnectionClosedError",
    "ConnectionClosedOK",
    "MissingDependencyError",
    "RecvTimeout",
    "ServerEventError",
    "describe_close",
]

#: RFC 6455 section 7.4.1 plus the IANA registry, for readable messages.
CLOSE_CODES = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1005: "no status code",
    1006: "connection dropped without a close frame",
    1007: "invalid payload data",
    1008: "policy violation",
    1009: "message too big",
    1010: "mandatory extension missing",
    1011: "internal server error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
    1015: "TLS handshake failure",
}

#: Close codes that mean "closed on purpose", not "something broke".
NORMAL_CLOSE_CODES = frozenset([1000, 1001])


def describe_close(code: Optional[int], reason: str = "") -> str:
    """A one-line description of a close code and reason."""
    if code is None:
        text = "WebSocket closed without a status code"
    else:
        meaning = CLOSE_CODES.get(code) or ("application-defined" if code >= 4000 else "unknown code")
        text = "WebSocket closed with code %d (%s)" % (code, meaning)
    return text + (": " + reason if reason else "")


class MissingDependencyError(RealtimeSyncError, ImportError):
    """An optional dependency is missing; the message says what to install.

    Example::

        try:
            conn = client.realtime.connect(call_id="rtc_123")
        except MissingDependencyError as exc:
            print(exc)   # ... pip install 'realtime_sync[ws]'
    """


class ConnectionClosed(RealtimeSyncError):
    """The WebSocket is closed; ``code`` and ``reason`` say how (``code`` may be None).

    Raised by ``send`` and ``recv`` once the connection is closed, every time
    they are called. Iterating over a connection ends quietly on
    :class:`ConnectionClosedOK` and raises :class:`ConnectionClosedError`
    (which alone is also an ``APIConnectionError``).

    Example::

        try:
            event = conn.recv()
        except ConnectionClosed as exc:
            print(exc.code, exc.reason)
    """

    def __init__(self, code: Optional[int], reason: str = "", message: Optional[str] = None) -> None:
        text = message or describe_close(code, reason)
        super().__init__(text)
        self.message = text
        self.code = code
        self.reason = reason
        #: Events queued while reconnecting that never went out (the SDK's ``unsent_messages``).
        self.unsent_messages: List[str] = []

    def __reduce__(self) -> Any:
        return (type(self), (self.code, self.reason, self.message))

    def __repr__(self) -> str:
        return "%s(code=%r, reason=%r)" % (type(self).__name__, self.code, self.reason)


class ConnectionClosedOK(ConnectionClosed):
    """The connection was closed normally (1000/1001), or by this side.

    Example::

        except ConnectionClosedOK:
            pass   # the call ended
    """


# ``code`` is the WebSocket close code here (an int), not the API's error code string.
class ConnectionClosedError(ConnectionClosed, APIConnectionError):  # type: ignore[misc]
    """The connection broke: dropped (1006), keepalive timeout, or an error close code.

    Also an ``APIConnectionError`` (``request_sent`` is True): a broken
    connection is a connection failure, and reconnecting is a sensible reaction.

    Example::

        except ConnectionClosedError as exc:
            log.warning("sideband lost: %s", exc)
    """


class RecvTimeout(RealtimeSyncError):
    """No event arrived within ``recv(timeout=...)``; the connection is still open.

    Not an ``APIConnectionError`` or ``APITimeoutError``: nothing failed.

    Example::

        try:
            event = conn.recv(timeout=5)
        except RecvTimeout:
            pass   # nothing happened; try again or give up
    """

    def __init__(self, timeout: float) -> None:
        self.message = "No event received within %g seconds (the connection is still open)." % timeout
        super().__init__(self.message)
        self.timeout = timeout

    def __reduce__(self) -> Any:
        return (type(self), (self.timeout,))


class ServerEventError(APIError):
    """The server sent an ``error`` event (raised only with ``raise_on_error=True``).

    ``event`` is the typed ``ErrorEvent``; ``type``, ``code``, ``message``,
    ``param`` and ``event_id`` (the client event that caused it) are copied
    from its ``error`` object.

    Example::

        try:
            event = conn.recv()
        except ServerEventError as exc:
            print(exc.code, exc.message, exc.event_id)
    """

    def __init__(
        self,
        message: str,
        *,
        type: Optional[str] = None,
        code: Optional[str] = None,
        param: Optional[str] = None,
        event_id: Optional[str] = None,
        event: Any = None,
    ) -> None:
        text = "Realtime server error"
        if code:
            text += " [%s]" % code
        text += ": " + message
        super().__init__(text)
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.event_id = event_id
        self.event = event

    def __reduce__(self) -> Any:
        return (_rebuild_server_event_error, (self.message, self.type, self.code, self.param, self.event_id))


def _rebuild_server_event_error(
    message: str, type: Optional[str], code: Optional[str], param: Optional[str], event_id: Optional[str]
) -> ServerEventError:
    return ServerEventError(message, type=type, code=code, param=param, event_id=event_id)
