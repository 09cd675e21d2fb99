"""The Live WebSockets: ``client.live.connect()``, ``client.live.sideband.connect()``, ``client.live.forks.connect()``.

Three connections on the one connection core of the Realtime sideband
(``sideband._core.EventConnection`` and the connector under it), so the error
mapping, key scrubbing, keepalive, proxy support, redirect refusal, bounded
frames and queue, reconnecting and recordings are the same code. What is Live
here: the URLs (live-api.md section 4), the events (:mod:`realtime_sync.live.events`),
which client events each connection accepts, the end of the stream at
``session.closed``, and the senders (the official SDK's resource style,
``conn.session.instructions.append(...)``, plus flat helpers for what a phone
app does: ``send_dtmf``, ``append_instructions``, ``create_response``, ``mute``,
``unmute``, ``close_session``).
"""

import base64
from typing import TYPE_CHECKING, Any, Dict, Iterator, Mapping, Optional, Type, TypeVar, Union

from .._resource import id_segment
from .._text import short_repr
from .._types import NOT_GIVEN, NotGiven, TimeoutArg
from ..errors import RequestValidationError
from ..sideband._connection import WebSocketConnection, WebSocketConnector
from ..sideband._core import EventConnection, ReconnectHandler, dumps_event, handshake_opener
from ..sideband._reconnect import check_options

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient

    # Loaded on first send/recv, as for the Realtime sideband.
    from .events import LiveServerEvent

__all__ = [
    "LiveConnection",
    "LiveDecisionItemSender",
    "LiveDecisionSender",
    "LiveDtmfSender",
    "LiveForkConnection",
    "LiveForks",
    "LiveInputAudioSender",
    "LiveOutputAudioFixtureSender",
    "LiveOutputAudioSender",
    "LiveResponseItemSender",
    "LiveResponseSender",
    "LiveSessionSender",
    "LiveSideband",
    "LiveSidebandConnection",
    "LiveTextSender",
    "LiveTransportSender",
    "open_live",
]

Given = Union[Any, NotGiven]


def _event(type_: str, **fields: Any) -> Dict[str, Any]:
    # The SDK's strip_not_given: a field left out is not sent; None is sent as null.
    event: Dict[str, Any] = {"type": type_}
    event.update((k, v) for k, v in fields.items() if not isinstance(v, NotGiven))
    return event


def _audio_text(audio: Union[str, bytes, bytearray, memoryview]) -> str:
    if isinstance(audio, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(audio)).decode("ascii")
    return audio


# --------------------------------------------------------------------------- the SDK's resource-style senders


class _Sender:
    def __init__(self, connection: "LiveConnection") -> None:
        self._connection = connection


