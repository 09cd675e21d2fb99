"""Typed models of every Realtime REST request and response (reference §3 and §4).

Plain attrs classes: no serialization code lives here. Every wire rule (omitting
fields, explicit nulls, tags, unknown keys, validation) is registered on the one
converter in ``realtime_sync._serde``.

Conventions (follow them when adding models, e.g. for sideband events):

* ``@attrs.frozen(kw_only=True)``; fields are named exactly as on the wire, no renames.
* An optional field defaults to ``None``, which means *not given*: it is left out of
  the JSON. Where JSON ``null`` has a meaning (``tracing``, ``turn_detection``,
  ``prompt`` ...) the annotation includes :data:`NullType` and the value
  :data:`NULL` sends ``null``. In responses, a documented ``null`` parses to ``NULL``
  (falsy), an absent key to ``None``.
* A member of a tagged union has a ``type: Literal["<tag>"] = "<tag>"`` field. The tag
  is always written. Each union that the server may extend ends with an ``Unknown*``
  fallback class holding the raw object (``raw``); it is written back unchanged.
* Closed enums are ``Literal[...]`` aliases (requests reject other values; responses
  accept any string). Open enums are ``Union[Literal[...], str]`` aliases: any string
  is accepted and editors still complete the known values.
* Object classes end with ``extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)``:
  unknown keys of a response (and nulls on fields not documented as nullable) land there
  and are written back when the object is sent again.
* ``List``/``Dict`` annotations only (never ``Sequence``/``Mapping``), ``typing`` unions
  only (never ``X | Y``): cattrs evaluates them at runtime on Python 3.8.
* Secrets (client secret ``value``, MCP ``authorization``) never appear in a repr.

Example::

    from realtime_sync.models import RealtimeSessionCreateRequest, RealtimeAudioConfig, RealtimeAudioInput, NULL

    session = RealtimeSessionCreateRequest(
        model="gpt-realtime",
        audio=RealtimeAudioConfig(input=RealtimeAudioInput(turn_detection=NULL)),  # sends "turn_detection": null
    )
"""

import enum
from typing import Any, Dict, List, Literal, Optional, Union

import attrs

__all__ = [
    "NULL",
    "APIErrorObject",
    "AllowedCaller",
    "AudioFormat",
    "AudioPCM",
    "AudioPCMA",
    "AudioPCMU",
    "AudioTranscription",
    "ClientSecretExpiration",
    "ConnectorId",
    "ErrorResponse",
    "FileDetail",
    "FunctionTool",
    "ImageDetail",
    "IncludeItem",
    "InputFile",
    "InputImage",
    "InputText",
    "MaxOutputTokens",
    "McpTool",
    "McpToolApprovalFilter",
    "McpToolFilter",
    "NoiseReduction",
    "NoiseReductionType",
    "NullType",
    "OutputModality",
    "Prompt",
    "PromptCacheBreakpoint",
    "PromptVariable",
    "RealtimeAudioConfig",
    "RealtimeAudioInput",
    "RealtimeAudioOutput",
    "RealtimeCallAcceptRequest",
    "RealtimeCallCreateRequest",
    "RealtimeCallCreateResponse",
    "RealtimeCallReferRequest",
    "RealtimeCallRejectRequest",
    "RealtimeCreateClientSecretRequest",
    "RealtimeCreateClientSecretResponse",
    "RealtimeModel",
    "RealtimeSessionCreateRequest",
    "RealtimeSessionCreateResponse",
    "RealtimeTranscriptionSessionAudio",
    "RealtimeTranscriptionSessionCreateRequest",
    "RealtimeTranscriptionSessionCreateResponse",
    "RealtimeTranslationClientSecretCreateRequest",
    "RealtimeTranslationClientSecretCreateResponse",
    "RealtimeTranslationSession",
    "RealtimeTranslationSessionCreateRequest",
    "Reasoning",
    "ReasoningEffort",
    "RetentionRatioTruncation",
    "SemanticVad",
    "SemanticVadEagerness",
    "ServerVad",
    "TokenLimits",
    "Tool",
    "ToolChoice",
    "ToolChoiceFunction",
    "ToolChoiceMcp",
    "ToolChoiceMode",
    "TracingConfiguration",
    "TranscriptionDelay",
    "TranscriptionModel",
    "TranscriptionSessionResponseAudio",
    "TranscriptionSessionResponseAudioInput",
    "TranscriptionTurnDetection",
    "TranslationAudio",
    "TranslationAudioInput",
    "TranslationAudioOutput",
    "TranslationNoiseReduction",
    "TranslationTranscription",
    "Truncation",
    "TurnDetection",
    "UnknownAudioFormat",
    "UnknownPromptVariable",
    "UnknownSession",
    "UnknownTool",
    "UnknownToolChoice",
    "UnknownTruncation",
    "UnknownTurnDetection",
    "Voice",
    "VoiceId",
]


