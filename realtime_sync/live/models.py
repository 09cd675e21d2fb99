"""Typed models of the Live API's REST requests and answers.

Declared in the same form as :mod:`realtime_sync.models` (read its docstring): attrs
classes on :class:`~realtime_sync.models.Model`, fallbacks on
:class:`~realtime_sync.models.Unknown`, ``None`` = not given, :data:`~realtime_sync.models.NULL`
= JSON ``null`` where null means something (``delegation``, ``instructions``,
``safety_identifier``, and the nullable fields of the Responses backend settings).

Where the line is: every field the Live API itself defines is typed here. The
objects that ``delegation.responses`` borrows from the Responses API (its ``tools``
and the object form of ``tool_choice``: web_search, file_search, mcp, shell,
computer, ...) change with the Responses API, not with Live: they are forwarded as
open objects (:class:`ResponsesTool`, :class:`ResponsesToolChoiceObject`) whose
only checked field is the ``type`` tag, so a new Responses tool never needs a
release of realtime_sync.

Example::

    from realtime_sync.live.models import LiveSessionConfig, LiveAudio, LiveAudioOutput, ClientDelegation

    session = LiveSessionConfig(
        model="gpt-live-1",
        instructions="Answer the phone for Acme.",
        audio=LiveAudio(output=LiveAudioOutput(voice="marin")),
        delegation=ClientDelegation(),
    )
    client.live.create(session=session, transport={"type": "webrtc", "sdp": offer})
"""

from typing import Any, ClassVar, Dict, List, Literal, Optional, Tuple, Union

import attrs

from ..models import (
    ESSENTIAL,
    NULL,
    ImageDetail,
    Model,
    NullType,
    RealtimeCallReferRequest,
    RealtimeCallRejectRequest,
    Unknown,
    VoiceId,
)

_IMPORTED = frozenset(globals())  # what is defined below this line is exported (see the end of the module)

# --------------------------------------------------------------------------- enums

LiveModel = Union[Literal["gpt-live-1"], str]
"""Open enum: any model name; ``gpt-live-1`` is the known one."""

LiveVoice = Union[
    Literal[
        "alloy",
        "ash",
        "ballad",
        "beacon",
        "bossa",
        "cedar",
        "cinder",
        "coral",
        "delta",
        "echo",
        "gleam",
        "marin",
        "meridian",
        "quartz",
        "ripple",
        "sage",
        "shida",
        "shimmer",
        "stone",
        "tempo",
        "verse",
        "vesper",
        "willow",
    ],
    str,
]
"""Open enum of the Live built-in voices (default ``marin``); a custom voice is a ``VoiceId``."""

TranscriptEventType = Union[Literal["session.input_transcript.delta", "session.output_transcript.delta"], str]
"""Open enum: the transcript event a Decisions trigger runs on."""

ResponsesServiceTier = Union[Literal["auto", "default", "flex", "priority"], str]
"""Open enum: the service tier of delegated Responses requests."""

ResponsesReasoningEffort = Union[Literal["none", "minimal", "low", "medium", "high", "xhigh"], str]
"""Open enum: how much the delegated Responses model reasons (supported values depend on the model)."""

ResponsesReasoningSummary = Union[Literal["concise", "detailed", "auto"], str]
"""Open enum: the reasoning summary requested from the delegated Responses model."""

ResponsesVerbosity = Union[Literal["low", "medium", "high"], str]
"""Open enum: how much detail the Responses backend writes (not the Live model's speech)."""

ResponsesToolChoiceMode = Union[Literal["auto", "none", "required"], str]
"""Open enum: the string form of ``tool_choice``."""


def _non_negative(name: str, value: Any) -> List[Tuple[str, str]]:
    if value is None or value is NULL or value >= 0:
        return []
    return [(name, "expected a non-negative integer of milliseconds, got %s" % (_shown(value),))]


def _shown(number: int) -> str:
    # Never repr() an arbitrary int: above 4300 digits Python refuses to.
    return repr(number) if -(10**9) < number < 10**9 else "an integer out of range"


def _non_blank(name: str, value: Any) -> List[Tuple[str, str]]:
    if isinstance(value, str) and not value.strip():
        return [(name, "expected a non-empty string, got %r" % (value,))]
    return []


