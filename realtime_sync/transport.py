"""The HTTP transport layer: value objects and the protocol every transport meets.

Standard library only. A transport turns one :class:`HttpRequest` into one
:class:`HttpResponse`; it knows nothing about JSON, retries or the Realtime
API, and a 4xx/5xx status is *not* an error at this layer. Transports raise
only :class:`~realtime_sync.errors.APIConnectionError` or
:class:`~realtime_sync.errors.APITimeoutError`.

Implementations shipped: ``RequestsTransport`` (the only module that imports
``requests``; importable from here, loaded on first use) and
``realtime_sync.fixtures.FixtureTransport`` (record/replay). Writing your own
is a class with ``send`` and ``close``::

    class Echo:
        def send(self, request, *, timeout):
            return HttpResponse(200, {"content-type": "application/json"}, b"{}")

        def close(self):
            pass

Streamed responses (large binary downloads, such as Live API recordings) go
through ``send_streamed``, which returns a :class:`StreamedHttpResponse`
whose body arrives in chunks instead of one ``bytes`` object. It is optional
(:class:`StreamingTransport`): for a transport without it the client calls
``send`` and hands the whole body out as one chunk, which is correct but holds
the body in memory. A streaming transport must raise ``APIConnectionError`` /
``APITimeoutError`` from the chunk iterator too (a connection that drops
mid-body), and release the connection in ``close``::

    class Chunked:
        def send_streamed(self, request, *, timeout):
            pieces = [b"RIFF", b"....", b"WAVE"]
            return StreamedHttpResponse(200, {"content-type": "audio/wav"}, iter(pieces), close=lambda: None)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping as _AbcMapping  # typing.Mapping's isinstance is several times slower
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Protocol,
    Tuple,
    Union,
)

from ._redaction import SENSITIVE_HEADERS
from ._types import Timeout
from .errors import RequestValidationError

if TYPE_CHECKING:  # pragma: no cover
    from ._requests_transport import RequestsTransport

__all__ = [
    "Headers",
    "HttpRequest",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "HttpResponse",
    "RequestsTransport",
    "SENSITIVE_HEADERS",
    "StreamedHttpResponse",
    "StreamingTransport",
    "Timeout",
    "Transport",
    "check_headers",
]

#: The largest JSON or text response body read into memory by default (16 MiB): control-plane
#: answers are a few kilobytes, so anything near this is a broken or hostile server. Bodies
#: read with ``send_streamed`` (downloads written to a file) are not limited.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

HeadersInput = Union["Headers", Mapping[str, str], Iterable[Tuple[str, str]], None]


# A header name is an RFC 9110 token, all of it: fullmatch, because "$" in a
# regex also matches before a trailing newline ("X-Name\n" would pass).
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Any control character but HTAB breaks a header line or is read differently by
# each hop (CR, LF, NUL, VT, FF, ESC, DEL...); leading whitespace folds it.
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]|\A[ \t]")


def check_headers(headers: Iterable[Tuple[Any, Any]], where: str = "headers") -> None:
    """Raise ``RequestValidationError`` if a header cannot go on the wire as given.

    Names must be tokens; values latin-1 text with no line break, NUL or
    other control character (HTAB inside is fine) and no leading whitespace.
    The error names each header and never shows a value (any may be a
    secret). The client runs it where it builds every request; a custom
    transport sending requests built by hand may run it too.

    Example::

        check_headers({"X-Trace": "abc"}.items())
    """
    problems = []
    for name, value in headers:
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            problems.append("%s: %s is not a valid HTTP header name" % (where, _shown(name)))
            continue
        if not isinstance(value, str):
            problems.append("%s[%r]: expected a string value, got %s" % (where, name, type(value).__name__))
            continue
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            problems.append(
                "%s[%r]: the value has characters that cannot be sent in HTTP (not latin-1)" % (where, name)
            )
            continue
        if _BAD_VALUE.search(value):
            problems.append(
                "%s[%r]: the value has a line break, NUL, another control character or leading whitespace"
                % (where, name)
            )
    if problems:
        raise RequestValidationError(problems)


def _shown(name: Any) -> str:
    text = repr(name)
    return text if len(text) <= 40 else text[:37] + "..."


class Headers(Mapping[str, str]):
    """An immutable, case-insensitive mapping of HTTP headers.

    Iteration yields the names as given; lookups ignore case. The repr masks
    secret headers (``Authorization`` and friends).

    Example::

        h = Headers({"Content-Type": "application/sdp"})
        assert h["content-type"] == "application/sdp"
    """

    __slots__ = ("_items", "_lower")

    def __init__(self, headers: HeadersInput = None) -> None:
        # A plain dict (what transports pass) is told apart by its class first: isinstance
        # against Headers or Mapping goes through ABCMeta's Python-level check.
        if headers.__class__ is dict:
            pairs: Any = headers.items()
        elif isinstance(headers, Headers):
            self._items: Tuple[Tuple[str, str], ...] = headers._items
            self._lower: Dict[str, str] = headers._lower
            return
        else:
            pairs = headers.items() if isinstance(headers, _AbcMapping) else (headers or ())
        lower: Dict[str, str] = {}
        items: List[Tuple[str, str]] = []
        for name, value in pairs:
            key = name.lower()
            if key in lower:
                # A repeated name replaces the earlier value (last one wins),
                # as when merging default and per-call headers.
                items = [(n, v) for n, v in items if n.lower() != key]
            lower[key] = value
            items.append((name, value))
        self._items = tuple(items)
        self._lower = lower

    def __getitem__(self, name: str) -> str:
        return self._lower[name.lower()]

    def get(self, name: str, default: Any = None) -> Any:  # Mapping.get, without the KeyError round trip
        return self._lower.get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lower

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _AbcMapping):
            return self._lower == {str(k).lower(): v for k, v in other.items()}
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._lower.items()))

    def merged(self, *others: HeadersInput) -> "Headers":
        """A copy with ``others`` layered on top (later wins, case-insensitively).

        Example::

            Headers({"Accept": "*/*"}).merged({"accept": "application/json"})
        """
        items = list(self._items)
        for other in others:
            if other is None:
                continue
            items.extend(other.items() if isinstance(other, _AbcMapping) else other)
        return Headers(items)

    def redacted(self) -> Dict[str, str]:
        """A plain dict with secret values masked, safe to log.

        Example::

            log.debug("headers %s", request.headers.redacted())
        """
        return {n: ("<redacted>" if n.lower() in SENSITIVE_HEADERS else v) for n, v in self._items}

    def __repr__(self) -> str:
        return "Headers(%r)" % (self.redacted(),)


class HttpRequest:
    """One HTTP request, fully built: absolute URL, final headers, body bytes.

    Immutable. The repr masks secret headers and never shows the body.

    Example::

        HttpRequest("POST", "https://api.openai.com/v1/realtime/calls/rtc_1/hangup")
    """

    __slots__ = ("method", "url", "headers", "body")

    method: str
    url: str
    headers: Headers
    body: bytes

    def __init__(self, method: str, url: str, headers: HeadersInput = None, body: bytes = b"") -> None:
        object.__setattr__(self, "method", method.upper())
        object.__setattr__(self, "url", url)
        # Headers are immutable, so a Headers object is kept as it is: the client hands the same
        # one to every request of an endpoint, and a transport may cache its work per object.
        object.__setattr__(self, "headers", headers if type(headers) is Headers else Headers(headers))
        object.__setattr__(self, "body", bytes(body))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("HttpRequest is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HttpRequest):
            return (self.method, self.url, self.headers, self.body) == (
                other.method,
                other.url,
                other.headers,
                other.body,
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def content(self) -> bytes:
        """The body (httpx's name for :attr:`body`)."""
        return self.body

    def __repr__(self) -> str:
        return "<HttpRequest %s %s (%d bytes)>" % (self.method, self.url, len(self.body))


class HttpResponse:
    """One HTTP response: status code, case-insensitive headers, body bytes.

    Immutable; any status code is a valid response at this layer.

    Example::

        HttpResponse(201, {"Location": "/v1/realtime/calls/rtc_1"}, b"v=0\\r\\n")
    """

    __slots__ = ("status_code", "headers", "body")

    status_code: int
    headers: Headers
    body: bytes

    def __init__(self, status_code: int, headers: HeadersInput = None, body: bytes = b"") -> None:
        object.__setattr__(self, "status_code", int(status_code))
        object.__setattr__(self, "headers", headers if type(headers) is Headers else Headers(headers))
        object.__setattr__(self, "body", bytes(body))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("HttpResponse is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HttpResponse):
            return (self.status_code, self.headers, self.body) == (other.status_code, other.headers, other.body)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def request_id(self) -> Optional[str]:
        """The ``x-request-id`` header, quoted in support tickets.

        Example::

            print(response.request_id)
        """
        value = self.headers.get("x-request-id")
        return value if isinstance(value, str) else None

    # -- the official SDK's (httpx's) names, so ``exc.response.text`` ports unchanged --
    @property
    def content(self) -> bytes:
        """The body, byte for byte (httpx's name for :attr:`body`)."""
        return self.body

    @property
    def encoding(self) -> str:
        """The charset of the ``Content-Type`` header, else ``utf-8``."""
        return _charset(self.headers.get("content-type")) or "utf-8"

    @property
    def text(self) -> str:
        """The body decoded with :attr:`encoding` (undecodable bytes replaced).

        Example::

            except APIStatusError as exc:
                log.warning("OpenAI said %s", exc.response.text)
        """
        try:
            return self.body.decode(self.encoding, "replace")
        except LookupError:  # an unknown charset name from the server
            return self.body.decode("utf-8", "replace")

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON (``ValueError`` when it is not JSON), like httpx's ``Response.json()``."""
        try:
            return json.loads(self.text, **kwargs)
        except RecursionError:
            # A hostile answer nested too deep is "not JSON" like any other bad body.
            raise ValueError("the response body is nested too deeply to decode as JSON") from None

    @property
    def is_success(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status_code < 300

    def __repr__(self) -> str:
        return "<HttpResponse %d (%d bytes)>" % (self.status_code, len(self.body))


class Transport(Protocol):
    """What the client needs from a transport: ``send`` and ``close``.

    ``send`` must return any HTTP answer as an :class:`HttpResponse` (a 500 is
    a response, not an exception) and raise ``APIConnectionError`` /
    ``APITimeoutError`` when there is no answer (``request_sent=False`` only
    when the request certainly never left: SIP verbs are repeated only then).
    It is called from many threads at once when a client is shared, so it
    must be thread-safe. Large downloads use the optional ``send_streamed``
    (:class:`StreamingTransport`); docs/transports.md has the whole contract.

    Example::

        client = RealtimeClient(transport=MyTransport())
    """

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:  # pragma: no cover
        """Send one request and return its response."""
        ...

    def close(self) -> None:  # pragma: no cover
        """Release connections; the transport is not used afterwards."""
        ...


class StreamedHttpResponse:
    """An HTTP response whose body arrives in chunks (large binary downloads).

    ``status_code`` and ``headers`` are known at once; the body is read with
    :meth:`iter_bytes` (once: a stream cannot be rewound) or :meth:`read`.
    Always close it (or use ``with``) so the connection is released; reading
    to the end closes it too. ``chunks`` is any iterator of ``bytes``;
    ``close`` is called once, by :meth:`close`.

    Example::

        with client.send_streamed(request) as response:
            with open("call.wav", "wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
    """

    __slots__ = ("status_code", "headers", "_chunks", "_on_close", "_state")

    status_code: int
    headers: Headers
    _chunks: Iterator[bytes]
    _on_close: Optional[Callable[[], None]]
    _state: str

    def __init__(
        self,
        status_code: int,
        headers: HeadersInput = None,
        chunks: Iterable[bytes] = (),
        *,
        close: Optional[Callable[[], None]] = None,
    ) -> None:
        object.__setattr__(self, "status_code", int(status_code))
        object.__setattr__(self, "headers", headers if type(headers) is Headers else Headers(headers))
        object.__setattr__(self, "_chunks", iter(chunks))
        object.__setattr__(self, "_on_close", close)
        object.__setattr__(self, "_state", "new")  # new -> reading -> closed

    @classmethod
    def of(cls, response: HttpResponse) -> "StreamedHttpResponse":
        """A complete :class:`HttpResponse` as a stream of one chunk (for transports without streaming).

        Example::

            StreamedHttpResponse.of(HttpResponse(200, {}, b"abc")).read() == b"abc"
        """
        return cls(response.status_code, response.headers, [response.body] if response.body else [])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("StreamedHttpResponse is immutable")

    @property
    def request_id(self) -> Optional[str]:
        """The ``x-request-id`` header.

        Example::

            print(response.request_id)
        """
        value = self.headers.get("x-request-id")
        return value if isinstance(value, str) else None

    @property
    def is_closed(self) -> bool:
        """True once the body was read to the end or :meth:`close` was called.

        Example::

            assert response.is_closed
        """
        return self._state == "closed"

    def iter_bytes(self) -> Iterator[bytes]:
        """The body's chunks, in order (empty chunks skipped); closes the response at the end.

        Example::

            total = sum(len(chunk) for chunk in response.iter_bytes())
        """
        if self._state != "new":
            raise RuntimeError("the body of this streamed response was already read or closed")
        object.__setattr__(self, "_state", "reading")
        try:
            for chunk in self._chunks:
                if chunk:
                    yield bytes(chunk)
        finally:
            self.close()

    def read(self) -> bytes:
        """The whole body at once (only for bodies that fit in memory).

        Example::

            data = response.read()
        """
        return b"".join(self.iter_bytes())

    def close(self) -> None:
        """Release the connection; the rest of the body is not read. Idempotent."""
        if self._state == "closed":
            return
        object.__setattr__(self, "_state", "closed")
        on_close = self._on_close
        if on_close is not None:
            on_close()

    def __enter__(self) -> "StreamedHttpResponse":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<StreamedHttpResponse %d (%s)>" % (self.status_code, self._state)


class StreamingTransport(Transport, Protocol):
    """A :class:`Transport` that can also stream a response body (``send_streamed``).

    ``send_streamed`` returns at once with the status and headers; the body's
    chunks are read from the returned :class:`StreamedHttpResponse`. Errors
    while reading the body are ``APIConnectionError`` / ``APITimeoutError``
    (``request_sent=True``). Both shipped transports implement it.

    Example::

        with transport.send_streamed(HttpRequest("GET", url), timeout=Timeout(5, 60)) as response:
            data = response.read()
    """

    def send_streamed(self, request: HttpRequest, *, timeout: Timeout) -> StreamedHttpResponse:  # pragma: no cover
        """Send one request; return the response before its body is read."""
        ...


def __getattr__(name: str) -> Any:
    # RequestsTransport lives in its own module so that ``requests`` (about
    # 100 ms to import) loads only when it is used.
    if name == "RequestsTransport":
        from ._requests_transport import RequestsTransport

        return RequestsTransport
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def _charset(content_type: Optional[str]) -> Optional[str]:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
