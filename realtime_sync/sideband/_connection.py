"""The WebSocket layer under sideband connections: a tiny protocol of our own.

Like :class:`~realtime_sync.transport.Transport` for HTTP, this keeps the
WebSocket library at arm's length. A *connector* turns a handshake request
(an :class:`~realtime_sync.transport.HttpRequest` with method ``GET`` and a
``ws://``/``wss://`` URL) into an open *connection* that moves text
messages. It knows nothing about JSON or Realtime events.

Implementations shipped:

* ``WebSocketClientConnector`` (module ``_websocket_client``, the only module
  importing ``websocket-client``; loaded when ``connect`` runs);
* ``ReplayConnector`` and ``RecordingConnector`` (module ``_replay``):
  recorded event streams, offline.

Contract for implementations:

* ``connect`` raises the ``APIStatusError`` subclass for a refused handshake
  (build it with ``errors.status_error_from_response``), ``APITimeoutError``
  when the handshake times out and ``APIConnectionError`` otherwise.
* ``recv_text(timeout)`` returns the next text message, raises
  ``RecvTimeout`` when ``timeout`` seconds pass (the connection stays open)
  and ``ConnectionClosed`` once closed, on every later call too.
* ``send_text`` may be called from another thread than ``recv_text``.
* ``close`` is idempotent.

A connector of your own::

    class Canned:
        def connect(self, request, *, timeout):
            return MyConnection(['{"type":"session.created","event_id":"e1","session":{}}'])
"""

from typing import Optional, Protocol

from ..transport import HttpRequest, Timeout

__all__ = ["WebSocketConnection", "WebSocketConnector"]


class WebSocketConnection(Protocol):
    """An open WebSocket carrying text messages.

    Example::

        conn.send_text('{"type":"response.create"}')
        text = conn.recv_text(timeout=5.0)
        conn.close()
    """

    def send_text(self, text: str) -> None:  # pragma: no cover
        """Send one text message (thread-safe against a concurrent ``recv_text``)."""
        ...

    def recv_text(self, timeout: Optional[float] = None) -> str:  # pragma: no cover
        """The next text message; ``RecvTimeout`` after ``timeout`` s, ``ConnectionClosed`` once closed."""
        ...

    def close(self, code: int = 1000, reason: str = "") -> None:  # pragma: no cover
        """Close the connection (idempotent)."""
        ...


class WebSocketConnector(Protocol):
    """Opens WebSocket connections: what ``client.realtime.connect`` needs.

    Example::

        conn = connector.connect(HttpRequest("GET", "wss://api.openai.com/v1/realtime?call_id=rtc_1",
                                             {"Authorization": "Bearer sk-..."}), timeout=Timeout(5, 60))
    """

    def connect(self, request: HttpRequest, *, timeout: Timeout) -> WebSocketConnection:  # pragma: no cover
        """Do the opening handshake and return the open connection."""
        ...
