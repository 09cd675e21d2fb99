"""Typed client and server events of the Realtime WebSocket (sideband) API.

Every event type the official ``openai`` SDK defines under
``openai/types/realtime/`` is an attrs class here, named as in the SDK, and
goes through the same converter as the session models (``realtime_sync._serde``),
so the conventions of ``realtime_sync.models`` hold: ``None`` = not given,
:data:`~realtime_sync.models.NULL` = JSON ``null``, unknown keys kept in
``extra``, unknown union variants kept whole in ``Unknown*`` classes.

* :data:`ServerEvent` / :data:`ClientEvent`: the unions dispatched on ``type``.
  An event type this library does not know parses into
  :class:`UnknownServerEvent` (``raw`` holds the whole object; ``.type`` works).
* :data:`TranslationServerEvent` / :data:`TranslationClientEvent`: the
  translation WebSocket's events (``session.*`` tags mean other things there).
* The session models are reused: ``session.update`` takes a
  :class:`~realtime_sync.models.RealtimeSessionCreateRequest`,
  ``session.created`` carries a
  :class:`~realtime_sync.models.RealtimeSessionCreateResponse`, tools are
  :data:`~realtime_sync.models.Tool`, and so on.
* The ``error`` event: :class:`RealtimeErrorEvent` has ``.error.message``,
  ``.error.code`` ... and ``.to_exception()`` (a ``ServerEventError``).

Example::

    from realtime_sync.sideband.events import parse_server_event, ResponseFunctionCallArgumentsDoneEvent

    event = parse_server_event('{"type": "response.function_call_arguments.done", ...}')
    if isinstance(event, ResponseFunctionCallArgumentsDoneEvent):
        args = json.loads(event.arguments)
"""

import json
from typing import Any, Dict, List, Literal, Mapping, Optional, Union, get_args

import attrs

from .. import _serde
from ..errors import APIResponseValidationError
from ..models import (
    MaxOutputTokens,
    NullType,
    OutputModality,
    Prompt,
    RealtimeAudioConfig,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
    RealtimeTranscriptionSessionCreateRequest,
    RealtimeTranscriptionSessionCreateResponse,
    RealtimeTranslationSession,
    Reasoning,
    Tool,
    ToolChoice,
    TranslationAudio,
    UnknownSession,
)
from ._errors import ServerEventError

__all__ = [
    "CLIENT_EVENT_TYPES",
    "ClientEvent",
    "ContentPart",
    "Conversation",
    "ConversationCreatedEvent",
    "ConversationItem",
    "ConversationItemAdded",
    "ConversationItemCreateEvent",
    "ConversationItemCreatedEvent",
    "ConversationItemDeleteEvent",
    "ConversationItemDeletedEvent",
    "ConversationItemDone",
    "ConversationItemInputAudioTranscriptionCompletedEvent",
    "ConversationItemInputAudioTranscriptionDeltaEvent",
    "ConversationItemInputAudioTranscriptionFailedEvent",
    "ConversationItemInputAudioTranscriptionSegment",
    "ConversationItemRetrieveEvent",
    "ConversationItemRetrieved",
    "ConversationItemTruncateEvent",
    "ConversationItemTruncatedEvent",
    "FunctionCallItem",
    "FunctionCallOutputItem",
    "InputAudioBufferAppendEvent",
    "InputAudioBufferClearEvent",
    "InputAudioBufferClearedEvent",
    "InputAudioBufferCommitEvent",
    "InputAudioBufferCommittedEvent",
    "InputAudioBufferDtmfEventReceivedEvent",
    "InputAudioBufferSpeechStartedEvent",
    "InputAudioBufferSpeechStoppedEvent",
    "InputAudioBufferTimeoutTriggered",
    "ItemReference",
    "ItemStatus",
    "LogProb",
    "McpApprovalRequestItem",
    "McpApprovalResponseItem",
    "McpError",
    "McpHttpError",
    "McpListToolsCompleted",
    "McpListToolsFailed",
    "McpListToolsInProgress",
    "McpListToolsItem",
    "McpListedTool",
    "McpProtocolError",
    "McpToolCallItem",
    "McpToolExecutionError",
    "MessageContent",
    "MessageItem",
    "OutputAudioBufferClearEvent",
    "OutputAudioBufferCleared",
    "OutputAudioBufferStarted",
    "OutputAudioBufferStopped",
    "RateLimit",
    "RateLimitsUpdatedEvent",
    "RealtimeError",
    "RealtimeErrorEvent",
    "RealtimeResponse",
    "RealtimeTranslationInputAudioBufferAppendEvent",
    "RealtimeTranslationInputTranscriptDeltaEvent",
    "RealtimeTranslationOutputAudioDeltaEvent",
    "RealtimeTranslationOutputTranscriptDeltaEvent",
    "RealtimeTranslationSessionCloseEvent",
    "RealtimeTranslationSessionClosedEvent",
    "RealtimeTranslationSessionCreatedEvent",
    "RealtimeTranslationSessionUpdateEvent",
    "RealtimeTranslationSessionUpdatedEvent",
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCachedTokensDetails",
    "ResponseCancelEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreateEvent",
    "ResponseCreateParams",
    "ResponseCreatedEvent",
    "ResponseDoneEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseInputItem",
    "ResponseInputTokenDetails",
    "ResponseMcpCallArgumentsDelta",
    "ResponseMcpCallArgumentsDone",
    "ResponseMcpCallCompleted",
    "ResponseMcpCallFailed",
    "ResponseMcpCallInProgress",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputTokenDetails",
    "ResponseStatus",
    "ResponseStatusDetails",
    "ResponseStatusError",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "ResponseUsage",
    "ServerEvent",
    "SessionConfig",
    "SessionCreatedEvent",
    "SessionUpdate",
    "SessionUpdateEvent",
    "SessionUpdatedEvent",
    "TranscriptionError",
    "TranscriptionInputTokenDetails",
    "TranscriptionUsage",
    "TranscriptionUsageDuration",
    "TranscriptionUsageTokens",
    "TranslationClientEvent",
    "TranslationServerEvent",
    "TranslationSessionUpdate",
    "UnknownClientEvent",
    "UnknownItem",
    "UnknownMcpError",
    "UnknownServerEvent",
    "UnknownTranscriptionUsage",
    "client_event_to_dict",
    "parse_client_event",
    "parse_server_event",
    "parse_translation_server_event",
]

