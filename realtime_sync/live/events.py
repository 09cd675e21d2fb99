"""Typed client and server events of the Live WebSockets (``client.live.connect`` and friends).

Declared in the same form as :mod:`realtime_sync.sideband.events` (attrs classes on
:class:`~realtime_sync.models.Model`, fallbacks on :class:`~realtime_sync.models.Unknown`,
``None`` = not given, :data:`~realtime_sync.models.NULL` = JSON ``null``) and read and
written by the same converter, so an unknown key is kept, a missing field reads as
``None`` and an unknown event type parses into :class:`UnknownLiveServerEvent` (``raw``
holds the whole object, ``.type`` works).

Three connections, three client unions (live-api.md section 4):

* :data:`LiveClientEvent`: the primary connection (``/live/sessions``), 15 events,
  ``session.start`` first;
* :data:`LiveSidebandClientEvent`: a sideband attached to a running session
  (``/live/sessions/{id}/attach``): no ``session.start`` or audio append, plus
  ``transport.dtmf.send``;
* :data:`LiveForkClientEvent`: a fork of a stored session (``/live/sessions/{id}/fork``):
  as primary, but ``session.start`` carries fork overrides.

All three receive :data:`LiveServerEvent` (28 event types). Where the Live API
embeds another API's objects they stay open: ``response.event`` carries a Responses
API streaming event (``event`` is a dict), ``decision.event`` a Decisions API answer,
``response.item.create`` a Responses input item (only its ``type`` is checked).

Example::

    from realtime_sync.live.events import parse_live_server_event, LiveTransportDtmfReceivedEvent

    event = parse_live_server_event('{"type": "transport.dtmf.received", "event": "5", "event_id": "e1"}')
    if isinstance(event, LiveTransportDtmfReceivedEvent):
        print(event.event)   # "5"
"""

from typing import Any, Callable, ClassVar, Dict, FrozenSet, List, Literal, Mapping, Optional, Tuple, Union, get_args

import attrs

from .. import _json, _serde
from ..errors import APIResponseValidationError
from ..models import Model, NullType, Unknown
from ..sideband._errors import ServerEventError
from .models import (
    ClientDelegation,
    DecisionQuestion,
    LiveAudio,
    LiveAudioOutput,
    LiveClientConfig,
    LiveDelegation,
    LiveInputMessage,
    LiveModel,
    LiveSessionConfig,
    LiveSessionForkConfig,
    LiveTrigger,
    ResponsesDelegationOverride,
    UnknownDelegation,
)

_IMPORTED = frozenset(globals())  # what is defined below this line is exported (see the end of the module)

#: The keys ``transport.dtmf.send`` accepts: one of them per event.
DTMF_KEYS = "0123456789ABCD*#"

ItemStatus = Union[Literal["in_progress", "completed", "incomplete"], str]
"""Open enum: the status of a Decisions item."""

SessionCloseReason = Union[Literal["close_requested", "expired", "content", "remote_hangup", "connection_lost"], str]
"""Open enum: why a Live session closed (``session.closed``)."""


# --------------------------------------------------------------------------- WebSocket audio formats


@attrs.frozen(kw_only=True)
class LiveAudioPCM(Model):
    """Raw PCM16 audio on a Live WebSocket, at 16 or 24 kHz."""

    type: Literal["audio/pcm"] = "audio/pcm"
    rate: Literal[16000, 24000]


@attrs.frozen(kw_only=True)
class LiveAudioPCMU(Model):
    """G.711 mu-law audio on a Live WebSocket, at ``rate`` Hz."""

    type: Literal["audio/pcmu"] = "audio/pcmu"
    rate: int


@attrs.frozen(kw_only=True)
class LiveAudioPCMA(Model):
    """G.711 A-law audio on a Live WebSocket, at ``rate`` Hz."""

    type: Literal["audio/pcma"] = "audio/pcma"
    rate: int


class UnknownLiveAudioFormat(Unknown):
    """An audio format this library does not know yet; ``raw`` is the whole object."""


