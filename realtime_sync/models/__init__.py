"""Typed models of every Realtime REST request and response.

Plain attrs classes: no serialization code lives here. Every wire rule (omitting
fields, explicit nulls, tags, unknown keys, validation) belongs to the one
converter in ``realtime_sync._serde``, which reads it from these declarations.

How to declare a type (the same form serves ``sideband.events`` and the Live API):

* An object: ``@attrs.frozen(kw_only=True)`` on a subclass of :class:`Model`, fields named
  exactly as on the wire. :class:`Model` supplies ``extra`` (unknown keys, kept for
  re-sending), ``to_dict()``/``to_json()``/``model_dump()`` and attribute access to unknown
  keys at run time.
* An optional field defaults to ``None`` (*not given*, left out of the JSON). Where a
  request may send JSON ``null`` on purpose, the annotation includes :data:`NullType` and
  :data:`NULL` sends it. Responses read ``null`` as ``None`` (the converter remembers that it
  was ``null``, so ``to_dict()`` writes it back).
* A union member has a tag field ``type: Literal["<tag>"] = "<tag>"`` (another key name
  works too: the converter finds the one single-value literal the members share). The union
  itself is a plain ``Union[...]`` alias; nothing is registered.
* A union the server may extend ends with a fallback: a bare subclass of :class:`Unknown`
  (``class UnknownThing(Unknown): "doc"``). The converter recognises fallbacks by that base.
* A member that a dict may send without its tag sets ``__tag_optional__ = True``
  (``FunctionTool``: the SDK's dict form leaves out ``"type": "function"``).
* An object forwarded for another API, whose unknown keys are the point (the Live API's
  Responses tools), sets ``__open__ = True``: a request dict may then carry any key too,
  kept in ``extra`` and sent unchanged; only the declared fields are checked.
* A field the server must send for the answer to be usable (a client secret's ``value``)
  is ``attrs.field(metadata=ESSENTIAL)``: everything else in a response is read tolerantly.
* A request rule the types cannot say (a range) is a ``__check__`` method returning
  ``[(field, message), ...]``.
* Closed enums are ``Literal[...]`` aliases (requests reject other values; responses
  accept any string); open enums are ``Union[Literal[...], str]``.
* ``List``/``Dict`` and ``typing.Union`` annotations only: they are evaluated at run time
  on Python 3.8. Secrets (``value``, ``authorization``) get ``repr=False`` or a masking repr.
* ``__all__`` is derived: every public name a module defines is exported.
* Where: here if a client-secret call uses the type (the cold start builds every class of this
  module); otherwise in the module of its surface, loaded on first use (``_calls``,
  ``_translations``, ``_webhook_endpoints``, ``_errors``), with its name in ``_LAZY`` and in the
  ``TYPE_CHECKING`` imports at the end of this module, so that ``realtime_sync.models.X`` still
  finds it. A resource method imports such a class where it uses it.

Example::

    from realtime_sync.models import RealtimeSessionCreateRequest, RealtimeAudioConfig, RealtimeAudioInput, NULL

    session = RealtimeSessionCreateRequest(
        model="gpt-realtime",
        audio=RealtimeAudioConfig(input=RealtimeAudioInput(turn_detection=NULL)),  # sends "turn_detection": null
    )
"""

import contextvars
import enum
import importlib
import json
import types
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    FrozenSet,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Union,
)

import attrs

from .._redaction import masked_repr

_IMPORTED = frozenset(globals())  # what is defined below this line is exported (see the end of the module)


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

ESSENTIAL: Mapping[str, Any] = {"essential": True}
"""Field metadata: a response without this field (or with an unusable value) is an error.

Example::

    value: str = attrs.field(metadata=ESSENTIAL)
"""


# --------------------------------------------------------------------------- the declaration bases


