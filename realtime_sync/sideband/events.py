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

from typing import Any, Callable, Dict, List, Literal, Mapping, Optional, Union, get_args

import attrs

from .. import _json, _serde
from ..errors import APIResponseValidationError
from ..models import (
    MaxOutputTokens,
    Model,
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
    Unknown,
    UnknownSession,
)
from ._errors import ServerEventError

_IMPORTED = frozenset(globals())  # what is defined below this line is exported (see the end of the module)

ItemStatus = Union[Literal["completed", "incomplete", "in_progress"], str]
"""Open enum: the status of a conversation item."""

ResponseStatus = Union[Literal["completed", "cancelled", "failed", "incomplete", "in_progress"], str]
"""Open enum: the status of a response."""


# --------------------------------------------------------------------------- errors


@attrs.frozen(kw_only=True)
class RealtimeError(Model):
    """The ``error`` of an ``error`` event; ``event_id`` names the client event that caused it."""

    type: str
    message: str
    code: Optional[str] = None
    param: Optional[str] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class TranscriptionError(Model):
    """Why transcribing a user audio item failed."""

    type: Optional[str] = None
    code: Optional[str] = None
    message: Optional[str] = None
    param: Optional[str] = None


# --------------------------------------------------------------------------- conversation items


@attrs.frozen(kw_only=True)
class MessageContent(Model):
    """One content part of a message: ``input_text``, ``input_audio``, ``input_image``, ``output_text``..."""

    type: Optional[str] = None
    text: Optional[str] = None
    audio: Optional[str] = None
    transcript: Optional[Union[str, NullType]] = None
    image_url: Optional[str] = None
    detail: Optional[Union[Literal["auto", "low", "high"], str]] = None


@attrs.frozen(kw_only=True)
class MessageItem(Model):
    """A ``system``, ``user`` or ``assistant`` message."""

    type: Literal["message"] = "message"
    role: Union[Literal["system", "user", "assistant"], str]
    content: List[MessageContent]
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class FunctionCallItem(Model):
    """The model calls a function; ``arguments`` is a JSON string."""

    type: Literal["function_call"] = "function_call"
    name: str
    arguments: str
    call_id: Optional[str] = None
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class FunctionCallOutputItem(Model):
    """Your answer to a function call (``output`` is usually JSON text)."""

    type: Literal["function_call_output"] = "function_call_output"
    call_id: str
    output: str
    id: Optional[str] = None
    object: Optional[str] = None
    status: Optional[ItemStatus] = None


@attrs.frozen(kw_only=True)
class McpApprovalResponseItem(Model):
    """Approve or refuse an MCP tool call the model asked to make."""

    type: Literal["mcp_approval_response"] = "mcp_approval_response"
    id: str
    approval_request_id: str
    approve: bool
    reason: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class McpListedTool(Model):
    """A tool an MCP server offers."""

    name: str
    input_schema: Any
    description: Optional[Union[str, NullType]] = None
    annotations: Optional[Any] = None


@attrs.frozen(kw_only=True)
class McpListToolsItem(Model):
    """The tools an MCP server offers."""

    type: Literal["mcp_list_tools"] = "mcp_list_tools"
    server_label: str
    tools: List[McpListedTool]
    id: Optional[str] = None


@attrs.frozen(kw_only=True)
class McpProtocolError(Model):
    """An MCP protocol error."""

    type: Literal["protocol_error"] = "protocol_error"
    code: int
    message: str


@attrs.frozen(kw_only=True)
class McpToolExecutionError(Model):
    """The MCP tool itself failed."""

    type: Literal["tool_execution_error"] = "tool_execution_error"
    message: str


@attrs.frozen(kw_only=True)
class McpHttpError(Model):
    """The MCP server answered an HTTP error."""

    type: Literal["http_error"] = "http_error"
    code: int
    message: str


class UnknownMcpError(Unknown):
    """An MCP error type this library does not know yet; ``raw`` is the whole object."""


McpError = Union[McpProtocolError, McpToolExecutionError, McpHttpError, UnknownMcpError]