LiveAudioFormat = Union[LiveAudioPCM, LiveAudioPCMU, LiveAudioPCMA, UnknownLiveAudioFormat]


# --------------------------------------------------------------------------- session configuration (WebSocket)


@attrs.frozen(kw_only=True)
class LiveStartAudio(LiveAudio):
    """The audio of ``session.start``: the WebSocket's ``format`` and the output voice (both fixed after startup)."""

    format: Optional[LiveAudioFormat] = None


@attrs.frozen(kw_only=True)
class LiveSessionStartConfig(LiveSessionConfig):
    """The session of ``session.start`` on a primary connection (the SDK's ``SessionConfig``).

    :class:`~realtime_sync.live.models.LiveSessionConfig` plus ``audio.format``: the
    WebSocket carries the audio itself, so its format is chosen here.
    """

    audio: Optional[LiveStartAudio] = None


@attrs.frozen(kw_only=True)
class LiveForkAudio(Model):
    """The audio of a fork's ``session.start``: only the new WebSocket's ``format``."""

    format: Optional[LiveAudioFormat] = None


@attrs.frozen(kw_only=True)
class LiveForkSessionStartConfig(LiveSessionForkConfig):
    """The overrides of ``session.start`` on a fork connection (may be empty: everything is inherited)."""

    audio: Optional[LiveForkAudio] = None


@attrs.frozen(kw_only=True)
class DecisionsDelegationUpdate(Model):
    """Changes to the Decisions backend of a running session: omitted settings keep their values."""

    model: Optional[str] = None
    questions: Optional[List[DecisionQuestion]] = None


@attrs.frozen(kw_only=True)
class DecisionsDelegationOverride(Model):
    """A ``session.update`` of the Decisions backend without changing who owns delegation."""

    type: Literal["decisions"] = "decisions"
    decisions: Optional[DecisionsDelegationUpdate] = None
    acknowledgement_delay_ms: Optional[int] = None


LiveDelegationUpdate = Union[
    ClientDelegation, ResponsesDelegationOverride, DecisionsDelegationOverride, UnknownDelegation
]
"""What ``session.update`` may change of the delegation (the owner itself cannot change)."""


@attrs.frozen(kw_only=True)
class LiveSessionUpdateConfig(Model):
    """The session of ``session.update``: delegation settings and transcript triggers (the rest is immutable)."""

    delegation: Optional[LiveDelegationUpdate] = None
    triggers: Optional[List[LiveTrigger]] = None


# --------------------------------------------------------------------------- items


@attrs.frozen(kw_only=True)
class DecisionMessagePart(Model):
    """One content part of a Decisions message (``input_text``, ``input_image``, ``input_json``, ``output_text``...).

    Open: only ``type`` is checked, the Decisions API's own keys are forwarded.
    """

    __open__: ClassVar[bool] = True
    type: str


@attrs.frozen(kw_only=True)
class DecisionMessageItem(Model):
    """A message for future decisions (``decision.item.create``); ``type`` may be left out."""

    __tag_optional__: ClassVar[bool] = True
    type: Literal["message"] = "message"
    role: Union[Literal["user", "developer", "system", "assistant"], str]
    content: Union[str, List[DecisionMessagePart]]
    id: Optional[str] = None
    phase: Optional[Union[Literal["commentary", "final_answer"], str]] = None


@attrs.frozen(kw_only=True)
class DecisionFunctionCallItem(Model):
    """A function call in the Decisions history; ``arguments`` is JSON text."""

    type: Literal["function_call"] = "function_call"
    call_id: str
    name: str
    arguments: str
    id: Optional[str] = None
    namespace: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class DecisionFunctionCallOutputItem(Model):
    """A function call's result in the Decisions history (text, or image parts)."""

    type: Literal["function_call_output"] = "function_call_output"
    call_id: str
    output: Union[str, List[DecisionMessagePart]]
    id: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class DecisionCustomToolCallItem(Model):
    """A custom tool call in the Decisions history."""

    type: Literal["custom_tool_call"] = "custom_tool_call"
    call_id: str
    name: str
    input: str
    id: Optional[str] = None
    namespace: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class DecisionCustomToolCallOutputItem(Model):
    """A custom tool call's result in the Decisions history."""

    type: Literal["custom_tool_call_output"] = "custom_tool_call_output"
    call_id: str
    output: Union[str, List[DecisionMessagePart]]
    id: Optional[str] = None
    status: Optional[ItemStatus] = None


