"""The base of every REST resource: build the request, send it through the client, parse the answer.

One job, shared by ``client.calls``, ``client.client_secrets`` and any
resource added later: a subclass method validates its arguments, calls
:meth:`Resource._request` (or ``_request_streamed``) with the JSON body or
raw content, and parses the answer with :meth:`Resource._parse`. The client is
reached only through its public seam (``build_request`` / ``send`` /
``send_streamed``). Nothing is sent when the input is invalid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Type, TypeVar
from urllib.parse import quote

from . import _json, _serde, _text
from ._response import record_exchange
from ._types import NOT_GIVEN, ExtraBody, ExtraHeaders, ExtraQuery, MaxRetriesArg, RetryMode, TimeoutArg, is_dot_segment
from .errors import APIResponseValidationError, RequestValidationError
from .transport import HttpRequest, HttpResponse, StreamedHttpResponse

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient

__all__ = [
    "SEGMENT_SAFE",
    "Resource",
    "id_segment",
    "merge_body",
    "invalid_response",
    "short_repr",
]

T = TypeVar("T")


class Resource:
    """A group of endpoints bound to one client (``client.calls`` and friends).

    Subclasses build bodies with ``_serde``, send with :meth:`_request`, and
    parse with :meth:`_parse`.

    Example::

        class Things(Resource):
            def get(self, thing_id):
                request, response = self._request("GET", "/things/" + id_segment("thing_id", thing_id))
                return self._parse(Thing, request, response)
    """

    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client

    def _strict(self, strict: Optional[bool]) -> bool:
        """A method's ``strict=``: None (not given) is the client's default."""
        if strict is None:
            return self._client.strict
        if not isinstance(strict, bool):
            raise RequestValidationError(["strict: expected True, False or None, got %s" % short_repr(strict)])
        return strict

    def _build(
        self,
        method: str,
        path: str,
        *,
        json_body: Optional[Dict[str, Any]],
        content: Optional[bytes],
        content_type: Optional[str],
        accept: Optional[str],
        extra_query: ExtraQuery,
        extra_headers: ExtraHeaders,
        extra_body: ExtraBody,
    ) -> HttpRequest:
        extra_body = check_extra_body(extra_body)
        if json_body is not None:
            if extra_body:
                json_body = merge_body(json_body, extra_body)
            content = _serde.dumps(json_body)
            content_type = "application/json"
        return self._client.build_request(
            method,
            path,
            body=content or b"",
            content_type=content_type,
            accept=accept,
            query=extra_query,
            extra_headers=extra_headers,
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Optional[Dict[str, Any]] = None,
        content: Optional[bytes] = None,
        content_type: Optional[str] = None,
        accept: Optional[str] = "application/json",
        extra_query: ExtraQuery = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry_mode: RetryMode = RetryMode.ALWAYS,
    ) -> Tuple[HttpRequest, HttpResponse]:
        """Build and send one request; ``json_body`` (merged with ``extra_body``) or raw ``content``."""
        request = self._build(
            method,
            path,
            json_body=json_body,
            content=content,
            content_type=content_type,
            accept=accept,
            extra_query=extra_query,
            extra_headers=extra_headers,
            extra_body=extra_body,
        )
        response = self._client.send(request, timeout=timeout, max_retries=max_retries, retry_mode=retry_mode)
        record_exchange(request, response)
        return request, response

    def _request_streamed(
        self,
        method: str,
        path: str,
        *,
        json_body: Optional[Dict[str, Any]] = None,
        content: Optional[bytes] = None,
        content_type: Optional[str] = None,
        accept: Optional[str] = None,
        extra_query: ExtraQuery = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry_mode: RetryMode = RetryMode.ALWAYS,
    ) -> Tuple[HttpRequest, StreamedHttpResponse]:
        """:meth:`_request` for large bodies: the 2xx response comes back unread (close it)."""
        request = self._build(
            method,
            path,
            json_body=json_body,
            content=content,
            content_type=content_type,
            accept=accept,
            extra_query=extra_query,
            extra_headers=extra_headers,
            extra_body=extra_body,
        )
        response = self._client.send_streamed(request, timeout=timeout, max_retries=max_retries, retry_mode=retry_mode)
        return request, response

    def _parse(self, cls: Type[T], request: HttpRequest, response: HttpResponse) -> T:
        """The JSON body of ``response`` as ``cls``; ``APIResponseValidationError`` when it does not fit."""
        try:
            # Bounded nesting: a hostile answer is an APIResponseValidationError, not a RecursionError.
            data = _json.loads(response.body)
        except ValueError:
            raise invalid_response(
                "%s: the response body is not valid JSON (%d bytes)" % (cls.__name__, len(response.body)),
                [],
                request,
                response,
            ) from None
        try:
            return _serde.parse_response(cls, data)
        except APIResponseValidationError as exc:
            raise invalid_response(
                "%s: the response does not have the expected shape" % cls.__name__, exc.errors, request, response
            ) from exc


#: RFC 3986 ``pchar`` minus ``/``: what the official SDK leaves unencoded in a path segment.
SEGMENT_SAFE = "!$&'()*+,;=:@"


def id_segment(name: str, value: Any) -> str:
    """``value`` as one URL path segment, percent-encoded; ``RequestValidationError`` when it is not an id.

    An empty id raises with the official SDK's message (``Expected a non-empty
    value for `call_id` but received ''``), which users' tests match.
    """
    if not isinstance(value, str):
        raise RequestValidationError(["%s: expected a non-empty string, got %s" % (name, short_repr(value))])
    if not value:
        raise RequestValidationError(
            ["%s: expected a non-empty value" % name],
            message="Expected a non-empty value for `%s` but received %r" % (name, value),
        )
    if is_dot_segment(value):
        # Percent-encoding keeps "/" inside the segment, but "." and ".." are
        # resolved away by servers and proxies: "calls/../hangup" is another endpoint.
        raise RequestValidationError(["%s: %s is a dot-segment, not an id" % (name, short_repr(value))])
    # One path segment, whatever it contains: "a/b c" -> "a%2Fb%20c"; the rest as the SDK encodes it.
    try:
        return quote(value, safe=SEGMENT_SAFE)
    except UnicodeEncodeError:  # lone surrogates: not an id any server gave out
        raise RequestValidationError(["%s: the id has lone surrogates, it cannot be sent" % name]) from None


def merge_body(body: Mapping[str, Any], extra: Mapping[str, Any]) -> Dict[str, Any]:
    """``body`` with ``extra`` laid over it: nested objects merge key by key, anything else replaces.

    So ``extra_body={"audio": {"input": {"new_knob": 1}}}`` adds one nested key
    to a session built from a model or dict, without restating its siblings.
    """
    merged = dict(body)
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = merge_body(current, value)
        else:
            merged[key] = value
    return merged


def invalid_response(
    message: str, errors: List[str], request: HttpRequest, response: HttpResponse
) -> APIResponseValidationError:
    """The :class:`APIResponseValidationError` for a 2xx answer that cannot be used."""
    return APIResponseValidationError(message, errors=errors, response=response, request=request)


def short_repr(value: Any) -> str:
    """``repr(value)``, cut to 40 characters, for error messages."""
    return _text.short_repr(value)


def check_extra_body(extra_body: ExtraBody) -> ExtraBody:
    """``extra_body`` if it is a mapping with string keys, else ``RequestValidationError`` naming it."""
    if extra_body is None:
        return None
    if not isinstance(extra_body, Mapping):
        raise RequestValidationError(
            ["extra_body: expected a mapping of field names to values, got %s" % type(extra_body).__name__]
        )
    bad = [key for key in extra_body if not isinstance(key, str)]
    if bad:
        raise RequestValidationError(["extra_body: expected string field names, got %s" % short_repr(bad[0])])
    return extra_body
