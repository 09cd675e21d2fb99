"""The HTTP transport layer: value objects and the protocol every transport meets.

Standard library only. A transport turns one :class:`HttpRequest` into one
:class:`HttpResponse`; it knows nothing about JSON, retries or the Realtime
API, and a 4xx/5xx status is *not* an error at this layer. Transports raise
only :class:`~realtime_sync.errors.APIConnectionError` or
:class:`~realtime_sync.errors.APITimeoutError`.

Implementations shipped: ``RequestsTransport`` (the only module that imports
``requests``) and ``realtime_sync.fixtures.FixtureTransport`` (record/replay).
Writing your own is a class with ``send`` and ``close``::

    class Echo:
        def send(self, request, *, timeout):
            return HttpResponse(200, {"content-type": "application/json"}, b"{}")

        def close(self):
            pass
"""

from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Protocol, Tuple, Union

if TYPE_CHECKING:  # pragma: no cover
    from ._requests_transport import RequestsTransport

__all__ = [
    "Headers",
    "HttpRequest",
    "HttpResponse",
    "RequestsTransport",
    "SENSITIVE_HEADERS",
    "Timeout",
    "Transport",
]

#: Header names whose values are secrets: never shown in reprs, logs or fixtures.
SENSITIVE_HEADERS = frozenset(
    ["authorization", "api-key", "openai-organization", "openai-project", "cookie", "set-cookie", "proxy-authorization"]
)

HeadersInput = Union["Headers", Mapping[str, str], Iterable[Tuple[str, str]], None]


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
        if isinstance(headers, Headers):
            self._items: Tuple[Tuple[str, str], ...] = headers._items
            self._lower: Dict[str, str] = headers._lower
            return
        pairs = headers.items() if isinstance(headers, Mapping) else (headers or ())
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
        if isinstance(other, Mapping):
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
            items.extend(other.items() if isinstance(other, Mapping) else other)
        return Headers(items)

    def redacted(self) -> Dict[str, str]:
        """A plain dict with secret values masked, safe to log.

        Example::

            log.debug("headers %s", request.headers.redacted())
        """
        return {n: ("<redacted>" if n.lower() in SENSITIVE_HEADERS else v) for n, v in self._items}

    def __repr__(self) -> str:
        return "Headers(%r)" % (self.redacted(),)


class Timeout:
    """Connect and read timeouts in seconds (``None`` means wait forever).

    ``Timeout.of`` accepts what users write: a number (both phases), a
    ``(connect, read)`` pair, or a Timeout.

    Example::

        Timeout(connect=5.0, read=30.0)
        Timeout.of(10)          # Timeout(connect=10.0, read=10.0)
        Timeout.of((3, 20))     # Timeout(connect=3.0, read=20.0)
    """

    __slots__ = ("connect", "read")

    connect: Optional[float]
    read: Optional[float]

    def __init__(self, connect: Optional[float] = 5.0, read: Optional[float] = 60.0) -> None:
        for name, value in (("connect", connect), ("read", read)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
                raise ValueError("timeout %s: expected a positive number of seconds or None, got %r" % (name, value))
        object.__setattr__(self, "connect", None if connect is None else float(connect))
        object.__setattr__(self, "read", None if read is None else float(read))

    @classmethod
    def of(cls, value: "TimeoutTypes") -> "Timeout":
        """Normalise a user-supplied timeout.

        Example::

            Timeout.of(2.5).read == 2.5
        """
        if isinstance(value, Timeout):
            return value
        if isinstance(value, tuple):
            if len(value) != 2:
                raise ValueError("timeout: expected a (connect, read) pair, got %r" % (value,))
            return cls(value[0], value[1])
        return cls(value, value)

    def as_tuple(self) -> Tuple[Optional[float], Optional[float]]:
        """``(connect, read)``, the form ``requests`` takes.

        Example::

            session.post(url, timeout=Timeout(3, 20).as_tuple())
        """
        return (self.connect, self.read)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Timeout is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Timeout):
            return self.as_tuple() == other.as_tuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return "Timeout(connect=%r, read=%r)" % (self.connect, self.read)


TimeoutTypes = Union[Timeout, float, int, Tuple[Optional[float], Optional[float]], None]


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
        object.__setattr__(self, "headers", Headers(headers))
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
        object.__setattr__(self, "headers", Headers(headers))
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

    def __repr__(self) -> str:
        return "<HttpResponse %d (%d bytes)>" % (self.status_code, len(self.body))


class Transport(Protocol):
    """What the client needs from a transport: ``send`` and ``close``.

    ``send`` must return any HTTP answer as an :class:`HttpResponse` (a 500 is
    a response, not an exception) and raise ``APIConnectionError`` /
    ``APITimeoutError`` when there is no answer. It is called from many
    threads at once when a client is shared, so it must be thread-safe.

    Example::

        client = RealtimeClient(transport=MyTransport())
    """

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:  # pragma: no cover
        """Send one request and return its response."""
        ...

    def close(self) -> None:  # pragma: no cover
        """Release connections; the transport is not used afterwards."""
        ...


def __getattr__(name: str) -> Any:
    # RequestsTransport lives in its own module so that ``requests`` (about
    # 100 ms to import) loads only when it is used.
    if name == "RequestsTransport":
        from ._requests_transport import RequestsTransport

        return RequestsTransport
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