class UnknownDecisionItem(Unknown):
    """A Decisions item this library does not know yet; ``raw`` is the whole object."""


DecisionItem = Union[
    DecisionMessageItem,
    DecisionFunctionCallItem,
    DecisionFunctionCallOutputItem,
    DecisionCustomToolCallItem,
    DecisionCustomToolCallOutputItem,
    UnknownDecisionItem,
]


@attrs.frozen(kw_only=True)
class ResponsesInputItem(Model):
    """A Responses API input item (``response.item.create``): a message, a ``function_call_output``...

    Open, like :class:`~realtime_sync.live.models.ResponsesTool`: the Responses API
    defines these items, so only ``type`` (optional: a message may leave it out) is
    checked and every other key is forwarded unchanged.

    Example::

        ResponsesInputItem(type="function_call_output", extra={"call_id": "call_1", "output": '{"ok": true}'})
    """

    __open__: ClassVar[bool] = True
    type: Optional[str] = None


# --------------------------------------------------------------------------- client events


@attrs.frozen(kw_only=True)
class LiveSessionStartEvent(Model):
    """Start the session on a primary connection; send it first, then wait for ``session.started``."""

    type: Literal["session.start"] = "session.start"
    session: LiveSessionStartConfig
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveForkSessionStartEvent(Model):
    """Start a fork of a stored session, with overrides (``{}``: inherit everything)."""

    type: Literal["session.start"] = "session.start"
    session: LiveForkSessionStartConfig
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveSessionUpdateEvent(Model):
    """Update the delegation settings or transcript triggers (acknowledged by ``session.updated``)."""

    type: Literal["session.update"] = "session.update"
    session: LiveSessionUpdateConfig
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioAppendEvent(Model):
    """Send input audio (base64) on a primary connection; no acknowledgment."""

    type: Literal["session.input_audio.append"] = "session.input_audio.append"
    audio: str = attrs.field(repr=False)
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioMuteEvent(Model):
    """Mute the caller's audio to the model without closing the session."""

    type: Literal["session.input_audio.mute"] = "session.input_audio.mute"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioUnmuteEvent(Model):
    """Resume the caller's audio to the model."""

    type: Literal["session.input_audio.unmute"] = "session.input_audio.unmute"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveOutputAudioFixturePlayEvent(Model):
    """Play one complete audio clip (base64 PCM16 24 kHz mono, at most 30 s) through the session output."""

    type: Literal["session.output_audio.fixture.play"] = "session.output_audio.fixture.play"
    audio: str = attrs.field(repr=False)
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInstructionsAppendEvent(Model):
    """Append developer instructions to the running conversation (optionally for a client delegation)."""

    type: Literal["session.instructions.append"] = "session.instructions.append"
    content: str
    delegation_id: Optional[Union[str, NullType]] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveThinkingAppendEvent(Model):
    """Give the model silent context (reasoning, progress) it does not say aloud."""

    type: Literal["session.thinking.append"] = "session.thinking.append"
    content: str
    delegation_id: Optional[Union[str, NullType]] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveCommentaryAppendEvent(Model):
    """Give the model context it may tell the caller."""

    type: Literal["session.commentary.append"] = "session.commentary.append"
    content: str
    delegation_id: Optional[Union[str, NullType]] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDecisionCreateEvent(Model):
    """Evaluate the configured questions now; ``event_id`` is required and may not be reused."""

    type: Literal["decision.create"] = "decision.create"
    event_id: str


