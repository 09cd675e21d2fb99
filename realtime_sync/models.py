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

Example::

    from realtime_sync.models import RealtimeSessionCreateRequest, RealtimeAudioConfig, RealtimeAudioInput, NULL

    session = RealtimeSessionCreateRequest(
        model="gpt-realtime",
        audio=RealtimeAudioConfig(input=RealtimeAudioInput(turn_detection=NULL)),  # sends "turn_detection": null
    )
"""

import contextvars
import enum
import json
import os
import re
import types
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Union,
)

import attrs

from ._types import server_id

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


# SIP final responses that end an INVITE without answering it: 3xx to 6xx
# (RFC 3261 sections 7.2 and 21). 1xx is provisional, 2xx would answer the call.
_REJECT_STATUS_MIN, _REJECT_STATUS_MAX = 300, 699
# Characters that must never reach a SIP header through Refer-To: C0 and C1
# controls (CR, LF and NUL included), DEL, and the Unicode line separators.
_URI_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _masked(value: object) -> str:
    # The client secret / OAuth token must never reach a log through repr().
    if isinstance(value, str) and value.startswith("ek_"):
        return "'ek_\u2026(redacted)'"
    return "'\u2026(redacted)'"


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
        from . import _serde  # the converter sits beside the models and imports them: resolve on use

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
    authorization: Optional[str] = attrs.field(default=None, repr=_masked)
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


@attrs.frozen(kw_only=True)
class TranslationNoiseReduction(Model):
    """Noise reduction of a translation session (``type`` required)."""

    type: NoiseReductionType
    strength: Optional[float] = None


@attrs.frozen(kw_only=True)
class TranslationTranscription(Model):
    """Source-language transcription of a translation session."""

    model: TranscriptionModel


@attrs.frozen(kw_only=True)
class TranslationAudioInput(Model):
    """Input side of a translation session; ``NULL`` disables a feature."""

    noise_reduction: Optional[Union[TranslationNoiseReduction, NullType]] = None
    transcription: Optional[Union[TranslationTranscription, NullType]] = None


@attrs.frozen(kw_only=True)
class TranslationAudioOutput(Model):
    """Output side of a translation session: the target language."""

    language: Optional[str] = None


@attrs.frozen(kw_only=True)
class TranslationAudio(Model):
    """Audio of a translation session."""

    input: Optional[TranslationAudioInput] = None
    output: Optional[TranslationAudioOutput] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCreateRequest(Model):
    """A translation session (``model`` is required and fixed at creation)."""

    model: str
    audio: Optional[TranslationAudio] = None


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


@attrs.frozen(kw_only=True)
class RealtimeTranslationSession(Model):
    """The translation session inside a translation client-secret response."""

    id: str
    type: Literal["translation"] = "translation"
    expires_at: int
    model: str
    audio: TranslationAudio


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
class RealtimeCallCreateRequest(Model):
    """Body of ``POST /realtime/calls``: the SDP offer and an optional session."""

    sdp: str = attrs.field(repr=False)
    session: Optional[RealtimeSessionCreateRequest] = None


@attrs.frozen
class RealtimeCallCreateResponse(Model):
    """The SDP answer of ``POST /realtime/calls`` and the ``Location`` of the new call.

    Also readable as the official SDK's binary content (``HttpxBinaryResponseContent``):
    ``text``, ``content``, ``encoding``, ``json()``, ``read()``, ``iter_bytes()``,
    ``iter_text()``, ``iter_lines()``, ``write_to_file()``, and ``response``, the
    HTTP answer itself (``response.headers["location"]``, ``response.status_code``).

    Example::

        answer = client.realtime.calls.create(sdp=offer, session={"type": "realtime"})
        answer.sdp == answer.text            # the SDP answer
        answer.call_id                       # "rtc_..." from the Location header
        answer.response.headers["location"]  # the SDK's way to the same
    """

    sdp: str = attrs.field(repr=False)
    location: Optional[str] = None
    #: The HTTP answer (a ``realtime_sync.HttpResponse``: status, headers, body) when the client
    #: made the call; not part of ``to_dict()``. Typed ``Any``: models never import the HTTP layer.
    response: Any = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self, **options: Any) -> Dict[str, Any]:
        """``{"sdp": ..., "location": ...}`` (the HTTP ``response`` is left out); options as :meth:`Model.to_dict`."""
        data = _Dumpable.to_dict(self, **options)
        data.pop("response", None)
        return data

    @property
    def content(self) -> bytes:
        """The body as the server sent it (the SDP answer as UTF-8 bytes)."""
        if self.response is not None:
            body: bytes = self.response.body
            return body
        return self.sdp.encode("utf-8")

    @property
    def text(self) -> str:
        """The SDP answer (the SDK's name for :attr:`sdp`)."""
        return self.sdp

    @property
    def encoding(self) -> str:
        """The body's charset: ``utf-8`` (the answer is decoded as UTF-8)."""
        return "utf-8"

    @property
    def charset_encoding(self) -> Optional[str]:
        """The charset named in the ``Content-Type`` header, if any."""
        if self.response is None:
            return None
        for param in str(self.response.headers.get("content-type") or "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON (``ValueError`` for an SDP answer, which is not JSON)."""
        return json.loads(self.sdp, **kwargs)

    def read(self) -> bytes:
        """The body (already read): same as :attr:`content`."""
        return self.content

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces of ``chunk_size`` bytes (one piece by default)."""
        body = self.content
        size = chunk_size if chunk_size and chunk_size > 0 else max(len(body), 1)
        return (body[i : i + size] for i in range(0, len(body), size))

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The SDP answer in pieces of ``chunk_size`` characters (one piece by default)."""
        text = self.sdp
        size = chunk_size if chunk_size and chunk_size > 0 else max(len(text), 1)
        return (text[i : i + size] for i in range(0, len(text), size))

    def iter_lines(self) -> Iterator[str]:
        """The SDP answer line by line, without line endings."""
        return iter(self.sdp.splitlines())

    def write_to_file(self, file: "Union[str, os.PathLike[str]]") -> None:
        """Write the body to ``file`` (a path)."""
        with open(file, "wb") as out:
            out.write(self.content)

    def stream_to_file(self, file: "Union[str, os.PathLike[str]]", *, chunk_size: Optional[int] = None) -> None:
        """Same as :meth:`write_to_file` (the SDK's deprecated name)."""
        self.write_to_file(file)

    def close(self) -> None:
        """Nothing to release: the body was read when the call returned."""

    @property
    def call_id(self) -> Optional[str]:
        """The last path segment of ``location``; ``None`` without one, or when it is not an id.

        A segment that is a dot-segment or holds anything but plain id
        characters (a hostile ``Location: /v1/realtime/calls/..``) is not
        returned: it would steer a later ``hangup`` to another endpoint.
        """
        if not self.location:
            return None
        path = self.location.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return server_id(path.rsplit("/", 1)[-1])


@attrs.frozen
class RealtimeCallAcceptRequest(Model):
    """Body of ``POST /realtime/calls/{id}/accept``: the session itself, at the top level."""

    session: RealtimeSessionCreateRequest


@attrs.frozen
class RealtimeCallReferRequest(Model):
    """Body of ``POST /realtime/calls/{id}/refer``: the SIP ``Refer-To`` target."""

    target_uri: str

    def __check__(self) -> List[Tuple[str, str]]:
        found = _URI_CONTROL.search(self.target_uri)
        if found is None:
            return []
        return [
            (
                "target_uri",
                "expected a SIP or tel URI without control characters, got %r at index %d"
                % (found.group(), found.start()),
            )
        ]


@attrs.frozen
class RealtimeCallRejectRequest(Model):
    """Body of ``POST /realtime/calls/{id}/reject`` (``{}`` = server default 603)."""

    status_code: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        code = self.status_code
        if code is None or _REJECT_STATUS_MIN <= code <= _REJECT_STATUS_MAX:
            return []
        # Never repr() an arbitrary int: above 4300 digits Python refuses to.
        shown = repr(code) if -(10**9) < code < 10**9 else "an integer out of range"
        return [
            (
                "status_code",
                "expected a SIP final response code from %d to %d (e.g. 486 Busy Here, 603 Decline), got %s"
                % (_REJECT_STATUS_MIN, _REJECT_STATUS_MAX, shown),
            )
        ]


@attrs.frozen
class RealtimeCreateClientSecretRequest(Model):
    """Body of ``POST /realtime/client_secrets``."""

    session: Optional[Union[RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest]] = None
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeCreateClientSecretResponse(Model):
    """A client secret (``value``, masked in the repr) and its effective session."""

    value: str = attrs.field(repr=_masked, metadata=ESSENTIAL)
    expires_at: int
    session: Union[RealtimeSessionCreateResponse, RealtimeTranscriptionSessionCreateResponse, UnknownSession]


@attrs.frozen
class RealtimeTranslationClientSecretCreateRequest(Model):
    """Body of ``POST /realtime/translations/client_secrets``."""

    session: RealtimeTranslationSessionCreateRequest
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeTranslationClientSecretCreateResponse(Model):
    """A translation client secret (``value``, masked in the repr) and its session."""

    value: str = attrs.field(repr=_masked, metadata=ESSENTIAL)
    expires_at: int
    session: RealtimeTranslationSession


# --------------------------------------------------------------------------- webhook endpoints

#: The event types an endpoint can subscribe to: the official SDK's list plus the Live API's
#: transport events (its list lacks them). Open: any other string is sent as it is.
WebhookEndpointEventType = Union[
    Literal[
        "batch.completed",
        "batch.failed",
        "batch.expired",
        "batch.cancelled",
        "response.completed",
        "response.failed",
        "response.cancelled",
        "response.incomplete",
        "eval.run.succeeded",
        "eval.run.failed",
        "eval.run.canceled",
        "fine_tuning.job.succeeded",
        "fine_tuning.job.failed",
        "fine_tuning.job.cancelled",
        "realtime.call.incoming",
        "live.transport.incoming",
        "live.transport.connected",
        "video.completed",
        "video.failed",
        "agent.environment.ready",
        "agent.environment.failed",
        "agent.environment.suspended",
        "agent.environment.expired",
        "agent.session.created",
        "agent.session.action_required",
        "agent.session.in_progress",
        "agent.session.idle",
        "agent.session.failed",
        "safety.alert.created",
    ],
    str,
]


@attrs.frozen
class WebhookEndpointCreateRequest(Model):
    """Body of ``POST /webhook_endpoints``: all three fields required."""

    event_types: List[WebhookEndpointEventType]
    name: str
    url: str


@attrs.frozen
class WebhookEndpointUpdateRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}``: only the fields given change (``event_types`` is the whole new set)."""

    event_types: Optional[List[WebhookEndpointEventType]] = None
    name: Optional[str] = None
    url: Optional[str] = None


@attrs.frozen
class WebhookEndpointRotateSecretRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}/rotate_secret`` (``{}``: the old secret stops at once)."""

    keep_old_secret_active_for_24_hours: Optional[bool] = None


@attrs.frozen
class WebhookEndpointTestRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}/test``: the event type of the sample delivery."""

    event_type: WebhookEndpointEventType


@attrs.frozen(kw_only=True)
class WebhookEndpoint(Model):
    """A webhook endpoint; ``signing_secret_hint`` is the server's masked hint, never the secret."""

    id: str = attrs.field(metadata=ESSENTIAL)
    created_at: Optional[int] = None
    event_types: Optional[List[str]] = None
    name: Optional[str] = None
    object: Optional[str] = None
    signing_secret_hint: Optional[str] = None
    url: Optional[str] = None
    updated_at: Optional[int] = None