# Import time (issue 19): attrs compiles __repr__, __eq__ and __hash__ from source for every
# class it decorates, more than half of what creating one of our ~300 model classes costs. Model
# and Unknown subclasses get these three from the functions below instead: written once,
# reading each class's fields on first use, with attrs' own semantics (the same repr text,
# recursion guard and eq/hash fields). attrs keeps methods a class defines itself (its
# auto_detect), so _Dumpable.__init_subclass__ gives each class its own copies (a method
# shared with a base counts as inherited) unless its body defines them. tests/test_models.py
# compares them with the methods attrs generates.
# The objects being repr'd in this thread/greenlet/task (attrs' guard against a model inside itself).
_repr_guard: "contextvars.ContextVar[FrozenSet[int]]" = contextvars.ContextVar("rs_repr", default=frozenset())
_Fields = Tuple[Tuple[str, Any], ...]
_specs: Dict[type, Tuple[_Fields, _Fields, _Fields]] = {}


def _spec(cls: type) -> Tuple[_Fields, _Fields, _Fields]:
    # (repr fields with their repr function, eq fields with their key, hash fields with their key)
    spec = _specs.get(cls)
    if spec is None:
        fields = attrs.fields(cls)
        eq_key = {f.name: getattr(f, "eq_key", None) for f in fields}
        spec = _specs[cls] = (
            tuple((f.name, repr if f.repr is True else f.repr) for f in fields if f.repr is not False),
            tuple((f.name, eq_key[f.name]) for f in fields if f.eq),
            tuple((f.name, eq_key[f.name]) for f in fields if f.hash is True or (f.hash is None and f.eq is True)),
        )
    return spec


def _model_repr(self: Any) -> str:
    active = _repr_guard.get()
    if id(self) in active:
        return "..."
    token = _repr_guard.set(active | {id(self)})
    try:
        parts = ["%s=%s" % (name, show(getattr(self, name))) for name, show in _spec(self.__class__)[0]]
        return "%s(%s)" % (self.__class__.__qualname__.rsplit(">.", 1)[-1], ", ".join(parts))
    finally:
        _repr_guard.reset(token)


def _model_eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    result: Any = True
    for name, key in _spec(self.__class__)[1]:
        if key is None:
            result = getattr(self, name) == getattr(other, name)
        else:
            result = key(getattr(self, name)) == key(getattr(other, name))
        if not result:
            return result
    return result


def _model_hash(self: Any) -> int:
    fields = _spec(self.__class__)[2]
    values = [getattr(self, name) if key is None else key(getattr(self, name)) for name, key in fields]
    return hash((self.__class__.__qualname__, *values))


_GENERIC_METHODS = (("__repr__", _model_repr), ("__eq__", _model_eq), ("__hash__", _model_hash))