@attrs.frozen(kw_only=True)
class LiveDecisionItemCreateEvent(Model):
    """Add an item for future decisions (no evaluation, no change to the voice context)."""

    type: Literal["decision.item.create"] = "decision.item.create"
    item: DecisionItem
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDecisionItemDeleteEvent(Model):
    """Remove an item from future decisions."""

    type: Literal["decision.item.delete"] = "decision.item.delete"
    item_id: str
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveResponseItemCreateEvent(Model):
    """Add an input item (a message, a function call's output) to the Responses backend."""

    type: Literal["response.item.create"] = "response.item.create"
    item: ResponsesInputItem
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveResponseCreateEvent(Model):
    """Ask the Responses backend for a response (or to continue one waiting for tool results)."""

    type: Literal["response.create"] = "response.create"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveSessionCloseEvent(Model):
    """Ask the session to close; ``session.closed`` follows with the reason and final usage."""

    type: Literal["session.close"] = "session.close"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveTransportDtmfSendEvent(Model):
    """Sideband only: send one DTMF key (``0``-``9``, ``A``-``D``, ``*``, ``#``) to the SIP trunk.

    Confirmed by ``transport.dtmf.sent`` (with ``client_event_id`` = this ``event_id``).
    """

    type: Literal["transport.dtmf.send"] = "transport.dtmf.send"
    event: str
    event_id: Optional[str] = None

    def __check__(self) -> List[Tuple[str, str]]:
        if len(self.event) != 1 or self.event not in DTMF_KEYS:
            return [("event", "expected one DTMF key: 0-9, A-D, * or #, got %r" % (self.event,))]
        return []


class UnknownLiveClientEvent(Unknown):
    """A client event this library does not know: sent exactly as ``raw`` (with ``strict=False``)."""


# --------------------------------------------------------------------------- server payloads


@attrs.frozen(kw_only=True)
class LiveSessionDecisionsDelegation(Model):
    """The Decisions delegation as the server reports it."""

    type: Literal["decisions"] = "decisions"
    decisions: Optional[Any] = None
    acknowledgement_delay_ms: Optional[int] = None


@attrs.frozen(kw_only=True)
class LiveSessionAudio(Model):
    """The audio of a running session: the WebSocket's ``format`` (WebSocket sessions) and the voice."""

    format: Optional[LiveAudioFormat] = None
    output: Optional[LiveAudioOutput] = None


@attrs.frozen(kw_only=True)
class LiveSessionResource(Model):
    """A running Live session, as ``session.started``, ``session.updated`` and ``session.closed`` report it."""

    id: str
    model: LiveModel
    expires_at: Optional[int] = None
    status: Optional[Union[Literal["active"], str]] = None
    audio: Optional[LiveSessionAudio] = None
    client: Optional[LiveClientConfig] = None
    delegation: Optional[LiveDelegation] = None
    input: Optional[List[LiveInputMessage]] = None
    instructions: Optional[str] = None
    store: Optional[bool] = None
    triggers: Optional[List[LiveTrigger]] = None


@attrs.frozen(kw_only=True)
class LiveSessionUsage(Model):
    """How long the session has run, in seconds."""

    seconds: float


@attrs.frozen(kw_only=True)
class LiveContextWindow(Model):
    """How full the model's context window is (0 to 1)."""

    usage_ratio: float


@attrs.frozen(kw_only=True)
class LiveError(Model):
    """The ``error`` of an ``error`` event; ``client_event_id`` names the client event that caused it."""

    type: str
    code: str
    message: str
    param: Optional[str] = None
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDelegationRef(Model):
    """A delegation the session created: its ``id`` (for ``delegation_id`` fields) and who handles it."""

    type: Union[Literal["delegation"], str] = "delegation"
    id: str
    target: Union[Literal["client", "responses", "decisions"], str]
    response_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveTransportError(Model):
    """Why an outbound SIP call could not be set up."""

    type: Union[Literal["call_error"], str] = "call_error"
    code: str
    message: str
    param: Optional[str] = None


# --------------------------------------------------------------------------- server events