@attrs.frozen(kw_only=True)
class WebhookEndpointWithSecret(WebhookEndpoint):
    """An endpoint with its ``signing_secret`` (masked in the repr): only from create and rotate_secret."""

    signing_secret: str = attrs.field(repr=_masked, metadata=ESSENTIAL)


@attrs.frozen(kw_only=True)
class WebhookEndpointList(Model):
    """One page of ``GET /webhook_endpoints``."""

    data: List[WebhookEndpoint]
    first_id: Optional[str] = None
    last_id: Optional[str] = None
    has_more: Optional[bool] = None
    object: Optional[str] = None


@attrs.frozen(kw_only=True)
class DeletedWebhookEndpoint(Model):
    """The answer of ``DELETE /webhook_endpoints/{id}``."""

    id: str
    deleted: bool
    object: Optional[str] = None


@attrs.frozen(kw_only=True)
class WebhookEndpointTestResult(Model):
    """The answer of ``POST /webhook_endpoints/{id}/test``: ``status_code`` is what your endpoint answered."""

    event_type: Optional[str] = None
    object: Optional[str] = None
    status_code: Optional[int] = None
    success: Optional[bool] = None
    webhook_endpoint_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class WebhookEventTypeList(Model):
    """The answer of ``GET /webhook_event_types``: the types this project may subscribe to."""

    data: List[str]
    object: Optional[str] = None


# --------------------------------------------------------------------------- errors


@attrs.frozen(kw_only=True)
class APIErrorObject(Model):
    """The ``error`` object of an API error body."""

    message: Optional[str] = None
    type: Optional[str] = None
    param: Optional[str] = None
    code: Optional[Union[str, int]] = None


@attrs.frozen(kw_only=True)
class ErrorResponse(Model):
    """An API error body: ``{"error": {...}}``."""

    error: APIErrorObject


__all__ = sorted(name for name in globals() if name[:1] != "_" and name not in _IMPORTED)