# --------------------------------------------------------------------------- audio and the frontend


@attrs.frozen(kw_only=True)
class LiveAudioOutput(Model):
    """The speech the Live model produces: its voice (a built-in name or :class:`~realtime_sync.models.VoiceId`).

    Fixed after startup. There is no ``format``: WebRTC and SIP negotiate the audio format.
    """

    voice: Optional[Union[LiveVoice, VoiceId]] = None


@attrs.frozen(kw_only=True)
class LiveAudio(Model):
    """Startup audio configuration (``output.voice``)."""

    output: Optional[LiveAudioOutput] = None


@attrs.frozen(kw_only=True)
class ServerEventSelector(Model):
    """A server event the browser's data channel may see; ``response_event`` only with ``type="response.event"``."""

    type: str
    response_event: Optional[str] = None

    def __check__(self) -> List[Tuple[str, str]]:
        if self.type == "response.event" and self.response_event is None:
            return [("response_event", "required when type is 'response.event' (the nested Responses event type)")]
        if self.type != "response.event" and self.response_event is not None:
            return [("response_event", "only allowed when type is 'response.event'")]
        return []


@attrs.frozen(kw_only=True)
class DataChannelConfig(Model):
    """What an untrusted browser may send and see on its WebRTC data channel.

    ``"all"`` allows everything (the default when omitted); an empty list allows nothing.
    Trusted sideband connections are not restricted.
    """

    allowed_client_events: Optional[Union[Literal["all"], List[str]]] = None
    allowed_server_events: Optional[Union[Literal["all"], List[ServerEventSelector]]] = None


@attrs.frozen(kw_only=True)
class LiveClientConfig(Model):
    """Startup-only capabilities of the browser attached to a WebRTC session (create and fork only)."""

    data_channel: DataChannelConfig


# --------------------------------------------------------------------------- initial conversation


@attrs.frozen(kw_only=True)
class LiveTextContent(Model):
    """One text part of an initial message: ``input_text`` (developer, user) or ``text``/``output_text`` (assistant).

    ``type`` may be left out, as in the official SDK's dict form (then it is not sent).
    """

    text: str
    type: Optional[Literal["input_text", "output_text", "text"]] = None


@attrs.frozen(kw_only=True)
class LiveInputMessage(Model):
    """A text-only message of the history supplied before startup (``input``, at most 128)."""

    role: Literal["developer", "user", "assistant"]
    content: List[LiveTextContent]
    type: Optional[Literal["message"]] = None
    id: Optional[Union[str, NullType]] = None
    status: Optional[Union[Literal["incomplete", "completed"], NullType]] = None

    def __check__(self) -> List[Tuple[str, str]]:
        problems = []
        allowed = ("text", "output_text") if self.role == "assistant" else ("input_text",)
        for i, part in enumerate(self.content):
            if part.type is not None and part.type not in allowed:
                problems.append(
                    (
                        "content",
                        "[%d].type: a %s message takes %s parts, got %r"
                        % (i, self.role, " or ".join(repr(a) for a in allowed), part.type),
                    )
                )
        return problems


# --------------------------------------------------------------------------- decisions


@attrs.frozen(kw_only=True)
class DecisionInputText(Model):
    """A text part of a question's instructions."""

    type: Literal["input_text"] = "input_text"
    text: str


@attrs.frozen(kw_only=True)
class DecisionInputImage(Model):
    """An image part of a question's instructions: a data URL or a public HTTP(S) URL."""

    type: Literal["input_image"] = "input_image"
    image_url: str
    detail: Optional[Union[ImageDetail, NullType]] = None


@attrs.frozen(kw_only=True)
class DecisionInputJson(Model):
    """A JSON part of a question's instructions: an object or a list of objects."""

    type: Literal["input_json"] = "input_json"
    data: Union[Dict[str, Any], List[Dict[str, Any]]]


class UnknownDecisionInstructionPart(Unknown):
    """An instruction part this library does not know yet; ``raw`` is the whole object."""


DecisionInstructionPart = Union[
    DecisionInputText, DecisionInputImage, DecisionInputJson, UnknownDecisionInstructionPart
]