@attrs.frozen(kw_only=True)
class LiveSessionStartedEvent(Model):
    """The session runs: commands may be sent now."""

    type: Literal["session.started"] = "session.started"
    event_id: str
    session: LiveSessionResource
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveSessionUpdatedEvent(Model):
    """A ``session.update`` was applied."""

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: LiveSessionResource
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioMutedEvent(Model):
    """The caller's audio no longer reaches the model."""

    type: Literal["session.input_audio.muted"] = "session.input_audio.muted"
    event_id: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioUnmutedEvent(Model):
    """The caller's audio reaches the model again."""

    type: Literal["session.input_audio.unmuted"] = "session.input_audio.unmuted"
    event_id: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInputAudioReflectedEvent(Model):
    """Sideband: the caller's audio (base64 PCM16 24 kHz mono) as it arrived, before muting."""

    type: Literal["session.input_audio.append"] = "session.input_audio.append"
    audio: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class LiveOutputAudioFixturePlayingEvent(Model):
    """An audio fixture was accepted and is playing."""

    type: Literal["session.output_audio.fixture.playing"] = "session.output_audio.fixture.playing"
    event_id: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveOutputAudioFixturePlayedEvent(Model):
    """An audio fixture finished playing."""

    type: Literal["session.output_audio.fixture.played"] = "session.output_audio.fixture.played"
    event_id: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveInstructionsAppendedEvent(Model):
    """Instructions were added to the conversation (times in ms from the session start)."""

    type: Literal["session.instructions.appended"] = "session.instructions.appended"
    event_id: str
    start_ms: int
    end_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveThinkingAppendedEvent(Model):
    """Silent context was added to the conversation."""

    type: Literal["session.thinking.appended"] = "session.thinking.appended"
    event_id: str
    start_ms: int
    end_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveCommentaryAppendedEvent(Model):
    """Commentary was added to the conversation."""

    type: Literal["session.commentary.appended"] = "session.commentary.appended"
    event_id: str
    start_ms: int
    end_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveOutputAudioDeltaEvent(Model):
    """A chunk of the model's speech (base64); WebSocket sessions and sideband reflections."""

    type: Literal["session.output_audio.delta"] = "session.output_audio.delta"
    delta: str = attrs.field(repr=False)
    start_ms: Optional[int] = None
    end_ms: Optional[int] = None


@attrs.frozen(kw_only=True)
class LiveInputTranscriptDeltaEvent(Model):
    """Text of what the caller said."""

    type: Literal["session.input_transcript.delta"] = "session.input_transcript.delta"
    event_id: str
    delta: str
    start_ms: int
    end_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveOutputTranscriptDeltaEvent(Model):
    """Text of what the model said."""

    type: Literal["session.output_transcript.delta"] = "session.output_transcript.delta"
    event_id: str
    delta: str
    start_ms: int
    end_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDelegationCreatedEvent(Model):
    """The model delegated a task: with client delegation, your application handles ``delegation.id``."""

    type: Literal["session.delegation.created"] = "session.delegation.created"
    event_id: str
    delegation: LiveDelegationRef
    offset_ms: int
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDecisionEvent(Model):
    """A Decisions API answer for a delegation or a transcript trigger; ``event`` is that API's event, open."""

    type: Literal["decision.event"] = "decision.event"
    event_id: str
    event: Dict[str, Any]
    delegation_id: Optional[str] = None
    source_event_id: Optional[str] = None
    source_event_type: Optional[str] = None
    trigger_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDecisionItemCreatedEvent(Model):
    """An item was added for future decisions."""

    type: Literal["decision.item.created"] = "decision.item.created"
    event_id: str
    item: DecisionItem
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveDecisionItemDeletedEvent(Model):
    """An item was removed from future decisions."""

    type: Literal["decision.item.deleted"] = "decision.item.deleted"
    event_id: str
    item_id: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveResponseEvent(Model):
    """A Responses API streaming event of the delegated backend; ``event`` is that event, open (``event["type"]``)."""

    type: Literal["response.event"] = "response.event"
    event_id: str
    event: Dict[str, Any]
    delegation_id: Optional[str] = None
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveSessionUsageUpdatedEvent(Model):
    """The session's usage so far."""

    type: Literal["session.usage.updated"] = "session.usage.updated"
    event_id: str
    usage: LiveSessionUsage
    context_window: Optional[LiveContextWindow] = None
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveSessionClosedEvent(Model):
    """The session ended (``reason``, final ``usage``): the last event of a connection."""

    type: Literal["session.closed"] = "session.closed"
    event_id: str
    reason: SessionCloseReason
    session: LiveSessionResource
    usage: LiveSessionUsage
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveErrorEvent(Model):
    """The server reports an error: ``.error.code``, ``.error.message``, ``.error.client_event_id``."""

    type: Literal["error"] = "error"
    event_id: str
    error: LiveError
    client_event_id: Optional[str] = None

    def to_exception(self) -> ServerEventError:
        """This error as a raisable :class:`~realtime_sync.sideband.ServerEventError`.

        Example::

            if isinstance(event, LiveErrorEvent):
                raise event.to_exception()
        """
        error = self.error
        return ServerEventError(
            error.message,
            type=error.type,
            code=error.code,
            param=error.param,
            event_id=error.client_event_id or self.client_event_id,
            event=self,
        )


