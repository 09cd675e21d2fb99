"""The websocket-client connector: the only module that imports ``websocket``.

``websocket`` is imported inside :meth:`WebSocketClientConnector.connect`, so
``import realtime_sync.sideband`` works without the optional extra.

One background thread per connection reads frames and puts text messages on
a queue. That is what makes ``recv_text(timeout=...)`` exact without
touching the socket timeout (which a concurrent ``send`` shares), answers
the server's pings even while the application is busy, and sends our own
keepalive pings: after ``ping_interval`` seconds of silence we ping, and if
another ``ping_interval`` passes without any frame (not even the pong), the
connection is declared dropped (``ConnectionClosedError``, code 1011).
"""

import queue
import socket
import struct
import threading
from typing import Any, Dict, List, Optional, Tuple, Union

from .._redaction import contains_secret, library_logger, scrub_text
from .._text import short_repr
from ..errors import APIConnectionError, APIStatusError, APITimeoutError, ConfigurationError, status_error_from_response
from ..transport import SENSITIVE_HEADERS, HttpRequest, HttpResponse, Timeout
from ._errors import (
    NORMAL_CLOSE_CODES,
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    MissingDependencyError,
    RecvTimeout,
)

__all__ = ["WebSocketClientConnector", "WebSocketClientConnection", "import_websocket"]

log = library_logger("realtime_sync.sideband")

_INSTALL_HINT = (
    "the WebSocket connections (client.realtime.connect, client.live.connect...) need the websocket-client package: "
    "pip install 'realtime_sync[ws]'"
)

#: The largest message (one frame, or all fragments of one message) the reader accepts by default.
DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024
#: How many received messages may wait for ``recv`` by default, and their total size.
DEFAULT_MAX_QUEUED_MESSAGES = 4096
DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024

# Options we set for safety; users may not override them through ``options``.
_FIXED_OPTIONS = frozenset(["header", "timeout", "redirect_limit", "enable_multithread", "url"])


def import_websocket() -> Any:
    """Import websocket-client, or raise :class:`MissingDependencyError` saying what to install."""
    try:
        import websocket
    except ImportError as exc:
        raise MissingDependencyError(_INSTALL_HINT) from exc
    # The unrelated PyPI package "websocket" installs a module of the same name.
    if not hasattr(websocket, "create_connection"):
        raise MissingDependencyError(
            _INSTALL_HINT + " (the installed 'websocket' module is not websocket-client; pip uninstall websocket first)"
        )
    return websocket


def _secrets_of(request: HttpRequest) -> List[str]:
    values = []
    for name, value in request.headers.items():
        if name.lower() in SENSITIVE_HEADERS and value:
            values.append(value)
            if value.lower().startswith("bearer "):
                values.append(value[7:].strip())
    # Longest first, so "Bearer sk-..." is replaced before "sk-...".
    return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)


def scrub(text: str, secrets: List[str]) -> str:
    """Replace every secret in ``text`` with ``<redacted>`` (the shared rules, in every encoding)."""
    return scrub_text(text, secrets)