# --------------------------------------------------------------------------- the null sentinel


class NullType(enum.Enum):
    """Type of :data:`NULL`, the value that sends an explicit JSON ``null``.

    Example::

        def disable(field: Union[str, NullType]) -> bool:
            return field is NULL
    """

    NULL = "NULL"

    def __repr__(self) -> str:
        return "NULL"

    def __bool__(self) -> bool:
        return False


NULL = NullType.NULL
"""Send an explicit JSON ``null`` (``None`` means *leave the field out*).

Example::

    RealtimeSessionCreateRequest(tracing=NULL)   # {"type": "realtime", "tracing": null}
"""


def _masked(value: object) -> str:
    # The client secret / OAuth token must never reach a log through repr().
    if isinstance(value, str) and value.startswith("ek_"):
        return "'ek_\u2026(redacted)'"
    return "'\u2026(redacted)'"


# --------------------------------------------------------------------------- enums

RealtimeModel = Union[
    Literal[
        "gpt-realtime",
        "gpt-realtime-1.5",
        "gpt-realtime-2",
        "gpt-realtime-2.1",
        "gpt-realtime-2.1-mini",
        "gpt-realtime-2025-08-28",
        "gpt-4o-realtime-preview",
        "gpt-4o-realtime-preview-2024-10-01",
        "gpt-4o-realtime-preview-2024-12-17",
        "gpt-4o-realtime-preview-2025-06-03",
        "gpt-4o-mini-realtime-preview",
        "gpt-4o-mini-realtime-preview-2024-12-17",
        "gpt-realtime-mini",
        "gpt-realtime-mini-2025-10-06",
        "gpt-realtime-mini-2025-12-15",
        "gpt-audio-1.5",
        "gpt-audio-mini",
        "gpt-audio-mini-2025-10-06",
        "gpt-audio-mini-2025-12-15",
    ],
    str,
]
"""Open enum: any model name; the literals are the known ones."""

Voice = Union[
    Literal["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"],
    str,
]
"""Open enum of built-in voices (``marin``/``cedar`` recommended); a custom voice is :class:`VoiceId`."""

TranscriptionModel = Union[
    Literal[
        "whisper-1",
        "gpt-transcribe",
        "gpt-live-transcribe",
        "gpt-4o-mini-transcribe",
        "gpt-4o-mini-transcribe-2025-12-15",
        "gpt-4o-transcribe",
        "gpt-4o-transcribe-diarize",
        "gpt-realtime-whisper",
    ],
    str,
]
"""Open enum of transcription models."""

NoiseReductionType = Literal["near_field", "far_field"]
SemanticVadEagerness = Literal["low", "medium", "high", "auto"]
ReasoningEffort = Literal["minimal", "low", "medium", "high", "xhigh"]
TranscriptionDelay = Literal["minimal", "low", "medium", "high", "xhigh"]
OutputModality = Literal["text", "audio"]
IncludeItem = Literal["item.input_audio_transcription.logprobs"]
ToolChoiceMode = Literal["none", "auto", "required"]
AllowedCaller = Literal["direct", "programmatic"]
ImageDetail = Literal["low", "high", "auto", "original"]
FileDetail = Literal["auto", "low", "high"]
ConnectorId = Literal[
    "connector_dropbox",
    "connector_gmail",
    "connector_googlecalendar",
    "connector_googledrive",
    "connector_microsoftteams",
    "connector_outlookcalendar",
    "connector_outlookemail",
    "connector_sharepoint",
]
MaxOutputTokens = Union[int, Literal["inf"]]
"""An integer (1-4096) or ``"inf"`` for the model maximum."""


