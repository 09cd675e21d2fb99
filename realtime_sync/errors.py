"""The exceptions realtime_sync raises.

Standard library only, so that ``webhooks`` and the transports can raise them
without importing attrs, cattrs or requests.

No exception shows a secret: messages, ``errors``, ``body``, ``request_id``
and ``response`` (headers and body) are scrubbed by the shared redaction
rules (``_redaction``) after decoding, so a key echoed JSON-escaped,
%-encoded or base64-encoded by a server or proxy is hidden too.

The tree (names and status table follow the official ``openai`` SDK, so
``except`` clauses port unchanged)::

    RealtimeSyncError (alias: OpenAIError)
    ├── ConfigurationError (also ValueError)        bad client arguments, no API key
    ├── RequestValidationError (also ValueError)    bad input, raised before sending
    ├── InvalidWebhookSignatureError (also ValueError)
    ├── FixtureError                                recorded-fixture problems
    │   └── FixtureMismatchError                    no recorded interaction matches
    └── APIError
        ├── APIConnectionError                      the request never got an answer
        │   └── APITimeoutError
        ├── APIResponseValidationError              the answer could not be parsed
        └── APIStatusError                          the server answered 4xx/5xx
            ├── BadRequestError            400
            ├── AuthenticationError        401
            ├── PermissionDeniedError      403
            ├── NotFoundError              404
            ├── ConflictError              409
            ├── UnprocessableEntityError   422
            ├── RateLimitError             429
            └── InternalServerError        >= 500

The sideband adds its own (``realtime_sync.sideband``): ``ConnectionClosed``
with ``ConnectionClosedOK`` (a normal close) and ``ConnectionClosedError``
(a drop; also an ``APIConnectionError``), and ``RecvTimeout``; the first two
are not ``APIConnectionError``s on purpose, since nothing failed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Type

from ._redaction import scrub_request, scrub_response, scrub_text, scrub_value

if TYPE_CHECKING:  # pragma: no cover
    from .transport import HttpRequest, HttpResponse

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "FixtureError",
    "FixtureMismatchError",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "RealtimeSyncError",
    "RequestValidationError",
    "UnprocessableEntityError",
]


class RealtimeSyncError(Exception):
    """Base class of every exception raised by realtime_sync.

    Example::

        try:
            client.calls.hangup("rtc_123")
        except realtime_sync.RealtimeSyncError as exc:
            log.warning("hangup failed: %s", exc)
    """

    def __init__(self, *args: Any) -> None:
        # Every message passes the redaction rules, whoever raised it.
        super().__init__(*(scrub_text(a) if isinstance(a, str) else a for a in args))


#: The official SDK's name for the base class: ``except openai.OpenAIError`` ports unchanged.
OpenAIError = RealtimeSyncError


class ConfigurationError(RealtimeSyncError, ValueError):
    """The client was configured wrongly (for example: no API key anywhere).

    Example::

        RealtimeClient(api_key="")  # raises ConfigurationError
    """


class RequestValidationError(RealtimeSyncError, ValueError):
    """Input that cannot be sent, found before anything went on the wire.

    ``errors`` lists every problem as ``"path: message"``, for example
    ``"session.audio.input.turn_detection.threshold: expected a number, got 'high'"``.

    Example::

        try:
            client.client_secrets.create(expires_after={"seconds": 5})
        except RequestValidationError as exc:
            print(exc.errors)  # ['expires_after.seconds: expected an integer from 10 to 7200, got 5']
    """

    def __init__(self, errors: Sequence[str], *, message: Optional[str] = None) -> None:
        self.errors: List[str] = [scrub_text(e) if isinstance(e, str) else e for e in errors]
        if message is None:
            count = len(self.errors)
            head = "invalid request: 1 problem" if count == 1 else "invalid request: %d problems" % count
            message = head + "".join("\n  " + e for e in self.errors)
        # ``message`` replaces the summary where callers rely on the official SDK's exact text
        # (the empty-id ValueError of the Live session methods).
        super().__init__(message)


class InvalidWebhookSignatureError(RealtimeSyncError, ValueError):
    """A webhook failed verification; the message says which check failed.

    Example::

        try:
            event = webhooks.unwrap(request.body, request.headers, secret)
        except InvalidWebhookSignatureError:
            return HttpResponseBadRequest()
    """


class FixtureError(RealtimeSyncError):
    """A recorded fixture could not be read, written or replayed.

    Example::

        try:
            transport.assert_all_played()
        except FixtureError as exc:
            print(exc)
    """


class FixtureMismatchError(FixtureError):
    """A request has no matching recorded interaction (the message shows a diff).

    Example::

        with pytest.raises(FixtureMismatchError):
            client.calls.hangup("rtc_not_recorded")
    """


class APIError(RealtimeSyncError):
    """Base of every error that involved the API; ``request`` is what was sent, secrets masked.

    As in the official SDK: ``message``, ``request``, ``body`` (the decoded
    error body, or None when there was no answer) and ``code``, ``param``,
    ``type`` (from a JSON error body; None otherwise).

    Example::

        except APIError as exc:
            print(exc.request.method if exc.request else None)
    """

    code: Optional[str] = None
    param: Optional[str] = None
    type: Optional[str] = None
    _request: "Optional[HttpRequest]"

    @property
    def request(self) -> "Optional[HttpRequest]":
        """The request, with ``Authorization`` and the other credential headers masked.

        Unlike the official SDK's ``exc.request``: an exception is logged,
        pickled and shown in error trackers, so it never holds the key.
        """
        return self._request

    @request.setter
    def request(self, request: "Optional[HttpRequest]") -> None:
        self._request = scrub_request(request)

    def __init__(self, message: str, *, request: "Optional[HttpRequest]" = None, body: Any = None) -> None:
        message = scrub_text(message)
        body = scrub_value(body)
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        error = body if isinstance(body, Mapping) else {}
        self.type = _str_or_none(error.get("type"))
        self.code = _str_or_none(error.get("code"))
        self.param = _str_or_none(error.get("param"))


class APIConnectionError(APIError):
    """The request got no HTTP answer: refused, reset, DNS, TLS, proxy...

    ``request_sent`` is False only when the request certainly never reached
    the server (connection refused, connect timeout); the client retries SIP
    accept/refer/reject only then.

    Example::

        except APIConnectionError:
            retry_later()
    """

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: "Optional[HttpRequest]" = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message, request=request)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """The request timed out (connect or read).

    ``APITimeoutError(request)``, the official SDK's form, also works (tests
    that raise it from a fake transport port unchanged).

    Example::

        except APITimeoutError:
            log.warning("OpenAI did not answer in time")
    """

    def __init__(
        self,
        message: Any = "Request timed out.",
        *,
        request: "Optional[HttpRequest]" = None,
        request_sent: bool = True,
    ) -> None:
        if not isinstance(message, str):
            # The SDK's signature is ``APITimeoutError(request)``.
            message, request = "Request timed out.", message
        super().__init__(message, request=request, request_sent=request_sent)


class APIResponseValidationError(APIError):
    """The server answered 2xx with data that does not fit the expected shape.

    ``errors`` lists the problems with their paths; ``body`` is the decoded
    body (JSON, or text when it is not JSON) as in the official SDK, whose
    ``APIResponseValidationError(response, body, message=...)`` form also
    works; the raw bytes are ``response.content``.

    Example::

        except APIResponseValidationError as exc:
            print(exc.status_code, exc.errors)
    """

    def __init__(
        self,
        message: Any = None,
        body: Any = None,
        *,
        errors: Sequence[str] = (),
        response: "Optional[HttpResponse]" = None,
        request: "Optional[HttpRequest]" = None,
    ) -> None:
        if message is not None and not isinstance(message, str):
            # The SDK's signature: ``APIResponseValidationError(response, body, *, message=None)``.
            message, response = None, message
        response = scrub_response(response)
        if body is None and response is not None:
            body = _decoded(response.body)
        self.errors: List[str] = [scrub_text(e) if isinstance(e, str) else e for e in errors]
        text = message if isinstance(message, str) else "Data returned by API invalid for expected schema."
        if self.errors:
            text = text + "".join("\n  " + str(e) for e in self.errors)
        super().__init__(text, request=request, body=body)
        self.response = response
        self.status_code: Optional[int] = response.status_code if response is not None else None
        self.request_id: Optional[str] = _request_id(response)


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    Attributes: ``status_code``, ``message``, ``type``, ``code``, ``param``,
    ``request_id`` (from ``x-request-id``), ``body`` (the ``error`` object, or
    the whole decoded body, or its text when it is not JSON) and ``response``.

    Example::

        try:
            client.calls.accept("rtc_gone", session={"type": "realtime"})
        except NotFoundError as exc:
            assert exc.code == "call_id_not_found"
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: "HttpResponse",
        body: Any = None,
        request: "Optional[HttpRequest]" = None,
    ) -> None:
        super().__init__(message, request=request, body=body)
        response = scrub_response(response)
        self.response = response
        self.status_code = response.status_code
        self.request_id: Optional[str] = _request_id(response)

    def __str__(self) -> str:
        text = self.message
        if self.request_id:
            text += " (request id: %s)" % self.request_id
        return text

    def __repr__(self) -> str:
        return "%s(status_code=%d, code=%r, request_id=%r)" % (
            type(self).__name__,
            self.status_code,
            self.code,
            self.request_id,
        )


class BadRequestError(APIStatusError):
    """HTTP 400: the server rejected the parameters.

    Example::

        except BadRequestError as exc:
            print(exc.param, exc.message)
    """


class AuthenticationError(APIStatusError):
    """HTTP 401: missing, wrong or revoked API key.

    Example::

        except AuthenticationError:
            alert("check OPENAI_API_KEY")
    """


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the key may not do this.

    Example::

        except PermissionDeniedError:
            ...
    """