class WebSocketClientConnector:
    """Opens connections with websocket-client (``pip install 'realtime_sync[ws]'``).

    ``ping_interval`` (seconds, ``None`` to disable) drives keepalive pings
    and dead-connection detection. ``close_timeout`` (seconds) bounds how long
    ``close()`` waits for the server's echo of the close frame before it
    releases the socket anyway (``None``: ``ping_interval``, at most 5 s).
    Memory is bounded: a frame whose header
    announces more than ``max_message_size`` bytes (or a fragmented message
    growing past it) closes the connection with 1009 before its payload is
    read; when more than ``max_queued_messages`` messages or
    ``max_queued_bytes`` bytes wait unread, the connection is closed with 1008
    (the messages already queued are still delivered, then ``recv`` raises
    ``ConnectionClosedError``). ``options`` are passed to
    ``websocket.create_connection``: proxies (``http_proxy_host``,
    ``http_proxy_port``, ``http_proxy_auth``, ``proxy_type``; by default the
    ``https_proxy``/``no_proxy`` environment variables are used), ``sslopt``,
    ``sockopt``...

    Example::

        connector = WebSocketClientConnector(ping_interval=10, http_proxy_host="proxy", http_proxy_port=3128)
        conn = client.realtime.connect(call_id="rtc_123", connector=connector)
    """

    def __init__(
        self,
        *,
        ping_interval: Optional[float] = 20.0,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_queued_messages: int = DEFAULT_MAX_QUEUED_MESSAGES,
        max_queued_bytes: int = DEFAULT_MAX_QUEUED_BYTES,
        close_timeout: Optional[float] = None,
        **options: Any,
    ) -> None:
        for name, seconds in (("ping_interval", ping_interval), ("close_timeout", close_timeout)):
            if seconds is not None and (
                isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds < float("inf")
            ):
                raise ConfigurationError(
                    "%s: expected a positive number of seconds or None, got %s" % (name, short_repr(seconds))
                )
        for name, value in (
            ("max_message_size", max_message_size),
            ("max_queued_messages", max_queued_messages),
            ("max_queued_bytes", max_queued_bytes),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigurationError("%s: expected a positive whole number, got %s" % (name, short_repr(value)))
        fixed = sorted(_FIXED_OPTIONS.intersection(options))
        if fixed:
            raise ValueError("options %s are set by realtime_sync and cannot be overridden" % ", ".join(fixed))
        self.ping_interval = ping_interval
        self.close_timeout = close_timeout
        self.max_message_size = max_message_size
        self.max_queued_messages = max_queued_messages
        self.max_queued_bytes = max_queued_bytes
        self.options: Dict[str, Any] = options

    def connect(self, request: HttpRequest, *, timeout: Timeout) -> "WebSocketClientConnection":
        """Do the opening handshake; map a refused one to the API's status errors.

        Example::

            conn = WebSocketClientConnector().connect(request, timeout=Timeout(5, 60))
        """
        websocket = import_websocket()
        secrets = _secrets_of(request)
        options = dict(self.options)
        options.setdefault("suppress_origin", True)  # a server-side client has no Origin
        # Errors are built in the except blocks and raised after them: raised
        # inside, they would carry websocket-client's exception (whose text
        # quotes the answer, an echoed key included) as __context__, which
        # "from None" hides from tracebacks but not from error reporters.
        failure: Optional[BaseException] = None
        try:
            ws = websocket.create_connection(
                request.url,
                timeout=timeout.connect,
                header=["%s: %s" % (name, value) for name, value in request.headers.items()],
                # Following a redirect would send the API key to wherever it points.
                redirect_limit=0,
                enable_multithread=True,
                **options,
            )
        except websocket.WebSocketBadStatusException as exc:
            failure = _status_error(exc, request, secrets)
        except (websocket.WebSocketTimeoutException, socket.timeout) as exc:
            failure = APITimeoutError("Timed out opening the WebSocket.", request=request)
            failure.__cause__ = _scrubbed(exc, secrets)
        except (websocket.WebSocketException, OSError, ValueError) as exc:
            detail = scrub("%s: %s" % (type(exc).__name__, exc), secrets)
            failure = APIConnectionError("Could not open the WebSocket: %s" % detail, request=request)
            failure.__cause__ = _scrubbed(exc, secrets)
        if failure is not None:
            raise failure
        status = ws.getstatus()
        if status != 101:  # older websocket-client returns 3xx as "connected" when redirect_limit=0
            ws.shutdown()
            raise APIConnectionError(
                "The WebSocket handshake answered %s; redirects are not followed." % status,
                request=request,
            )
        log.debug("sideband connected to %s", request.url)
        return WebSocketClientConnection(
            ws,
            websocket,
            ping_interval=self.ping_interval,
            max_message_size=self.max_message_size,
            max_queued_messages=self.max_queued_messages,
            max_queued_bytes=self.max_queued_bytes,
            close_timeout=self.close_timeout,
        )


def _scrubbed(exc: BaseException, secrets: List[str]) -> Optional[BaseException]:
    # The cause is kept for debugging unless its text would reveal a secret.
    text = "%s %r" % (exc, exc)
    return None if contains_secret(text, secrets) else exc


def _status_error(exc: Any, request: HttpRequest, secrets: List[str]) -> APIStatusError:
    headers = exc.resp_headers or {}
    body = exc.resp_body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    response = HttpResponse(exc.status_code, dict(headers), body)
    return status_error_from_response(response, request, secrets=secrets)


class _Closed:
    __slots__ = ("code", "reason", "ok")

    def __init__(self, code: Optional[int], reason: str, ok: bool) -> None:
        self.code = code
        self.reason = reason
        self.ok = ok

    def error(self) -> ConnectionClosed:
        cls = ConnectionClosedOK if self.ok else ConnectionClosedError
        return cls(self.code, self.reason)


_QueueItem = Union[str, _Closed]


class WebSocketClientConnection:
    """An open websocket-client connection with a reader thread (see the module docstring).

    ``send_text`` is guarded by a lock and may run in any thread; keep to one
    thread calling ``recv_text``.
    """

    def __init__(
        self,
        ws: Any,
        module: Any,
        *,
        ping_interval: Optional[float],
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_queued_messages: int = DEFAULT_MAX_QUEUED_MESSAGES,
        max_queued_bytes: int = DEFAULT_MAX_QUEUED_BYTES,
        close_timeout: Optional[float] = None,
    ) -> None:
        # ``Any``: websocket-client is typed only in recent versions, and optional.
        self._ws: Any = ws
        self._close_timeout = close_timeout
        self._module = module
        self._ping_interval = ping_interval
        self._max_message_size = max_message_size
        self._max_queued_messages = max_queued_messages
        self._max_queued_bytes = max_queued_bytes
        # Unbounded as a Queue: the bound is kept by the reader (messages and bytes), so the
        # close marker always fits after the last message.
        self._queue: "queue.Queue[_QueueItem]" = queue.Queue()
        self._queued_bytes = 0
        self._queued_lock = threading.Lock()
        _limit_frame_length(ws, max_message_size)
        self._send_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._closed: Optional[_Closed] = None
        self._closing: Optional[_Closed] = None
        ws.settimeout(ping_interval)
        self._reader = threading.Thread(target=self._read_loop, name="realtime_sync-sideband-reader", daemon=True)
        self._reader.start()

    @property
    def closed(self) -> bool:
        """True once the connection is closed (by either side)."""
        return self._closed is not None

    # -- sending -------------------------------------------------------------
    def send_text(self, text: str) -> None:
        """Send one text message."""
        closed = self._closed or self._closing
        if closed is not None:
            raise closed.error()
        try:
            with self._send_lock:
                self._ws.send(text)
        except self._module.WebSocketTimeoutException:
            raise APITimeoutError("Timed out sending on the WebSocket.") from None
        except (self._module.WebSocketException, OSError) as exc:
            closed = self._finish(_Closed(1006, "", ok=False))
            raise closed.error() from exc

    def ping(self, payload: bytes = b"") -> None:
        """Send a ping frame (the reader thread already pings when the line is quiet)."""
        with self._send_lock:
            self._ws.ping(payload)

    # -- receiving -------------------------------------------------------------
    def recv_text(self, timeout: Optional[float] = None) -> str:
        """The next text message, waiting at most ``timeout`` seconds (None: until one arrives or the line dies)."""
        try:
            item = self._queue.get(timeout=timeout) if timeout is None or timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            raise RecvTimeout(timeout or 0.0) from None
        if isinstance(item, _Closed):
            self._queue.put(item)  # every later call raises too
            raise item.error()
        with self._queued_lock:
            self._queued_bytes -= len(item)
        return item

    def _read_loop(self) -> None:
        module = self._module
        abnf = module.ABNF
        pinged = False
        fragments: List[bytes] = []
        while True:
            try:
                frame = self._ws.recv_frame()
            except MessageTooBig as exc:
                # The payload was never read: a hostile or broken server cannot make us buffer it.
                log.warning("sideband: closing, %s", exc)
                self._fail(1009, "message too big")
                return
            except module.WebSocketTimeoutException:
                if self._closing is not None:
                    self._shutdown(self._closing)
                    return
                if pinged:
                    log.warning("sideband keepalive: no answer to a ping within %s s", self._ping_interval)
                    self._shutdown(_Closed(1011, "keepalive ping timeout", ok=False))
                    return
                self._send_control(b"realtime_sync keepalive", abnf.OPCODE_PING)
                pinged = True
                continue
            except Exception as exc:
                closing = self._closing
                if closing is not None:
                    self._shutdown(closing)
                else:
                    log.debug("sideband connection lost: %s", type(exc).__name__)
                    self._shutdown(_Closed(1006, "", ok=False))
                return
            pinged = False
            opcode = frame.opcode
            if opcode in (abnf.OPCODE_TEXT, abnf.OPCODE_BINARY, abnf.OPCODE_CONT):
                fragments.append(bytes(frame.data))
                size = sum(len(f) for f in fragments)
                if size > self._max_message_size:
                    log.warning("sideband: closing, a fragmented message grew past %d bytes", self._max_message_size)
                    self._fail(1009, "message too big")
                    return
                if not frame.fin:
                    continue
                data, fragments = b"".join(fragments), []
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    self._fail(1007, "message is not UTF-8 text")
                    return
                if not self._enqueue(text):
                    return
            elif opcode == abnf.OPCODE_PING:
                self._send_control(bytes(frame.data), abnf.OPCODE_PONG)
            elif opcode == abnf.OPCODE_CLOSE:
                code, reason = _parse_close(frame.data)
                closing = self._closing
                if closing is not None:
                    # The echo of our own close: report what we asked for.
                    self._shutdown(closing)
                else:
                    self._send_control(bytes(frame.data[:2]), abnf.OPCODE_CLOSE)
                    self._shutdown(_Closed(code, reason, ok=code is None or code in NORMAL_CLOSE_CODES))
                return
            # A pong only proves the line is alive, which resetting ``pinged`` recorded.

    def _enqueue(self, text: str) -> bool:
        # Overflow policy: never drop a message silently, never block the reader (it answers
        # pings). When the application falls this far behind, close with 1008: what is queued
        # is still delivered, then recv raises ConnectionClosedError naming the reason.
        with self._queued_lock:
            full = (
                self._queue.qsize() >= self._max_queued_messages
                or self._queued_bytes + len(text) > self._max_queued_bytes
            )
            if not full:
                self._queued_bytes += len(text)
                self._queue.put(text)
                return True
        log.warning(
            "sideband: closing, %d unread messages (%d bytes) are waiting: the application is not keeping up",
            self._queue.qsize(),
            self._queued_bytes,
        )
        self._fail(1008, "event queue full: the application did not keep up")
        return False

    def _send_control(self, payload: bytes, opcode: int) -> None:
        try:
            with self._send_lock:
                self._ws.send(payload, opcode)
        except Exception:
            pass

    def _fail(self, code: int, reason: str) -> None:
        self._send_control(struct.pack("!H", code) + reason.encode("utf-8"), self._module.ABNF.OPCODE_CLOSE)
        self._shutdown(_Closed(code, reason, ok=False))

    # -- closing ---------------------------------------------------------------
    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame, wait briefly for the echo, release the socket (idempotent)."""
        with self._state_lock:
            if self._closed is not None or self._closing is not None:
                already = True
            else:
                already = False
                self._closing = _Closed(code, reason, ok=True)
        if not already:
            try:
                with self._send_lock:
                    self._ws.send_close(code, reason.encode("utf-8"))
            except Exception:
                self._shutdown(self._closing or _Closed(code, reason, ok=True))
        if threading.current_thread() is not self._reader:
            self._reader.join(self._close_wait())
            if self._reader.is_alive():
                self._shutdown(self._closing or _Closed(code, reason, ok=True))
                self._reader.join(self._close_wait())

    def _close_wait(self) -> float:
        if self._close_timeout is not None:
            return self._close_timeout
        return min(self._ping_interval or 5.0, 5.0)

    def _finish(self, closed: _Closed) -> _Closed:
        with self._state_lock:
            if self._closed is None:
                self._closed = closed
                self._queue.put(closed)
            return self._closed

    def _shutdown(self, closed: _Closed) -> None:
        self._finish(closed)
        # Wake a reader blocked in recv (and send the peer a FIN). ws.abort() alone is not enough: it does
        # nothing once send_close has marked the socket disconnected, so after our close frame
        # to a server that never echoes it, the reader (and the socket) lived on until the
        # ping interval ran out.
        sock = getattr(self._ws, "sock", None)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass
        try:
            self._ws.abort()  # the same, for a websocket object without a plain ``sock``
        except Exception:
            pass
        try:
            self._ws.shutdown()
        except Exception:
            pass

    def __repr__(self) -> str:
        return "<WebSocketClientConnection %s>" % ("closed" if self.closed else "open")


class MessageTooBig(Exception):
    """A frame header announced more than the allowed message size (raised before the payload is read)."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__("a frame of %d bytes announced, more than max_message_size=%d" % (length, limit))


def _limit_frame_length(ws: Any, limit: int) -> None:
    # websocket-client reads a whole frame before returning it, so the size check must run
    # between the length field and the payload: wrap the frame buffer's recv_length.
    buffer = getattr(ws, "frame_buffer", None)
    original = getattr(buffer, "recv_length", None)
    if buffer is None or not callable(original):  # pragma: no cover - other websocket-client internals
        return

    def recv_length() -> None:
        original()
        length = getattr(buffer, "length", None)
        if isinstance(length, int) and length > limit:
            raise MessageTooBig(length, limit)

    buffer.recv_length = recv_length


def _parse_close(data: Any) -> Tuple[Optional[int], str]:
    if not isinstance(data, (bytes, bytearray)) or len(data) < 2:
        return None, ""
    code = struct.unpack("!H", bytes(data[:2]))[0]
    return code, bytes(data[2:]).decode("utf-8", "replace")