DecisionInstructions = Union[str, List[DecisionInstructionPart]]
"""A question's instructions: a string, or a list of text, image and JSON parts."""


@attrs.frozen(kw_only=True)
class DecisionChoiceOption(Model):
    """One answer of a ``choice`` question: a string or boolean ``value``."""

    value: Union[str, bool]
    description: Optional[str] = None


@attrs.frozen(kw_only=True)
class ChoiceQuestion(Model):
    """A Decisions question answered by one of ``choices``."""

    type: Literal["choice"] = "choice"
    choices: List[DecisionChoiceOption]
    instructions: DecisionInstructions
    name: Optional[str] = None


@attrs.frozen(kw_only=True)
class PredicateQuestion(Model):
    """A Decisions question answered true or false."""

    type: Literal["predicate"] = "predicate"
    instructions: DecisionInstructions
    name: Optional[str] = None


@attrs.frozen(kw_only=True)
class ScoreLevel(Model):
    """One level of a ``score`` question."""

    label: str
    description: Optional[str] = None


@attrs.frozen(kw_only=True)
class ScoreQuestion(Model):
    """A Decisions question answered with one of ``levels``."""

    type: Literal["score"] = "score"
    levels: List[ScoreLevel]
    instructions: DecisionInstructions
    name: Optional[str] = None


class UnknownDecisionQuestion(Unknown):
    """A question kind this library does not know yet; ``raw`` is the whole object."""


DecisionQuestion = Union[ChoiceQuestion, PredicateQuestion, ScoreQuestion, UnknownDecisionQuestion]


@attrs.frozen(kw_only=True)
class DecisionsDelegationConfig(Model):
    """The Decisions backend: its model and the questions it evaluates together, in order."""

    model: str
    questions: List[DecisionQuestion]


@attrs.frozen(kw_only=True)
class DecisionTriggerQuestions(Model):
    """The questions a trigger evaluates on the transcript and the session's Decision items."""

    questions: List[DecisionQuestion]


@attrs.frozen(kw_only=True)
class DecisionTrigger(Model):
    """Run Decisions questions on every transcript delta of ``event_type`` (at most one per event type)."""

    type: Literal["decisions"] = "decisions"
    event_type: TranscriptEventType
    decisions: DecisionTriggerQuestions


class UnknownTrigger(Unknown):
    """A trigger kind this library does not know yet; ``raw`` is the whole object."""


LiveTrigger = Union[DecisionTrigger, UnknownTrigger]


# --------------------------------------------------------------------------- the Responses backend


@attrs.frozen(kw_only=True)
class ResponsesTool(Model):
    """A Responses API tool (function, web_search, file_search, mcp, shell, computer, ...), forwarded as is.

    Only ``type`` is checked; every other key is kept in ``extra`` and sent unchanged,
    so tools the Responses API adds work without a new release. Keys may hold
    secrets (an MCP ``authorization``): ``extra`` is kept out of the repr.

    Example::

        ResponsesTool(type="mcp", extra={"server_label": "crm", "server_url": "https://crm.example.com/mcp"})
    """

    __open__: ClassVar[bool] = True  # unknown keys are the point: accepted in request dicts too
    type: str


@attrs.frozen(kw_only=True)
class ResponsesToolChoiceObject(Model):
    """The object form of ``tool_choice`` (``{"type": "function", "name": ...}``, ``allowed_tools``...), forwarded.

    Only ``type`` is checked, as for :class:`ResponsesTool`.
    """

    __open__: ClassVar[bool] = True
    type: str


ResponsesToolChoice = Union[ResponsesToolChoiceMode, ResponsesToolChoiceObject]


@attrs.frozen(kw_only=True)
class ResponsesReasoning(Model):
    """Reasoning settings of each delegated Responses request."""

    effort: Optional[Union[ResponsesReasoningEffort, NullType]] = None
    summary: Optional[Union[ResponsesReasoningSummary, NullType]] = None


@attrs.frozen(kw_only=True)
class ResponsesText(Model):
    """Text settings of each delegated Responses request."""

    verbosity: Optional[Union[ResponsesVerbosity, NullType]] = None