@attrs.frozen(kw_only=True)
class McpToolCallItem(Model):
    """A call of an MCP tool, with its ``output`` or ``error``."""

    type: Literal["mcp_call"] = "mcp_call"
    id: str
    name: str
    arguments: str
    server_label: str
    approval_request_id: Optional[Union[str, NullType]] = None
    error: Optional[Union[McpError, NullType]] = None
    output: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class McpApprovalRequestItem(Model):
    """The model asks for approval before calling an MCP tool."""

    type: Literal["mcp_approval_request"] = "mcp_approval_request"
    id: str
    name: str
    arguments: str
    server_label: str


class UnknownItem(Unknown):
    """A conversation item type this library does not know yet; ``raw`` is the whole object."""


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
class ItemReference(Model):
    """An existing item used as ``response.create`` input (only there)."""

    type: Literal["item_reference"] = "item_reference"
    id: str


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
class Conversation(Model):
    """The conversation of a ``conversation.created`` event."""

    id: Optional[str] = None
    object: Optional[str] = None


@attrs.frozen(kw_only=True)
class ContentPart(Model):
    """A content part of an output item (``text`` or ``audio``)."""

    type: Optional[str] = None
    text: Optional[str] = None
    audio: Optional[str] = None
    transcript: Optional[str] = None


@attrs.frozen(kw_only=True)
class LogProb(Model):
    """The log probability of one transcribed token."""

    token: str
    logprob: float
    bytes: List[int]


@attrs.frozen(kw_only=True)
class TranscriptionInputTokenDetails(Model):
    """Input tokens of a transcription, by kind."""

    audio_tokens: Optional[int] = None
    text_tokens: Optional[int] = None


@attrs.frozen(kw_only=True)
class TranscriptionUsageTokens(Model):
    """Transcription billed by tokens."""

    type: Literal["tokens"] = "tokens"
    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_token_details: Optional[TranscriptionInputTokenDetails] = None


@attrs.frozen(kw_only=True)
class TranscriptionUsageDuration(Model):
    """Transcription billed by duration."""

    type: Literal["duration"] = "duration"
    seconds: float


class UnknownTranscriptionUsage(Unknown):
    """A usage kind this library does not know yet; ``raw`` is the whole object."""


TranscriptionUsage = Union[TranscriptionUsageTokens, TranscriptionUsageDuration, UnknownTranscriptionUsage]


@attrs.frozen(kw_only=True)
class RateLimit(Model):
    """One rate limit (``requests`` or ``tokens``)."""

    name: Optional[Union[Literal["requests", "tokens"], str]] = None
    limit: Optional[int] = None
    remaining: Optional[int] = None
    reset_seconds: Optional[float] = None


# --------------------------------------------------------------------------- responses


@attrs.frozen(kw_only=True)
class ResponseStatusError(Model):
    """Why a response failed."""

    type: Optional[str] = None
    code: Optional[str] = None
    message: Optional[str] = None


@attrs.frozen(kw_only=True)
class ResponseStatusDetails(Model):
    """Details of a response's status: ``reason`` (``turn_detected``, ``client_cancelled``...) or ``error``."""

    type: Optional[str] = None
    reason: Optional[
        Union[Literal["turn_detected", "client_cancelled", "max_output_tokens", "content_filter"], str]
    ] = None
    error: Optional[Union[ResponseStatusError, NullType]] = None


@attrs.frozen(kw_only=True)
class ResponseCachedTokensDetails(Model):
    """Cached input tokens, by kind."""

    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    image_tokens: Optional[int] = None


@attrs.frozen(kw_only=True)
class ResponseInputTokenDetails(Model):
    """Input tokens of a response, by kind."""

    cached_tokens: Optional[int] = None
    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    image_tokens: Optional[int] = None
    cached_tokens_details: Optional[ResponseCachedTokensDetails] = None


@attrs.frozen(kw_only=True)
class ResponseOutputTokenDetails(Model):
    """Output tokens of a response, by kind."""

    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None


@attrs.frozen(kw_only=True)
class ResponseUsage(Model):
    """Token usage of a response (in ``response.done``)."""

    total_tokens: Optional[int] = None
    input_tokens: Optional[int] = None
    output_tokens: Optional[int] = None
    input_token_details: Optional[ResponseInputTokenDetails] = None
    output_token_details: Optional[ResponseOutputTokenDetails] = None


@attrs.frozen(kw_only=True)
class RealtimeResponse(Model):
    """A response: its ``status``, ``output`` items and ``usage``."""

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


