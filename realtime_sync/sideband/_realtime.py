"""``client.realtime``: open sideband connections and exchange events on them.

One job: build the handshake (URL, headers) from the client's settings, and
wrap an open :class:`WebSocketConnection` in :class:`RealtimeConnection`,
which turns events into JSON text and back.
"""

import base64
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Optional, Union

from .._text import short_repr
from .._types import NOT_GIVEN, TimeoutArg
from ..errors import RequestValidationError
from ._connection import WebSocketConnection, WebSocketConnector
from ._connection_resources import (
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
    TranslationsSessionResource,
)
from ._core import EventConnection, dumps_event, handshake_opener, websocket_url
from ._reconnect import ReconnectingEvent, ReconnectingOverrides, check_options

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient
    from .._resources import Calls, ClientSecrets, Translations

    # The event types load on first send/recv: ``client.realtime.calls`` (a REST
    # call in a webhook handler) must not pay for importing some 100 event classes.
    from .events import (
        ClientEvent,
        ConversationItem,
        ResponseCreateParams,
        ServerEvent,
        SessionUpdate,
        TranslationClientEvent,
        TranslationServerEvent,
    )

__all__ = ["Realtime", "RealtimeConnection", "TranslationsConnection", "connect_translations", "websocket_url"]

JSONObject = Dict[str, Any]