@attrs.frozen(kw_only=True)
class ResponsesDelegationUpdate(Model):
    """Changes to the Responses backend of a stored session (fork): omitted settings keep their values."""

    model: Optional[str] = None
    instructions: Optional[Union[str, NullType]] = None
    max_output_tokens: Optional[Union[int, NullType]] = None
    parallel_tool_calls: Optional[Union[bool, NullType]] = None
    reasoning: Optional[Union[ResponsesReasoning, NullType]] = None
    service_tier: Optional[Union[ResponsesServiceTier, NullType]] = None
    text: Optional[Union[ResponsesText, NullType]] = None
    tool_choice: Optional[ResponsesToolChoice] = None
    tools: Optional[List[ResponsesTool]] = None

    def __check__(self) -> List[Tuple[str, str]]:
        tokens = self.max_output_tokens
        if tokens is not None and tokens is not NULL and tokens < 1:
            return [("max_output_tokens", "expected a positive integer, got %s" % (_shown(tokens),))]
        return []


@attrs.frozen(kw_only=True)
class ResponsesDelegationConfig(ResponsesDelegationUpdate):
    """The Responses backend that handles delegated tasks: ``model`` (required), its own instructions, tools."""

    model: str


# --------------------------------------------------------------------------- delegation


@attrs.frozen(kw_only=True)
class ClientDelegation(Model):
    """Your application handles delegated tasks (the session emits delegation events)."""

    type: Literal["client"] = "client"
    acknowledgement_delay_ms: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        return _non_negative("acknowledgement_delay_ms", self.acknowledgement_delay_ms)


@attrs.frozen(kw_only=True)
class ResponsesDelegation(Model):
    """A Responses model run by the Live session handles delegated tasks."""

    type: Literal["responses"] = "responses"
    responses: ResponsesDelegationConfig
    acknowledgement_delay_ms: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        return _non_negative("acknowledgement_delay_ms", self.acknowledgement_delay_ms)


@attrs.frozen(kw_only=True)
class DecisionsDelegation(Model):
    """The Decisions API handles delegated tasks."""

    type: Literal["decisions"] = "decisions"
    decisions: DecisionsDelegationConfig
    acknowledgement_delay_ms: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        return _non_negative("acknowledgement_delay_ms", self.acknowledgement_delay_ms)


class UnknownDelegation(Unknown):
    """A delegation owner this library does not know yet; ``raw`` is the whole object."""


LiveDelegation = Union[ClientDelegation, ResponsesDelegation, DecisionsDelegation, UnknownDelegation]


@attrs.frozen(kw_only=True)
class ResponsesDelegationOverride(Model):
    """A fork's delegation override: update the Responses backend without changing who owns delegation."""

    type: Literal["responses"] = "responses"
    responses: Optional[ResponsesDelegationUpdate] = None
    acknowledgement_delay_ms: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        return _non_negative("acknowledgement_delay_ms", self.acknowledgement_delay_ms)


# --------------------------------------------------------------------------- session configuration


@attrs.frozen(kw_only=True)
class LiveSessionSettings(Model):
    """The startup settings shared by :class:`LiveSessionConfig` (create) and :class:`LiveSessionAcceptConfig`.

    ``instructions``, ``delegation`` and ``safety_identifier`` accept ``NULL`` (JSON
    ``null``: server defaults, your application handles delegation, no identifier).
    """

    model: LiveModel
    instructions: Optional[Union[str, NullType]] = None
    audio: Optional[LiveAudio] = None
    delegation: Optional[Union[LiveDelegation, NullType]] = None
    input: Optional[List[LiveInputMessage]] = None
    triggers: Optional[List[LiveTrigger]] = None
    safety_identifier: Optional[Union[str, NullType]] = None
    store: Optional[bool] = None

    def __check__(self) -> List[Tuple[str, str]]:
        problems = _non_blank("model", self.model)
        if self.input is not None and len(self.input) > 128:
            problems.append(("input", "at most 128 messages, got %d" % len(self.input)))
        return problems


@attrs.frozen(kw_only=True)
class LiveSessionConfig(LiveSessionSettings):
    """The session of ``client.live.create`` (the SDK's ``MediaSessionConfig``).

    ``client.data_channel`` limits what the browser may send and see: set it whenever
    the page is not trusted to drive the session.
    """

    client: Optional[LiveClientConfig] = None


