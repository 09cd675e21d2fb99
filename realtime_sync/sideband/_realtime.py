"""``client.realtime``: open sideband connections and exchange events on them.

One job: build the handshake (URL, headers) from the client's settings, and
wrap an open :class:`WebSocketConnection` in :class:`RealtimeConnection`,
which turns events into JSON text and back.
"""

import base64
import json
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Union

from .._redaction import library_logger
from .._types import NOT_GIVEN, NotGiven, TimeoutArg
from ..errors import RequestValidationError
from ..transport import HttpRequest, Timeout
from ._connection import WebSocketConnection, WebSocketConnector
from ._errors import ConnectionClosedOK

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient
    from .._resources import Calls, ClientSecrets, Translations

    # The event types load on first send/recv: ``client.realtime.calls`` (a REST
    # call in a webhook handler) must not pay for importing some 100 event classes.
    from .events import ClientEvent, ConversationItem, ResponseCreateParams, ServerEvent, SessionUpdate

__all__ = ["Realtime", "RealtimeConnection", "websocket_url"]

log = library_logger("realtime_sync.sideband")

# Headers that mean something for a POST with a body, nothing for an upgrade GET.
_DROPPED_HEADERS = frozenset(["content-type", "content-length", "accept"])

JSONObject = Dict[str, Any]