class _Dumpable:
    # What Model and Unknown share: the SDK's ways of getting the JSON form back.
    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, function in _GENERIC_METHODS:
            # A body defining __eq__ also gets __hash__ = None from Python: kept (unhashable, as attrs leaves it).
            if name not in cls.__dict__:
                copy = types.FunctionType(function.__code__, function.__globals__, name, None, function.__closure__)
                copy.__qualname__ = "%s.%s" % (cls.__qualname__, name)
                setattr(cls, name, copy)

    def to_dict(
        self,
        *,
        mode: str = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> Dict[str, Any]:
        """The JSON form, as the server sent it or as it will be sent (unknown keys included).

        The official SDK's keywords are accepted: ``exclude_unset=False`` also lists every
        declared field that was not sent (as ``None``); ``exclude_none=True`` (or
        ``exclude_defaults=True``) leaves out the ``None`` values. ``mode``, ``use_api_names``
        and ``warnings`` change nothing: the result is always JSON-ready, with wire names.

        Example::

            secret.session.to_dict()["audio"]
        """
        from .. import _serde  # the converter sits beside the models and imports them: resolve on use

        result: Dict[str, Any] = _serde.dump(
            self, exclude_unset=exclude_unset, exclude_none=exclude_none or exclude_defaults
        )
        return result

    def model_dump(
        self,
        *,
        mode: str = "python",
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        **ignored: Any,
    ) -> Dict[str, Any]:
        """The official SDK's (pydantic) name; as there, ``exclude_unset`` defaults to ``False``."""
        return self.to_dict(exclude_unset=exclude_unset, exclude_defaults=exclude_defaults, exclude_none=exclude_none)

    def to_json(
        self,
        *,
        indent: Optional[int] = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The JSON form as text (``indent=None`` for one line); the keywords are :meth:`to_dict`'s.

        Example::

            print(event.to_json())
        """
        data = self.to_dict(exclude_unset=exclude_unset, exclude_defaults=exclude_defaults, exclude_none=exclude_none)
        return json.dumps(data, indent=indent, ensure_ascii=False)


class Extra(Dict[str, Any]):
    """The ``extra`` dict of a parsed response: its unknown keys, and in ``nulls`` the declared keys sent as null.

    It compares equal to a plain dict; :attr:`Model.null_fields` reads ``nulls``.

    Example::

        secret.session.extra == {"new_knob": 3}
    """

    __slots__ = ("nulls",)
    nulls: FrozenSet[str]  # set by the converter right after building it (no Python-level __init__: speed)


@attrs.frozen(kw_only=True)
class Model(_Dumpable):
    """Base of every object model: ``extra``, ``to_dict()``, and unknown keys as attributes.

    ``extra`` holds the keys of a response this library does not model (written back when
    the object is sent again) and, for a request model, keys to send as they are. At run time
    those keys also read as attributes (``secret.session.new_knob``); type checkers do not
    see them, so a typo in a known name is still caught. ``null_fields`` names the declared
    fields a response sent as ``null`` (they read as ``None``; ``to_dict()`` writes ``null``).

    Example::

        @attrs.frozen(kw_only=True)
        class Greeting(Model):
            type: Literal["greeting"] = "greeting"
            text: str
    """

    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def null_fields(self) -> FrozenSet[str]:
        """The declared fields a response sent as JSON ``null`` (they read as ``None``).

        ``to_dict()`` and re-sending write them back as ``null``, so nothing the server said is lost.

        Example::

            secret.session.tracing is None and "tracing" in secret.session.null_fields   # tracing was null
        """
        nulls: Optional[FrozenSet[str]] = getattr(self.extra, "nulls", None)
        return nulls or frozenset()

    if not TYPE_CHECKING:  # unknown keys readable at run time, invisible to mypy

        def __getattr__(self, name: str) -> Any:
            if name[:1] != "_":
                try:
                    return object.__getattribute__(self, "extra")[name]
                except (AttributeError, KeyError):
                    pass
            raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))


@attrs.frozen(kw_only=True)
class Unknown(_Dumpable):
    """Base of the fallbacks: a union variant this library does not know; ``raw`` is the whole object.

    In a response, an unknown tag parses into the union's ``Unknown`` subclass and is written
    back unchanged; its keys read as attributes at run time (``event.name``). ``raw`` stays out
    of the repr (it may hold anything, secrets included).

    Example::

        class UnknownTool(Unknown):
            \"\"\"A tool type this library does not know yet.\"\"\"
    """

    raw: Dict[str, Any] = attrs.field(repr=False)

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing or not a string).

        Example::

            UnknownTool(raw={"type": "web_search"}).type   # 'web_search'
        """
        value = self.raw.get("type")
        return value if isinstance(value, str) else None

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name[:1] != "_":
                try:
                    return object.__getattribute__(self, "raw")[name]
                except (AttributeError, KeyError):
                    pass
            raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))


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
class AudioPCM(Model):
    """PCM 16-bit audio at 24 kHz."""

    type: Literal["audio/pcm"] = "audio/pcm"
    rate: Optional[Literal[24000]] = None


@attrs.frozen(kw_only=True)
class AudioPCMU(Model):
    """G.711 mu-law audio (telephony)."""

    type: Literal["audio/pcmu"] = "audio/pcmu"


@attrs.frozen(kw_only=True)
class AudioPCMA(Model):
    """G.711 A-law audio (telephony)."""

    type: Literal["audio/pcma"] = "audio/pcma"


class UnknownAudioFormat(Unknown):
    """An audio format this library does not know yet; ``raw`` is the whole object."""


AudioFormat = Union[AudioPCM, AudioPCMU, AudioPCMA, UnknownAudioFormat]


@attrs.frozen(kw_only=True)
class NoiseReduction(Model):
    """Input noise reduction: ``near_field`` (headsets) or ``far_field`` (room mics)."""

    type: Optional[NoiseReductionType] = None
    strength: Optional[float] = None


