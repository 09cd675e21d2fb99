"""The one connection core under every event WebSocket (Realtime sideband, Live primary/sideband/fork).

Two jobs, shared so that the connections cannot drift apart:

* :func:`handshake_opener` builds the opening handshake from the client's
  settings (its headers, per-call headers, the header checks of every REST
  request; https -> wss) and returns a function that opens one connection
  through a :class:`~realtime_sync.sideband.WebSocketConnector` (called again
  for each reconnect attempt, with the handler's new query and headers);
* :class:`EventConnection` turns an open connection into events: validated
  JSON out, typed events in, iteration, ``recv(timeout=)``, ``close()`` and
  reconnecting by the official SDK's rules (see ``_reconnect``).

What differs per surface is small and declared by the subclass: how a client
event is validated (:meth:`EventConnection.encode_event`), how a server event
is parsed (:meth:`EventConnection.parse_event`), which event is an error and
which one ends the stream. The WebSocket itself (reader thread, bounded queue
and frames, keepalive, proxy, redirect refusal, key scrubbing, error mapping)
is the connector's, for all of them.
"""

import json
import random
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, Iterator, List, Mapping, Optional, Union

from .._redaction import library_logger
from .._types import NotGiven, TimeoutArg
from ..errors import RequestValidationError
from ..transport import HttpRequest, Timeout
from ._connection import WebSocketConnection, WebSocketConnector
from ._errors import ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, ServerEventError
from ._handlers import EventHandlers
from ._reconnect import RECOVERABLE_CLOSE_CODES, ReconnectingEvent, ReconnectingOverrides, backoff_delay, overrides_of

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient

__all__ = ["EventConnection", "Opener", "dumps_event", "handshake_opener", "websocket_url"]

log = library_logger("realtime_sync.sideband")

# Headers that mean something for a POST with a body, nothing for an upgrade GET.
_DROPPED_HEADERS = frozenset(["content-type", "content-length", "accept"])

#: Opens one connection with the given ``extra_query`` and ``extra_headers`` (again on each reconnect).
Opener = Callable[[Optional[Mapping[str, Any]], Optional[Mapping[str, Optional[str]]]], WebSocketConnection]
ReconnectHandler = Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]


def websocket_url(url: str) -> str:
    """``url`` with its scheme turned into the WebSocket one: ``https`` -> ``wss``, ``http`` -> ``ws``."""
    scheme, sep, rest = url.partition("://")
    return {"https": "wss", "http": "ws"}.get(scheme.lower(), scheme) + sep + rest


def handshake_opener(
    client: "RealtimeClient",
    path: str,
    query: Callable[[Optional[Mapping[str, Any]]], Dict[str, Any]],
    *,
    connector: Optional[WebSocketConnector],
    timeout: TimeoutArg,
    what: str = "sideband",
) -> Opener:
    """A function opening ``path`` on ``client``'s API as a WebSocket (the handshake built like a REST request).

    ``query(extra_query)`` gives the URL's query for one attempt (each surface
    orders its own parameters and the caller's extras). ``timeout`` bounds the
    handshake (not given: the client's timeout). ``connector`` None: websocket-client.
    """
    handshake_timeout = client.timeout if isinstance(timeout, NotGiven) else Timeout.of(timeout)
    chosen = connector
    if chosen is None:
        from ._websocket_client import WebSocketClientConnector

        chosen = WebSocketClientConnector()
    opener_connector = chosen

    def open_connection(
        extra_query: Optional[Mapping[str, Any]], extra_headers: Optional[Mapping[str, Optional[str]]]
    ) -> WebSocketConnection:
        built = client.build_request("GET", path, accept=None, query=query(extra_query), extra_headers=extra_headers)
        explicit = {name.lower() for name in (extra_headers or {})}
        headers = [
            (k, v) for k, v in built.headers.items() if k.lower() not in _DROPPED_HEADERS or k.lower() in explicit
        ]
        url = websocket_url(built.url)
        log.debug("%s connecting to %s", what, url)
        return opener_connector.connect(HttpRequest("GET", url, headers), timeout=handshake_timeout)

    return open_connection