@attrs.frozen(kw_only=True)
class LiveInfoEvent(Model):
    """Information from the server (``code``, ``message``): not an error."""

    type: Literal["info"] = "info"
    event_id: str
    code: str
    message: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveTransportDtmfReceivedEvent(Model):
    """Sideband: the caller pressed a key (``event``: ``0``-``9``, ``A``-``D``, ``*``, ``#``)."""

    type: Literal["transport.dtmf.received"] = "transport.dtmf.received"
    event_id: str
    event: str


@attrs.frozen(kw_only=True)
class LiveTransportDtmfSendNotice(Model):
    """Legacy: a DTMF key was sent (current servers send ``transport.dtmf.sent``); kept for saved streams."""

    type: Literal["transport.dtmf.send"] = "transport.dtmf.send"
    event_id: str
    event: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveTransportDtmfSentEvent(Model):
    """Sideband: a DTMF key was sent to the SIP trunk (``client_event_id``: your ``transport.dtmf.send``)."""

    type: Literal["transport.dtmf.sent"] = "transport.dtmf.sent"
    event_id: str
    event: str
    client_event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class LiveTransportRingingEvent(Model):
    """Sideband: the outbound SIP leg is ringing (or playing early media)."""

    type: Literal["transport.ringing"] = "transport.ringing"
    event_id: str
    session_id: str


@attrs.frozen(kw_only=True)
class LiveTransportAnsweredEvent(Model):
    """Sideband: the outbound SIP leg answered; media flows."""

    type: Literal["transport.answered"] = "transport.answered"
    event_id: str
    session_id: str


@attrs.frozen(kw_only=True)
class LiveTransportFailedEvent(Model):
    """Sideband: the outbound SIP call could not be set up (``error.code``)."""

    type: Literal["transport.failed"] = "transport.failed"
    event_id: str
    session_id: str
    error: LiveTransportError


class UnknownLiveServerEvent(Unknown):
    """A Live server event type this library does not know yet; ``raw`` is the whole event."""

    @property
    def event_id(self) -> Optional[str]:
        """The event's ``event_id`` (``None`` if missing).

        Example::

            log.info("unknown event %s (%s)", event.type, event.event_id)
        """
        value = self.raw.get("event_id")
        return value if isinstance(value, str) else None


# --------------------------------------------------------------------------- unions

LiveServerEvent = Union[
    LiveSessionStartedEvent,
    LiveSessionUpdatedEvent,
    LiveInputAudioMutedEvent,
    LiveInputAudioUnmutedEvent,
    LiveInputAudioReflectedEvent,
    LiveOutputAudioFixturePlayingEvent,
    LiveOutputAudioFixturePlayedEvent,
    LiveInstructionsAppendedEvent,
    LiveThinkingAppendedEvent,
    LiveCommentaryAppendedEvent,
    LiveOutputAudioDeltaEvent,
    LiveInputTranscriptDeltaEvent,
    LiveOutputTranscriptDeltaEvent,
    LiveDelegationCreatedEvent,
    LiveDecisionEvent,
    LiveDecisionItemCreatedEvent,
    LiveDecisionItemDeletedEvent,
    LiveResponseEvent,
    LiveSessionUsageUpdatedEvent,
    LiveSessionClosedEvent,
    LiveErrorEvent,
    LiveInfoEvent,
    LiveTransportDtmfReceivedEvent,
    LiveTransportDtmfSendNotice,
    LiveTransportDtmfSentEvent,
    LiveTransportRingingEvent,
    LiveTransportAnsweredEvent,
    LiveTransportFailedEvent,
    UnknownLiveServerEvent,
]
"""Every server event of the three Live connections (28 types), dispatched on ``type``."""

