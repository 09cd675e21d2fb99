"""``client.realtime``: open sideband connections and exchange events on them.

One job: build the handshake (URL, headers) from the client's settings, and
wrap an open :class:`WebSocketConnection` in :class:`RealtimeConnection`,
which turns events into JSON text and back.
"""

import json
import logging
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Union
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..errors import RequestValidationError
from ..transport import HttpRequest, Timeout, TimeoutTypes
from ._connection import WebSocketConnection, WebSocketConnector
from ._errors import ConnectionClosedOK

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient

__all__ = ["Realtime", "RealtimeConnection", "build_url"]

log = logging.getLogger("realtime_sync.sideband")

# Headers that mean something for a POST with a body, nothing for an upgrade GET.
_DROPPED_HEADERS = frozenset(["content-type", "content-length", "accept"])

JSONObject = Dict[str, Any]


def build_url(base_url: str, query: Mapping[str, str]) -> str:
    """The WebSocket URL for ``base_url``: ``https`` becomes ``wss``, ``http`` becomes ``ws``.

    Example::

        build_url("https://api.openai.com/v1", {"call_id": "rtc_1"})
        # 'wss://api.openai.com/v1/realtime?call_id=rtc_1'
    """
    parts = urlsplit(base_url)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    path = parts.path.rstrip("/") + "/realtime"
    existing = parts.query + "&" if parts.query else ""
    return urlunsplit((scheme, parts.netloc, path, existing + urlencode(list(query.items())), ""))


def _check_id(name: str, value: Optional[str], problems: List[str]) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        problems.append("%s: expected a non-empty string, got %r" % (name, value))


class Realtime:
    """Sideband WebSocket connections: ``client.realtime``.

    ``connector`` replaces the WebSocket implementation (a
    ``ReplayConnector`` for offline tests, a ``WebSocketClientConnector``
    with proxy options...); the default uses websocket-client.

    Example::

        with client.realtime.connect(call_id="rtc_123") as conn:
            for event in conn:
                print(event.type)
    """

    def __init__(self, client: "RealtimeClient", *, connector: Optional[WebSocketConnector] = None) -> None:
        self._client = client
        self._connector = connector

    def connect(
        self,
        *,
        call_id: Optional[str] = None,
        model: Optional[str] = None,
        extra_query: Optional[Mapping[str, str]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        timeout: TimeoutTypes = None,
        connector: Optional[WebSocketConnector] = None,
        raise_on_error: bool = False,
    ) -> "RealtimeConnection":
        """Open a WebSocket attached to call ``call_id`` (or a new session for ``model``).

        Raises ``NotFoundError`` (``code == "call_id_not_found"``) for an
        unknown call, ``AuthenticationError`` for a bad key,
        ``APIConnectionError``/``APITimeoutError`` when the server is
        unreachable, ``MissingDependencyError`` without websocket-client.
        ``timeout`` bounds the handshake (default: the client's connect
        timeout). With ``raise_on_error=True``, ``recv`` raises
        ``ServerEventError`` for ``error`` events instead of returning them.

        Example::

            with client.realtime.connect(call_id="rtc_123") as conn:
                conn.session_update({"type": "realtime", "instructions": "Be brief."})
        """
        problems: List[str] = []
        _check_id("call_id", call_id, problems)
        _check_id("model", model, problems)
        if call_id is None and model is None and not extra_query:
            problems.append("call_id: pass call_id (to attach to a call) or model (for a new session)")
        if problems:
            raise RequestValidationError(problems)
        query: Dict[str, str] = {}
        if model is not None:
            query["model"] = model
        if call_id is not None:
            query["call_id"] = call_id
        query.update(extra_query or {})
        url = build_url(self._client.base_url, query)
        headers = {k: v for k, v in self._client._auth_headers().items() if k.lower() not in _DROPPED_HEADERS}
        for name, value in (extra_headers or {}).items():
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            if value is not None:
                headers[name] = value
        request = HttpRequest("GET", url, headers)
        client_timeout = self._client.timeout
        handshake_timeout = client_timeout if timeout is None else Timeout.of(timeout)
        chosen = connector or self._connector
        if chosen is None:
            from ._websocket_client import WebSocketClientConnector

            chosen = WebSocketClientConnector()
        log.debug("sideband connecting to %s", url)
        connection = chosen.connect(request, timeout=handshake_timeout)
        return RealtimeConnection(connection, call_id=call_id, model=model, raise_on_error=raise_on_error)

    def __repr__(self) -> str:
        return "<Realtime base_url=%r>" % (self._client.base_url,)


class RealtimeConnection:
    """A live sideband connection: send client events, receive server events.

    Thread-safety: one thread receives (``recv`` or iteration); any thread
    may ``send`` at the same time (sends are serialised by a lock). Events
    are read by a background thread, so pings are answered even while your
    code is busy, and ``recv(timeout=...)`` never waits longer than asked.

    Example::

        with client.realtime.connect(call_id="rtc_123") as conn:
            conn.response_create()
            for event in conn:
                if event.type == "response.done":
                    break
    """

    def __init__(
        self,
        connection: WebSocketConnection,
        *,
        call_id: Optional[str] = None,
        model: Optional[str] = None,
        raise_on_error: bool = False,
    ) -> None:
        self._connection = connection
        self.call_id = call_id
        self.model = model
        self.raise_on_error = raise_on_error

    # -- sending ---------------------------------------------------------------
    def send(self, event: Union[Mapping[str, Any], Any]) -> None:
        """Send a client event: a typed event or a dict in the official SDK's form.

        Example::

            conn.send({"type": "response.create", "response": {"instructions": "Say bye."}})
        """
        self.send_raw(self._encode(event))

    def send_raw(self, text: str) -> None:
        """Send one text message as is (no validation).

        Example::

            conn.send_raw('{"type":"input_audio_buffer.clear"}')
        """
        self._connection.send_text(text)

    def _encode(self, event: Any) -> str:
        if not isinstance(event, Mapping):
            raise RequestValidationError(["event: expected a client event or a dict, got %s" % type(event).__name__])
        data = dict(event)
        if not isinstance(data.get("type"), str) or not data["type"]:
            raise RequestValidationError(["event.type: expected a non-empty string, got %r" % (data.get("type"),)])
        return _dumps(data, "event")

    # -- receiving -------------------------------------------------------------
    def recv_raw(self, timeout: Optional[float] = None) -> str:
        """The next message as text, unparsed.

        Example::

            text = conn.recv_raw(timeout=5)
        """
        return self._connection.recv_text(timeout)

    def recv(self, timeout: Optional[float] = None) -> Any:
        """The next server event (waits at most ``timeout`` seconds; ``RecvTimeout`` after).

        Example::

            event = conn.recv(timeout=10)
        """
        return json.loads(self.recv_raw(timeout))

    def __iter__(self) -> Iterator[Any]:
        """Events until the connection closes (normal close: the loop ends; a drop: raises).

        Example::

            for event in conn:
                print(event.type)
        """
        while True:
            try:
                yield self.recv()
            except ConnectionClosedOK:
                return

    # -- lifecycle -------------------------------------------------------------
    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the WebSocket (idempotent). Closing it does not hang up the call.

        Example::

            conn.close()
        """
        self._connection.close(code, reason)

    def __enter__(self) -> "RealtimeConnection":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        target = "call_id=%r" % self.call_id if self.call_id is not None else "model=%r" % self.model
        return "<RealtimeConnection %s>" % target


def _dumps(data: Any, where: str) -> str:
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(["%s: cannot be encoded as JSON (%s)" % (where, exc)]) from None