@attrs.frozen(kw_only=True)
class ResponseCreateParams(Model):
    """Per-response settings of ``response.create`` (they do not change the session).

    ``conversation="none"`` makes an out-of-band response; ``input`` then sets its context.
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


SessionUpdate = Union[RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest]
"""The ``session`` of ``session.update``: the same models as calls accept and client secrets."""

SessionConfig = Union[RealtimeSessionCreateResponse, RealtimeTranscriptionSessionCreateResponse, UnknownSession]
"""The ``session`` of ``session.created``/``session.updated``: the same models as client-secret responses."""


@attrs.frozen(kw_only=True)
class TranslationSessionUpdate(Model):
    """The ``session`` of a translation ``session.update`` (the model is fixed at creation)."""

    audio: Optional[TranslationAudio] = None


# --------------------------------------------------------------------------- server events


@attrs.frozen(kw_only=True)
class ConversationCreatedEvent(Model):
    """A conversation was created (right after session creation)."""

    type: Literal["conversation.created"] = "conversation.created"
    event_id: str
    conversation: Conversation


@attrs.frozen(kw_only=True)
class ConversationItemCreatedEvent(Model):
    """An item was added to the conversation (legacy name of ``conversation.item.added``)."""

    type: Literal["conversation.item.created"] = "conversation.item.created"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class ConversationItemDeletedEvent(Model):
    """An item was deleted (answer to ``conversation.item.delete``)."""

    type: Literal["conversation.item.deleted"] = "conversation.item.deleted"
    event_id: str
    item_id: str


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionCompletedEvent(Model):
    """The transcript of a user audio item is complete."""

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


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionDeltaEvent(Model):
    """A piece of a user audio item's transcript."""

    type: Literal["conversation.item.input_audio_transcription.delta"] = (
        "conversation.item.input_audio_transcription.delta"
    )
    event_id: str
    item_id: str
    content_index: Optional[int] = None
    delta: Optional[str] = None
    logprobs: Optional[Union[List[LogProb], NullType]] = None


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionFailedEvent(Model):
    """Transcribing a user audio item failed; ``error`` says why."""

    type: Literal["conversation.item.input_audio_transcription.failed"] = (
        "conversation.item.input_audio_transcription.failed"
    )
    event_id: str
    item_id: str
    content_index: int
    error: TranscriptionError


@attrs.frozen(kw_only=True)
class ConversationItemRetrieved(Model):
    """The full item asked for with ``conversation.item.retrieve``."""

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    event_id: str
    item: ConversationItem


@attrs.frozen(kw_only=True)
class ConversationItemTruncatedEvent(Model):
    """An assistant audio item was truncated (answer to ``conversation.item.truncate``)."""

    type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
    event_id: str
    item_id: str
    content_index: int
    audio_end_ms: int


@attrs.frozen(kw_only=True)
class RealtimeErrorEvent(Model):
    """The server reports an error; ``error`` has ``message``, ``code``, ``type``, ``param`` and ``event_id``."""

    type: Literal["error"] = "error"
    event_id: str
    error: RealtimeError

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
class InputAudioBufferClearedEvent(Model):
    """The input audio buffer was cleared."""

    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"
    event_id: str


@attrs.frozen(kw_only=True)
class InputAudioBufferCommittedEvent(Model):
    """The input audio buffer was committed into a user item."""

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    event_id: str
    item_id: str
    previous_item_id: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class InputAudioBufferDtmfEventReceivedEvent(Model):
    """A DTMF key press arrived on a SIP call (``event`` is the key)."""

    type: Literal["input_audio_buffer.dtmf_event_received"] = "input_audio_buffer.dtmf_event_received"
    event_id: Optional[str] = None
    event: str
    received_at: int


@attrs.frozen(kw_only=True)
class InputAudioBufferSpeechStartedEvent(Model):
    """Voice activity detection heard speech start."""

    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    event_id: str
    item_id: str
    audio_start_ms: int


@attrs.frozen(kw_only=True)
class InputAudioBufferSpeechStoppedEvent(Model):
    """Voice activity detection heard speech stop."""

    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    event_id: str
    item_id: str
    audio_end_ms: int