LiveClientEvent = Union[
    LiveSessionStartEvent,
    LiveSessionUpdateEvent,
    LiveInputAudioAppendEvent,
    LiveInputAudioMuteEvent,
    LiveInputAudioUnmuteEvent,
    LiveOutputAudioFixturePlayEvent,
    LiveInstructionsAppendEvent,
    LiveThinkingAppendEvent,
    LiveCommentaryAppendEvent,
    LiveDecisionCreateEvent,
    LiveDecisionItemCreateEvent,
    LiveDecisionItemDeleteEvent,
    LiveResponseItemCreateEvent,
    LiveResponseCreateEvent,
    LiveSessionCloseEvent,
    UnknownLiveClientEvent,
]
"""The client events of a primary connection (``client.live.connect``), 15 types."""

LiveSidebandClientEvent = Union[
    LiveSessionUpdateEvent,
    LiveInputAudioMuteEvent,
    LiveInputAudioUnmuteEvent,
    LiveOutputAudioFixturePlayEvent,
    LiveTransportDtmfSendEvent,
    LiveInstructionsAppendEvent,
    LiveThinkingAppendEvent,
    LiveCommentaryAppendEvent,
    LiveDecisionCreateEvent,
    LiveDecisionItemCreateEvent,
    LiveDecisionItemDeleteEvent,
    LiveResponseItemCreateEvent,
    LiveResponseCreateEvent,
    LiveSessionCloseEvent,
    UnknownLiveClientEvent,
]
"""The client events of a sideband (``client.live.sideband.connect``): no start or audio append, plus DTMF."""

LiveForkClientEvent = Union[
    LiveForkSessionStartEvent,
    LiveSessionUpdateEvent,
    LiveInputAudioAppendEvent,
    LiveInputAudioMuteEvent,
    LiveInputAudioUnmuteEvent,
    LiveOutputAudioFixturePlayEvent,
    LiveInstructionsAppendEvent,
    LiveThinkingAppendEvent,
    LiveCommentaryAppendEvent,
    LiveDecisionCreateEvent,
    LiveDecisionItemCreateEvent,
    LiveDecisionItemDeleteEvent,
    LiveResponseItemCreateEvent,
    LiveResponseCreateEvent,
    LiveSessionCloseEvent,
    UnknownLiveClientEvent,
]
"""The client events of a fork (``client.live.forks.connect``): ``session.start`` carries overrides."""


def _types_of(union: Any) -> FrozenSet[str]:
    return frozenset(str(attrs.fields_dict(c)["type"].default) for c in get_args(union) if not issubclass(c, Unknown))


LIVE_CLIENT_EVENT_TYPES = _types_of(LiveClientEvent) | _types_of(LiveSidebandClientEvent)
"""The ``type`` of every Live client event this library knows (16: the 15 and ``transport.dtmf.send``)."""

LIVE_SERVER_EVENT_TYPES = _types_of(LiveServerEvent)
"""The ``type`` of every Live server event this library knows (28)."""


@attrs.frozen
class _OutgoingPrimary:
    # Carriers so that request_body validates a client event in one call (dicts strictly).
    event: LiveClientEvent


@attrs.frozen
class _OutgoingSideband:
    event: LiveSidebandClientEvent


@attrs.frozen
class _OutgoingFork:
    event: LiveForkClientEvent


_CARRIERS = {"primary": _OutgoingPrimary, "sideband": _OutgoingSideband, "fork": _OutgoingFork}

