"""``with_raw_response`` and ``with_streaming_response``: the official SDK's ways to see the HTTP answer.

``client.realtime.calls.with_raw_response.create(...)`` runs the very same method
as ``client.realtime.calls.create(...)`` and returns a :class:`RawResponse`: the
status, the headers (the ``Location`` of a new call), the request as sent, and
``parse()`` for what the plain method returns. ``with_streaming_response`` gives
a :class:`StreamingResponse` to use in ``with``, as in the SDK.

How: the wrapper opens a capture (a context variable, so threads never see each
other's) and the resource's send step records the request and the response in
it. A response that cannot be parsed is kept and raised by ``parse()``, as the
SDK does. Control-plane answers are small, so the body is always read at once;
``with_streaming_response`` differs only in its interface.
"""

from __future__ import annotations

import contextvars
import functools
import os
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterator, Optional, Tuple, Type, TypeVar, Union, cast

from .errors import APIResponseValidationError
from .transport import Headers, HttpRequest, HttpResponse

if TYPE_CHECKING:  # pragma: no cover
    from typing_extensions import ParamSpec

    P = ParamSpec("P")

__all__ = [
    "RawResponse",
    "StreamingResponse",
    "record_exchange",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
U = TypeVar("U")


class _Capture:
    __slots__ = ("request", "response")

    def __init__(self) -> None:
        self.request: Optional[HttpRequest] = None
        self.response: Optional[HttpResponse] = None


_CAPTURE: "contextvars.ContextVar[Optional[_Capture]]" = contextvars.ContextVar("realtime_sync_capture", default=None)


def record_exchange(request: HttpRequest, response: HttpResponse) -> None:
    """Called by the resources after each successful send: keep it when a raw-response wrapper is listening."""
    capture = _CAPTURE.get()
    if capture is not None:
        capture.request = request
        capture.response = response


def _call_capturing(
    func: Callable[..., T], args: Any, kwargs: Any
) -> Tuple[HttpRequest, HttpResponse, Any, Optional[BaseException]]:
    capture = _Capture()
    token = _CAPTURE.set(capture)
    try:
        try:
            result: Any = func(*args, **kwargs)
            error: Optional[BaseException] = None
        except APIResponseValidationError as exc:
            # A 2xx answer that does not parse: the SDK raises it from parse(), not from the call.
            if capture.response is None:
                raise
            result, error = None, exc
    finally:
        _CAPTURE.reset(token)
    if capture.request is None or capture.response is None:  # pragma: no cover - every method sends once
        raise RuntimeError("%s sent no request" % getattr(func, "__name__", func))
    return capture.request, capture.response, result, error


class _ResponseBase(Generic[T]):
    __slots__ = ("http_request", "http_response", "_parsed", "_error")

    def __init__(
        self, request: HttpRequest, response: HttpResponse, parsed: Any, error: Optional[BaseException]
    ) -> None:
        self.http_request = request
        self.http_response = response
        self._parsed = parsed
        self._error = error

    @property
    def status_code(self) -> int:
        """The HTTP status, e.g. ``201`` for a new call."""
        return self.http_response.status_code

    @property
    def headers(self) -> Headers:
        """The response headers (case-insensitive), e.g. ``headers["location"]``."""
        return self.http_response.headers

    @property
    def url(self) -> str:
        """The URL the request went to."""
        return self.http_request.url

    @property
    def method(self) -> str:
        """The request's method."""
        return self.http_request.method

    @property
    def request_id(self) -> Optional[str]:
        """The ``x-request-id`` header, quoted in support tickets."""
        return self.http_response.request_id

    def _parse(self, to: Optional[Type[Any]]) -> Any:
        if to is None:
            if self._error is not None:
                raise self._error
            return self._parsed
        body = self.http_response.body
        if to is bytes:
            return body
        if to is str:
            return self.http_response.text
        if to in (dict, list, object):
            return self.http_response.json()
        if to is HttpResponse:
            return self.http_response
        from . import _serde  # the converter: loaded only for parse(to=Model)

        try:
            data = self.http_response.json()
        except ValueError:
            raise APIResponseValidationError(
                "%s: the response body is not valid JSON (%d bytes)" % (to.__name__, len(body)),
                response=self.http_response,
                request=self.http_request,
            ) from None
        return _serde.parse_response(to, data)


class RawResponse(_ResponseBase[T]):
    """What ``with_raw_response.<method>(...)`` returns: the HTTP answer, and ``parse()`` for the usual result.

    The official SDK's ``LegacyAPIResponse`` attributes: ``status_code``,
    ``headers``, ``http_request``, ``http_response``, ``url``, ``method``,
    ``content`` and ``text`` (properties), ``json()``, ``read()``,
    ``request_id``, ``is_closed`` (always True: the body was read).

    Example::

        raw = client.realtime.calls.with_raw_response.create(sdp=offer, session={"type": "realtime"})
        print(raw.status_code, raw.headers["location"])
        answer = raw.parse()          # the RealtimeCallCreateResponse
    """

    __slots__ = ()

    def parse(self, *, to: Optional[Type[U]] = None) -> Any:
        """The plain method's result (``None`` for the SIP verbs); ``to=`` a model class, ``dict``, ``str``, ``bytes``.

        Raises the :class:`~realtime_sync.errors.APIResponseValidationError` the
        plain method would have raised when the body does not fit.
        """
        return self._parse(to)

    @property
    def content(self) -> bytes:
        """The body, byte for byte."""
        return self.http_response.body

    @property
    def text(self) -> str:
        """The body as text."""
        return self.http_response.text

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON."""
        return self.http_response.json(**kwargs)

    def read(self) -> bytes:
        """The body (already read)."""
        return self.http_response.body

    @property
    def is_closed(self) -> bool:
        """Always True: the body was read when the call returned."""
        return True

    def __repr__(self) -> str:
        return "<RawResponse %s %s -> %d>" % (self.method, self.url, self.status_code)


class StreamingResponse(_ResponseBase[T]):
    """What ``with_streaming_response.<method>(...)`` returns; use it in ``with``.

    The official SDK's ``APIResponse`` interface: ``read()``, ``text()``,
    ``json()``, ``iter_bytes()``, ``iter_text()``, ``iter_lines()``, ``parse()``
    and, for ``calls.create``, ``stream_to_file()``. ``is_closed`` turns True
    when the block ends (or on ``close()``). The body of these small answers is
    read when the call returns, so nothing is left open.

    Example::

        with client.realtime.calls.with_streaming_response.create(sdp=offer) as response:
            print(response.headers["location"])
            sdp = response.text()
    """

    __slots__ = ("_binary", "_closed")

    def __init__(
        self,
        request: HttpRequest,
        response: HttpResponse,
        parsed: Any,
        error: Optional[BaseException],
        *,
        binary: bool = False,
    ) -> None:
        super().__init__(request, response, parsed, error)
        self._binary = binary
        self._closed = False

    def parse(self, *, to: Optional[Type[U]] = None) -> Any:
        """The plain method's result; for ``calls.create`` the SDP answer as ``bytes`` (as in the SDK)."""
        if to is None and self._binary:
            return self.http_response.body
        return self._parse(to)

    def read(self) -> bytes:
        """The whole body."""
        return self.http_response.body

    def text(self) -> str:
        """The body as text."""
        return self.http_response.text

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON."""
        return self.http_response.json(**kwargs)

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces of ``chunk_size`` bytes (one piece by default)."""
        return _chunks(self.http_response.body, chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The text in pieces of ``chunk_size`` characters (one piece by default)."""
        text = self.http_response.text
        size = chunk_size if chunk_size and chunk_size > 0 else max(len(text), 1)
        return (text[i : i + size] for i in range(0, len(text), size))

    def iter_lines(self) -> Iterator[str]:
        """The text line by line, without line endings."""
        return iter(self.http_response.text.splitlines())

    def stream_to_file(self, file: "Union[str, os.PathLike[str]]", *, chunk_size: Optional[int] = None) -> None:
        """Write the body to ``file``."""
        with open(file, "wb") as out:
            for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    @property
    def is_closed(self) -> bool:
        """True once the ``with`` block ended or :meth:`close` was called."""
        return self._closed

    def close(self) -> None:
        """Mark the response closed (its body was already read)."""
        self._closed = True

    def __enter__(self) -> "StreamingResponse[T]":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<StreamingResponse %s %s -> %d>" % (self.method, self.url, self.status_code)


def _chunks(body: bytes, chunk_size: Optional[int]) -> Iterator[bytes]:
    size = chunk_size if chunk_size and chunk_size > 0 else max(len(body), 1)
    return (body[i : i + size] for i in range(0, len(body), size))


def to_raw_response_wrapper(func: "Callable[P, T]") -> "Callable[P, RawResponse[T]]":
    """``func`` (a bound resource method) returning a :class:`RawResponse` instead of its result."""

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> "RawResponse[T]":
        return RawResponse(*_call_capturing(func, args, kwargs))

    return cast("Callable[P, RawResponse[T]]", wrapped)


def to_streamed_response_wrapper(
    func: "Callable[P, T]", *, binary: bool = False
) -> "Callable[P, StreamingResponse[T]]":
    """``func`` returning a :class:`StreamingResponse` (a context manager) instead of its result."""

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> "StreamingResponse[T]":
        request, response, parsed, error = _call_capturing(func, args, kwargs)
        return StreamingResponse(request, response, parsed, error, binary=binary)

    return cast("Callable[P, StreamingResponse[T]]", wrapped)