@attrs.frozen(kw_only=True)
class RateLimitsUpdatedEvent(Model):
    """Rate limits after a response started."""

    type: Literal["rate_limits.updated"] = "rate_limits.updated"
    event_id: str
    rate_limits: List[RateLimit]


@attrs.frozen(kw_only=True)
class ResponseAudioDeltaEvent(Model):
    """A chunk of output audio (base64)."""

    type: Literal["response.output_audio.delta"] = "response.output_audio.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


@attrs.frozen(kw_only=True)
class ResponseAudioDoneEvent(Model):
    """The output audio of a content part is complete."""

    type: Literal["response.output_audio.done"] = "response.output_audio.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int


@attrs.frozen(kw_only=True)
class ResponseAudioTranscriptDeltaEvent(Model):
    """A piece of the transcript of the output audio."""

    type: Literal["response.output_audio_transcript.delta"] = "response.output_audio_transcript.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


@attrs.frozen(kw_only=True)
class ResponseAudioTranscriptDoneEvent(Model):
    """The transcript of the output audio is complete."""

    type: Literal["response.output_audio_transcript.done"] = "response.output_audio_transcript.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    transcript: str


@attrs.frozen(kw_only=True)
class ResponseContentPartAddedEvent(Model):
    """A content part was added to an output item."""

    type: Literal["response.content_part.added"] = "response.content_part.added"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: ContentPart


@attrs.frozen(kw_only=True)
class ResponseContentPartDoneEvent(Model):
    """A content part is complete."""

    type: Literal["response.content_part.done"] = "response.content_part.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: ContentPart


@attrs.frozen(kw_only=True)
class ResponseCreatedEvent(Model):
    """A response started (status ``in_progress``)."""

    type: Literal["response.created"] = "response.created"
    event_id: str
    response: RealtimeResponse


@attrs.frozen(kw_only=True)
class ResponseDoneEvent(Model):
    """A response finished; ``response.status`` says how and ``response.output`` holds its items."""

    type: Literal["response.done"] = "response.done"
    event_id: str
    response: RealtimeResponse


@attrs.frozen(kw_only=True)
class ResponseFunctionCallArgumentsDeltaEvent(Model):
    """A piece of a function call's JSON arguments."""

    type: Literal["response.function_call_arguments.delta"] = "response.function_call_arguments.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    delta: str


@attrs.frozen(kw_only=True)
class ResponseFunctionCallArgumentsDoneEvent(Model):
    """A function call is complete: answer it with a ``function_call_output`` item."""

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    name: str
    arguments: str


@attrs.frozen(kw_only=True)
class ResponseOutputItemAddedEvent(Model):
    """A response added an output item."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    event_id: str
    response_id: str
    output_index: int
    item: ConversationItem


@attrs.frozen(kw_only=True)
class ResponseOutputItemDoneEvent(Model):
    """An output item is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    event_id: str
    response_id: str
    output_index: int
    item: ConversationItem


@attrs.frozen(kw_only=True)
class ResponseTextDeltaEvent(Model):
    """A piece of output text."""

    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


@attrs.frozen(kw_only=True)
class ResponseTextDoneEvent(Model):
    """The output text of a content part is complete."""

    type: Literal["response.output_text.done"] = "response.output_text.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    text: str


@attrs.frozen(kw_only=True)
class SessionCreatedEvent(Model):
    """The first event of a connection: the session's effective configuration."""

    type: Literal["session.created"] = "session.created"
    event_id: str
    session: SessionConfig


@attrs.frozen(kw_only=True)
class SessionUpdatedEvent(Model):
    """The session after a ``session.update``."""

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: SessionConfig


@attrs.frozen(kw_only=True)
class OutputAudioBufferStarted(Model):
    """WebRTC/SIP only: the server started streaming audio to the caller."""

    type: Literal["output_audio_buffer.started"] = "output_audio_buffer.started"
    event_id: str
    response_id: str


@attrs.frozen(kw_only=True)
class OutputAudioBufferStopped(Model):
    """WebRTC/SIP only: the output audio buffer drained."""

    type: Literal["output_audio_buffer.stopped"] = "output_audio_buffer.stopped"
    event_id: str
    response_id: str