ItemStatus = Union[Literal["completed", "incomplete", "in_progress"], str]
"""Open enum: the status of a conversation item."""

ResponseStatus = Union[Literal["completed", "cancelled", "failed", "incomplete", "in_progress"], str]
"""Open enum: the status of a response."""


def _raw_type(raw: Mapping[str, Any]) -> Optional[str]:
    value = raw.get("type")
    return value if isinstance(value, str) else None


# --------------------------------------------------------------------------- errors


@attrs.frozen(kw_only=True)
class RealtimeError:
    """The ``error`` of an ``error`` event; ``event_id`` names the client event that caused it.

    Example::

        if event.type == "error":
            print(event.error.code, event.error.message)
    """

    type: str
    message: str
    code: Optional[str] = None
    param: Optional[str] = None
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionError:
    """Why transcribing a user audio item failed.

    Example::

        print(event.error.message)
    """

    type: Optional[str] = None
    code: Optional[str] = None
    message: Optional[str] = None
    param: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- conversation items


@attrs.frozen(kw_only=True)
class MessageContent:
    """One content part of a message: ``input_text``, ``input_audio``, ``input_image``, ``output_text``...

    Example::

        MessageContent(type="input_text", text="What is my balance?")
    """

    type: Optional[str] = None
    text: Optional[str] = None
    audio: Optional[str] = None
    transcript: Optional[Union[str, NullType]] = None
    image_url: Optional[str] = None
    detail: Optional[Union[Literal["auto", "low", "high"], str]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class MessageItem:
    """A ``system``, ``user`` or ``assistant`` message.

    Example::

        MessageItem(role="user", content=[MessageContent(type="input_text", text="Hi")])
    """

    type: Literal["message"] = "message"
    role: Union[Literal["system", "user", "assistant"], str]
    content: List[MessageContent]
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class FunctionCallItem:
    """The model calls a function; ``arguments`` is a JSON string.

    Example::

        args = json.loads(item.arguments)
    """

    type: Literal["function_call"] = "function_call"
    name: str
    arguments: str
    call_id: Optional[str] = None
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class FunctionCallOutputItem:
    """Your answer to a function call (``output`` is usually JSON text).

    Example::

        FunctionCallOutputItem(call_id="call_1", output='{"balance": 42}')
    """

    type: Literal["function_call_output"] = "function_call_output"
    call_id: str
    output: str
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpApprovalResponseItem:
    """Approve or refuse an MCP tool call the model asked to make.

    Example::

        McpApprovalResponseItem(id="mcpr_1", approval_request_id="mcpa_1", approve=True)
    """

    type: Literal["mcp_approval_response"] = "mcp_approval_response"
    id: str
    approval_request_id: str
    approve: bool
    reason: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpListedTool:
    """A tool an MCP server offers.

    Example::

        [tool.name for tool in item.tools]
    """

    name: str
    input_schema: Any
    description: Optional[Union[str, NullType]] = None
    annotations: Optional[Any] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpListToolsItem:
    """The tools an MCP server offers.

    Example::

        item.server_label, item.tools
    """

    type: Literal["mcp_list_tools"] = "mcp_list_tools"
    server_label: str
    tools: List[McpListedTool]
    id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpProtocolError:
    """An MCP protocol error.

    Example::

        item.error.code, item.error.message
    """

    type: Literal["protocol_error"] = "protocol_error"
    code: int
    message: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpToolExecutionError:
    """The MCP tool itself failed.

    Example::

        item.error.message
    """

    type: Literal["tool_execution_error"] = "tool_execution_error"
    message: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpHttpError:
    """The MCP server answered an HTTP error.

    Example::

        item.error.code
    """

    type: Literal["http_error"] = "http_error"
    code: int
    message: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownMcpError:
    """An MCP error type this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownMcpError(raw={"type": "future_error"}).type
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        return _raw_type(self.raw)


McpError = Union[McpProtocolError, McpToolExecutionError, McpHttpError, UnknownMcpError]


@attrs.frozen(kw_only=True)
class McpToolCallItem:
    """A call of an MCP tool, with its ``output`` or ``error``.

    Example::

        item.output if not item.error else item.error.message
    """

    type: Literal["mcp_call"] = "mcp_call"
    id: str
    name: str
    arguments: str
    server_label: str
    approval_request_id: Optional[Union[str, NullType]] = None
    error: Optional[Union[McpError, NullType]] = None
    output: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpApprovalRequestItem:
    """The model asks for approval before calling an MCP tool.

    Example::

        conn.conversation_item_create(McpApprovalResponseItem(id="mcpr_1", approval_request_id=item.id, approve=True))
    """

    type: Literal["mcp_approval_request"] = "mcp_approval_request"
    id: str
    name: str
    arguments: str
    server_label: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownItem:
    """A conversation item type this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownItem(raw={"type": "future_item"}).type
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        return _raw_type(self.raw)


ConversationItem = Union[
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    McpApprovalResponseItem,
    McpListToolsItem,
    McpToolCallItem,
    McpApprovalRequestItem,
    UnknownItem,
]
"""A conversation item, dispatched on ``type``."""


@attrs.frozen(kw_only=True)
class ItemReference:
    """An existing item used as ``response.create`` input (only there).

    Example::

        ResponseCreateParams(input=[ItemReference(id="item_1")])
    """

    type: Literal["item_reference"] = "item_reference"
    id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


ResponseInputItem = Union[
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    McpApprovalResponseItem,
    McpListToolsItem,
    McpToolCallItem,
    McpApprovalRequestItem,
    ItemReference,
    UnknownItem,
]
"""An item of ``response.create``'s ``input``: a conversation item or an :class:`ItemReference`."""


# --------------------------------------------------------------------------- small server-side objects


@attrs.frozen(kw_only=True)
class Conversation:
    """The conversation of a ``conversation.created`` event.

    Example::

        event.conversation.id
    """

    id: Optional[str] = None
    object: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ContentPart:
    """A content part of an output item (``text`` or ``audio``).

    Example::

        event.part.transcript
    """

    type: Optional[str] = None
    text: Optional[str] = None
    audio: Optional[str] = None
    transcript: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class LogProb:
    """The log probability of one transcribed token.

    Example::

        [lp.token for lp in event.logprobs or []]
    """

    token: str
    logprob: float
    bytes: List[int]
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionInputTokenDetails:
    """Input tokens of a transcription, by kind.

    Example::

        event.usage.input_token_details.audio_tokens
    """

    audio_tokens: Optional[int] = None
    text_tokens: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionUsageTokens:
    """Transcription billed by tokens.

    Example::

        event.usage.total_tokens
    """

    type: Literal["tokens"] = "tokens"
    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_token_details: Optional[TranscriptionInputTokenDetails] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class TranscriptionUsageDuration:
    """Transcription billed by duration.

    Example::

        event.usage.seconds
    """

    type: Literal["duration"] = "duration"
    seconds: float
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownTranscriptionUsage:
    """A usage kind this library does not know yet; ``raw`` is the whole object.

    Example::

        UnknownTranscriptionUsage(raw={"type": "credits"}).type
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The tag of the unknown variant (``None`` if missing)."""
        return _raw_type(self.raw)


TranscriptionUsage = Union[TranscriptionUsageTokens, TranscriptionUsageDuration, UnknownTranscriptionUsage]


@attrs.frozen(kw_only=True)
class RateLimit:
    """One rate limit (``requests`` or ``tokens``).

    Example::

        {rl.name: rl.remaining for rl in event.rate_limits}
    """

    name: Optional[Union[Literal["requests", "tokens"], str]] = None
    limit: Optional[int] = None
    remaining: Optional[int] = None
    reset_seconds: Optional[float] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- responses


@attrs.frozen(kw_only=True)
class ResponseStatusError:
    """Why a response failed.

    Example::

        event.response.status_details.error.message
    """

    type: Optional[str] = None
    code: Optional[str] = None
    message: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseStatusDetails:
    """Details of a response's status: ``reason`` (``turn_detected``, ``client_cancelled``...) or ``error``.

    Example::

        event.response.status_details.reason
    """

    type: Optional[str] = None
    reason: Optional[
        Union[Literal["turn_detected", "client_cancelled", "max_output_tokens", "content_filter"], str]
    ] = None
    error: Optional[Union[ResponseStatusError, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseCachedTokensDetails:
    """Cached input tokens, by kind.

    Example::

        usage.input_token_details.cached_tokens_details.audio_tokens
    """

    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    image_tokens: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseInputTokenDetails:
    """Input tokens of a response, by kind.

    Example::

        usage.input_token_details.cached_tokens
    """

    cached_tokens: Optional[int] = None
    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    image_tokens: Optional[int] = None
    cached_tokens_details: Optional[ResponseCachedTokensDetails] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseOutputTokenDetails:
    """Output tokens of a response, by kind.

    Example::

        usage.output_token_details.audio_tokens
    """

    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseUsage:
    """Token usage of a response (in ``response.done``).

    Example::

        event.response.usage.total_tokens
    """

    total_tokens: Optional[int] = None
    input_tokens: Optional[int] = None
    output_tokens: Optional[int] = None
    input_token_details: Optional[ResponseInputTokenDetails] = None
    output_token_details: Optional[ResponseOutputTokenDetails] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeResponse:
    """A response: its ``status``, ``output`` items and ``usage``.

    Example::

        if event.type == "response.done" and event.response.status == "completed":
            print([item.type for item in event.response.output or []])
    """

    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ResponseStatus] = None
    status_details: Optional[Union[ResponseStatusDetails, NullType]] = None
    output: Optional[List[ConversationItem]] = None
    conversation_id: Optional[Union[str, NullType]] = None
    output_modalities: Optional[List[Union[OutputModality, str]]] = None
    max_output_tokens: Optional[Union[MaxOutputTokens, NullType]] = None
    audio: Optional[Union[RealtimeAudioConfig, NullType]] = None
    usage: Optional[Union[ResponseUsage, NullType]] = None
    metadata: Optional[Union[Dict[str, str], NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseCreateParams:
    """Per-response settings of ``response.create`` (they do not change the session).

    ``conversation="none"`` makes an out-of-band response; ``input`` then sets its context.

    Example::

        ResponseCreateParams(instructions="Say goodbye.", output_modalities=["audio"])
    """

    instructions: Optional[str] = None
    conversation: Optional[Union[Literal["auto", "none"], str]] = None
    input: Optional[List[ResponseInputItem]] = None
    audio: Optional[RealtimeAudioConfig] = None
    output_modalities: Optional[List[OutputModality]] = None
    max_output_tokens: Optional[MaxOutputTokens] = None
    metadata: Optional[Union[Dict[str, str], NullType]] = None
    parallel_tool_calls: Optional[bool] = None
    prompt: Optional[Union[Prompt, NullType]] = None
    reasoning: Optional[Reasoning] = None
    tool_choice: Optional[ToolChoice] = None
    tools: Optional[List[Tool]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


SessionUpdate = Union[RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest]
"""The ``session`` of ``session.update``: the same models as calls accept and client secrets."""

SessionConfig = Union[RealtimeSessionCreateResponse, RealtimeTranscriptionSessionCreateResponse, UnknownSession]
"""The ``session`` of ``session.created``/``session.updated``: the same models as client-secret responses."""


@attrs.frozen(kw_only=True)
class TranslationSessionUpdate:
    """The ``session`` of a translation ``session.update`` (the model is fixed at creation).

    Example::

        TranslationSessionUpdate(audio=TranslationAudio(output=TranslationAudioOutput(language="de")))
    """

    audio: Optional[TranslationAudio] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- server events


@attrs.frozen(kw_only=True)
class ConversationCreatedEvent:
    """A conversation was created (right after session creation).

    Example::

        if isinstance(event, ConversationCreatedEvent): print(event.conversation)
    """

    type: Literal["conversation.created"] = "conversation.created"
    event_id: str
    conversation: Conversation
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemCreatedEvent:
    """An item was added to the conversation (legacy name of ``conversation.item.added``).

    Example::

        if isinstance(event, ConversationItemCreatedEvent): print(event.item)
    """

    type: Literal["conversation.item.created"] = "conversation.item.created"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemDeletedEvent:
    """An item was deleted (answer to ``conversation.item.delete``).

    Example::

        if isinstance(event, ConversationItemDeletedEvent): print(event.item_id)
    """

    type: Literal["conversation.item.deleted"] = "conversation.item.deleted"
    event_id: str
    item_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionCompletedEvent:
    """The transcript of a user audio item is complete.

    Example::

        if isinstance(event, ConversationItemInputAudioTranscriptionCompletedEvent): print(event.usage)
    """

    type: Literal["conversation.item.input_audio_transcription.completed"] = (
        "conversation.item.input_audio_transcription.completed"
    )
    event_id: str
    item_id: str
    content_index: int
    transcript: str
    usage: TranscriptionUsage
    languages: Optional[List[Any]] = None
    logprobs: Optional[Union[List[LogProb], NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionDeltaEvent:
    """A piece of a user audio item's transcript.

    Example::

        if isinstance(event, ConversationItemInputAudioTranscriptionDeltaEvent): print(event.item_id)
    """

    type: Literal["conversation.item.input_audio_transcription.delta"] = (
        "conversation.item.input_audio_transcription.delta"
    )
    event_id: str
    item_id: str
    content_index: Optional[int] = None
    delta: Optional[str] = None
    logprobs: Optional[Union[List[LogProb], NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionFailedEvent:
    """Transcribing a user audio item failed; ``error`` says why.

    Example::

        if isinstance(event, ConversationItemInputAudioTranscriptionFailedEvent): print(event.error)
    """

    type: Literal["conversation.item.input_audio_transcription.failed"] = (
        "conversation.item.input_audio_transcription.failed"
    )
    event_id: str
    item_id: str
    content_index: int
    error: TranscriptionError
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemRetrieved:
    """The full item asked for with ``conversation.item.retrieve``.

    Example::

        if isinstance(event, ConversationItemRetrieved): print(event.item)
    """

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    event_id: str
    item: ConversationItem
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemTruncatedEvent:
    """An assistant audio item was truncated (answer to ``conversation.item.truncate``).

    Example::

        if isinstance(event, ConversationItemTruncatedEvent): print(event.audio_end_ms)
    """

    type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
    event_id: str
    item_id: str
    content_index: int
    audio_end_ms: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeErrorEvent:
    """The server reports an error; ``error`` has ``message``, ``code``, ``type``, ``param`` and ``event_id``.

    Example::

        if isinstance(event, RealtimeErrorEvent): print(event.error.code, event.error.message)
    """

    type: Literal["error"] = "error"
    event_id: str
    error: RealtimeError
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)

    def to_exception(self) -> ServerEventError:
        """This error as a raisable :class:`ServerEventError`.

        Example::

            if isinstance(event, RealtimeErrorEvent):
                raise event.to_exception()
        """
        error = self.error
        return ServerEventError(
            error.message,
            type=error.type,
            code=error.code,
            param=error.param,
            event_id=error.event_id,
            event=self,
        )


@attrs.frozen(kw_only=True)
class InputAudioBufferClearedEvent:
    """The input audio buffer was cleared.

    Example::

        if event.type == "input_audio_buffer.cleared": ...
    """

    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"
    event_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferCommittedEvent:
    """The input audio buffer was committed into a user item.

    Example::

        if isinstance(event, InputAudioBufferCommittedEvent): print(event.item_id)
    """

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    event_id: str
    item_id: str
    previous_item_id: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferDtmfEventReceivedEvent:
    """A DTMF key press arrived on a SIP call (``event`` is the key).

    Example::

        if isinstance(event, InputAudioBufferDtmfEventReceivedEvent): print(event.received_at)
    """

    type: Literal["input_audio_buffer.dtmf_event_received"] = "input_audio_buffer.dtmf_event_received"
    event_id: Optional[str] = None
    event: str
    received_at: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferSpeechStartedEvent:
    """Voice activity detection heard speech start.

    Example::

        if isinstance(event, InputAudioBufferSpeechStartedEvent): print(event.audio_start_ms)
    """

    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    event_id: str
    item_id: str
    audio_start_ms: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferSpeechStoppedEvent:
    """Voice activity detection heard speech stop.

    Example::

        if isinstance(event, InputAudioBufferSpeechStoppedEvent): print(event.audio_end_ms)
    """

    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    event_id: str
    item_id: str
    audio_end_ms: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RateLimitsUpdatedEvent:
    """Rate limits after a response started.

    Example::

        if isinstance(event, RateLimitsUpdatedEvent): print(event.rate_limits)
    """

    type: Literal["rate_limits.updated"] = "rate_limits.updated"
    event_id: str
    rate_limits: List[RateLimit]
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseAudioDeltaEvent:
    """A chunk of output audio (base64).

    Example::

        if isinstance(event, ResponseAudioDeltaEvent): print(event.delta)
    """

    type: Literal["response.output_audio.delta"] = "response.output_audio.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseAudioDoneEvent:
    """The output audio of a content part is complete.

    Example::

        if isinstance(event, ResponseAudioDoneEvent): print(event.content_index)
    """

    type: Literal["response.output_audio.done"] = "response.output_audio.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseAudioTranscriptDeltaEvent:
    """A piece of the transcript of the output audio.

    Example::

        if isinstance(event, ResponseAudioTranscriptDeltaEvent): print(event.delta)
    """

    type: Literal["response.output_audio_transcript.delta"] = "response.output_audio_transcript.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseAudioTranscriptDoneEvent:
    """The transcript of the output audio is complete.

    Example::

        if isinstance(event, ResponseAudioTranscriptDoneEvent): print(event.transcript)
    """

    type: Literal["response.output_audio_transcript.done"] = "response.output_audio_transcript.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    transcript: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseContentPartAddedEvent:
    """A content part was added to an output item.

    Example::

        if isinstance(event, ResponseContentPartAddedEvent): print(event.part)
    """

    type: Literal["response.content_part.added"] = "response.content_part.added"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: ContentPart
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseContentPartDoneEvent:
    """A content part is complete.

    Example::

        if isinstance(event, ResponseContentPartDoneEvent): print(event.part)
    """

    type: Literal["response.content_part.done"] = "response.content_part.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: ContentPart
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseCreatedEvent:
    """A response started (status ``in_progress``).

    Example::

        if isinstance(event, ResponseCreatedEvent): print(event.response)
    """

    type: Literal["response.created"] = "response.created"
    event_id: str
    response: RealtimeResponse
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseDoneEvent:
    """A response finished; ``response.status`` says how and ``response.output`` holds its items.

    Example::

        if isinstance(event, ResponseDoneEvent): print(event.response)
    """

    type: Literal["response.done"] = "response.done"
    event_id: str
    response: RealtimeResponse
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseFunctionCallArgumentsDeltaEvent:
    """A piece of a function call's JSON arguments.

    Example::

        if isinstance(event, ResponseFunctionCallArgumentsDeltaEvent): print(event.delta)
    """

    type: Literal["response.function_call_arguments.delta"] = "response.function_call_arguments.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    delta: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseFunctionCallArgumentsDoneEvent:
    """A function call is complete: answer it with a ``function_call_output`` item.

    Example::

        if isinstance(event, ResponseFunctionCallArgumentsDoneEvent): print(event.arguments)
    """

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    name: str
    arguments: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseOutputItemAddedEvent:
    """A response added an output item.

    Example::

        if isinstance(event, ResponseOutputItemAddedEvent): print(event.item)
    """

    type: Literal["response.output_item.added"] = "response.output_item.added"
    event_id: str
    response_id: str
    output_index: int
    item: ConversationItem
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseOutputItemDoneEvent:
    """An output item is complete.

    Example::

        if isinstance(event, ResponseOutputItemDoneEvent): print(event.item)
    """

    type: Literal["response.output_item.done"] = "response.output_item.done"
    event_id: str
    response_id: str
    output_index: int
    item: ConversationItem
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseTextDeltaEvent:
    """A piece of output text.

    Example::

        if isinstance(event, ResponseTextDeltaEvent): print(event.delta)
    """

    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseTextDoneEvent:
    """The output text of a content part is complete.

    Example::

        if isinstance(event, ResponseTextDoneEvent): print(event.text)
    """

    type: Literal["response.output_text.done"] = "response.output_text.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    text: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class SessionCreatedEvent:
    """The first event of a connection: the session's effective configuration.

    Example::

        if isinstance(event, SessionCreatedEvent): print(event.session)
    """

    type: Literal["session.created"] = "session.created"
    event_id: str
    session: SessionConfig
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class SessionUpdatedEvent:
    """The session after a ``session.update``.

    Example::

        if isinstance(event, SessionUpdatedEvent): print(event.session)
    """

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: SessionConfig
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class OutputAudioBufferStarted:
    """WebRTC/SIP only: the server started streaming audio to the caller.

    Example::

        if isinstance(event, OutputAudioBufferStarted): print(event.response_id)
    """

    type: Literal["output_audio_buffer.started"] = "output_audio_buffer.started"
    event_id: str
    response_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class OutputAudioBufferStopped:
    """WebRTC/SIP only: the output audio buffer drained.

    Example::

        if isinstance(event, OutputAudioBufferStopped): print(event.response_id)
    """

    type: Literal["output_audio_buffer.stopped"] = "output_audio_buffer.stopped"
    event_id: str
    response_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class OutputAudioBufferCleared:
    """WebRTC/SIP only: the output audio buffer was cleared (barge-in or ``output_audio_buffer.clear``).

    Example::

        if isinstance(event, OutputAudioBufferCleared): print(event.response_id)
    """

    type: Literal["output_audio_buffer.cleared"] = "output_audio_buffer.cleared"
    event_id: str
    response_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemAdded:
    """An item was added to the conversation.

    Example::

        if isinstance(event, ConversationItemAdded): print(event.item)
    """

    type: Literal["conversation.item.added"] = "conversation.item.added"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemDone:
    """An item is complete (its content is final).

    Example::

        if isinstance(event, ConversationItemDone): print(event.item)
    """

    type: Literal["conversation.item.done"] = "conversation.item.done"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferTimeoutTriggered:
    """The idle timeout of server VAD fired.

    Example::

        if isinstance(event, InputAudioBufferTimeoutTriggered): print(event.audio_end_ms)
    """

    type: Literal["input_audio_buffer.timeout_triggered"] = "input_audio_buffer.timeout_triggered"
    event_id: str
    item_id: str
    audio_start_ms: int
    audio_end_ms: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionSegment:
    """A diarized segment of a user audio item's transcript.

    Example::

        if isinstance(event, ConversationItemInputAudioTranscriptionSegment): print(event.end)
    """

    type: Literal["conversation.item.input_audio_transcription.segment"] = (
        "conversation.item.input_audio_transcription.segment"
    )
    event_id: str
    item_id: str
    content_index: int
    id: str
    text: str
    speaker: str
    start: float
    end: float
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpListToolsInProgress:
    """Listing the tools of an MCP server started.

    Example::

        if isinstance(event, McpListToolsInProgress): print(event.item_id)
    """

    type: Literal["mcp_list_tools.in_progress"] = "mcp_list_tools.in_progress"
    event_id: str
    item_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpListToolsCompleted:
    """Listing the tools of an MCP server finished.

    Example::

        if isinstance(event, McpListToolsCompleted): print(event.item_id)
    """

    type: Literal["mcp_list_tools.completed"] = "mcp_list_tools.completed"
    event_id: str
    item_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class McpListToolsFailed:
    """Listing the tools of an MCP server failed.

    Example::

        if isinstance(event, McpListToolsFailed): print(event.item_id)
    """

    type: Literal["mcp_list_tools.failed"] = "mcp_list_tools.failed"
    event_id: str
    item_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseMcpCallArgumentsDelta:
    """A piece of an MCP tool call's arguments.

    Example::

        if isinstance(event, ResponseMcpCallArgumentsDelta): print(event.delta)
    """

    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    delta: str
    obfuscation: Optional[Union[str, NullType]] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseMcpCallArgumentsDone:
    """An MCP tool call's arguments are complete.

    Example::

        if isinstance(event, ResponseMcpCallArgumentsDone): print(event.arguments)
    """

    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    arguments: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseMcpCallInProgress:
    """An MCP tool call started.

    Example::

        if isinstance(event, ResponseMcpCallInProgress): print(event.output_index)
    """

    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"
    event_id: str
    item_id: str
    output_index: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseMcpCallCompleted:
    """An MCP tool call succeeded.

    Example::

        if isinstance(event, ResponseMcpCallCompleted): print(event.output_index)
    """

    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"
    event_id: str
    item_id: str
    output_index: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseMcpCallFailed:
    """An MCP tool call failed.

    Example::

        if isinstance(event, ResponseMcpCallFailed): print(event.output_index)
    """

    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"
    event_id: str
    item_id: str
    output_index: int
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- client events


@attrs.frozen(kw_only=True)
class ConversationItemCreateEvent:
    """Add an item (message, function call output...) to the conversation.

    Example::

        ConversationItemCreateEvent(item=FunctionCallOutputItem(call_id="call_1", output='{"ok": true}'))
    """

    type: Literal["conversation.item.create"] = "conversation.item.create"
    item: ConversationItem
    previous_item_id: Optional[str] = None
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemDeleteEvent:
    """Remove an item from the conversation.

    Example::

        ConversationItemDeleteEvent(item_id="item_1")
    """

    type: Literal["conversation.item.delete"] = "conversation.item.delete"
    item_id: str
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemRetrieveEvent:
    """Ask for the server's copy of an item (answered by ``conversation.item.retrieved``).

    Example::

        ConversationItemRetrieveEvent(item_id="item_1")
    """

    type: Literal["conversation.item.retrieve"] = "conversation.item.retrieve"
    item_id: str
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ConversationItemTruncateEvent:
    """Cut an assistant audio item at ``audio_end_ms`` (what the caller actually heard).

    Example::

        ConversationItemTruncateEvent(item_id="item_1", content_index=0, audio_end_ms=1500)
    """

    type: Literal["conversation.item.truncate"] = "conversation.item.truncate"
    item_id: str
    content_index: int
    audio_end_ms: int
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferAppendEvent:
    """Append base64 audio to the input buffer.

    Example::

        InputAudioBufferAppendEvent(audio=base64.b64encode(pcm).decode())
    """

    type: Literal["input_audio_buffer.append"] = "input_audio_buffer.append"
    audio: str
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferClearEvent:
    """Discard the input audio buffer.

    Example::

        InputAudioBufferClearEvent()
    """

    type: Literal["input_audio_buffer.clear"] = "input_audio_buffer.clear"
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class OutputAudioBufferClearEvent:
    """WebRTC/SIP only: stop the audio being played to the caller.

    Example::

        OutputAudioBufferClearEvent()
    """

    type: Literal["output_audio_buffer.clear"] = "output_audio_buffer.clear"
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class InputAudioBufferCommitEvent:
    """Commit the input audio buffer into a user item (without server VAD).

    Example::

        InputAudioBufferCommitEvent()
    """

    type: Literal["input_audio_buffer.commit"] = "input_audio_buffer.commit"
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseCancelEvent:
    """Cancel the in-progress response (or ``response_id``).

    Example::

        ResponseCancelEvent(response_id="resp_1")
    """

    type: Literal["response.cancel"] = "response.cancel"
    response_id: Optional[str] = None
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ResponseCreateEvent:
    """Ask the model for a response, optionally with per-response settings.

    Example::

        ResponseCreateEvent(response=ResponseCreateParams(instructions="Say goodbye."))
    """

    type: Literal["response.create"] = "response.create"
    response: Optional[ResponseCreateParams] = None
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class SessionUpdateEvent:
    """Change the session (instructions, tools, voice, turn detection...).

    Example::

        SessionUpdateEvent(session=RealtimeSessionCreateRequest(instructions="Be brief."))
    """

    type: Literal["session.update"] = "session.update"
    session: SessionUpdate
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


# --------------------------------------------------------------------------- translation events


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCreatedEvent:
    """Translation: the session's effective configuration.

    Example::

        if isinstance(event, RealtimeTranslationSessionCreatedEvent): print(event.session)
    """

    type: Literal["session.created"] = "session.created"
    event_id: str
    session: RealtimeTranslationSession
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionUpdatedEvent:
    """Translation: the session after an update.

    Example::

        if isinstance(event, RealtimeTranslationSessionUpdatedEvent): print(event.session)
    """

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: RealtimeTranslationSession
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionClosedEvent:
    """Translation: the session was closed.

    Example::

        if event.type == "session.closed": ...
    """

    type: Literal["session.closed"] = "session.closed"
    event_id: str
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationInputTranscriptDeltaEvent:
    """Translation: a piece of the input transcript.

    Example::

        if isinstance(event, RealtimeTranslationInputTranscriptDeltaEvent): print(event.delta)
    """

    type: Literal["session.input_transcript.delta"] = "session.input_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationOutputTranscriptDeltaEvent:
    """Translation: a piece of the translated transcript.

    Example::

        if isinstance(event, RealtimeTranslationOutputTranscriptDeltaEvent): print(event.delta)
    """

    type: Literal["session.output_transcript.delta"] = "session.output_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationOutputAudioDeltaEvent:
    """Translation: a chunk of translated audio (base64).

    Example::

        if isinstance(event, RealtimeTranslationOutputAudioDeltaEvent): print(event.delta)
    """

    type: Literal["session.output_audio.delta"] = "session.output_audio.delta"
    event_id: str
    delta: str
    channels: Optional[int] = None
    elapsed_ms: Optional[int] = None
    format: Optional[Union[Literal["pcm16"], str]] = None
    sample_rate: Optional[int] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionUpdateEvent:
    """Translation: change the session.

    Example::

        RealtimeTranslationSessionUpdateEvent(session=TranslationSessionUpdate(audio=TranslationAudio(output=TranslationAudioOutput(language="fr"))))
    """

    type: Literal["session.update"] = "session.update"
    session: TranslationSessionUpdate
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationInputAudioBufferAppendEvent:
    """Translation: append base64 audio.

    Example::

        RealtimeTranslationInputAudioBufferAppendEvent(audio=b64_chunk)
    """

    type: Literal["session.input_audio_buffer.append"] = "session.input_audio_buffer.append"
    audio: str
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCloseEvent:
    """Translation: close the session.

    Example::

        RealtimeTranslationSessionCloseEvent()
    """

    type: Literal["session.close"] = "session.close"
    event_id: Optional[str] = None
    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class UnknownServerEvent:
    """A server event type this library does not know yet; ``raw`` is the whole event.

    Example::

        if isinstance(event, UnknownServerEvent):
            log.info("new event %s: %s", event.type, event.raw)
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The event's ``type`` (``None`` if missing)."""
        return _raw_type(self.raw)

    @property
    def event_id(self) -> Optional[str]:
        """The event's ``event_id`` (``None`` if missing)."""
        value = self.raw.get("event_id")
        return value if isinstance(value, str) else None


@attrs.frozen(kw_only=True)
class UnknownClientEvent:
    """A client event this library does not know: sent exactly as ``raw``.

    Example::

        conn.send(UnknownClientEvent(raw={"type": "future.event", "knob": 1}))
    """

    raw: Dict[str, Any]

    @property
    def type(self) -> Optional[str]:
        """The event's ``type`` (``None`` if missing)."""
        return _raw_type(self.raw)


ServerEvent = Union[
    ConversationCreatedEvent,
    ConversationItemCreatedEvent,
    ConversationItemDeletedEvent,
    ConversationItemInputAudioTranscriptionCompletedEvent,
    ConversationItemInputAudioTranscriptionDeltaEvent,
    ConversationItemInputAudioTranscriptionFailedEvent,
    ConversationItemRetrieved,
    ConversationItemTruncatedEvent,
    RealtimeErrorEvent,
    InputAudioBufferClearedEvent,
    InputAudioBufferCommittedEvent,
    InputAudioBufferDtmfEventReceivedEvent,
    InputAudioBufferSpeechStartedEvent,
    InputAudioBufferSpeechStoppedEvent,
    RateLimitsUpdatedEvent,
    ResponseAudioDeltaEvent,
    ResponseAudioDoneEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseAudioTranscriptDoneEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseDoneEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    SessionCreatedEvent,
    SessionUpdatedEvent,
    OutputAudioBufferStarted,
    OutputAudioBufferStopped,
    OutputAudioBufferCleared,
    ConversationItemAdded,
    ConversationItemDone,
    InputAudioBufferTimeoutTriggered,
    ConversationItemInputAudioTranscriptionSegment,
    McpListToolsInProgress,
    McpListToolsCompleted,
    McpListToolsFailed,
    ResponseMcpCallArgumentsDelta,
    ResponseMcpCallArgumentsDone,
    ResponseMcpCallInProgress,
    ResponseMcpCallCompleted,
    ResponseMcpCallFailed,
    UnknownServerEvent,
]
"""Every server event of a realtime session, dispatched on ``type``."""

ClientEvent = Union[
    ConversationItemCreateEvent,
    ConversationItemDeleteEvent,
    ConversationItemRetrieveEvent,
    ConversationItemTruncateEvent,
    InputAudioBufferAppendEvent,
    InputAudioBufferClearEvent,
    OutputAudioBufferClearEvent,
    InputAudioBufferCommitEvent,
    ResponseCancelEvent,
    ResponseCreateEvent,
    SessionUpdateEvent,
    UnknownClientEvent,
]
"""Every client event of a realtime session, dispatched on ``type``."""

TranslationServerEvent = Union[
    RealtimeErrorEvent,
    RealtimeTranslationSessionCreatedEvent,
    RealtimeTranslationSessionUpdatedEvent,
    RealtimeTranslationSessionClosedEvent,
    RealtimeTranslationInputTranscriptDeltaEvent,
    RealtimeTranslationOutputTranscriptDeltaEvent,
    RealtimeTranslationOutputAudioDeltaEvent,
    UnknownServerEvent,
]
"""Every server event of a translation session, dispatched on ``type``."""

TranslationClientEvent = Union[
    RealtimeTranslationSessionUpdateEvent,
    RealtimeTranslationInputAudioBufferAppendEvent,
    RealtimeTranslationSessionCloseEvent,
    UnknownClientEvent,
]
"""Every client event of a translation session, dispatched on ``type``."""

for _fallback in (UnknownItem, UnknownMcpError, UnknownTranscriptionUsage):
    _serde.register_fallback(_fallback)
_serde.register_tagged_union(ServerEvent, fallback=UnknownServerEvent)
_serde.register_tagged_union(ClientEvent, fallback=UnknownClientEvent)
_serde.register_tagged_union(TranslationServerEvent, fallback=UnknownServerEvent)
_serde.register_tagged_union(TranslationClientEvent, fallback=UnknownClientEvent)

CLIENT_EVENT_TYPES = frozenset(
    attrs.fields_dict(c)["type"].default for c in get_args(ClientEvent) if c is not UnknownClientEvent
)
"""The ``type`` of every client event this library knows."""


@attrs.frozen
class _Outgoing:
    # A carrier so that request_body validates a client event in one call:
    # dicts strictly (unknown keys and types rejected), models as built.
    event: ClientEvent


@attrs.frozen
class _OutgoingTranslation:
    event: TranslationClientEvent


def _decode(data: Union[str, bytes, Mapping[str, Any]], what: str) -> Dict[str, Any]:
    if isinstance(data, Mapping):
        return dict(data)
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise APIResponseValidationError("%s is not JSON: %s" % (what, exc)) from None
    if not isinstance(value, dict):
        raise APIResponseValidationError("%s is not a JSON object: %s" % (what, type(value).__name__))
    return value


def _parse(value: Dict[str, Any], union: Any, what: str) -> Any:
    try:
        return _serde.structure(value, union)
    except APIResponseValidationError as exc:
        # Name the event, not "Union": the type is what users grep their logs for.
        raise APIResponseValidationError(
            "%s %r does not have the expected shape" % (what, value.get("type")), errors=exc.errors
        ) from exc


def parse_server_event(data: Union[str, bytes, Mapping[str, Any]]) -> ServerEvent:
    """Parse one server event (JSON text or a decoded dict) into its typed class.

    Unknown types give :class:`UnknownServerEvent`; a known type with a wrong
    shape raises ``APIResponseValidationError`` listing every problem.

    Example::

        event = parse_server_event('{"type":"input_audio_buffer.cleared","event_id":"e1"}')
    """
    result: ServerEvent = _parse(_decode(data, "server event"), ServerEvent, "server event")
    return result


def parse_translation_server_event(data: Union[str, bytes, Mapping[str, Any]]) -> TranslationServerEvent:
    """Parse one server event of a translation session.

    Example::

        event = parse_translation_server_event('{"type":"session.closed","event_id":"e9"}')
    """
    result: TranslationServerEvent = _parse(_decode(data, "server event"), TranslationServerEvent, "server event")
    return result


def parse_client_event(data: Union[str, bytes, Mapping[str, Any]]) -> ClientEvent:
    """Parse a client event leniently (for recordings and tests); unknown types give :class:`UnknownClientEvent`.

    Example::

        parse_client_event({"type": "response.create"})   # ResponseCreateEvent(...)
    """
    result: ClientEvent = _parse(_decode(data, "client event"), ClientEvent, "client event")
    return result


def client_event_to_dict(event: Union[Mapping[str, Any], Any], *, translation: bool = False) -> Dict[str, Any]:
    """Validate a client event (typed, or a dict in the official SDK's form) and return its JSON form.

    Raises ``RequestValidationError`` naming every bad field, before anything is sent.

    Example::

        client_event_to_dict({"type": "response.cancel"})   # {'type': 'response.cancel'}
    """
    carrier = _OutgoingTranslation if translation else _Outgoing
    if isinstance(event, Mapping) or attrs.has(type(event)):
        body = _serde.request_body(carrier, event=event)
        result: Dict[str, Any] = body["event"]
        return result
    from ..errors import RequestValidationError

    raise RequestValidationError(["event: expected a client event or a dict, got %s" % type(event).__name__])