def _check_id(name: str, value: Optional[str], problems: List[str]) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        problems.append("%s: expected a non-empty string, got %s" % (name, short_repr(value)))


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
        on_reconnecting: "Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]" = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> "RealtimeConnection":
        """Open a WebSocket attached to call ``call_id`` (or a new session for ``model``).

        Reconnecting, as the official SDK does: with an ``on_reconnecting``
        handler, iterating the connection (``for event in conn``) survives a
        drop or a close code worth retrying (1001, 1005, 1006, 1011, 1012,
        1013, 1015) with up to ``max_retries`` attempts, waiting
        ``min(initial_delay * 2 ** (n - 1), max_delay)`` seconds (less up to a
        quarter, at random) before attempt ``n``; the handler gets a
        :class:`ReconnectingEvent` first and may return ``{"abort": True}`` or
        new ``extra_query``/``extra_headers``. Events sent while reconnecting
        are queued and sent on the new connection. Without a handler nothing is
        retried (the SDK's default).

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
        problems: List[str] = check_options(max_retries, initial_delay, max_delay, on_reconnecting)
        _check_id("call_id", call_id, problems)
        _check_id("model", model, problems)
        if extra_query is not None and (
            not isinstance(extra_query, Mapping) or not all(isinstance(k, str) for k in extra_query)
        ):
            problems.append("extra_query: expected a mapping of names to strings, got %s" % type(extra_query).__name__)
            extra_query = None
        if call_id is None and model is None and not extra_query:
            problems.append("call_id: pass call_id (to attach to a call) or model (for a new session)")
        if problems:
            raise RequestValidationError(problems)
        query_first = {"model": model} if model is not None else {}
        query_last = {"call_id": call_id} if call_id is not None else {}

        def query(extra: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
            # The model first, then extra_query, then the call id on top (as the SDK
            # builds it, again for each reconnect attempt).
            return dict(query_first, **dict(extra or {}), **query_last)

        open_connection = handshake_opener(
            self._client, "/realtime", query, connector=connector or self._connector, timeout=timeout
        )
        connection = open_connection(extra_query, extra_headers)
        return RealtimeConnection(
            connection,
            call_id=call_id,
            model=model,
            raise_on_error=raise_on_error,
            strict=self._client.strict,
            reopen=open_connection if on_reconnecting is not None else None,
            on_reconnecting=on_reconnecting,
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            extra_query=dict(extra_query or {}),
            extra_headers=dict(extra_headers or {}),
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


class RealtimeConnection(EventConnection):
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
        **options: Any,
    ) -> None:
        super().__init__(connection, **options)
        self.call_id = call_id
        self.model = model
        # The official SDK's resource-style senders.
        self.session = RealtimeSessionResource(self)
        self.response = RealtimeResponseResource(self)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self)
        self.conversation = RealtimeConversationResource(self)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self)

    # -- the Realtime events ------------------------------------------------------
    def encode_event(self, event: Any, strict: bool) -> Dict[str, Any]:
        """Validate a Realtime client event (typed or a dict) and return its JSON form."""
        from .events import client_event_to_dict

        return client_event_to_dict(event, strict=strict)

    def parse_event(self, data: Union[str, bytes]) -> "ServerEvent":
        """A raw message (from :meth:`recv_bytes` or :meth:`recv_raw`) as a typed server event."""
        from .events import parse_server_event

        return parse_server_event(data.decode("utf-8") if isinstance(data, bytes) else data)

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
        super().send(event, strict=strict)

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
        event: "ServerEvent" = super().recv(timeout)
        return event

    def __iter__(self) -> "Iterator[ServerEvent]":
        """Events until the connection closes (normal close: the loop ends; a drop: raises).

        With ``connect(on_reconnecting=...)`` a drop (or a close code worth
        retrying) reconnects first, as in the official SDK; the loop goes on
        with the new connection.

        Example::

            for event in conn:
                print(event.type)
        """
        return super().__iter__()

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
        text = output if isinstance(output, str) else dumps_event(output, "output")
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

    def enter(self) -> "RealtimeConnection":
        """The connection itself (the SDK's ``client.realtime.connect(...).enter()``); close it when done."""
        return self

    def __enter__(self) -> "RealtimeConnection":
        return self

    def __repr__(self) -> str:
        target = "call_id=%r" % self.call_id if self.call_id is not None else "model=%r" % self.model
        return "<RealtimeConnection %s>" % target


def _event(type_: str, event_id: Optional[str], **fields: Any) -> Dict[str, Any]:
    event = {"type": type_}
    if event_id is not None:
        event["event_id"] = event_id
    event.update((k, v) for k, v in fields.items() if v is not None)
    return event


def connect_translations(
    client: "RealtimeClient",
    model: str,
    *,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_headers: Optional[Mapping[str, Optional[str]]] = None,
    timeout: TimeoutArg = NOT_GIVEN,
    connector: Optional[WebSocketConnector] = None,
    raise_on_error: bool = False,
    on_reconnecting: "Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]" = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
) -> "TranslationsConnection":
    """``client.realtime.translations.connect(model)``: a translation session on ``/realtime/translations``."""
    problems: List[str] = check_options(max_retries, initial_delay, max_delay, on_reconnecting)
    if not isinstance(model, str) or not model.strip():
        problems.append("model: expected the translation model's name, got %r" % (model,))
    if problems:
        raise RequestValidationError(problems)

    def query(extra: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        # The model first, then extra_query (the SDK's order), again for each reconnect attempt.
        return dict({"model": model}, **dict(extra or {}))

    open_connection = handshake_opener(client, "/realtime/translations", query, connector=connector, timeout=timeout)
    connection = open_connection(extra_query, extra_headers)
    return TranslationsConnection(
        connection,
        model=model,
        raise_on_error=raise_on_error,
        strict=client.strict,
        reopen=open_connection if on_reconnecting is not None else None,
        on_reconnecting=on_reconnecting,
        max_retries=max_retries,
        initial_delay=initial_delay,
        max_delay=max_delay,
        extra_query=dict(extra_query or {}),
        extra_headers=dict(extra_headers or {}),
    )


class TranslationsConnection(EventConnection):
    """A live translation session (``client.realtime.translations.connect(model)``).

    The official SDK's senders: ``conn.session.update(session=...)``,
    ``conn.session.close()``, ``conn.session.input_audio_buffer.append(audio=...)``;
    the events are the translation session's (``session.output_transcript.delta``...).

    Example::

        with client.realtime.translations.connect("gpt-realtime-translate") as conn:
            conn.session.input_audio_buffer.append(audio=chunk_b64)
            for event in conn:
                print(event.type)
    """

    log_name = "translation"

    def __init__(self, connection: WebSocketConnection, *, model: Optional[str] = None, **options: Any) -> None:
        super().__init__(connection, **options)
        self.model = model
        self.session = TranslationsSessionResource(self)

    def encode_event(self, event: Any, strict: bool) -> Dict[str, Any]:
        """Validate a translation client event (typed or a dict) and return its JSON form."""
        from .events import client_event_to_dict

        return client_event_to_dict(event, translation=True, strict=strict)

    def parse_event(self, data: Union[str, bytes]) -> "TranslationServerEvent":
        """A raw message as a typed translation server event."""
        from .events import parse_translation_server_event

        return parse_translation_server_event(data.decode("utf-8") if isinstance(data, bytes) else data)

    def send(self, event: "Union[TranslationClientEvent, Mapping[str, Any]]", *, strict: Optional[bool] = None) -> None:
        """Send a translation client event (typed, or a dict in the SDK's form), validated first."""
        super().send(event, strict=strict)

    def recv(self, timeout: Optional[float] = None) -> "TranslationServerEvent":
        """The next translation server event (at most ``timeout`` seconds, then ``RecvTimeout``)."""
        event: "TranslationServerEvent" = super().recv(timeout)
        return event

    def __iter__(self) -> "Iterator[TranslationServerEvent]":
        """Translation events until the connection closes (a drop raises, or reconnects with a handler)."""
        return super().__iter__()

    def __repr__(self) -> str:
        return "<TranslationsConnection model=%r>" % (self.model,)