@attrs.frozen(kw_only=True)
class AudioTranscription(Model):
    """Asynchronous transcription of the input audio."""

    model: Optional[TranscriptionModel] = None
    language: Optional[str] = None
    languages: Optional[List[str]] = None
    keywords: Optional[List[str]] = None
    prompt: Optional[str] = None
    delay: Optional[TranscriptionDelay] = None


@attrs.frozen(kw_only=True)
class ServerVad(Model):
    """Server voice-activity detection; ``idle_timeout_ms=NULL`` sends ``null``."""

    type: Literal["server_vad"] = "server_vad"
    threshold: Optional[float] = None
    prefix_padding_ms: Optional[int] = None
    silence_duration_ms: Optional[int] = None
    idle_timeout_ms: Optional[Union[int, NullType]] = None
    create_response: Optional[bool] = None
    interrupt_response: Optional[bool] = None


@attrs.frozen(kw_only=True)
class SemanticVad(Model):
    """Semantic turn detection; ``eagerness`` trades latency for fewer interruptions."""

    type: Literal["semantic_vad"] = "semantic_vad"
    eagerness: Optional[SemanticVadEagerness] = None
    create_response: Optional[bool] = None
    interrupt_response: Optional[bool] = None


class UnknownTurnDetection(Unknown):
    """A turn-detection type this library does not know yet; ``raw`` is the whole object."""


TurnDetection = Union[ServerVad, SemanticVad, UnknownTurnDetection]


@attrs.frozen(kw_only=True)
class RealtimeAudioInput(Model):
    """Input audio settings; ``turn_detection=NULL`` turns VAD off (manual turns)."""

    format: Optional[AudioFormat] = None
    noise_reduction: Optional[Union[NoiseReduction, NullType]] = None
    transcription: Optional[Union[AudioTranscription, NullType]] = None
    turn_detection: Optional[Union[TurnDetection, NullType]] = None


@attrs.frozen(kw_only=True)
class VoiceId(Model):
    """A custom voice, sent as ``{"id": ...}``."""

    id: str


@attrs.frozen(kw_only=True)
class RealtimeAudioOutput(Model):
    """Output audio settings: format, voice (name or :class:`VoiceId`) and speed (0.25-1.5)."""

    format: Optional[AudioFormat] = None
    voice: Optional[Union[Voice, VoiceId]] = None
    speed: Optional[float] = None


@attrs.frozen(kw_only=True)
class RealtimeAudioConfig(Model):
    """Input and output audio of a realtime session."""

    input: Optional[RealtimeAudioInput] = None
    output: Optional[RealtimeAudioOutput] = None


# --------------------------------------------------------------------------- tools


@attrs.frozen(kw_only=True)
class FunctionTool(Model):
    """A function the model may call; ``parameters`` is a JSON Schema."""

    __tag_optional__: ClassVar[bool] = True  # the SDK's dict form leaves out "type": "function"
    type: Literal["function"] = "function"
    name: Optional[str] = None
    description: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None


@attrs.frozen(kw_only=True)
class McpToolFilter(Model):
    """Selects MCP tools by read-only hint and/or name."""

    read_only: Optional[bool] = None
    tool_names: Optional[List[str]] = None


@attrs.frozen(kw_only=True)
class McpToolApprovalFilter(Model):
    """Which MCP tools always / never need approval."""

    always: Optional[McpToolFilter] = None
    never: Optional[McpToolFilter] = None


@attrs.frozen(kw_only=True)
class McpTool(Model):
    """A remote MCP server (give one of server_url, connector_id, tunnel_id).

    ``authorization`` is a secret and is masked in the repr.
    """

    type: Literal["mcp"] = "mcp"
    server_label: str
    server_url: Optional[str] = None
    connector_id: Optional[ConnectorId] = None
    tunnel_id: Optional[str] = None
    authorization: Optional[str] = attrs.field(default=None, repr=masked_repr)
    headers: Optional[Union[Dict[str, str], NullType]] = attrs.field(default=None, repr=False)
    allowed_tools: Optional[Union[List[str], McpToolFilter, NullType]] = None
    require_approval: Optional[Union[Literal["always", "never"], McpToolApprovalFilter, NullType]] = None
    allowed_callers: Optional[Union[List[AllowedCaller], NullType]] = None
    defer_loading: Optional[bool] = None
    server_description: Optional[str] = None