class NotFoundError(APIStatusError):
    """HTTP 404: for calls, usually ``code == "call_id_not_found"``.

    Example::

        except NotFoundError as exc:
            if exc.code == "call_id_not_found":
                forget_call(call_id)
    """


class ConflictError(APIStatusError):
    """HTTP 409: the resource is in a conflicting state.

    Example::

        except ConflictError:
            ...
    """


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the request was well-formed but could not be processed.

    Example::

        except UnprocessableEntityError:
            ...
    """


class RateLimitError(APIStatusError):
    """HTTP 429 after retries were exhausted (or the server asked for > 120 s).

    Example::

        except RateLimitError as exc:
            print(exc.response.headers.get("retry-after"))
    """


class InternalServerError(APIStatusError):
    """HTTP 500 or above, after retries were exhausted.

    Example::

        except InternalServerError as exc:
            print(exc.status_code, exc.request_id)
    """


_STATUS_ERRORS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _str_or_none(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _request_id(response: "Optional[HttpResponse]") -> Optional[str]:
    value = response.headers.get("x-request-id") if response is not None else None
    return value if isinstance(value, str) else None


def response_too_large(
    response: "HttpResponse", limit: int, request: "Optional[HttpRequest]" = None
) -> APIResponseValidationError:
    """The error for an answer whose body is larger than ``max_response_bytes`` (the body is not kept)."""
    empty = type(response)(response.status_code, response.headers, b"")
    message = "The response body is larger than max_response_bytes (%d bytes); it was not read." % limit
    return APIResponseValidationError(message, response=empty, request=request)


def _decoded(raw: bytes) -> Any:
    # The SDK's ``body``: the JSON value, else the text, else None.
    text = raw.decode("utf-8", "replace")
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to decode: keep the text
        return text


def status_error_from_response(
    response: "HttpResponse", request: "Optional[HttpRequest]" = None, *, secrets: Sequence[str] = ()
) -> APIStatusError:
    """Build the right :class:`APIStatusError` subclass for a 4xx/5xx response.

    Mirrors the official SDK: the JSON ``error`` object becomes ``body``; a
    non-JSON body (an HTML page from a proxy) is kept as stripped text and
    summarised in the message. The body is decoded first and scrubbed after
    (a key echoed as ``\\u0073k-...`` is found); ``secrets`` are hidden
    along with the registered keys, ``OPENAI_API_KEY`` and token-shaped
    strings, in the message, ``body``, ``request_id`` and ``response``.
    """
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    # A proxy or server that echoes the Authorization header must not put the
    # key into the exception message, body or logs: decode, then scrub.
    response = scrub_response(response, secrets)
    text = response.body.decode("utf-8", "replace").strip()
    body: Any
    try:
        body = json.loads(text) if text else None
    except (ValueError, RecursionError):
        body = text or None
    body = scrub_value(body, secrets)
    if isinstance(body, dict) and "error" in body:
        body = body["error"]
    message = "Error code: %d" % status
    detail = None
    if isinstance(body, dict):
        detail = body.get("message")
    elif isinstance(body, str):
        # An HTML error page from a proxy or load balancer: keep it readable.
        detail = _summarise_text(body, response.headers.get("content-type", ""))
    if isinstance(detail, str) and detail:
        message += " - " + detail
    return cls(message, response=response, body=body, request=request)


def _summarise_text(text: str, content_type: str) -> str:
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        lowered = text.lower()
        start = lowered.find("<title>")
        end = lowered.find("</title>")
        if 0 <= start < end:
            title = text[start + 7 : end].strip()
            return "%s (HTML error page)" % (title or "untitled")
        return "HTML error page"
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:197] + "..."