def websocket_url(url: str) -> str:
    """``url`` with its scheme turned into the WebSocket one: ``https`` -> ``wss``, ``http`` -> ``ws``."""
    scheme, sep, rest = url.partition("://")
    return {"https": "wss", "http": "ws"}.get(scheme.lower(), scheme) + sep + rest


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
        # The REST resources under the official SDK's paths: the client's own
        # objects (client.realtime.calls is client.calls), one implementation.
        self.calls: "Calls" = client.calls
        self.client_secrets: "ClientSecrets" = client.client_secrets
        self.translations: "Translations" = client.translations

    @property
    def with_raw_response(self) -> "RealtimeWithRawResponse":
        """``client.realtime.with_raw_response.calls.create(...)`` and friends, as in the SDK.

        Example::

            raw = client.realtime.with_raw_response.calls.create(sdp=offer)
            print(raw.headers["location"])
        """
        return RealtimeWithRawResponse(self)

    @property
    def with_streaming_response(self) -> "RealtimeWithStreamingResponse":
        """``client.realtime.with_streaming_response.calls.create(...)`` and friends, as in the SDK."""
        return RealtimeWithStreamingResponse(self)

    def connect(
        self,
        *,
        call_id: Optional[str] = None,
        model: Optional[str] = None,
        extra_query: Optional[Mapping[str, str]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        connector: Optional[WebSocketConnector] = None,
        raise_on_error: bool = False,
    ) -> "RealtimeConnection":
        """Open a WebSocket attached to call ``call_id`` (or a new session for ``model``).

        Raises ``NotFoundError`` (``code == "call_id_not_found"``) for an
        unknown call, ``AuthenticationError`` for a bad key,
        ``APIConnectionError``/``APITimeoutError`` when the server is
        unreachable, ``MissingDependencyError`` without websocket-client.
        ``timeout`` bounds the handshake (not given: the client's timeout;
        ``None``: no timeout at all, as on the REST calls). With ``raise_on_error=True``, ``recv`` raises
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
        # The client builds it (its headers, per-call headers, the same checks as
        # every REST request); only the scheme differs: https -> wss.
        built = self._client.build_request("GET", "/realtime", accept=None, query=query, extra_headers=extra_headers)
        explicit = {name.lower() for name in (extra_headers or {})}
        headers = [
            (k, v) for k, v in built.headers.items() if k.lower() not in _DROPPED_HEADERS or k.lower() in explicit
        ]
        url = websocket_url(built.url)
        request = HttpRequest("GET", url, headers)
        handshake_timeout = self._client.timeout if isinstance(timeout, NotGiven) else Timeout.of(timeout)
        chosen = connector or self._connector
        if chosen is None:
            from ._websocket_client import WebSocketClientConnector

            chosen = WebSocketClientConnector()
        log.debug("sideband connecting to %s", url)
        connection = chosen.connect(request, timeout=handshake_timeout)
        return RealtimeConnection(
            connection, call_id=call_id, model=model, raise_on_error=raise_on_error, strict=self._client.strict
        )

    def __repr__(self) -> str:
        return "<Realtime base_url=%r>" % (self._client.base_url,)


class RealtimeWithRawResponse:
    """``client.realtime.with_raw_response``: ``calls``, ``client_secrets``, ``translations`` returning raw answers."""

    def __init__(self, realtime: Realtime) -> None:
        self.calls = realtime.calls.with_raw_response
        self.client_secrets = realtime.client_secrets.with_raw_response
        self.translations = realtime.translations.with_raw_response


class RealtimeWithStreamingResponse:
    """``client.realtime.with_streaming_response``: the same, as ``with`` blocks."""

    def __init__(self, realtime: Realtime) -> None:
        self.calls = realtime.calls.with_streaming_response
        self.client_secrets = realtime.client_secrets.with_streaming_response
        self.translations = realtime.translations.with_streaming_response


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
        strict: bool = True,
    ) -> None:
        self._connection = connection
        self.call_id = call_id
        self.model = model
        self.raise_on_error = raise_on_error
        #: The default of ``send(strict=...)``: the client's ``strict`` setting.
        self.strict = strict

    # -- sending ---------------------------------------------------------------
    def send(self, event: "Union[ClientEvent, Mapping[str, Any]]", *, strict: Optional[bool] = None) -> None:
        """Send a client event: a typed event or a dict in the official SDK's form.

        The event is validated first (``RequestValidationError`` names every
        bad field; nothing is sent). ``strict=False`` (or a client made with
        ``strict=False``) forwards unknown keys of a dict unchanged. Use
        :meth:`send_raw` to skip validation.

        Example::

            conn.send({"type": "response.create", "response": {"instructions": "Say bye."}})
            conn.send(ResponseCancelEvent())
        """
        from .events import client_event_to_dict

        data = client_event_to_dict(event, strict=self.strict if strict is None else bool(strict))
        text = _dumps(data, "event")
        log.debug("sideband send %s (%d bytes)", data.get("type"), len(text))
        self._connection.send_text(text)

    def send_raw(self, text: str) -> None:
        """Send one text message as is (no validation).

        Example::

            conn.send_raw('{"type":"input_audio_buffer.clear"}')
        """
        self._connection.send_text(text)

    # -- convenience senders (one per common client event) ----------------------
    def session_update(
        self, session: "Union[SessionUpdate, Mapping[str, Any]]", *, event_id: Optional[str] = None
    ) -> None:
        """Send ``session.update``; a dict without ``type`` is a realtime session.

        Example::

            conn.session_update({"instructions": "Speak French.", "audio": {"output": {"voice": "marin"}}})
        """
        if isinstance(session, Mapping) and "type" not in session:
            session = dict(session, type="realtime")
        self.send(_event("session.update", event_id, session=session))

    def response_create(
        self,
        response: "Optional[Union[ResponseCreateParams, Mapping[str, Any]]]" = None,
        *,
        event_id: Optional[str] = None,
    ) -> None:
        """Send ``response.create`` (ask the model to respond), with optional per-response settings.

        Example::

            conn.response_create({"instructions": "Confirm the booking."})
        """
        self.send(_event("response.create", event_id, response=response))

    def response_cancel(self, response_id: Optional[str] = None, *, event_id: Optional[str] = None) -> None:
        """Send ``response.cancel`` (the in-progress response, or ``response_id``)."""
        self.send(_event("response.cancel", event_id, response_id=response_id))

    def conversation_item_create(
        self,
        item: "Union[ConversationItem, Mapping[str, Any]]",
        *,
        previous_item_id: Optional[str] = None,
        event_id: Optional[str] = None,
    ) -> None:
        """Send ``conversation.item.create``.

        Example::

            conn.conversation_item_create({"type": "message", "role": "user",
                                           "content": [{"type": "input_text", "text": "Hi"}]})
        """
        self.send(_event("conversation.item.create", event_id, item=item, previous_item_id=previous_item_id))

    def function_call_output(self, call_id: str, output: Union[str, Any], *, respond: bool = True) -> None:
        """Answer a function call: a ``function_call_output`` item, then ``response.create`` if ``respond``.

        ``output`` that is not a string is JSON-encoded.

        Example::

            conn.function_call_output(event.call_id, {"balance": 42})
        """
        text = output if isinstance(output, str) else _dumps(output, "output")
        self.conversation_item_create({"type": "function_call_output", "call_id": call_id, "output": text})
        if respond:
            self.response_create()

    def conversation_item_delete(self, item_id: str, *, event_id: Optional[str] = None) -> None:
        """Send ``conversation.item.delete``.

        Example::

            conn.conversation_item_delete("item_1")
        """
        self.send(_event("conversation.item.delete", event_id, item_id=item_id))

    def conversation_item_retrieve(self, item_id: str, *, event_id: Optional[str] = None) -> None:
        """Send ``conversation.item.retrieve`` (answered by ``conversation.item.retrieved``).

        Example::

            conn.conversation_item_retrieve("item_1")
        """
        self.send(_event("conversation.item.retrieve", event_id, item_id=item_id))

    def conversation_item_truncate(
        self, item_id: str, *, content_index: int, audio_end_ms: int, event_id: Optional[str] = None
    ) -> None:
        """Send ``conversation.item.truncate`` (cut assistant audio where the caller stopped hearing it).

        Example::

            conn.conversation_item_truncate("item_1", content_index=0, audio_end_ms=1200)
        """
        self.send(
            _event(
                "conversation.item.truncate",
                event_id,
                item_id=item_id,
                content_index=content_index,
                audio_end_ms=audio_end_ms,
            )
        )

    def input_audio_buffer_append(self, audio: Union[bytes, str], *, event_id: Optional[str] = None) -> None:
        """Send ``input_audio_buffer.append``; ``bytes`` are base64-encoded for you.

        Example::

            conn.input_audio_buffer_append(pcm16_chunk)
        """
        if isinstance(audio, (bytes, bytearray, memoryview)):
            audio = base64.b64encode(bytes(audio)).decode("ascii")
        self.send(_event("input_audio_buffer.append", event_id, audio=audio))

    def input_audio_buffer_commit(self, *, event_id: Optional[str] = None) -> None:
        """Send ``input_audio_buffer.commit``."""
        self.send(_event("input_audio_buffer.commit", event_id))

    def input_audio_buffer_clear(self, *, event_id: Optional[str] = None) -> None:
        """Send ``input_audio_buffer.clear``."""
        self.send(_event("input_audio_buffer.clear", event_id))

    def output_audio_buffer_clear(self, *, event_id: Optional[str] = None) -> None:
        """Send ``output_audio_buffer.clear`` (WebRTC/SIP: stop the audio being played)."""
        self.send(_event("output_audio_buffer.clear", event_id))

    # -- receiving -------------------------------------------------------------
    def recv_raw(self, timeout: Optional[float] = None) -> str:
        """The next message as text, unparsed.

        Example::

            text = conn.recv_raw(timeout=5)
        """
        return self._connection.recv_text(timeout)

    def recv(self, timeout: Optional[float] = None) -> "ServerEvent":
        """The next server event, typed (waits at most ``timeout`` seconds, then ``RecvTimeout``).

        Unknown event types arrive as ``UnknownServerEvent``. With
        ``raise_on_error`` an ``error`` event raises ``ServerEventError``.
        A known event with a wrong shape is still delivered (read tolerantly:
        a missing field is ``None``, an unexpected value is kept as sent).

        Example::

            event = conn.recv(timeout=10)
            if event.type == "error":
                print(event.error.code, event.error.message)
        """
        text = self._connection.recv_text(timeout)
        from .events import RealtimeErrorEvent, parse_server_event

        event = parse_server_event(text)
        log.debug("sideband recv %s (%d bytes)", event.type, len(text))
        if self.raise_on_error and isinstance(event, RealtimeErrorEvent):
            raise event.to_exception()
        return event

    def __iter__(self) -> "Iterator[ServerEvent]":
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
        """Close the WebSocket (idempotent). Closing it does not hang up the call."""
        self._connection.close(code, reason)

    def __enter__(self) -> "RealtimeConnection":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        target = "call_id=%r" % self.call_id if self.call_id is not None else "model=%r" % self.model
        return "<RealtimeConnection %s>" % target


def _event(type_: str, event_id: Optional[str], **fields: Any) -> Dict[str, Any]:
    event = {"type": type_}
    if event_id is not None:
        event["event_id"] = event_id
    event.update((k, v) for k, v in fields.items() if v is not None)
    return event


def _dumps(data: Any, where: str) -> str:
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(["%s: cannot be encoded as JSON (%s)" % (where, exc)]) from None