class UnknownTool(Unknown):
    """A tool type this library does not know yet; ``raw`` is the whole object."""


Tool = Union[FunctionTool, McpTool, UnknownTool]


@attrs.frozen(kw_only=True)
class ToolChoiceFunction(Model):
    """Force a call of the named function."""

    type: Literal["function"] = "function"
    name: str


@attrs.frozen(kw_only=True)
class ToolChoiceMcp(Model):
    """Force a call of a tool on an MCP server (``name=NULL`` sends null)."""

    type: Literal["mcp"] = "mcp"
    server_label: str
    name: Optional[Union[str, NullType]] = None


class UnknownToolChoice(Unknown):
    """A tool-choice object this library does not know yet; ``raw`` is the whole object."""


ToolChoice = Union[ToolChoiceMode, ToolChoiceFunction, ToolChoiceMcp, UnknownToolChoice]


# --------------------------------------------------------------------------- tracing, truncation, prompt


@attrs.frozen(kw_only=True)
class TracingConfiguration(Model):
    """Tracing with explicit names; the string ``"auto"`` uses defaults, ``NULL`` disables."""

    workflow_name: Optional[str] = None
    group_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


@attrs.frozen(kw_only=True)
class TokenLimits(Model):
    """Token cap after the instructions, for retention-ratio truncation."""

    post_instructions: Optional[int] = None


@attrs.frozen(kw_only=True)
class RetentionRatioTruncation(Model):
    """Truncate to keep ``retention_ratio`` (0-1) of the post-instruction tokens."""

    type: Literal["retention_ratio"] = "retention_ratio"
    retention_ratio: float
    token_limits: Optional[TokenLimits] = None


class UnknownTruncation(Unknown):
    """A truncation object this library does not know yet; ``raw`` is the whole object."""


Truncation = Union[Literal["auto", "disabled"], RetentionRatioTruncation, UnknownTruncation]


@attrs.frozen(kw_only=True)
class PromptCacheBreakpoint(Model):
    """Marks a prompt cache breakpoint (``ttl`` ``"30m"`` or ``"12h"``)."""

    mode: Literal["explicit"] = "explicit"
    ttl: Optional[Literal["30m", "12h"]] = None


@attrs.frozen(kw_only=True)
class InputText(Model):
    """A text prompt variable."""

    type: Literal["input_text"] = "input_text"
    text: str
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None


@attrs.frozen(kw_only=True)
class InputImage(Model):
    """An image prompt variable (by ``file_id`` or ``image_url``)."""

    type: Literal["input_image"] = "input_image"
    detail: ImageDetail
    file_id: Optional[Union[str, NullType]] = None
    image_url: Optional[Union[str, NullType]] = None
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None


@attrs.frozen(kw_only=True)
class InputFile(Model):
    """A file prompt variable (by data, id or URL)."""

    type: Literal["input_file"] = "input_file"
    detail: Optional[FileDetail] = None
    file_data: Optional[str] = attrs.field(default=None, repr=False)
    file_id: Optional[Union[str, NullType]] = None
    file_url: Optional[str] = None
    filename: Optional[str] = None
    prompt_cache_breakpoint: Optional[PromptCacheBreakpoint] = None


class UnknownPromptVariable(Unknown):
    """A prompt-variable object this library does not know yet; ``raw`` is the whole object."""


PromptVariable = Union[str, InputText, InputImage, InputFile, UnknownPromptVariable]


@attrs.frozen(kw_only=True)
class Prompt(Model):
    """A stored prompt template with variables."""

    id: str
    version: Optional[Union[str, NullType]] = None
    variables: Optional[Union[Dict[str, PromptVariable], NullType]] = None


@attrs.frozen(kw_only=True)
class Reasoning(Model):
    """Reasoning effort for reasoning-capable models."""

    effort: Optional[ReasoningEffort] = None


# --------------------------------------------------------------------------- sessions (requests)