# --------------------------------------------------------------------------- audio


@attrs.frozen(kw_only=True)
class AudioPCM:
    """PCM 16-bit audio at 24 kHz.

    Example::

        AudioPCM(rate=24000)   # {"type": "audio/pcm", "rate": 24000}
    """

    type: Literal["audio/pcm"] = "audio/pcm"
    rate: Optional[Literal[24000]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class AudioPCMU:
    """G.711 mu-law audio (telephony).

    Example::

        AudioPCMU()   # {"type": "audio/pcmu"}
    """

    type: Literal["audio/pcmu"] = "audio/pcmu"
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class AudioPCMA:
    """G.711 A-law audio (telephony).

    Example::

        AudioPCMA()   # {"type": "audio/pcma"}
    """

    type: Literal["audio/pcma"] = "audio/pcma"
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownAudioFormat:
    """An audio format this library does not know yet; ``raw`` is the whole object.

    Example::

        fmt = UnknownAudioFormat(raw={"type": "audio/opus"}); fmt.type   # 'audio/opus'
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


AudioFormat = Union[AudioPCM, AudioPCMU, AudioPCMA, UnknownAudioFormat]


@attrs.frozen(kw_only=True)
class NoiseReduction:
    """Input noise reduction: ``near_field`` (headsets) or ``far_field`` (room mics).

    Example::

        NoiseReduction(type="near_field", strength=0.6)
    """

    type: Optional[NoiseReductionType] = None
    strength: Optional[float] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class AudioTranscription:
    """Asynchronous transcription of the input audio.

    Example::

        AudioTranscription(model="gpt-4o-transcribe", language="en")
    """

    model: Optional[TranscriptionModel] = None
    language: Optional[str] = None
    languages: Optional[List[str]] = None
    keywords: Optional[List[str]] = None
    prompt: Optional[str] = None
    delay: Optional[TranscriptionDelay] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ServerVad:
    """Server voice-activity detection; ``idle_timeout_ms=NULL`` sends ``null``.

    Example::

        ServerVad(threshold=0.6, silence_duration_ms=500)
    """

    type: Literal["server_vad"] = "server_vad"
    threshold: Optional[float] = None
    prefix_padding_ms: Optional[int] = None
    silence_duration_ms: Optional[int] = None
    idle_timeout_ms: Optional[Union[int, NullType]] = None
    create_response: Optional[bool] = None
    interrupt_response: Optional[bool] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class SemanticVad:
    """Semantic turn detection; ``eagerness`` trades latency for fewer interruptions.

    Example::

        SemanticVad(eagerness="high", create_response=True)
    """

    type: Literal["semantic_vad"] = "semantic_vad"
    eagerness: Optional[SemanticVadEagerness] = None
    create_response: Optional[bool] = None
    interrupt_response: Optional[bool] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownTurnDetection:
    """A turn-detection type this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownTurnDetection(raw={"type": "future_vad", "knob": 3}).type   # 'future_vad'
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


TurnDetection = Union[ServerVad, SemanticVad, UnknownTurnDetection]


@attrs.frozen(kw_only=True)
class RealtimeAudioInput:
    """Input audio settings; ``turn_detection=NULL`` turns VAD off (manual turns).

    Example::

        RealtimeAudioInput(format=AudioPCMU(), turn_detection=ServerVad(threshold=0.6))
    """

    format: Optional[AudioFormat] = None
    noise_reduction: Optional[Union[NoiseReduction, NullType]] = None
    transcription: Optional[Union[AudioTranscription, NullType]] = None
    turn_detection: Optional[Union[TurnDetection, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class VoiceId:
    """A custom voice, sent as ``{"id": ...}``.

    Example::

        RealtimeAudioOutput(voice=VoiceId(id="voice_1234"))
    """

    id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeAudioOutput:
    """Output audio settings: format, voice (name or :class:`VoiceId`) and speed (0.25-1.5).

    Example::

        RealtimeAudioOutput(voice="marin", speed=1.1)
    """

    format: Optional[AudioFormat] = None
    voice: Optional[Union[Voice, VoiceId]] = None
    speed: Optional[float] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeAudioConfig:
    """Input and output audio of a realtime session.

    Example::

        RealtimeAudioConfig(output=RealtimeAudioOutput(voice="cedar"))
    """

    input: Optional[RealtimeAudioInput] = None
    output: Optional[RealtimeAudioOutput] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- tools


@attrs.frozen(kw_only=True)
class FunctionTool:
    """A function the model may call; ``parameters`` is a JSON Schema.

    Example::

        FunctionTool(name="end_call", description="Hang up.", parameters={"type": "object", "properties": {}})
    """

    type: Literal["function"] = "function"
    name: Optional[str] = None
    description: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpToolFilter:
    """Selects MCP tools by read-only hint and/or name.

    Example::

        McpToolFilter(read_only=True)
    """

    read_only: Optional[bool] = None
    tool_names: Optional[List[str]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpToolApprovalFilter:
    """Which MCP tools always / never need approval.

    Example::

        McpToolApprovalFilter(never=McpToolFilter(read_only=True))
    """

    always: Optional[McpToolFilter] = None
    never: Optional[McpToolFilter] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpTool:
    """A remote MCP server (give one of server_url, connector_id, tunnel_id).

    ``authorization`` is a secret and is masked in the repr.

    Example::

        McpTool(server_label="crm", server_url="https://mcp.example.com/sse", require_approval="never")
    """

    type: Literal["mcp"] = "mcp"
    server_label: str
    server_url: Optional[str] = None
    connector_id: Optional[ConnectorId] = None
    tunnel_id: Optional[str] = None
    authorization: Optional[str] = attrs.field(default=None, repr=_masked)
    headers: Optional[Union[Dict[str, str], NullType]] = attrs.field(default=None, repr=False)
    allowed_tools: Optional[Union[List[str], McpToolFilter, NullType]] = None
    require_approval: Optional[Union[Literal["always", "never"], McpToolApprovalFilter, NullType]] = None
    allowed_callers: Optional[Union[List[AllowedCaller], NullType]] = None
    defer_loading: Optional[bool] = None
    server_description: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownTool:
    """A tool type this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownTool(raw={"type": "web_search"}).type   # 'web_search'
    """

    raw: Dict[str, Any] = attrs.field(repr=False)

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


Tool = Union[FunctionTool, McpTool, UnknownTool]


@attrs.frozen(kw_only=True)
class ToolChoiceFunction:
    """Force a call of the named function.

    Example::

        ToolChoiceFunction(name="end_call")
    """

    type: Literal["function"] = "function"
    name: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ToolChoiceMcp:
    """Force a call of a tool on an MCP server (``name=NULL`` sends null).

    Example::

        ToolChoiceMcp(server_label="crm", name="search_contacts")
    """

    type: Literal["mcp"] = "mcp"
    server_label: str
    name: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownToolChoice:
    """A tool-choice object this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownToolChoice(raw={"type": "allowed_tools"}).type
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


ToolChoice = Union[ToolChoiceMode, ToolChoiceFunction, ToolChoiceMcp, UnknownToolChoice]


# --------------------------------------------------------------------------- tracing, truncation, prompt


@attrs.frozen(kw_only=True)
class TracingConfiguration:
    """Tracing with explicit names; the string ``"auto"`` uses defaults, ``NULL`` disables.

    Example::

        TracingConfiguration(workflow_name="sip-support", metadata={"region": "us"})
    """

    workflow_name: Optional[str] = None
    group_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TokenLimits:
    """Token cap after the instructions, for retention-ratio truncation.

    Example::

        TokenLimits(post_instructions=8000)
    """

    post_instructions: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RetentionRatioTruncation:
    """Truncate to keep ``retention_ratio`` (0-1) of the post-instruction tokens.

    Example::

        RetentionRatioTruncation(retention_ratio=0.8, token_limits=TokenLimits(post_instructions=8000))
    """

    type: Literal["retention_ratio"] = "retention_ratio"
    retention_ratio: float
    token_limits: Optional[TokenLimits] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownTruncation:
    """A truncation object this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownTruncation(raw={"type": "sliding"}).type
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


Truncation = Union[Literal["auto", "disabled"], RetentionRatioTruncation, UnknownTruncation]


@attrs.frozen(kw_only=True)
class PromptCacheBreakpoint:
    """Marks a prompt cache breakpoint (``ttl`` ``"30m"`` or ``"12h"``).

    Example::

        PromptCacheBreakpoint(ttl="30m")
    """

    mode: Literal["explicit"] = "explicit"
    ttl: Optional[Literal["30m", "12h"]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputText:
    """A text prompt variable.

    Example::

        InputText(text="Ada")
    """

    type: Literal["input_text"] = "input_text"
    text: str
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputImage:
    """An image prompt variable (by ``file_id`` or ``image_url``).

    Example::

        InputImage(detail="auto", image_url="https://example.com/logo.png")
    """

    type: Literal["input_image"] = "input_image"
    detail: ImageDetail
    file_id: Optional[Union[str, NullType]] = None
    image_url: Optional[Union[str, NullType]] = None
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputFile:
    """A file prompt variable (by data, id or URL).

    Example::

        InputFile(file_id="file_123", detail="auto")
    """

    type: Literal["input_file"] = "input_file"
    detail: Optional[FileDetail] = None
    file_data: Optional[str] = attrs.field(default=None, repr=False)
    file_id: Optional[Union[str, NullType]] = None
    file_url: Optional[str] = None
    filename: Optional[str] = None
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownPromptVariable:
    """A prompt-variable object this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownPromptVariable(raw={"type": "input_audio"}).type
    """

    raw: Dict[str, Any] = attrs.field(repr=False)

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


PromptVariable = Union[str, InputText, InputImage, InputFile, UnknownPromptVariable]


@attrs.frozen(kw_only=True)
class Prompt:
    """A stored prompt template with variables.

    Example::

        Prompt(id="pmpt_abc123", version="3", variables={"customer_name": "Ada"})
    """

    id: str
    version: Optional[Union[str, NullType]] = None
    variables: Optional[Union[Dict[str, PromptVariable], NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class Reasoning:
    """Reasoning effort for reasoning-capable models.

    Example::

        Reasoning(effort="low")
    """

    effort: Optional[ReasoningEffort] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- sessions (requests)


@attrs.frozen(kw_only=True)
class RealtimeSessionCreateRequest:
    """A realtime session: calls create ``session``, the whole accept body, a client-secret session.

    Example::

        RealtimeSessionCreateRequest(model="gpt-realtime", instructions="Be brief.",
                                     audio=RealtimeAudioConfig(output=RealtimeAudioOutput(voice="marin")))
    """

    type: Literal["realtime"] = "realtime"
    model: Optional[RealtimeModel] = None
    instructions: Optional[str] = None
    audio: Optional[RealtimeAudioConfig] = None
    include: Optional[List[IncludeItem]] = None
    max_output_tokens: Optional[MaxOutputTokens] = None
    output_modalities: Optional[List[OutputModality]] = None
    parallel_tool_calls: Optional[bool] = None
    prompt: Optional[Union[Prompt, NullType]] = None
    reasoning: Optional[Reasoning] = None
    tool_choice: Optional[ToolChoice] = None
    tools: Optional[List[Tool]] = None
    tracing: Optional[Union[Literal["auto"], TracingConfiguration, NullType]] = None
    truncation: Optional[Truncation] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionAudio:
    """Audio of a transcription session (input only).

    Example::

        RealtimeTranscriptionSessionAudio(input=RealtimeAudioInput(transcription=AudioTranscription(model="gpt-transcribe")))
    """

    input: Optional[RealtimeAudioInput] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionCreateRequest:
    """A transcription-only session (client secrets ``session`` with ``type: "transcription"``).

    Example::

        RealtimeTranscriptionSessionCreateRequest(include=["item.input_audio_transcription.logprobs"])
    """

    type: Literal["transcription"] = "transcription"
    audio: Optional[RealtimeTranscriptionSessionAudio] = None
    include: Optional[List[IncludeItem]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranslationNoiseReduction:
    """Noise reduction of a translation session (``type`` required).

    Example::

        TranslationNoiseReduction(type="near_field", strength=1.0)
    """

    type: NoiseReductionType
    strength: Optional[float] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranslationTranscription:
    """Source-language transcription of a translation session.

    Example::

        TranslationTranscription(model="gpt-live-transcribe")
    """

    model: TranscriptionModel
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranslationAudioInput:
    """Input side of a translation session; ``NULL`` disables a feature.

    Example::

        TranslationAudioInput(noise_reduction=NULL)
    """

    noise_reduction: Optional[Union[TranslationNoiseReduction, NullType]] = None
    transcription: Optional[Union[TranslationTranscription, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranslationAudioOutput:
    """Output side of a translation session: the target language.

    Example::

        TranslationAudioOutput(language="es")
    """

    language: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranslationAudio:
    """Audio of a translation session.

    Example::

        TranslationAudio(output=TranslationAudioOutput(language="es"))
    """

    input: Optional[TranslationAudioInput] = None
    output: Optional[TranslationAudioOutput] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCreateRequest:
    """A translation session (``model`` is required and fixed at creation).

    Example::

        RealtimeTranslationSessionCreateRequest(model="gpt-realtime-translate",
                                                audio=TranslationAudio(output=TranslationAudioOutput(language="es")))
    """

    model: str
    audio: Optional[TranslationAudio] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- sessions (responses)


@attrs.frozen(kw_only=True)
class RealtimeSessionCreateResponse:
    """The effective realtime session inside a client-secret response.

    Example::

        secret.session.model, secret.session.audio.output.voice
    """

    id: str
    object: str
    type: Literal["realtime"] = "realtime"
    model: Optional[Union[RealtimeModel, NullType]] = None
    instructions: Optional[Union[str, NullType]] = None
    audio: Optional[Union[RealtimeAudioConfig, NullType]] = None
    expires_at: Optional[int] = None
    include: Optional[Union[List[IncludeItem], NullType]] = None
    max_output_tokens: Optional[Union[MaxOutputTokens, NullType]] = None
    output_modalities: Optional[Union[List[OutputModality], NullType]] = None
    prompt: Optional[Union[Prompt, NullType]] = None
    reasoning: Optional[Union[Reasoning, NullType]] = None
    tool_choice: Optional[Union[ToolChoice, NullType]] = None
    tools: Optional[Union[List[Tool], NullType]] = None
    tracing: Optional[Union[Literal["auto"], TracingConfiguration, NullType]] = None
    truncation: Optional[Union[Truncation, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionTurnDetection:
    """The flat turn-detection object of a transcription session response.

    Example::

        secret.session.audio.input.turn_detection.threshold
    """

    type: Optional[str] = None
    threshold: Optional[float] = None
    prefix_padding_ms: Optional[int] = None
    silence_duration_ms: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionSessionResponseAudioInput:
    """Input audio of a transcription session response.

    Example::

        secret.session.audio.input.transcription.model
    """

    format: Optional[Union[AudioFormat, NullType]] = None
    noise_reduction: Optional[Union[NoiseReduction, NullType]] = None
    transcription: Optional[Union[AudioTranscription, NullType]] = None
    turn_detection: Optional[Union[TranscriptionTurnDetection, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionSessionResponseAudio:
    """Audio of a transcription session response.

    Example::

        secret.session.audio.input
    """

    input: Optional[Union[TranscriptionSessionResponseAudioInput, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionCreateResponse:
    """The effective transcription session inside a client-secret response.

    Example::

        secret.session.audio.input.turn_detection
    """

    id: str
    object: str
    type: Literal["transcription"] = "transcription"
    audio: Optional[Union[TranscriptionSessionResponseAudio, NullType]] = None
    expires_at: Optional[int] = None
    include: Optional[Union[List[IncludeItem], NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownSession:
    """A session type this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownSession(raw={"type": "future"}).type
    """

    raw: Dict[str, Any] = attrs.field(repr=False)

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else None


@attrs.frozen(kw_only=True)
class RealtimeTranslationSession:
    """The translation session inside a translation client-secret response.

    Example::

        secret.session.audio.output.language
    """

    id: str
    type: Literal["translation"] = "translation"
    expires_at: int
    model: str
    audio: TranslationAudio
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- endpoint bodies


@attrs.frozen
class ClientSecretExpiration:
    """When a client secret expires: ``seconds`` (10-7200, default 600) after ``anchor``.

    Example::

        ClientSecretExpiration(anchor="created_at", seconds=600)
    """

    anchor: Optional[Literal["created_at"]] = None
    seconds: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class RealtimeCallCreateRequest:
    """Body of ``POST /realtime/calls``: the SDP offer and an optional session.

    Example::

        RealtimeCallCreateRequest(sdp=offer, session=RealtimeSessionCreateRequest(model="gpt-realtime"))
    """

    sdp: str = attrs.field(repr=False)
    session: Optional[RealtimeSessionCreateRequest] = None


@attrs.frozen
class RealtimeCallCreateResponse:
    """The SDP answer of ``POST /realtime/calls`` and the ``Location`` of the new call.

    Example::

        RealtimeCallCreateResponse(sdp="v=0...", location="/v1/realtime/calls/rtc_1").call_id   # 'rtc_1'
    """

    sdp: str = attrs.field(repr=False)
    location: Optional[str] = None

    @property
    def call_id(self) -> Optional[str]:
        """The last path segment of ``location`` (``None`` without a location).

        Example::

            response.call_id   # 'rtc_test_0002'
        """
        if not self.location:
            return None
        path = self.location.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        segment = path.rsplit("/", 1)[-1]
        return segment or None


@attrs.frozen
class RealtimeCallAcceptRequest:
    """Body of ``POST /realtime/calls/{id}/accept``: the session itself, at the top level.

    Example::

        RealtimeCallAcceptRequest(session=RealtimeSessionCreateRequest(model="gpt-realtime"))
    """

    session: RealtimeSessionCreateRequest


@attrs.frozen
class RealtimeCallReferRequest:
    """Body of ``POST /realtime/calls/{id}/refer``: the SIP ``Refer-To`` target.

    Example::

        RealtimeCallReferRequest(target_uri="tel:+14155550123")
    """

    target_uri: str


@attrs.frozen
class RealtimeCallRejectRequest:
    """Body of ``POST /realtime/calls/{id}/reject`` (``{}`` = server default 603).

    Example::

        RealtimeCallRejectRequest(status_code=486)
    """

    status_code: Optional[int] = None


@attrs.frozen
class RealtimeCreateClientSecretRequest:
    """Body of ``POST /realtime/client_secrets``.

    Example::

        RealtimeCreateClientSecretRequest(session=RealtimeSessionCreateRequest(model="gpt-realtime"),
                                          expires_after=ClientSecretExpiration(seconds=600))
    """

    session: Optional[Union[RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest]] = None
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeCreateClientSecretResponse:
    """A client secret (``value``, masked in the repr) and its effective session.

    Example::

        secret = client.client_secrets.create(session={"type": "realtime"})
        browser_token, valid_until = secret.value, secret.expires_at
    """

    value: str = attrs.field(repr=_masked)
    expires_at: int
    session: Union[RealtimeSessionCreateResponse, RealtimeTranscriptionSessionCreateResponse, UnknownSession]
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class RealtimeTranslationClientSecretCreateRequest:
    """Body of ``POST /realtime/translations/client_secrets``.

    Example::

        RealtimeTranslationClientSecretCreateRequest(session=RealtimeTranslationSessionCreateRequest(model="m"))
    """

    session: RealtimeTranslationSessionCreateRequest
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeTranslationClientSecretCreateResponse:
    """A translation client secret (``value``, masked in the repr) and its session.

    Example::

        secret = client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    value: str = attrs.field(repr=_masked)
    expires_at: int
    session: RealtimeTranslationSession
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- errors


@attrs.frozen(kw_only=True)
class APIErrorObject:
    """The ``error`` object of an API error body.

    Example::

        APIErrorObject(message="Unknown call id.", type="invalid_request_error", code="call_id_not_found")
    """

    message: Optional[str] = None
    type: Optional[Union[str, NullType]] = None
    param: Optional[Union[str, NullType]] = None
    code: Optional[Union[str, int, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ErrorResponse:
    """An API error body: ``{"error": {...}}``.

    Example::

        parse_response(ErrorResponse, {"error": {"message": "x"}}).error.message
    """

    error: APIErrorObject
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)