@attrs.frozen(kw_only=True)
class OutputAudioBufferCleared(Model):
    """WebRTC/SIP only: the output audio buffer was cleared (barge-in or ``output_audio_buffer.clear``)."""

    type: Literal["output_audio_buffer.cleared"] = "output_audio_buffer.cleared"
    event_id: str
    response_id: str


@attrs.frozen(kw_only=True)
class ConversationItemAdded(Model):
    """An item was added to the conversation."""

    type: Literal["conversation.item.added"] = "conversation.item.added"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class ConversationItemDone(Model):
    """An item is complete (its content is final)."""

    type: Literal["conversation.item.done"] = "conversation.item.done"
    event_id: str
    item: ConversationItem
    previous_item_id: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class InputAudioBufferTimeoutTriggered(Model):
    """The idle timeout of server VAD fired."""

    type: Literal["input_audio_buffer.timeout_triggered"] = "input_audio_buffer.timeout_triggered"
    event_id: str
    item_id: str
    audio_start_ms: int
    audio_end_ms: int


@attrs.frozen(kw_only=True)
class ConversationItemInputAudioTranscriptionSegment(Model):
    """A diarized segment of a user audio item's transcript."""

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


@attrs.frozen(kw_only=True)
class McpListToolsInProgress(Model):
    """Listing the tools of an MCP server started."""

    type: Literal["mcp_list_tools.in_progress"] = "mcp_list_tools.in_progress"
    event_id: str
    item_id: str


@attrs.frozen(kw_only=True)
class McpListToolsCompleted(Model):
    """Listing the tools of an MCP server finished."""

    type: Literal["mcp_list_tools.completed"] = "mcp_list_tools.completed"
    event_id: str
    item_id: str


@attrs.frozen(kw_only=True)
class McpListToolsFailed(Model):
    """Listing the tools of an MCP server failed."""

    type: Literal["mcp_list_tools.failed"] = "mcp_list_tools.failed"
    event_id: str
    item_id: str


@attrs.frozen(kw_only=True)
class ResponseMcpCallArgumentsDelta(Model):
    """A piece of an MCP tool call's arguments."""

    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    delta: str
    obfuscation: Optional[Union[str, NullType]] = None


@attrs.frozen(kw_only=True)
class ResponseMcpCallArgumentsDone(Model):
    """An MCP tool call's arguments are complete."""

    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"
    event_id: str
    response_id: str
    item_id: str
    output_index: int
    arguments: str


@attrs.frozen(kw_only=True)
class ResponseMcpCallInProgress(Model):
    """An MCP tool call started."""

    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"
    event_id: str
    item_id: str
    output_index: int


@attrs.frozen(kw_only=True)
class ResponseMcpCallCompleted(Model):
    """An MCP tool call succeeded."""

    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"
    event_id: str
    item_id: str
    output_index: int


@attrs.frozen(kw_only=True)
class ResponseMcpCallFailed(Model):
    """An MCP tool call failed."""

    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"
    event_id: str
    item_id: str
    output_index: int


# --------------------------------------------------------------------------- client events


@attrs.frozen(kw_only=True)
class ConversationItemCreateEvent(Model):
    """Add an item (message, function call output...) to the conversation."""

    type: Literal["conversation.item.create"] = "conversation.item.create"
    item: ConversationItem
    previous_item_id: Optional[str] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class ConversationItemDeleteEvent(Model):
    """Remove an item from the conversation."""

    type: Literal["conversation.item.delete"] = "conversation.item.delete"
    item_id: str
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class ConversationItemRetrieveEvent(Model):
    """Ask for the server's copy of an item (answered by ``conversation.item.retrieved``)."""

    type: Literal["conversation.item.retrieve"] = "conversation.item.retrieve"
    item_id: str
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class ConversationItemTruncateEvent(Model):
    """Cut an assistant audio item at ``audio_end_ms`` (what the caller actually heard)."""

    type: Literal["conversation.item.truncate"] = "conversation.item.truncate"
    item_id: str
    content_index: int
    audio_end_ms: int
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class InputAudioBufferAppendEvent(Model):
    """Append base64 audio to the input buffer."""

    type: Literal["input_audio_buffer.append"] = "input_audio_buffer.append"
    audio: str
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class InputAudioBufferClearEvent(Model):
    """Discard the input audio buffer."""

    type: Literal["input_audio_buffer.clear"] = "input_audio_buffer.clear"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class OutputAudioBufferClearEvent(Model):
    """WebRTC/SIP only: stop the audio being played to the caller."""

    type: Literal["output_audio_buffer.clear"] = "output_audio_buffer.clear"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class InputAudioBufferCommitEvent(Model):
    """Commit the input audio buffer into a user item (without server VAD)."""

    type: Literal["input_audio_buffer.commit"] = "input_audio_buffer.commit"
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class ResponseCancelEvent(Model):
    """Cancel the in-progress response (or ``response_id``)."""

    type: Literal["response.cancel"] = "response.cancel"
    response_id: Optional[str] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class ResponseCreateEvent(Model):
    """Ask the model for a response, optionally with per-response settings."""

    type: Literal["response.create"] = "response.create"
    response: Optional[ResponseCreateParams] = None
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class SessionUpdateEvent(Model):
    """Change the session (instructions, tools, voice, turn detection...)."""

    type: Literal["session.update"] = "session.update"
    session: SessionUpdate
    event_id: Optional[str] = None


