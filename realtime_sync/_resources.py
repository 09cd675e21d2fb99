"""The REST resources: ``client.calls``, ``client.client_secrets``, ``client.translations``.

The same objects are ``client.realtime.calls``, ``client.realtime.client_secrets``
and ``client.realtime.translations`` (the official SDK's paths): one
implementation, two doors. Each method takes the SDK's keyword arguments, builds
the body through ``_serde`` (which validates it), sends it through the client's
retry loop, and parses the answer. Nothing is sent when the input is invalid.
Each resource also has the SDK's ``with_raw_response`` and
``with_streaming_response`` views of the same methods.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union

from . import _qs, _serde
from ._redaction import library_logger
from ._resource import Resource, check_extra_body, id_segment, invalid_response, merge_body, short_repr
from ._response import to_raw_response_wrapper, to_streamed_response_wrapper
from ._types import NOT_GIVEN, ExtraBody, ExtraHeaders, ExtraQuery, MaxRetriesArg, NotGiven, RetryMode, TimeoutArg
from .errors import RequestValidationError
from .models import (
    ClientSecretExpiration,
    Prompt,
    RealtimeAudioConfig,
    RealtimeCreateClientSecretRequest,
    RealtimeCreateClientSecretResponse,
    RealtimeSessionCreateRequest,
    RealtimeTranscriptionSessionCreateRequest,
    Reasoning,
    TracingConfiguration,
)

# The call-control and translation models are imported by the methods that use them: building
# them costs about 24 M instructions that a client which only creates client secrets never pays (issue 19).
if TYPE_CHECKING:  # pragma: no cover
    from . import _multipart
    from ._client import RealtimeClient
    from .models import RealtimeCallCreateResponse as RealtimeCallCreateResponse
    from .models import RealtimeTranslationClientSecretCreateResponse as RealtimeTranslationClientSecretCreateResponse
    from .models import RealtimeTranslationSessionCreateRequest as RealtimeTranslationSessionCreateRequest
    from .sideband import ReconnectingEvent, ReconnectingOverrides, TranslationsConnection, WebSocketConnector

log = library_logger("realtime_sync")

__all__ = [
    "Calls",
    "CallsWithRawResponse",
    "CallsWithStreamingResponse",
    "ClientSecrets",
    "ClientSecretsWithRawResponse",
    "ClientSecretsWithStreamingResponse",
    "TranslationClientSecrets",
    "TranslationClientSecretsWithRawResponse",
    "TranslationClientSecretsWithStreamingResponse",
    "Translations",
    "TranslationsWithRawResponse",
    "TranslationsWithStreamingResponse",
]

SessionInput = Union[RealtimeSessionCreateRequest, Mapping[str, Any]]
ClientSecretSessionInput = Union[
    RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest, Mapping[str, Any]
]
ExpiresAfterInput = Union[ClientSecretExpiration, Mapping[str, Any]]
#: A session field passed as a keyword argument: the model, its dict form, or None (= JSON null).
_Field = Union[Mapping[str, Any], Any]

#: The session fields ``accept`` takes as keyword arguments, in the official SDK's order.
_ACCEPT_FIELDS = (
    "type",
    "audio",
    "include",
    "instructions",
    "max_output_tokens",
    "model",
    "output_modalities",
    "parallel_tool_calls",
    "prompt",
    "reasoning",
    "tool_choice",
    "tools",
    "tracing",
    "truncation",
)


class Calls(Resource):
    """``/realtime/calls``: create WebRTC calls; accept, refer, reject and hang up SIP calls.

    Also ``client.realtime.calls``, the official SDK's path.

    Example::

        client.realtime.calls.accept(event.data.call_id, type="realtime", model="gpt-realtime")
    """

    @functools.cached_property
    def with_raw_response(self) -> "CallsWithRawResponse":
        """The same methods, returning the HTTP answer (:class:`~realtime_sync.RawResponse`).

        Example::

            raw = client.realtime.calls.with_raw_response.create(sdp=offer)
            call_id = raw.headers["location"].rsplit("/", 1)[-1]
        """
        return CallsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "CallsWithStreamingResponse":
        """The same methods, returning a :class:`~realtime_sync.StreamingResponse` to use in ``with``."""
        return CallsWithStreamingResponse(self)

    def create(
        self,
        *,
        sdp: str,
        session: Optional[SessionInput] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> "RealtimeCallCreateResponse":
        """Send a WebRTC SDP offer; get the SDP answer, the Location and the call id.

        Retried only while the request certainly did not reach the server
        (as accept/refer/reject): a repeated create could start a second call.

        Sent as multipart/form-data (``sdp`` part, plus ``session`` as JSON when
        given) unless the key is an ephemeral ``ek_`` secret and there is no
        session, in which case the raw SDP goes as ``application/sdp``, the
        browser form. ``extra_body`` keys become form fields as the SDK writes
        them (``{"a": {"b": 1}}`` is the field ``a[b]``); its ``session`` is merged
        into the session part, its ``sdp`` replaces the offer.

        The answer reads as ours (``.sdp``, ``.call_id``, ``.location``) and as the
        SDK's (``.text``, ``.content``, ``.response``, ``.read()``...).

        Example::

            answer = client.calls.create(sdp=offer, session={"type": "realtime", "model": "gpt-realtime"})
            print(answer.call_id, answer.sdp)
        """
        from .models._calls import RealtimeCallCreateRequest, RealtimeCallCreateResponse

        extra = dict(check_extra_body(extra_body) or {})
        if "sdp" in extra:
            sdp = extra.pop("sdp")
        if not isinstance(sdp, str) or not sdp.strip():
            raise RequestValidationError(
                ["sdp: expected the SDP offer as a non-empty string, got %s" % short_repr(sdp)]
            )
        fields = _serde.request_body(RealtimeCallCreateRequest, strict=self._strict(strict), sdp=sdp, session=session)
        if "session" in extra:
            extra_session = extra.pop("session")
            if isinstance(extra_session, Mapping) and isinstance(fields.get("session"), Mapping):
                fields["session"] = merge_body(fields["session"], extra_session)
            else:
                fields["session"] = extra_session
        if "session" not in fields and not extra and self._client.is_ephemeral_key:
            payload, content_type = sdp.encode("utf-8"), "application/sdp"
        else:
            payload, content_type = _encode_multipart(sdp, fields, extra)
        request, response = self._request(
            "POST",
            "/realtime/calls",
            content=payload,
            content_type=content_type,
            accept="application/sdp",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            # A create that may have reached the server is not repeated: each
            # repeat could start another (billed) call nobody will ever use.
            retry_mode=RetryMode.UNSENT,
        )
        try:
            answer = response.body.decode("utf-8")
        except UnicodeDecodeError:
            raise invalid_response("calls.create: the SDP answer is not UTF-8 text", [], request, response) from None
        if not answer.strip():
            raise invalid_response("calls.create: the server answered with an empty SDP", [], request, response)
        result = RealtimeCallCreateResponse(sdp=answer, location=response.headers.get("location"), response=response)
        if result.location and result.call_id is None:
            # The call exists and the browser needs this answer: return it, but never
            # hand out an "id" that would steer a later hangup to another endpoint.
            log.warning(
                "calls.create: the Location header %s does not end in a call id; call_id is None (request id %s)",
                short_repr(result.location),
                response.request_id,
            )
        return result

    def accept(
        self,
        call_id: str,
        *,
        type: Union[Literal["realtime"], NotGiven] = NOT_GIVEN,
        audio: Union[RealtimeAudioConfig, Mapping[str, Any], NotGiven] = NOT_GIVEN,
        include: Union[Sequence[Literal["item.input_audio_transcription.logprobs"]], NotGiven] = NOT_GIVEN,
        instructions: Union[str, NotGiven] = NOT_GIVEN,
        max_output_tokens: Union[int, Literal["inf"], NotGiven] = NOT_GIVEN,
        model: Union[str, NotGiven] = NOT_GIVEN,
        output_modalities: Union[Sequence[Literal["text", "audio"]], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        prompt: Union[Prompt, Mapping[str, Any], NotGiven, None] = NOT_GIVEN,
        reasoning: Union[Reasoning, Mapping[str, Any], NotGiven] = NOT_GIVEN,
        tool_choice: Union[str, Mapping[str, Any], Any, NotGiven] = NOT_GIVEN,
        tools: Union[Sequence[Any], NotGiven] = NOT_GIVEN,
        tracing: Union[Literal["auto"], TracingConfiguration, Mapping[str, Any], NotGiven, None] = NOT_GIVEN,
        truncation: Union[str, Mapping[str, Any], Any, NotGiven] = NOT_GIVEN,
        session: Optional[SessionInput] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Accept an incoming SIP call and configure the session that handles it.

        The session fields are keyword arguments, as in the official SDK
        (``type="realtime"`` required); a field given as ``None`` is sent as JSON
        ``null`` (``tracing=None`` switches tracing off). ``session=`` (a
        :class:`~realtime_sync.models.RealtimeSessionCreateRequest` or its dict
        form) is the alternative; pass one or the other. The session is the whole
        JSON body; ``extra_body`` is merged into it key by key.

        Not repeated once the request may have reached the server (see the
        README's retry rules); pass ``max_retries=0`` to never retry.

        Example::

            client.realtime.calls.accept("rtc_123", type="realtime", model="gpt-realtime",
                                         instructions="Greet the caller.")
        """
        path = _call_path(call_id, "accept")
        given = locals()
        fields = {name: given[name] for name in _ACCEPT_FIELDS if not isinstance(given[name], NotGiven)}
        if fields and session is not None:
            raise RequestValidationError(
                [
                    "session: pass the session either as session=... or as keyword arguments (%s), not both"
                    % ", ".join(sorted(fields))
                ]
            )
        if session is None:
            if "type" not in fields:
                raise RequestValidationError(
                    [
                        'type: required (accept(call_id, type="realtime", model=..., ...), '
                        "or the whole session as session={...})"
                    ]
                )
            session = {name: _as_data(value) for name, value in fields.items()}
        from .models._calls import RealtimeCallAcceptRequest

        # The endpoint's rule: the accept body is the session itself, not {"session": ...}.
        body = _serde.request_body(RealtimeCallAcceptRequest, strict=self._strict(strict), session=session)["session"]
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def refer(
        self,
        call_id: str,
        *,
        target_uri: str,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Transfer a SIP call (SIP REFER) to ``target_uri``, e.g. ``tel:+14155550123``.

        A URI with a control character (CR, LF, NUL, DEL ...) raises
        :class:`RequestValidationError` before sending.

        Example::

            client.realtime.calls.refer("rtc_123", target_uri="sip:agent@example.com")
        """
        path = _call_path(call_id, "refer")
        if not isinstance(target_uri, str) or not target_uri.strip():
            raise RequestValidationError(
                ["target_uri: expected a non-empty SIP or tel URI string, got %s" % short_repr(target_uri)]
            )
        from .models._calls import RealtimeCallReferRequest

        body = _serde.request_body(RealtimeCallReferRequest, strict=self._strict(strict), target_uri=target_uri)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def reject(
        self,
        call_id: str,
        *,
        status_code: Optional[int] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Reject an incoming SIP call; the server answers 603 Decline unless ``status_code`` is given.

        ``status_code`` is a SIP final response code from 300 to 699; anything
        else raises :class:`RequestValidationError` before sending.

        Example::

            client.realtime.calls.reject("rtc_123", status_code=486)  # Busy Here
        """
        path = _call_path(call_id, "reject")
        from .models._calls import RealtimeCallRejectRequest

        body = _serde.request_body(RealtimeCallRejectRequest, strict=self._strict(strict), status_code=status_code)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def hangup(
        self,
        call_id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """End a SIP or WebRTC call. Sends no body unless ``extra_body`` is given.

        Safe to retry: a ``404 call_id_not_found`` on a retry means an earlier
        attempt already hung up, and counts as success.

        Example::

            client.realtime.calls.hangup("rtc_123")
        """
        path = _call_path(call_id, "hangup")
        self._request(
            "POST",
            path,
            json_body={} if extra_body else None,
            # As the SDK sends it: a JSON content type even without a body.
            content_type="application/json",
            accept="*/*",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.HANGUP,
        )


class CallsWithRawResponse:
    """``calls.with_raw_response``: each method returns a :class:`~realtime_sync.RawResponse`."""

    def __init__(self, calls: Calls) -> None:
        self.create = to_raw_response_wrapper(calls.create)
        self.accept = to_raw_response_wrapper(calls.accept)
        self.hangup = to_raw_response_wrapper(calls.hangup)
        self.refer = to_raw_response_wrapper(calls.refer)
        self.reject = to_raw_response_wrapper(calls.reject)


class CallsWithStreamingResponse:
    """``calls.with_streaming_response``: each method returns a :class:`~realtime_sync.StreamingResponse`."""

    def __init__(self, calls: Calls) -> None:
        self.create = to_streamed_response_wrapper(calls.create, binary=True)
        self.accept = to_streamed_response_wrapper(calls.accept)
        self.hangup = to_streamed_response_wrapper(calls.hangup)
        self.refer = to_streamed_response_wrapper(calls.refer)
        self.reject = to_streamed_response_wrapper(calls.reject)


class ClientSecrets(Resource):
    """``/realtime/client_secrets``: short-lived ``ek_`` keys for browsers and mobile apps.

    Also ``client.realtime.client_secrets``, the official SDK's path.

    Example::

        secret = client.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    """

    @functools.cached_property
    def with_raw_response(self) -> "ClientSecretsWithRawResponse":
        """The same method, returning the HTTP answer (:class:`~realtime_sync.RawResponse`)."""
        return ClientSecretsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "ClientSecretsWithStreamingResponse":
        """The same method, returning a :class:`~realtime_sync.StreamingResponse` to use in ``with``."""
        return ClientSecretsWithStreamingResponse(self)

    def create(
        self,
        *,
        expires_after: Optional[ExpiresAfterInput] = None,
        session: Optional[ClientSecretSessionInput] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> RealtimeCreateClientSecretResponse:
        """Mint an ephemeral client secret, optionally bound to a realtime or transcription session.

        Example::

            secret = client.realtime.client_secrets.create(
                session={"type": "realtime", "model": "gpt-realtime"},
                expires_after={"anchor": "created_at", "seconds": 600},
            )
            return {"value": secret.value, "expires_at": secret.expires_at}
        """
        body = _serde.request_body(
            RealtimeCreateClientSecretRequest, strict=self._strict(strict), session=session, expires_after=expires_after
        )
        request, response = self._request(
            "POST",
            "/realtime/client_secrets",
            json_body=body,
            accept="application/json",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(RealtimeCreateClientSecretResponse, request, response)


class ClientSecretsWithRawResponse:
    """``client_secrets.with_raw_response``: ``create`` returns a :class:`~realtime_sync.RawResponse`."""

    def __init__(self, client_secrets: ClientSecrets) -> None:
        self.create = to_raw_response_wrapper(client_secrets.create)


class ClientSecretsWithStreamingResponse:
    """``client_secrets.with_streaming_response``: ``create`` returns a :class:`~realtime_sync.StreamingResponse`."""

    def __init__(self, client_secrets: ClientSecrets) -> None:
        self.create = to_streamed_response_wrapper(client_secrets.create)


class TranslationClientSecrets(Resource):
    """``/realtime/translations/client_secrets``: ephemeral keys for translation sessions.

    Example::

        client.realtime.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    @functools.cached_property
    def with_raw_response(self) -> "TranslationClientSecretsWithRawResponse":
        """The same method, returning the HTTP answer (:class:`~realtime_sync.RawResponse`)."""
        return TranslationClientSecretsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "TranslationClientSecretsWithStreamingResponse":
        """The same method, returning a :class:`~realtime_sync.StreamingResponse` to use in ``with``."""
        return TranslationClientSecretsWithStreamingResponse(self)

    def create(
        self,
        *,
        session: "Union[RealtimeTranslationSessionCreateRequest, Mapping[str, Any]]",
        expires_after: Optional[ExpiresAfterInput] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> "RealtimeTranslationClientSecretCreateResponse":
        """Mint an ephemeral key for a translation session (``session`` is required).

        Example::

            secret = client.realtime.translations.client_secrets.create(
                session={"model": "gpt-realtime-translate", "audio": {"output": {"language": "es"}}}
            )
        """
        from .models._translations import (
            RealtimeTranslationClientSecretCreateRequest,
            RealtimeTranslationClientSecretCreateResponse,
        )

        if session is None:
            raise RequestValidationError(["session: required (a translation session with at least a model)"])
        body = _serde.request_body(
            RealtimeTranslationClientSecretCreateRequest,
            strict=self._strict(strict),
            session=session,
            expires_after=expires_after,
        )
        request, response = self._request(
            "POST",
            "/realtime/translations/client_secrets",
            json_body=body,
            accept="application/json",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(RealtimeTranslationClientSecretCreateResponse, request, response)


class TranslationClientSecretsWithRawResponse:
    """``translations.client_secrets.with_raw_response``: ``create`` returns a :class:`~realtime_sync.RawResponse`."""

    def __init__(self, client_secrets: TranslationClientSecrets) -> None:
        self.create = to_raw_response_wrapper(client_secrets.create)


class TranslationClientSecretsWithStreamingResponse:
    """``translations.client_secrets.with_streaming_response``: ``create`` in a ``with`` block."""

    def __init__(self, client_secrets: TranslationClientSecrets) -> None:
        self.create = to_streamed_response_wrapper(client_secrets.create)


class Translations:
    """``client.translations`` (also ``client.realtime.translations``): holds ``client_secrets``.

    Example::

        client.realtime.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client
        self.client_secrets = TranslationClientSecrets(client)

    def connect(
        self,
        model: str,
        extra_query: ExtraQuery = None,
        extra_headers: ExtraHeaders = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        connector: "Optional[WebSocketConnector]" = None,
        raise_on_error: bool = False,
        on_reconnecting: "Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]" = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> "TranslationsConnection":
        """Open a translation session's WebSocket (``/realtime/translations?model=...``), as the SDK's.

        Blocking, like ``client.realtime.connect`` (``pip install
        'realtime_sync[ws]'``), with the same errors and reconnect options.

        Example::

            with client.realtime.translations.connect("gpt-realtime-translate") as conn:
                conn.session.update(session={"audio": {"output": {"language": "es"}}})
                conn.session.input_audio_buffer.append(audio=chunk_b64)
                for event in conn:
                    print(event.type)
        """
        # The sideband sits above the resources: loaded only when a WebSocket is opened.
        from .sideband._realtime import connect_translations

        return connect_translations(
            self._client,
            model,
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

    @functools.cached_property
    def with_raw_response(self) -> "TranslationsWithRawResponse":
        """``with_raw_response.client_secrets.create(...)``, as in the SDK."""
        return TranslationsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "TranslationsWithStreamingResponse":
        """``with_streaming_response.client_secrets.create(...)``, as in the SDK."""
        return TranslationsWithStreamingResponse(self)


class TranslationsWithRawResponse:
    """``translations.with_raw_response``: holds ``client_secrets``."""

    def __init__(self, translations: Translations) -> None:
        self.client_secrets = translations.client_secrets.with_raw_response


class TranslationsWithStreamingResponse:
    """``translations.with_streaming_response``: holds ``client_secrets``."""

    def __init__(self, translations: Translations) -> None:
        self.client_secrets = translations.client_secrets.with_streaming_response


def _call_path(call_id: str, verb: str) -> str:
    return "/realtime/calls/%s/%s" % (id_segment("call_id", call_id), verb)


def _as_data(value: Any) -> Any:
    # A model given as one session field (audio=RealtimeAudioConfig(...)) joins the
    # session dict in its JSON form; None stays None (= JSON null, the dict rule).
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, Mapping):
        return to_dict()
    return value


def _form_problem(value: Any, depth: int = 0) -> Optional[str]:
    # What the SDK would write as "nan", "inf" or an object's repr is refused instead.
    if depth > 100:
        return "nested deeper than 100 levels"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "the text has lone surrogates, it cannot be sent as UTF-8"
        return None
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else "%r is not a finite number" % (value,)
    if isinstance(value, Mapping):
        items: Sequence[Any] = list(value.values())
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return "a %s is not a form value (expected text, a number, a boolean, a list or a dict)" % (
            type(value).__name__
        )
    for key in value if isinstance(value, Mapping) else ():
        if not isinstance(key, str):
            return "expected string keys, got %r" % (key,)
    for item in items:
        problem = _form_problem(item, depth + 1)
        if problem is not None:
            return problem
    return None


def _encode_multipart(sdp: str, fields: Dict[str, Any], extra: Mapping[str, Any]) -> Tuple[bytes, str]:
    # The extra form fields go first, flattened as the SDK writes them ("a[b]",
    # "a[]", true/false), then the SDP offer, then the session as JSON.
    problems = []
    for name, value in extra.items():
        problem = _form_problem(value)
        if problem is not None:
            problems.append("extra_body[%r]: cannot be sent as a form field: %s" % (name, problem))
    if problems:
        raise RequestValidationError(problems)
    from . import _multipart  # calls.create only: its import (form-data patterns) is not the other calls' cost

    parts: List[_multipart.Part] = [_multipart.Part(name, text.encode("utf-8")) for name, text in _qs.flatten(extra)]
    parts.append(_multipart.Part("sdp", sdp.encode("utf-8"), "application/sdp"))
    if "session" in fields:
        parts.append(_multipart.Part("session", _serde.dumps(fields["session"]), "application/json"))
    return _multipart.encode(parts)