@attrs.frozen(kw_only=True)
class RealtimeSessionCreateRequest(Model):
    """A realtime session: calls create ``session``, the whole accept body, a client-secret session."""

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


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionAudio(Model):
    """Audio of a transcription session (input only)."""

    input: Optional[RealtimeAudioInput] = None


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionCreateRequest(Model):
    """A transcription-only session (client secrets ``session`` with ``type: "transcription"``)."""

    type: Literal["transcription"] = "transcription"
    audio: Optional[RealtimeTranscriptionSessionAudio] = None
    include: Optional[List[IncludeItem]] = None


# --------------------------------------------------------------------------- sessions (responses)


@attrs.frozen(kw_only=True)
class RealtimeSessionCreateResponse(Model):
    """The effective realtime session inside a client-secret response."""

    id: str
    object: str
    type: Literal["realtime"] = "realtime"
    model: Optional[RealtimeModel] = None
    instructions: Optional[str] = None
    audio: Optional[RealtimeAudioConfig] = None
    expires_at: Optional[int] = None
    include: Optional[List[IncludeItem]] = None
    max_output_tokens: Optional[MaxOutputTokens] = None
    output_modalities: Optional[List[OutputModality]] = None
    prompt: Optional[Prompt] = None
    reasoning: Optional[Reasoning] = None
    tool_choice: Optional[ToolChoice] = None
    tools: Optional[List[Tool]] = None
    tracing: Optional[Union[Literal["auto"], TracingConfiguration]] = None
    truncation: Optional[Truncation] = None


@attrs.frozen(kw_only=True)
class TranscriptionTurnDetection(Model):
    """The flat turn-detection object of a transcription session response."""

    type: Optional[str] = None
    threshold: Optional[float] = None
    prefix_padding_ms: Optional[int] = None
    silence_duration_ms: Optional[int] = None


@attrs.frozen(kw_only=True)
class TranscriptionSessionResponseAudioInput(Model):
    """Input audio of a transcription session response."""

    format: Optional[AudioFormat] = None
    noise_reduction: Optional[NoiseReduction] = None
    transcription: Optional[AudioTranscription] = None
    turn_detection: Optional[TranscriptionTurnDetection] = None


@attrs.frozen(kw_only=True)
class TranscriptionSessionResponseAudio(Model):
    """Audio of a transcription session response."""

    input: Optional[TranscriptionSessionResponseAudioInput] = None


@attrs.frozen(kw_only=True)
class RealtimeTranscriptionSessionCreateResponse(Model):
    """The effective transcription session inside a client-secret response."""

    id: str
    object: str
    type: Literal["transcription"] = "transcription"
    audio: Optional[TranscriptionSessionResponseAudio] = None
    expires_at: Optional[int] = None
    include: Optional[List[IncludeItem]] = None


class UnknownSession(Unknown):
    """A session type this library does not know yet; ``raw`` is the whole object."""


# --------------------------------------------------------------------------- endpoint bodies


@attrs.frozen
class ClientSecretExpiration(Model):
    """When a client secret expires: ``seconds`` (10-7200, default 600) after ``anchor``."""

    anchor: Optional[Literal["created_at"]] = None
    seconds: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        seconds = self.seconds
        if seconds is None or 10 <= seconds <= 7200:
            return []
        # Never repr() an arbitrary int: above 4300 digits Python refuses to.
        shown = repr(seconds) if -(10**9) < seconds < 10**9 else "an integer out of range"
        return [("seconds", "expected an integer from 10 to 7200, got %s" % (shown,))]


@attrs.frozen
class RealtimeCreateClientSecretRequest(Model):
    """Body of ``POST /realtime/client_secrets``."""

    session: Optional[Union[RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest]] = None
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeCreateClientSecretResponse(Model):
    """A client secret (``value``, masked in the repr) and its effective session."""

    value: str = attrs.field(repr=masked_repr, metadata=ESSENTIAL)
    expires_at: int
    session: Union[RealtimeSessionCreateResponse, RealtimeTranscriptionSessionCreateResponse, UnknownSession]


# --------------------------------------------------------------------------- loaded on first use