# --------------------------------------------------------------------------- translation events


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCreatedEvent(Model):
    """Translation: the session's effective configuration."""

    type: Literal["session.created"] = "session.created"
    event_id: str
    session: RealtimeTranslationSession


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionUpdatedEvent(Model):
    """Translation: the session after an update."""

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: RealtimeTranslationSession


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionClosedEvent(Model):
    """Translation: the session was closed."""

    type: Literal["session.closed"] = "session.closed"
    event_id: str


@attrs.frozen(kw_only=True)
class RealtimeTranslationInputTranscriptDeltaEvent(Model):
    """Translation: a piece of the input transcript."""

    type: Literal["session.input_transcript.delta"] = "session.input_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: Optional[int] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationOutputTranscriptDeltaEvent(Model):
    """Translation: a piece of the translated transcript."""

    type: Literal["session.output_transcript.delta"] = "session.output_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: Optional[int] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationOutputAudioDeltaEvent(Model):
    """Translation: a chunk of translated audio (base64)."""

    type: Literal["session.output_audio.delta"] = "session.output_audio.delta"
    event_id: str
    delta: str
    channels: Optional[int] = None
    elapsed_ms: Optional[int] = None
    format: Optional[Union[Literal["pcm16"], str]] = None
    sample_rate: Optional[int] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionUpdateEvent(Model):
    """Translation: change the session."""

    type: Literal["session.update"] = "session.update"
    session: TranslationSessionUpdate
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationInputAudioBufferAppendEvent(Model):
    """Translation: append base64 audio."""

    type: Literal["session.input_audio_buffer.append"] = "session.input_audio_buffer.append"
    audio: str
    event_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCloseEvent(Model):
    """Translation: close the session."""

    type: Literal["session.close"] = "session.close"
    event_id: Optional[str] = None


class UnknownServerEvent(Unknown):
    """A server event type this library does not know yet; ``raw`` is the whole event."""

    @property
    def event_id(self) -> Optional[str]:
        """The event's ``event_id`` (``None`` if missing).

        Example::

            log.info("unknown event %s (%s)", event.type, event.event_id)
        """
        value = self.raw.get("event_id")
        return value if isinstance(value, str) else None


class UnknownClientEvent(Unknown):
    """A client event this library does not know: sent exactly as ``raw``."""


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
    # Text first: isinstance against typing.Mapping costs more than the rest of a small event's parse.
    if not isinstance(data, (str, bytes)) and isinstance(data, Mapping):
        return dict(data)
    try:
        # Bounded nesting: a hostile frame is an APIResponseValidationError, not a RecursionError.
        value = _json.loads(data)
    except ValueError as exc:
        raise APIResponseValidationError("%s is not JSON: %s" % (what, exc)) from None
    if value.__class__ is not dict:
        raise APIResponseValidationError("%s is not a JSON object: %s" % (what, type(value).__name__))
    result: Dict[str, Any] = value
    return result


def _shape_error(what: str, value: Dict[str, Any], exc: APIResponseValidationError) -> APIResponseValidationError:
    # Name the event, not "Union": the type is what users grep their logs for.
    return APIResponseValidationError(
        "%s %r does not have the expected shape" % (what, value.get("type")), errors=exc.errors
    )