@attrs.frozen(kw_only=True)
class LiveSessionAcceptConfig(LiveSessionSettings):
    """The session of ``client.live.sessions.accept``: ``type`` is always ``"live"`` (filled in when left out)."""

    type: Literal["live"] = "live"


@attrs.frozen(kw_only=True)
class LiveSessionForkConfig(Model):
    """Overrides for a forked session (the SDK's ``MediaSessionForkConfig``); omitted settings are inherited.

    The model, voice, frontend instructions and conversation come from the stored session.
    """

    client: Optional[LiveClientConfig] = None
    store: Optional[bool] = None
    delegation: Optional[ResponsesDelegationOverride] = None


@attrs.frozen(kw_only=True)
class LiveTransport(Model):
    """The WebRTC transport of create and fork: the browser's SDP offer."""

    type: Literal["webrtc"] = "webrtc"
    sdp: str = attrs.field(repr=False)

    def __check__(self) -> List[Tuple[str, str]]:
        if not self.sdp.strip():
            return [("sdp", "expected the SDP offer as a non-empty string")]
        return []


# --------------------------------------------------------------------------- request bodies


@attrs.frozen(kw_only=True)
class LiveSessionCreateRequest(Model):
    """Body of ``POST /live/sessions``: both fields required."""

    session: LiveSessionConfig
    transport: LiveTransport


@attrs.frozen(kw_only=True)
class LiveSessionAcceptRequest(Model):
    """Body of ``POST /live/sessions/{id}/accept``: the session, **wrapped** (unlike the Realtime accept)."""

    session: LiveSessionAcceptConfig


@attrs.frozen  # not kw_only: attrs < 25.4 would apply it to the inherited target_uri too
class LiveSessionReferRequest(RealtimeCallReferRequest):
    """Body of ``POST /live/sessions/{id}/refer``: the Realtime refer's, and the URI may not be blank.

    The same rules as the Realtime refer: no control characters (the URI becomes a SIP
    ``Refer-To`` header).
    """

    def __check__(self) -> List[Tuple[str, str]]:
        return super().__check__() or _non_blank("target_uri", self.target_uri)


@attrs.frozen(kw_only=True)
class LiveSessionRejectRequest(RealtimeCallRejectRequest):
    """Body of ``POST /live/sessions/{id}/reject``: a SIP status from 300 to 699, **required** (unlike Realtime)."""

    status_code: int


@attrs.frozen(kw_only=True)
class LiveSessionForkRequest(Model):
    """Body of ``POST /live/sessions/{id}/fork``: the new connection's offer and optional overrides."""

    transport: LiveTransport
    session: Optional[LiveSessionForkConfig] = None


# --------------------------------------------------------------------------- answers


@attrs.frozen(kw_only=True)
class LiveSessionRef(Model):
    """The new session: keep ``id`` exactly as returned (``live_...``), prefix included."""

    id: str = attrs.field(metadata=ESSENTIAL)


@attrs.frozen(kw_only=True)
class LiveTransportAnswer(Model):
    """The WebRTC answer: apply ``sdp`` as the browser's remote description."""

    type: Union[Literal["webrtc"], str] = "webrtc"
    sdp: str = attrs.field(repr=False, metadata=ESSENTIAL)


@attrs.frozen(kw_only=True)
class LiveSessionCreateResponse(Model):
    """The answer of ``client.live.create`` and ``client.live.sessions.fork``: the session id and the SDP answer.

    Wait for ``session.started`` on the data channel before sending commands.

    Example::

        answer = client.live.create(session={"model": "gpt-live-1"}, transport={"type": "webrtc", "sdp": offer})
        return JsonResponse({"session_id": answer.session.id, "sdp": answer.transport.sdp})
    """

    session: LiveSessionRef = attrs.field(metadata=ESSENTIAL)
    transport: LiveTransportAnswer = attrs.field(metadata=ESSENTIAL)


LiveSessionForkResponse = LiveSessionCreateResponse
"""The answer of a fork has the create answer's shape (the official SDK's ``SessionForkResponse``)."""


__all__ = sorted(name for name in globals() if name[:1] != "_" and name not in _IMPORTED)