# Import time (issue 19): building an attrs class costs about 2 M instructions, and a process that
# only creates client secrets needs none of these. Each group lives in a module of its own, loaded
# when one of its names is first looked up here (PEP 562) or when a resource method that sends or
# reads it runs; `from realtime_sync.models import X` and `models.X` work for every name as before.
_LAZY: Dict[str, str] = {
    **dict.fromkeys(
        [
            "RealtimeCallAcceptRequest",
            "RealtimeCallCreateRequest",
            "RealtimeCallCreateResponse",
            "RealtimeCallReferRequest",
            "RealtimeCallRejectRequest",
        ],
        "._calls",
    ),
    **dict.fromkeys(
        [
            "RealtimeTranslationClientSecretCreateRequest",
            "RealtimeTranslationClientSecretCreateResponse",
            "RealtimeTranslationSession",
            "RealtimeTranslationSessionCreateRequest",
            "TranslationAudio",
            "TranslationAudioInput",
            "TranslationAudioOutput",
            "TranslationNoiseReduction",
            "TranslationTranscription",
        ],
        "._translations",
    ),
    **dict.fromkeys(
        [
            "DeletedWebhookEndpoint",
            "WebhookEndpoint",
            "WebhookEndpointCreateRequest",
            "WebhookEndpointEventType",
            "WebhookEndpointList",
            "WebhookEndpointRotateSecretRequest",
            "WebhookEndpointTestRequest",
            "WebhookEndpointTestResult",
            "WebhookEndpointUpdateRequest",
            "WebhookEndpointWithSecret",
            "WebhookEventTypeList",
        ],
        "._webhook_endpoints",
    ),
    **dict.fromkeys(["APIErrorObject", "ErrorResponse"], "._errors"),
}

if TYPE_CHECKING:  # the real types for type checkers (the "as" form re-exports them)
    from ._calls import RealtimeCallAcceptRequest as RealtimeCallAcceptRequest
    from ._calls import RealtimeCallCreateRequest as RealtimeCallCreateRequest
    from ._calls import RealtimeCallCreateResponse as RealtimeCallCreateResponse
    from ._calls import RealtimeCallReferRequest as RealtimeCallReferRequest
    from ._calls import RealtimeCallRejectRequest as RealtimeCallRejectRequest
    from ._errors import APIErrorObject as APIErrorObject
    from ._errors import ErrorResponse as ErrorResponse
    from ._translations import (
        RealtimeTranslationClientSecretCreateRequest as RealtimeTranslationClientSecretCreateRequest,
    )
    from ._translations import (
        RealtimeTranslationClientSecretCreateResponse as RealtimeTranslationClientSecretCreateResponse,
    )
    from ._translations import RealtimeTranslationSession as RealtimeTranslationSession
    from ._translations import RealtimeTranslationSessionCreateRequest as RealtimeTranslationSessionCreateRequest
    from ._translations import TranslationAudio as TranslationAudio
    from ._translations import TranslationAudioInput as TranslationAudioInput
    from ._translations import TranslationAudioOutput as TranslationAudioOutput
    from ._translations import TranslationNoiseReduction as TranslationNoiseReduction
    from ._translations import TranslationTranscription as TranslationTranscription
    from ._webhook_endpoints import DeletedWebhookEndpoint as DeletedWebhookEndpoint
    from ._webhook_endpoints import WebhookEndpoint as WebhookEndpoint
    from ._webhook_endpoints import WebhookEndpointCreateRequest as WebhookEndpointCreateRequest
    from ._webhook_endpoints import WebhookEndpointEventType as WebhookEndpointEventType
    from ._webhook_endpoints import WebhookEndpointList as WebhookEndpointList
    from ._webhook_endpoints import WebhookEndpointRotateSecretRequest as WebhookEndpointRotateSecretRequest
    from ._webhook_endpoints import WebhookEndpointTestRequest as WebhookEndpointTestRequest
    from ._webhook_endpoints import WebhookEndpointTestResult as WebhookEndpointTestResult
    from ._webhook_endpoints import WebhookEndpointUpdateRequest as WebhookEndpointUpdateRequest
    from ._webhook_endpoints import WebhookEndpointWithSecret as WebhookEndpointWithSecret
    from ._webhook_endpoints import WebhookEventTypeList as WebhookEventTypeList


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = sorted([name for name in globals() if name[:1] != "_" and name not in _IMPORTED] + list(_LAZY))