def _parser(union: Any, what: str) -> Any:
    # One structurer per union: the event's type picks its class's reader from a table built
    # once (_serde.response_structurer), never by hashing the union per event.
    structure = _serde.response_structurer(union)

    def parse(data: Union[str, bytes, Mapping[str, Any]]) -> Any:
        if isinstance(data, str):  # what a WebSocket delivers: straight to the JSON reader
            try:
                value = _json.loads(data)
            except ValueError:
                value = None
            if value.__class__ is not dict:
                value = _decode(data, what)  # the error, named as for any other input
        else:
            value = _decode(data, what)
        try:
            return structure(value)
        except APIResponseValidationError as exc:
            raise _shape_error(what, value, exc) from exc

    return parse


_structure_server_event = _serde.response_structurer(ServerEvent)
_server_event_readers: Dict[str, Callable[[Dict[str, Any]], Any]] = {}  # type -> reader, filled as types arrive
_parse_server_event = _parser(ServerEvent, "server event")
_parse_translation_server_event = _parser(TranslationServerEvent, "server event")
_parse_client_event = _parser(ClientEvent, "client event")


def parse_server_event(data: Union[str, bytes, Mapping[str, Any]]) -> ServerEvent:
    """Parse one server event (JSON text or a decoded dict) into its typed class.

    Unknown types give :class:`UnknownServerEvent`; a known type with a wrong
    shape raises ``APIResponseValidationError`` listing every problem.

    Example::

        event = parse_server_event('{"type":"input_audio_buffer.cleared","event_id":"e1"}')
    """
    if isinstance(data, str):  # the hot path (a WebSocket's text frame), without a call more than needed
        try:
            value = _json.loads(data)
        except ValueError:
            value = None
        if value.__class__ is dict:
            # The type's compiled reader, straight from this table; whatever it does not read
            # (FALLBACK: odd values, unknown types), the converter reads, as for any other input.
            tag = value.get("type")
            read = _server_event_readers.get(tag) if tag.__class__ is str else None
            if read is None:
                read = _serde.tag_reader(ServerEvent, tag, _server_event_readers)
            try:
                result: Any = read(value)
            except Exception:  # a model's own __init__ refusing a value: the converter reports it
                result = _serde.FALLBACK
            if result is _serde.FALLBACK:
                try:
                    result = _structure_server_event(value)
                except APIResponseValidationError as exc:
                    raise _shape_error("server event", value, exc) from exc
            return result  # type: ignore[no-any-return]
    return _parse_server_event(data)  # type: ignore[no-any-return]


def parse_translation_server_event(data: Union[str, bytes, Mapping[str, Any]]) -> TranslationServerEvent:
    """Parse one server event of a translation session.

    Example::

        event = parse_translation_server_event('{"type":"session.closed","event_id":"e9"}')
    """
    result: TranslationServerEvent = _parse_translation_server_event(data)
    return result


def parse_client_event(data: Union[str, bytes, Mapping[str, Any]]) -> ClientEvent:
    """Parse a client event leniently (for recordings and tests); unknown types give :class:`UnknownClientEvent`.

    Example::

        parse_client_event({"type": "response.create"})   # ResponseCreateEvent(...)
    """
    result: ClientEvent = _parse_client_event(data)
    return result


def client_event_to_dict(
    event: Union[Mapping[str, Any], Any], *, translation: bool = False, strict: bool = True
) -> Dict[str, Any]:
    """Validate a client event (typed, or a dict in the official SDK's form) and return its JSON form.

    Raises ``RequestValidationError`` naming every bad field, before anything is sent.
    ``strict=False`` forwards unknown keys (and unknown event types) of a dict unchanged;
    known keys are still type-checked.

    Example::

        client_event_to_dict({"type": "response.cancel"})   # {'type': 'response.cancel'}
    """
    carrier = _OutgoingTranslation if translation else _Outgoing
    if isinstance(event, Mapping) or attrs.has(type(event)):
        body = _serde.request_body(carrier, strict=strict, event=event)
        result: Dict[str, Any] = body["event"]
        return result
    from ..errors import RequestValidationError

    raise RequestValidationError(["event: expected a client event or a dict, got %s" % type(event).__name__])


__all__ = sorted(name for name in globals() if name[:1] != "_" and name not in _IMPORTED)