def dumps_event(data: Any, where: str = "event") -> str:
    """``data`` as compact JSON text; ``RequestValidationError`` if it cannot be encoded."""
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(["%s: cannot be encoded as JSON (%s)" % (where, exc)]) from None


class EventConnection:
    """An open event WebSocket: send client events, receive server events (the shared core).

    Thread-safety: one thread receives (``recv`` or iteration); any thread
    may ``send`` or ``close`` at the same time (sends are serialised by the
    connector). Events are read by the connector's background thread, so pings
    are answered even while your code is busy, and ``recv(timeout=...)`` never
    waits longer than asked.

    Subclasses say what their events are: :meth:`encode_event` (validate a
    client event, return its JSON form), :meth:`parse_event` (a message as a
    typed event), :meth:`error_of` (the exception an ``error`` event raises
    with ``raise_on_error``), :meth:`ends_stream` (the event after which
    iteration stops).
    """

    #: How log lines name the connection.
    log_name = "sideband"

    def __init__(
        self,
        connection: WebSocketConnection,
        *,
        raise_on_error: bool = False,
        strict: bool = True,
        reopen: Optional[Opener] = None,
        on_reconnecting: Optional[ReconnectHandler] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        self._connection = connection
        self.raise_on_error = raise_on_error
        #: The default of ``send(strict=...)``: the client's ``strict`` setting.
        self.strict = strict
        # Reconnecting (the SDK's policy, see _reconnect.py).
        self._reopen = reopen
        self._on_reconnecting = on_reconnecting
        self._max_retries = max_retries
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._extra_query: Mapping[str, Any] = dict(extra_query or {})
        self._extra_headers: Mapping[str, Optional[str]] = dict(extra_headers or {})
        self._reconnect_attempt = 0
        self._state_lock = threading.Lock()
        self._reconnecting = False
        self._pending: Deque[str] = deque()
        self._closed_by_us = threading.Event()
        self._ended = False
        self._handlers = EventHandlers()

    # -- what a subclass declares ------------------------------------------------
    def encode_event(self, event: Any, strict: bool) -> Dict[str, Any]:  # pragma: no cover - abstract
        """Validate a client event (typed or a dict) and return its JSON form."""
        raise NotImplementedError

    def parse_event(self, data: Union[str, bytes]) -> Any:  # pragma: no cover - abstract
        """A raw message (from :meth:`recv_bytes` or :meth:`recv_raw`) as a typed server event."""
        raise NotImplementedError

    def error_of(self, event: Any) -> Optional[ServerEventError]:
        """The exception ``recv`` raises for ``event`` with ``raise_on_error`` (None: not an error event)."""
        to_exception = getattr(event, "to_exception", None)
        if event.type == "error" and callable(to_exception):
            error: ServerEventError = to_exception()
            return error
        return None

    def ends_stream(self, event: Any) -> bool:
        """True for the event after which iteration stops (the Live ``session.closed``)."""
        return False

    # -- sending ---------------------------------------------------------------
    def send(self, event: Any, *, strict: Optional[bool] = None) -> None:
        """Send a client event: a typed event or a dict in the official SDK's form.

        The event is validated first (``RequestValidationError`` names every
        bad field; nothing is sent). ``strict=False`` (or a client made with
        ``strict=False``) forwards unknown keys of a dict unchanged. Use
        :meth:`send_raw` to skip validation.

        Example::

            conn.send({"type": "response.create"})
        """
        data = self.encode_event(event, self.strict if strict is None else bool(strict))
        text = dumps_event(data)
        log.debug("%s send %s (%d bytes)", self.log_name, data.get("type"), len(text))
        self._send_text(text)

    def send_raw(self, text: str) -> None:
        """Send one text message as is (no validation).

        Example::

            conn.send_raw('{"type":"response.create"}')
        """
        self._send_text(text)

    def _send_text(self, text: str) -> None:
        with self._state_lock:
            if self._reconnecting:
                # Sent on the new connection once it is open (or reported as unsent).
                self._pending.append(text)
                return
            connection = self._connection
        connection.send_text(text)

    # -- receiving -------------------------------------------------------------
    def recv_raw(self, timeout: Optional[float] = None) -> str:
        """The next message as text, unparsed.

        Example::

            text = conn.recv_raw(timeout=5)
        """
        return self._connection.recv_text(timeout)

    def recv(self, timeout: Optional[float] = None) -> Any:
        """The next server event, typed (waits at most ``timeout`` seconds, then ``RecvTimeout``).

        Unknown event types arrive as the surface's ``Unknown*`` event. With
        ``raise_on_error`` an ``error`` event raises ``ServerEventError``.
        A known event with a wrong shape is still delivered (read tolerantly:
        a missing field is ``None``, an unexpected value is kept as sent); a
        message that is not a JSON object raises ``APIResponseValidationError``
        (the connection stays usable).

        Example::

            event = conn.recv(timeout=10)
            if event.type == "error":
                print(event.error.code, event.error.message)
        """
        text = self._connection.recv_text(timeout)
        event = self.parse_event(text)
        log.debug("%s recv %s (%d bytes)", self.log_name, event.type, len(text))
        if event.type != "error":
            # A working connection: the next drop starts counting attempts again (the SDK's rule).
            self._reconnect_attempt = 0
        if self.ends_stream(event):
            self._ended = True
        if self.raise_on_error:
            error = self.error_of(event)
            if error is not None:
                raise error
        return event

    def recv_bytes(self) -> bytes:
        """The next message as UTF-8 bytes, unparsed (the SDK's name; see :meth:`parse_event`)."""
        return self._connection.recv_text(None).encode("utf-8")

    def __iter__(self) -> Iterator[Any]:
        """Events until the stream ends (a normal close, or the surface's last event); a drop raises.

        With ``connect(on_reconnecting=...)`` a drop (or a close code worth
        retrying) reconnects first, as in the official SDK; the loop goes on
        with the new connection.

        Example::

            for event in conn:
                print(event.type)
        """
        while True:
            try:
                event = self.recv()
            except ConnectionClosed as exc:
                if not self._ended and self._reconnect(exc):
                    continue
                unsent = self._drain_pending()
                if unsent:
                    error = ConnectionClosedError(
                        exc.code, exc.reason, "the WebSocket closed with %d unsent messages" % len(unsent)
                    )
                    # The queued messages that never went out (the SDK's ``unsent_messages``).
                    error.unsent_messages = unsent
                    raise error from exc
                if isinstance(exc, ConnectionClosedOK) or self._ended:
                    return
                raise
            yield event
            if self.ends_stream(event):
                return

    # -- handlers (the official SDK's push style) ------------------------------------
    def on(self, event_type: str, handler: Optional[Callable[..., Any]] = None) -> Any:
        """Call ``handler(event)`` for each ``event_type`` event during :meth:`dispatch_events` (``"event"``: all).

        As in the SDK: a method (``conn.on("response.done", handle)``, returns
        the connection) or a decorator (``@conn.on("response.done")``).

        Example::

            @conn.on("response.done")
            def done(event):
                print(event.response.status)
        """
        if handler is not None:
            self._handlers.add(event_type, handler)
            return self

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._handlers.add(event_type, fn)
            return fn

        return decorator

    def once(self, event_type: str, handler: Optional[Callable[..., Any]] = None) -> Any:
        """:meth:`on`, for the next ``event_type`` event only."""
        if handler is not None:
            self._handlers.add(event_type, handler, once=True)
            return self

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._handlers.add(event_type, fn, once=True)
            return fn

        return decorator

    def off(self, event_type: str, handler: Callable[..., Any]) -> Any:
        """Remove a handler added with :meth:`on` or :meth:`once` (an unknown one is ignored)."""
        self._handlers.remove(event_type, handler)
        return self

    def dispatch_events(self) -> None:
        """Receive until the stream ends, calling the handlers of each event (blocks this thread).

        The handlers for the event's type run first, then those for ``"event"``.
        An ``error`` event nobody handles raises ``ServerEventError`` (an
        ``OpenAIError``), as the SDK raises for it. Reconnects like iteration.

        Example::

            conn.on("response.done", lambda event: conn.close())
            conn.dispatch_events()
        """
        for event in self:
            specific = self._handlers.take(event.type or "")
            generic = self._handlers.take("event")
            error = self.error_of(event) if not specific and not generic else None
            if error is not None:
                raise error
            for handler in specific:
                handler(event)
            for handler in generic:
                handler(event)

    def _drain_pending(self) -> List[str]:
        with self._state_lock:
            unsent = list(self._pending)
            self._pending.clear()
        return unsent

    def _reconnect(self, exc: ConnectionClosed) -> bool:
        # True when a new connection is open; False: report the close as it is.
        reopen, handler = self._reopen, self._on_reconnecting
        if reopen is None or handler is None or self._closed_by_us.is_set():
            return False
        close_code = exc.code if exc.code is not None else 1006
        if close_code not in RECOVERABLE_CLOSE_CODES:
            return False
        with self._state_lock:
            if self._closed_by_us.is_set():
                return False
            self._reconnecting = True
        try:
            for attempt in range(self._reconnect_attempt + 1, self._max_retries + 1):
                self._reconnect_attempt = attempt
                delay = backoff_delay(attempt, self._initial_delay, self._max_delay, 0.75 + random.random() * 0.25)
                event = ReconnectingEvent(
                    attempt, self._max_retries, delay, close_code, self._extra_query, self._extra_headers
                )
                try:
                    overrides = overrides_of(handler(event))
                except Exception:
                    log.warning("%s: on_reconnecting raised; not reconnecting", self.log_name, exc_info=True)
                    return False
                if overrides is not None:
                    if overrides.get("abort"):
                        return False
                    if "extra_query" in overrides:
                        self._extra_query = dict(overrides["extra_query"] or {})
                    if "extra_headers" in overrides:
                        self._extra_headers = dict(overrides["extra_headers"] or {})
                log.info(
                    "%s reconnecting (attempt %d/%d) after %.1fs (close code %d)",
                    self.log_name,
                    attempt,
                    self._max_retries,
                    delay,
                    close_code,
                )
                if self._closed_by_us.wait(delay):
                    return False
                try:
                    connection = reopen(self._extra_query, self._extra_headers)
                except Exception as failure:  # a failed attempt uses up one attempt, as in the SDK
                    log.info("%s reconnect attempt %d failed: %s", self.log_name, attempt, type(failure).__name__)
                    continue
                with self._state_lock:
                    closed = self._closed_by_us.is_set()
                    old = self._connection
                    if not closed:
                        self._connection = connection
                if closed:
                    connection.close(1000, "")
                    return False
                old.close(1000, "")  # the dropped one: release its reader thread
                if self._flush_pending(connection):
                    log.info("%s reconnected", self.log_name)
                    return True
            return False
        finally:
            with self._state_lock:
                self._reconnecting = False

    def _flush_pending(self, connection: WebSocketConnection) -> bool:
        # Send what was queued while reconnecting, in order; new sends keep queueing
        # behind it until the queue is empty, so nothing overtakes.
        while True:
            with self._state_lock:
                if not self._pending:
                    self._reconnecting = False
                    return True
                text = self._pending[0]
            try:
                connection.send_text(text)
            except ConnectionClosed:
                return False  # still queued: the next attempt sends it
            with self._state_lock:
                self._pending.popleft()

    # -- lifecycle -------------------------------------------------------------
    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the WebSocket (idempotent; stops a reconnect in progress). Closing it does not hang up the call."""
        with self._state_lock:
            self._closed_by_us.set()
            connection = self._connection
        connection.close(code, reason)

    def enter(self) -> Any:
        """The connection itself (the SDK's ``connect(...).enter()``); close it when done."""
        return self

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