class LiveTextSender(_Sender):
    """``conn.session.instructions`` / ``.thinking`` / ``.commentary``: ``append(content=, delegation_id=)``."""

    def __init__(self, connection: "LiveConnection", type_: str) -> None:
        super().__init__(connection)
        self._type = type_

    def append(self, *, content: str, delegation_id: Given = NOT_GIVEN, event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.<kind>.append`` (``delegation_id=None`` sends ``null``, as the SDK does).

        Example::

            conn.session.instructions.append(content="The caller is a premium customer.", delegation_id=None)
        """
        self._connection.send(_event(self._type, content=content, delegation_id=delegation_id, event_id=event_id))


class LiveInputAudioSender(_Sender):
    """``conn.session.input_audio``: ``append(audio=)`` (primary and fork), ``mute()``, ``unmute()``."""

    def append(self, *, audio: Union[str, bytes], event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.input_audio.append``; ``bytes`` are base64-encoded for you."""
        self._connection.send(_event("session.input_audio.append", audio=_audio_text(audio), event_id=event_id))

    def mute(self, *, event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.input_audio.mute`` (acknowledged by ``session.input_audio.muted``)."""
        self._connection.send(_event("session.input_audio.mute", event_id=event_id))

    def unmute(self, *, event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.input_audio.unmute`` (acknowledged by ``session.input_audio.unmuted``)."""
        self._connection.send(_event("session.input_audio.unmute", event_id=event_id))


class LiveOutputAudioFixtureSender(_Sender):
    """``conn.session.output_audio.fixture``: ``play(audio=)``."""

    def play(self, *, audio: Union[str, bytes], event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.output_audio.fixture.play`` (PCM16 24 kHz mono, at most 30 s; ``bytes`` encoded for you)."""
        self._connection.send(_event("session.output_audio.fixture.play", audio=_audio_text(audio), event_id=event_id))


class LiveOutputAudioSender(_Sender):
    """``conn.session.output_audio``: holds ``fixture``."""

    def __init__(self, connection: "LiveConnection") -> None:
        super().__init__(connection)
        self.fixture = LiveOutputAudioFixtureSender(connection)


class LiveSessionSender(_Sender):
    """``conn.session``: ``start``, ``update``, ``close`` and the ``input_audio``/``instructions``/... senders."""

    def __init__(self, connection: "LiveConnection") -> None:
        super().__init__(connection)
        self.input_audio = LiveInputAudioSender(connection)
        self.instructions = LiveTextSender(connection, "session.instructions.append")
        self.thinking = LiveTextSender(connection, "session.thinking.append")
        self.commentary = LiveTextSender(connection, "session.commentary.append")
        self.output_audio = LiveOutputAudioSender(connection)

    def start(self, *, session: Mapping[str, Any], event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.start`` (primary: the session configuration; fork: overrides, ``{}`` for none).

        Example::

            conn.session.start(session={"model": "gpt-live-1", "instructions": "Greet the caller."})
        """
        self._connection.send(_event("session.start", session=session, event_id=event_id))

    def update(self, *, session: Mapping[str, Any], event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.update`` (delegation settings, triggers)."""
        self._connection.send(_event("session.update", session=session, event_id=event_id))

    def close(self, *, event_id: Given = NOT_GIVEN) -> None:
        """Send ``session.close``: the session ends, ``session.closed`` follows (the socket stays open until then)."""
        self._connection.send(_event("session.close", event_id=event_id))


class LiveDecisionItemSender(_Sender):
    """``conn.decision.item``: ``create(item=)``, ``delete(item_id=)``."""

    def create(self, *, item: Mapping[str, Any], event_id: Given = NOT_GIVEN) -> None:
        """Send ``decision.item.create`` (an item for future decisions)."""
        self._connection.send(_event("decision.item.create", item=item, event_id=event_id))

    def delete(self, *, item_id: str, event_id: Given = NOT_GIVEN) -> None:
        """Send ``decision.item.delete``."""
        self._connection.send(_event("decision.item.delete", item_id=item_id, event_id=event_id))


class LiveDecisionSender(_Sender):
    """``conn.decision``: ``create(event_id=)`` and ``item``."""

    def __init__(self, connection: "LiveConnection") -> None:
        super().__init__(connection)
        self.item = LiveDecisionItemSender(connection)

    def create(self, *, event_id: str) -> None:
        """Send ``decision.create`` (evaluate the questions now; ``event_id`` required, never reused)."""
        self._connection.send(_event("decision.create", event_id=event_id))


class LiveResponseItemSender(_Sender):
    """``conn.response.item``: ``create(item=)``."""

    def create(self, *, item: Mapping[str, Any], event_id: Given = NOT_GIVEN) -> None:
        """Send ``response.item.create`` (a Responses input item: a message, a ``function_call_output``...)."""
        self._connection.send(_event("response.item.create", item=item, event_id=event_id))


class LiveResponseSender(_Sender):
    """``conn.response``: ``create()`` and ``item``."""

    def __init__(self, connection: "LiveConnection") -> None:
        super().__init__(connection)
        self.item = LiveResponseItemSender(connection)

    def create(self, *, event_id: Given = NOT_GIVEN) -> None:
        """Send ``response.create`` (requires Responses delegation)."""
        self._connection.send(_event("response.create", event_id=event_id))


class LiveDtmfSender(_Sender):
    """``conn.transport.dtmf`` (sideband only): ``send(event=)``."""

    def send(self, *, event: str, event_id: Given = NOT_GIVEN) -> None:
        """Send ``transport.dtmf.send``: one key, ``0``-``9``, ``A``-``D``, ``*`` or ``#`` (checked before sending)."""
        self._connection.send(_event("transport.dtmf.send", event=event, event_id=event_id))


class LiveTransportSender(_Sender):
    """``conn.transport`` (sideband only): holds ``dtmf``."""

    def __init__(self, connection: "LiveConnection") -> None:
        super().__init__(connection)
        self.dtmf = LiveDtmfSender(connection)


# --------------------------------------------------------------------------- connections


class LiveConnection(EventConnection):
    """A Live WebSocket: send client events, receive typed server events until ``session.closed``.

    Returned by ``client.live.connect()`` (the primary connection: send
    ``session.start`` first, or pass ``session=`` to ``connect``). Iterating
    yields every event up to and including ``session.closed``, then stops; a
    normal close ends it too, a dropped connection raises
    ``ConnectionClosedError`` (or reconnects, with ``on_reconnecting``).
    Threading, errors, keepalive and bounds are the Realtime sideband's
    (docs/sideband.md).

    Example::

        with client.live.connect(session={"model": "gpt-live-1"}) as conn:
            for event in conn:
                if event.type == "session.output_transcript.delta":
                    print(event.delta, end="")
    """

    log_name = "live"
    #: Which client events this connection accepts (``primary``, ``sideband`` or ``fork``).
    kind = "primary"

    def __init__(self, connection: WebSocketConnection, *, session_id: Optional[str] = None, **options: Any) -> None:
        super().__init__(connection, **options)
        #: The session attached to or forked (``None`` on a primary connection).
        self.session_id = session_id
        self.session = LiveSessionSender(self)
        self.decision = LiveDecisionSender(self)
        self.response = LiveResponseSender(self)

    # -- the Live events --------------------------------------------------------
    def encode_event(self, event: Any, strict: bool) -> Dict[str, Any]:
        """Validate a Live client event for this connection's kind and return its JSON form."""
        from .events import live_client_event_to_dict

        return live_client_event_to_dict(event, kind=self.kind, strict=strict)

    def parse_event(self, data: Union[str, bytes]) -> "LiveServerEvent":
        """A raw message as a typed Live server event (``APIResponseValidationError`` if not a JSON object)."""
        from .events import parse_live_server_event

        return parse_live_server_event(data)

    def ends_stream(self, event: Any) -> bool:
        """``session.closed`` is the last event of a Live connection: iteration stops after it."""
        return bool(event.type == "session.closed")

    def send(self, event: Any, *, strict: Optional[bool] = None) -> None:
        """Send a client event: a typed event from :mod:`realtime_sync.live.events` or a dict in the SDK's form.

        Validated first for this connection (a sideband refuses ``session.start``,
        only a sideband takes ``transport.dtmf.send``): ``RequestValidationError``
        names every bad field and nothing is sent.

        Example::

            conn.send({"type": "session.input_audio.mute"})
        """
        super().send(event, strict=strict)

    def recv(self, timeout: Optional[float] = None) -> "LiveServerEvent":
        """The next server event, typed (at most ``timeout`` seconds, then ``RecvTimeout``).

        Unknown types arrive as ``UnknownLiveServerEvent`` (``raw`` kept); an
        ``error`` event has ``.error.code`` (with ``raise_on_error`` it raises
        ``ServerEventError``); a message that is not a JSON object raises
        ``APIResponseValidationError`` and the connection stays usable.

        Example::

            event = conn.recv(timeout=10)
        """
        event: "LiveServerEvent" = super().recv(timeout)
        return event

    def __iter__(self) -> "Iterator[LiveServerEvent]":
        """Events up to and including ``session.closed`` (or a normal close); a drop raises or reconnects.

        Example::

            for event in conn:
                handle(event)
        """
        return super().__iter__()

    # -- what a phone app does -----------------------------------------------------
    def append_instructions(self, text: str, *, delegation_id: Optional[str] = None) -> None:
        """Append developer instructions to the running conversation.

        Example::

            conn.append_instructions("The caller's order 1234 shipped yesterday.")
        """
        self.send(_event("session.instructions.append", content=text, **_given(delegation_id=delegation_id)))

    def create_response(self) -> None:
        """Ask the Responses backend to respond (or continue after tool results)."""
        self.send(_event("response.create"))

    def mute(self) -> None:
        """Stop the caller's audio reaching the model (``session.input_audio.muted`` follows)."""
        self.send(_event("session.input_audio.mute"))

    def unmute(self) -> None:
        """Let the caller's audio reach the model again."""
        self.send(_event("session.input_audio.unmute"))

    def close_session(self) -> None:
        """End the Live session (``session.close``); iteration stops at the ``session.closed`` that follows.

        Unlike :meth:`close`, which only closes this WebSocket, this ends the call's session.
        """
        self.send(_event("session.close"))

    def function_call_output(self, call_id: str, output: Any, *, respond: bool = True) -> None:
        """Answer a delegated function call: a ``function_call_output`` item, then ``response.create`` if ``respond``.

        ``output`` that is not a string is JSON-encoded.

        Example::

            conn.function_call_output("call_1", {"status": "shipped"})
        """
        text = output if isinstance(output, str) else dumps_event(output, "output")
        item = {"type": "function_call_output", "call_id": call_id, "output": text}
        self.send(_event("response.item.create", item=item))
        if respond:
            self.create_response()

    def enter(self) -> "LiveConnection":
        """The connection itself (the SDK's ``connect(...).enter()``); close it when done."""
        return self

    def __enter__(self) -> "LiveConnection":
        return self

    def __repr__(self) -> str:
        target = " session_id=%r" % self.session_id if self.session_id is not None else ""
        return "<%s%s>" % (type(self).__name__, target)


class LiveSidebandConnection(LiveConnection):
    """A sideband attached to a running Live session (WebRTC or SIP): observe and steer it.

    No ``session.start`` and no audio append here; adds DTMF (``conn.send_dtmf("5")``,
    ``conn.transport.dtmf.send(event="5")``) and receives ``transport.*`` events.

    Example::

        with client.live.sideband.connect(session_id="live_123") as conn:
            for event in conn:
                if event.type == "transport.dtmf.received" and event.event == "0":
                    conn.append_instructions("The caller asked for an operator.")
    """

    kind = "sideband"

    def __init__(self, connection: WebSocketConnection, **options: Any) -> None:
        super().__init__(connection, **options)
        self.transport = LiveTransportSender(self)

    def send_dtmf(self, key: str, *, event_id: Optional[str] = None) -> None:
        """Send one DTMF key to the SIP trunk: ``0``-``9``, ``A``-``D``, ``*`` or ``#``.

        Anything else raises ``RequestValidationError`` before anything is sent.
        ``transport.dtmf.sent`` confirms it (``client_event_id`` = ``event_id``).

        Example::

            for key in "1234#":
                conn.send_dtmf(key)
        """
        self.send(_event("transport.dtmf.send", event=key, **_given(event_id=event_id)))


class LiveForkConnection(LiveConnection):
    """A fork of a stored Live session: like a primary connection; ``session.start`` carries overrides.

    Example::

        with client.live.forks.connect(session_id="live_123", session={}) as conn:
            print(conn.recv(timeout=10).type)   # session.started
    """

    kind = "fork"


def _given(**fields: Optional[Any]) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


# --------------------------------------------------------------------------- opening


C = TypeVar("C", bound=LiveConnection)


def open_live(
    client: "RealtimeClient",
    cls: Type[C],
    *,
    session_id: Optional[str] = None,
    session: Optional[Any] = None,
    graceful_close: Optional[bool] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_headers: Optional[Mapping[str, Optional[str]]] = None,
    timeout: TimeoutArg = NOT_GIVEN,
    connector: Optional[WebSocketConnector] = None,
    raise_on_error: bool = False,
    on_reconnecting: Optional[ReconnectHandler] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
) -> C:
    """Open a Live connection of class ``cls`` (what the three ``connect`` methods call).

    Everything is checked before the handshake (ids, reconnect options, the
    ``session`` for ``session.start``); with ``session`` given, ``session.start``
    is the first message sent.
    """
    problems = check_options(max_retries, initial_delay, max_delay, on_reconnecting)
    if graceful_close is not None and not isinstance(graceful_close, bool):
        problems.append("graceful_close: expected True or False, got %s" % short_repr(graceful_close))
    if problems:
        raise RequestValidationError(problems)
    kind = cls.kind
    path = "/live/sessions"
    if kind != "primary":
        path += "/%s/%s" % (id_segment("session_id", session_id), "attach" if kind == "sideband" else "fork")
    start_text: Optional[str] = None
    if session is not None:
        from .events import live_client_event_to_dict

        start = live_client_event_to_dict(
            {"type": "session.start", "session": session}, kind=kind, strict=client.strict
        )
        start_text = dumps_event(start)
    first = {"graceful_close": graceful_close} if graceful_close is not None else {}

    def query(extra: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        return dict(first, **dict(extra or {}))

    opener = handshake_opener(client, path, query, connector=connector, timeout=timeout, what="live")
    connection = cls(
        opener(extra_query, extra_headers),
        session_id=session_id,
        raise_on_error=raise_on_error,
        strict=client.strict,
        reopen=opener if on_reconnecting is not None else None,
        on_reconnecting=on_reconnecting,
        max_retries=max_retries,
        initial_delay=initial_delay,
        max_delay=max_delay,
        extra_query=dict(extra_query or {}),
        extra_headers=dict(extra_headers or {}),
    )
    if start_text is not None:
        try:
            connection.send_raw(start_text)
        except BaseException:
            connection.close()
            raise
    return connection


class LiveSideband:
    """``client.live.sideband``: attach to a running Live session (``/live/sessions/{id}/attach``)."""

    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client

    def connect(
        self,
        *,
        session_id: str,
        graceful_close: Optional[bool] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        connector: Optional[WebSocketConnector] = None,
        raise_on_error: bool = False,
        on_reconnecting: Optional[ReconnectHandler] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> LiveSidebandConnection:
        """Attach a sideband to session ``session_id`` (do not send ``session.start``).

        ``graceful_close=True`` asks the server for the closing handshake when the
        session ends (sent as ``?graceful_close=true``; left out when not given).
        The other options are those of ``client.live.connect``.

        Example::

            with client.live.sideband.connect(session_id=event.data.session_id) as conn:
                conn.send_dtmf("1")
        """
        return open_live(
            self._client,
            LiveSidebandConnection,
            session_id=session_id,
            graceful_close=graceful_close,
            extra_query=extra_query,
            extra_headers=extra_headers,
            timeout=timeout,
            connector=connector,
            raise_on_error=raise_on_error,
            on_reconnecting=on_reconnecting,
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
        )


class LiveForks:
    """``client.live.forks``: continue a stored Live session over a WebSocket (``/live/sessions/{id}/fork``)."""

    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client

    def connect(
        self,
        *,
        session_id: str,
        session: Optional[Any] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        connector: Optional[WebSocketConnector] = None,
        raise_on_error: bool = False,
        on_reconnecting: Optional[ReconnectHandler] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> LiveForkConnection:
        """Fork stored session ``session_id``: send ``session.start`` with overrides, or pass ``session=``.

        Example::

            with client.live.forks.connect(session_id="live_123", session={}) as conn:
                ...
        """
        return open_live(
            self._client,
            LiveForkConnection,
            session_id=session_id,
            session=session,
            extra_query=extra_query,
            extra_headers=extra_headers,
            timeout=timeout,
            connector=connector,
            raise_on_error=raise_on_error,
            on_reconnecting=on_reconnecting,
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
        )