#: The connection kinds: which client events each accepts.
CONNECTION_KINDS = tuple(_CARRIERS)


# The event's type picks its class's reader from a table built once, never by hashing the union per event.
_structure_live_server_event = _serde.response_structurer(LiveServerEvent)
_live_server_event_readers: Dict[str, Callable[[Dict[str, Any]], Any]] = {}  # type -> reader, filled as types arrive


def parse_live_server_event(data: Union[str, bytes, Mapping[str, Any]]) -> LiveServerEvent:
    """Parse one Live server event (JSON text or a decoded dict) into its typed class.

    Unknown types give :class:`UnknownLiveServerEvent`; text that is not a JSON
    object raises ``APIResponseValidationError``. A known type with a wrong shape is
    read tolerantly (a missing field is ``None``).

    Example::

        event = parse_live_server_event('{"type":"session.input_audio.muted","event_id":"e1"}')
    """
    if isinstance(data, str):  # what a WebSocket delivers: straight to the JSON reader
        try:
            value: Any = _json.loads(data)
        except ValueError:
            value = None
        if value.__class__ is not dict:
            value = _decode_live(data)  # the error, named as for any other input
    else:
        value = _decode_live(data)
    # The type's compiled reader, straight from this table; whatever it does not read (FALLBACK:
    # odd values, unknown types), the converter reads.
    tag = value.get("type")
    read = _live_server_event_readers.get(tag) if tag.__class__ is str else None
    if read is None:
        read = _serde.tag_reader(LiveServerEvent, tag, _live_server_event_readers)
    try:
        result: Any = read(value)
    except Exception:  # a model's own __init__ refusing a value: the converter reports it
        result = _serde.FALLBACK
    if result is _serde.FALLBACK:
        try:
            result = _structure_live_server_event(value)
        except APIResponseValidationError as exc:
            raise APIResponseValidationError(
                "Live server event %r does not have the expected shape" % (value.get("type"),), errors=exc.errors
            ) from exc
    return result  # type: ignore[no-any-return]


def _decode_live(data: Union[str, bytes, Mapping[str, Any]]) -> Dict[str, Any]:
    # Text first: isinstance against typing.Mapping costs more than the rest of a small event's parse.
    if not isinstance(data, (str, bytes)) and isinstance(data, Mapping):
        return dict(data)
    try:
        # Bounded nesting: a hostile frame is an APIResponseValidationError, not a RecursionError.
        value = _json.loads(data)
    except ValueError as exc:
        raise APIResponseValidationError("Live server event is not JSON: %s" % exc) from None
    if not isinstance(value, dict):
        raise APIResponseValidationError("Live server event is not a JSON object: %s" % type(value).__name__)
    return value


def live_client_event_to_dict(
    event: Union[Mapping[str, Any], Any], *, kind: str = "primary", strict: bool = True
) -> Dict[str, Any]:
    """Validate a Live client event (typed, or a dict in the SDK's form) for connection ``kind``; its JSON form.

    ``kind`` is ``"primary"``, ``"sideband"`` or ``"fork"`` (the events each accepts
    differ, see the module docstring). Raises ``RequestValidationError`` naming every
    bad field, before anything is sent; ``strict=False`` forwards unknown keys and
    event types of a dict unchanged.

    Example::

        live_client_event_to_dict({"type": "transport.dtmf.send", "event": "5"}, kind="sideband")
    """
    from ..errors import RequestValidationError

    carrier = _CARRIERS.get(kind)
    if carrier is None:
        raise RequestValidationError(["kind: expected one of %s, got %r" % (", ".join(CONNECTION_KINDS), kind)])
    if isinstance(event, Mapping) or attrs.has(type(event)):
        body = _serde.request_body(carrier, strict=strict, event=event)
        result: Dict[str, Any] = body["event"]
        return result
    raise RequestValidationError(["event: expected a Live client event or a dict, got %s" % type(event).__name__])


__all__ = sorted(name for name in globals() if name[:1] != "_" and name not in _IMPORTED)
