"""``client.live``: the Live API's REST control plane.

The official SDK's names and shapes: ``client.live.create(session=, transport=)``
and ``client.live.sessions.accept/refer/reject/hangup/fork/download_recording``.
Each method validates its input through ``_serde`` (nothing is sent when it is
invalid), sends through the client's retry loop with the endpoint's ``Accept``
header and retry rule, and parses the answer.

Retry rules (docs/reliability.md): create, fork, accept, refer and reject are
never repeated once the request may have reached the server (a repeated create
may start a second billed session; a repeated accept may answer a call twice);
hangup is retried, and a 404 "not found" on a retry means an earlier attempt
already hung up; the recording download (a GET) is retried like any read.
"""

import functools
import os
import uuid
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional, Tuple, Union
from urllib.parse import quote, urljoin, urlsplit

from .. import _serde
from .._resource import Resource
from .._response import (
    StreamingResponse,
    record_exchange,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._text import short_repr
from .._types import (
    NOT_GIVEN,
    ExtraBody,
    ExtraHeaders,
    ExtraQuery,
    MaxRetriesArg,
    RetryMode,
    TimeoutArg,
    is_dot_segment,
)
from ..errors import APIConnectionError, APIStatusError, RequestValidationError
from ..transport import Headers, HttpRequest, HttpResponse, StreamedHttpResponse
from .models import (
    LiveSessionAcceptConfig,
    LiveSessionAcceptRequest,
    LiveSessionConfig,
    LiveSessionCreateRequest,
    LiveSessionCreateResponse,
    LiveSessionForkConfig,
    LiveSessionForkRequest,
    LiveSessionReferRequest,
    LiveSessionRejectRequest,
    LiveTransport,
)

if TYPE_CHECKING:  # pragma: no cover
    from .._client import RealtimeClient
    from ..sideband import ReconnectingEvent, ReconnectingOverrides, WebSocketConnector
    from ._connections import LiveConnection, LiveForks, LiveSideband

__all__ = [
    "BinaryContent",
    "Live",
    "LiveSessions",
    "LiveSessionsWithRawResponse",
    "LiveSessionsWithStreamingResponse",
    "LiveWithRawResponse",
    "LiveWithStreamingResponse",
    "StreamedBinaryContent",
]

LiveSessionInput = Union[LiveSessionConfig, Mapping[str, Any]]
LiveAcceptSessionInput = Union[LiveSessionAcceptConfig, Mapping[str, Any]]
LiveForkSessionInput = Union[LiveSessionForkConfig, Mapping[str, Any]]
LiveTransportInput = Union[LiveTransport, Mapping[str, Any]]

#: What the official SDK sends as ``Accept`` for the recording.
_RECORDING_ACCEPT = "application/binary"
#: Redirects the recording download follows (a GET), and how many in a row.
_REDIRECTS = frozenset([301, 302, 303, 307, 308])
_MAX_REDIRECTS = 5
#: RFC 3986 ``pchar`` minus ``/``: what the official SDK leaves unencoded in a path segment.
_SEGMENT_SAFE = "!$&'()*+,;=:@"


def session_path(session_id: Any, verb: str) -> str:
    """``/live/sessions/{session_id}/{verb}``, the id percent-encoded as one segment.

    Raises :class:`~realtime_sync.errors.RequestValidationError` (a ``ValueError``) before
    anything is sent for an empty id, with the official SDK's message, and for ``.``/``..``
    (which a server or proxy would resolve as a relative path).
    """
    if not isinstance(session_id, str):
        raise RequestValidationError(["session_id: expected a string, got a %s" % type(session_id).__name__])
    if not session_id:
        raise RequestValidationError(
            ["session_id: expected a non-empty value"],
            message="Expected a non-empty value for `session_id` but received %s" % short_repr(session_id),
        )
    if is_dot_segment(session_id):  # the one rule for ids in paths (also %2e%2e)
        raise RequestValidationError(["session_id: %r is a dot-segment, not an id, and cannot be sent" % session_id])
    try:
        segment = quote(session_id, safe=_SEGMENT_SAFE)
    except UnicodeEncodeError:  # lone surrogates: not an id any server gave out
        raise RequestValidationError(["session_id: the id has lone surrogates, it cannot be sent"]) from None
    return "/live/sessions/%s/%s" % (segment, verb)


class Live(Resource):
    """``client.live``: create Live WebRTC sessions; ``sessions`` controls existing ones.

    Example::

        answer = client.live.create(
            session={"model": "gpt-live-1", "instructions": "Greet the caller."},
            transport={"type": "webrtc", "sdp": offer},
        )
        print(answer.session.id, answer.transport.sdp)
    """

    def __init__(self, client: "RealtimeClient") -> None:
        super().__init__(client)
        self.sessions = LiveSessions(client)

    @functools.cached_property
    def with_raw_response(self) -> "LiveWithRawResponse":
        """The same methods, returning the HTTP answer (:class:`~realtime_sync.RawResponse`), as in the SDK.

        Example::

            raw = client.live.with_raw_response.create(session={"model": "gpt-live-1"}, transport=transport)
            print(raw.request_id, raw.parse().session.id)
        """
        return LiveWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "LiveWithStreamingResponse":
        """The same methods, returning a :class:`~realtime_sync.StreamingResponse` to use in ``with``."""
        return LiveWithStreamingResponse(self)

    def create(
        self,
        *,
        session: LiveSessionInput,
        transport: LiveTransportInput,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> LiveSessionCreateResponse:
        """Create a Live WebRTC session from the browser's SDP offer; returns the session id and SDP answer.

        ``session`` is a :class:`~realtime_sync.live.models.LiveSessionConfig` or its dict
        form (``model`` required); ``transport`` is ``{"type": "webrtc", "sdp": offer}``.
        Not repeated once the request may have reached the server: a second create
        would start a second (billed) session that never connects.

        Example::

            answer = client.live.create(
                session={"model": "gpt-live-1", "client": {"data_channel": {"allowed_client_events": []}}},
                transport={"type": "webrtc", "sdp": offer},
            )
        """
        body = _serde.request_body(
            LiveSessionCreateRequest, strict=self._strict(strict), session=session, transport=transport
        )
        request, response = self._request(
            "POST",
            "/live/sessions",
            json_body=body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )
        return self._parse(LiveSessionCreateResponse, request, response)

    # -- the WebSockets (realtime_sync.live._connections; loaded on first use, needs the [ws] extra) --------

    @functools.cached_property
    def sideband(self) -> "LiveSideband":
        """``client.live.sideband.connect(session_id=...)``: attach to a running session (docs/live.md).

        Example::

            with client.live.sideband.connect(session_id="live_123") as conn:
                conn.send_dtmf("1")
        """
        from ._connections import LiveSideband

        return LiveSideband(self._client)

    @functools.cached_property
    def forks(self) -> "LiveForks":
        """``client.live.forks.connect(session_id=...)``: continue a stored session over a WebSocket."""
        from ._connections import LiveForks

        return LiveForks(self._client)

    def connect(
        self,
        *,
        session: Optional[Any] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        connector: Optional["WebSocketConnector"] = None,
        raise_on_error: bool = False,
        on_reconnecting: Optional[Callable[["ReconnectingEvent"], Optional["ReconnectingOverrides"]]] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> "LiveConnection":
        """Open a primary Live WebSocket (``/live/sessions``): a server-to-server audio session.

        Send ``session.start`` first and wait for ``session.started``; or pass
        ``session=`` (a :class:`~realtime_sync.live.events.LiveSessionStartConfig`
        or its dict form), validated before connecting and sent as the first
        message. The options are the Realtime sideband's: ``timeout`` bounds the
        handshake, ``connector`` replaces websocket-client (a ``FixtureConnector``
        replays a recording), ``raise_on_error`` makes ``error`` events raise, and
        ``on_reconnecting``/``max_retries``/``initial_delay``/``max_delay`` reconnect
        a dropped connection by the official SDK's rules.

        Example::

            with client.live.connect(session={"model": "gpt-live-1"}) as conn:
                for event in conn:
                    print(event.type)
        """
        from ._connections import LiveConnection, open_live

        return open_live(
            self._client,
            LiveConnection,
            session=session,
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


class LiveSessions(Resource):
    """``client.live.sessions``: accept, refer, reject, hang up, fork, and download recordings.

    Example::

        client.live.sessions.accept(event.data.session_id, session={"model": "gpt-live-1"})
    """

    @functools.cached_property
    def with_raw_response(self) -> "LiveSessionsWithRawResponse":
        """The same methods, returning the HTTP answer (:class:`~realtime_sync.RawResponse`), as in the SDK.

        Example::

            raw = client.live.sessions.with_raw_response.hangup("live_123")
            print(raw.status_code, raw.request_id)
        """
        return LiveSessionsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "LiveSessionsWithStreamingResponse":
        """The same methods in ``with`` blocks; ``download_recording`` streams the body without holding it in memory.

        Example::

            with client.live.sessions.with_streaming_response.download_recording("live_123") as recording:
                recording.stream_to_file("call.wav")
        """
        return LiveSessionsWithStreamingResponse(self)

    def accept(
        self,
        session_id: str,
        *,
        session: LiveAcceptSessionInput,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Accept an incoming SIP call on the Live surface.

        Sent wrapped, ``{"session": {...}}``, with ``session.type = "live"`` (filled in
        when left out). Not repeated once the request may have reached the server.
        The same call also arrives as ``realtime.call.incoming``: the first accept
        (Realtime or Live) wins; see docs/live.md.

        Example::

            client.live.sessions.accept("live_123", session={"model": "gpt-live-1", "instructions": "Hi!"})
        """
        path = session_path(session_id, "accept")
        body = _serde.request_body(LiveSessionAcceptRequest, strict=self._strict(strict), session=session)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def refer(
        self,
        session_id: str,
        *,
        target_uri: str,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Transfer a SIP call (SIP REFER) to ``target_uri``, e.g. ``tel:+14155550123``.

        Not repeated once the request may have reached the server.

        Example::

            client.live.sessions.refer("live_123", target_uri="sip:agent@example.com")
        """
        path = session_path(session_id, "refer")
        body = _serde.request_body(LiveSessionReferRequest, strict=self._strict(strict), target_uri=target_uri)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def reject(
        self,
        session_id: str,
        *,
        status_code: int,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> None:
        """Reject an incoming SIP call with a SIP status from 300 to 699 (required, unlike Realtime).

        Not repeated once the request may have reached the server.

        Example::

            client.live.sessions.reject("live_123", status_code=486)  # Busy Here
        """
        path = session_path(session_id, "reject")
        body = _serde.request_body(LiveSessionRejectRequest, strict=self._strict(strict), status_code=status_code)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def hangup(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """End a SIP call. Sends no body (``Content-Type: application/json``, as the SDK does).

        Retried; a 404 "not found" answer to a *retry* means an earlier attempt already
        hung up, and counts as success (Live's error code for a gone session is not
        documented: see docs/reliability.md).

        Example::

            client.live.sessions.hangup("live_123")
        """
        path = session_path(session_id, "hangup")
        self._request(
            "POST",
            path,
            json_body={} if extra_body else None,
            content_type="application/json",
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.HANGUP,
        )

    def fork(
        self,
        session_id: str,
        *,
        transport: LiveTransportInput,
        session: Optional[LiveForkSessionInput] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        strict: Optional[bool] = None,
    ) -> LiveSessionCreateResponse:
        """Fork a stored session onto a new WebRTC connection; the answer has create's shape.

        ``session`` overrides ``client``, ``store`` and the Responses ``delegation``;
        leave it out (or pass ``{}``) to inherit everything. Not repeated once the
        request may have reached the server (each fork is a new session).

        Example::

            answer = client.live.sessions.fork("live_123", transport={"type": "webrtc", "sdp": offer})
        """
        path = session_path(session_id, "fork")
        body = _serde.request_body(
            LiveSessionForkRequest, strict=self._strict(strict), transport=transport, session=session
        )
        request, response = self._request(
            "POST",
            path,
            json_body=body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )
        return self._parse(LiveSessionCreateResponse, request, response)

    def download_recording(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "BinaryContent":
        """Download a stored session's recording into memory (``GET .../content``).

        ``.content`` is the exact bytes (never decoded as text); ``.write_to_file(path)``
        saves them. For a large recording use
        ``with_streaming_response.download_recording`` instead, which never holds it in
        memory. ``extra_body`` is refused: a GET has no body.

        Example::

            client.live.sessions.download_recording("live_123").write_to_file("call.wav")
        """
        request, response = self._recording_request(
            session_id, timeout, extra_headers, extra_query, extra_body, max_retries, streamed=False
        )
        assert isinstance(response, HttpResponse)
        return BinaryContent(request, response)

    def _recording_request(
        self,
        session_id: str,
        timeout: TimeoutArg,
        extra_headers: ExtraHeaders,
        extra_query: ExtraQuery,
        extra_body: ExtraBody,
        max_retries: MaxRetriesArg,
        *,
        streamed: bool,
    ) -> Tuple[HttpRequest, Union[HttpResponse, StreamedHttpResponse]]:
        path = session_path(session_id, "content")
        if extra_body:
            raise RequestValidationError(["extra_body: download_recording is a GET and sends no body"])
        send = self._request_streamed if streamed else self._request
        try:
            return send(
                "GET",
                path,
                accept=_RECORDING_ACCEPT,
                timeout=timeout,
                extra_headers=extra_headers,
                extra_query=extra_query,
                max_retries=max_retries,
                retry_mode=RetryMode.ALWAYS,
            )
        except APIStatusError as exc:
            if exc.status_code not in _REDIRECTS or not exc.response.headers.get("location"):
                raise
            # exc.request has its credentials masked: the API's own headers are built again.
            api_headers = self._client.build_request(
                "GET", path, accept=_RECORDING_ACCEPT, extra_headers=extra_headers
            ).headers
            return self._follow_redirects(exc, api_headers, timeout, max_retries, streamed=streamed)

    def _follow_redirects(
        self,
        exc: APIStatusError,
        api_headers: Headers,
        timeout: TimeoutArg,
        max_retries: MaxRetriesArg,
        *,
        streamed: bool,
    ) -> Tuple[HttpRequest, Union[HttpResponse, StreamedHttpResponse]]:
        # The stored content may be served from elsewhere (the official SDK follows
        # redirects here, as httpx does). A GET is safe to follow; the API key goes
        # only to the API's own origin, never to another host, and never over a
        # downgrade from https to http.
        client = self._client
        api_origin = _origin(client.base_url)
        request = exc.request
        assert request is not None  # the client sets it on every status error
        foreign_headers = Headers([("Accept", _RECORDING_ACCEPT)])
        for _ in range(_MAX_REDIRECTS):
            location = exc.response.headers.get("location") or ""
            target = urljoin(request.url, location)
            scheme = urlsplit(target).scheme
            if scheme not in ("http", "https") or (urlsplit(request.url).scheme == "https" and scheme == "http"):
                raise exc  # not followed: another scheme, or a downgrade to plain http
            same_origin = _origin(target) == api_origin
            request = HttpRequest("GET", target, api_headers if same_origin else foreign_headers)
            try:
                if streamed:
                    return request, client.send_streamed(request, timeout=timeout, max_retries=max_retries)
                response = client.send(request, timeout=timeout, max_retries=max_retries)
                record_exchange(request, response)  # what with_raw_response shows: the final answer
                return request, response
            except APIStatusError as again:
                if again.status_code not in _REDIRECTS or not again.response.headers.get("location"):
                    raise
                exc = again
        raise exc  # too many redirects: the last one is the error


class LiveWithRawResponse:
    """``client.live.with_raw_response``: ``create`` returns a :class:`~realtime_sync.RawResponse`; ``sessions`` too."""

    def __init__(self, live: Live) -> None:
        self.create = to_raw_response_wrapper(live.create)
        self.sessions = live.sessions.with_raw_response


class LiveWithStreamingResponse:
    """``client.live.with_streaming_response``: ``create`` returns a :class:`~realtime_sync.StreamingResponse`."""

    def __init__(self, live: Live) -> None:
        self.create = to_streamed_response_wrapper(live.create)
        self.sessions = live.sessions.with_streaming_response


class LiveSessionsWithRawResponse:
    """``client.live.sessions.with_raw_response``: each method returns a :class:`~realtime_sync.RawResponse`.

    ``download_recording``'s ``parse()`` is the :class:`BinaryContent`; ``content`` the exact bytes.
    """

    def __init__(self, sessions: LiveSessions) -> None:
        self.accept = to_raw_response_wrapper(sessions.accept)
        self.refer = to_raw_response_wrapper(sessions.refer)
        self.reject = to_raw_response_wrapper(sessions.reject)
        self.hangup = to_raw_response_wrapper(sessions.hangup)
        self.fork = to_raw_response_wrapper(sessions.fork)
        self.download_recording = to_raw_response_wrapper(sessions.download_recording)


class LiveSessionsWithStreamingResponse:
    """``client.live.sessions.with_streaming_response``: the SIP verbs and fork in ``with`` blocks, and the recording
    download without holding it in memory (:class:`StreamedBinaryContent`).

    Example::

        with client.live.sessions.with_streaming_response.download_recording("live_123") as recording:
            recording.stream_to_file("call.wav")
    """

    def __init__(self, sessions: LiveSessions) -> None:
        self._sessions = sessions
        self.accept: "Callable[..., StreamingResponse[None]]" = to_streamed_response_wrapper(sessions.accept)
        self.refer: "Callable[..., StreamingResponse[None]]" = to_streamed_response_wrapper(sessions.refer)
        self.reject: "Callable[..., StreamingResponse[None]]" = to_streamed_response_wrapper(sessions.reject)
        self.hangup: "Callable[..., StreamingResponse[None]]" = to_streamed_response_wrapper(sessions.hangup)
        self.fork: "Callable[..., StreamingResponse[LiveSessionCreateResponse]]" = to_streamed_response_wrapper(
            sessions.fork
        )

    def download_recording(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "StreamedBinaryContent":
        """The recording as a stream: use it in ``with``, then ``stream_to_file`` or ``iter_bytes``.

        The request is sent (and retried) when this is called; the body is read only
        as you consume it.

        Example::

            with client.live.sessions.with_streaming_response.download_recording("live_123") as rec:
                for chunk in rec.iter_bytes():
                    upload.write(chunk)
        """
        request, response = self._sessions._recording_request(
            session_id, timeout, extra_headers, extra_query, extra_body, max_retries, streamed=True
        )
        assert isinstance(response, StreamedHttpResponse)
        return StreamedBinaryContent(request, response)


class BinaryContent:
    """A binary answer held in memory (a recording): ``.content`` is the exact bytes, never decoded.

    Example::

        recording = client.live.sessions.download_recording("live_123")
        recording.write_to_file("call.wav")
        print(len(recording.content), recording.content_type)
    """

    __slots__ = ("request", "response")

    def __init__(self, request: HttpRequest, response: HttpResponse) -> None:
        self.request = request
        self.response = response

    @property
    def content(self) -> bytes:
        """The body, byte for byte."""
        return self.response.body

    def read(self) -> bytes:
        """The body (the SDK's name); same as :attr:`content`."""
        return self.response.body

    @property
    def text(self) -> str:
        """The body decoded as text, only when asked for (a recording is binary: use :attr:`content`)."""
        return self.response.text

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON, only when asked for (the SDK's name)."""
        return self.response.json(**kwargs)

    def close(self) -> None:
        """Nothing to release: the body is in memory (the SDK's name)."""

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces of ``chunk_size`` bytes (all at once by default)."""
        body = self.response.body
        size = len(body) if not chunk_size or chunk_size <= 0 else chunk_size
        for start in range(0, len(body), max(size, 1)):
            yield body[start : start + size]

    @property
    def headers(self) -> Headers:
        """The response headers."""
        return self.response.headers

    @property
    def content_type(self) -> Optional[str]:
        """The ``Content-Type`` the server gave, if any."""
        value = self.response.headers.get("content-type")
        return value if isinstance(value, str) else None

    @property
    def request_id(self) -> Optional[str]:
        """The ``x-request-id`` header, for support tickets."""
        return self.response.request_id

    def write_to_file(self, file: "Union[str, os.PathLike[str]]") -> None:
        """Write the bytes to ``file`` (replaced atomically: never a half-written file under that name)."""
        _write_atomically(file, iter([self.response.body]))

    def stream_to_file(self, file: "Union[str, os.PathLike[str]]", *, chunk_size: Optional[int] = None) -> None:
        """:meth:`write_to_file` under the SDK's other name (the body is already in memory here)."""
        _write_atomically(file, self.iter_bytes(chunk_size))

    def __repr__(self) -> str:
        return "<BinaryContent %d bytes %s>" % (len(self.response.body), self.content_type or "")


class StreamedBinaryContent:
    """A binary answer read as it arrives (``with_streaming_response``); close it, or use ``with``.

    ``iter_bytes()`` yields the chunks; ``stream_to_file(path)`` writes them to a
    file (atomically: the file appears only when the whole body arrived, and a
    body shorter than its ``Content-Length`` is an ``APIConnectionError``).

    Example::

        with client.live.sessions.with_streaming_response.download_recording("live_123") as rec:
            rec.stream_to_file("call.wav")
    """

    __slots__ = ("request", "response", "_received")

    def __init__(self, request: HttpRequest, response: StreamedHttpResponse) -> None:
        self.request = request
        self.response = response
        self._received = 0

    @property
    def headers(self) -> Headers:
        """The response headers (known before the body is read)."""
        return self.response.headers

    @property
    def status_code(self) -> int:
        """The HTTP status of the answer that carries the body."""
        return self.response.status_code

    @property
    def http_request(self) -> HttpRequest:
        """The request as sent (the SDK's name; the last one after a redirect)."""
        return self.request

    @property
    def http_response(self) -> StreamedHttpResponse:
        """The streamed answer (the SDK's name)."""
        return self.response

    @property
    def url(self) -> str:
        """The URL the body comes from."""
        return self.request.url

    @property
    def method(self) -> str:
        """The request's method (``GET``)."""
        return self.request.method

    def parse(self) -> bytes:
        """The whole body, as the SDK's streamed binary response's ``parse()`` gives it."""
        return self.read()

    @property
    def content_type(self) -> Optional[str]:
        """The ``Content-Type`` the server gave, if any."""
        value = self.response.headers.get("content-type")
        return value if isinstance(value, str) else None

    @property
    def request_id(self) -> Optional[str]:
        """The ``x-request-id`` header."""
        return self.response.request_id

    @property
    def is_closed(self) -> bool:
        """True once the body was read to the end or the stream was closed."""
        return self.response.is_closed

    def iter_bytes(self) -> Iterator[bytes]:
        """The body's chunks, in order; can be read once. Checks the ``Content-Length`` at the end."""
        expected = _declared_length(self.response.headers)
        for chunk in self.response.iter_bytes():
            self._received += len(chunk)
            yield chunk
        if expected is not None and self._received != expected:
            raise APIConnectionError(
                "the recording ended after %d of %d bytes (Content-Length)" % (self._received, expected),
                request=self.request,
                request_sent=True,
            )

    def read(self) -> bytes:
        """The whole body in memory (prefer :meth:`stream_to_file` for large recordings)."""
        return b"".join(self.iter_bytes())

    def stream_to_file(self, file: "Union[str, os.PathLike[str]]") -> None:
        """Write the body to ``file`` chunk by chunk; the file appears only when the body is complete."""
        _write_atomically(file, self.iter_bytes())

    def close(self) -> None:
        """Release the connection without reading the rest. Idempotent."""
        self.response.close()

    def __enter__(self) -> "StreamedBinaryContent":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<StreamedBinaryContent %s %s>" % (self.content_type or "", "closed" if self.is_closed else "open")


def _origin(url: str) -> Tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.netloc.rsplit("@", 1)[-1]).lower()


def _declared_length(headers: Headers) -> Optional[int]:
    # Only an identity body can be checked against Content-Length (a gzip body is
    # decoded by the transport, so its length differs from the declared one).
    if headers.get("content-encoding") not in (None, "identity"):
        return None
    value = headers.get("content-length")
    try:
        length = int(value) if value is not None else None
    except ValueError:
        return None
    return length if length is not None and length >= 0 else None


def _write_atomically(file: "Union[str, os.PathLike[str]]", chunks: Iterator[bytes]) -> None:
    # A temporary file beside the target, renamed over it only once every chunk
    # arrived: a dropped connection never leaves a truncated recording behind.
    # Opened like open() would (the umask applies), under a name nobody else uses.
    target = os.fspath(file)
    temp = "%s.%s.part" % (target, uuid.uuid4().hex[:12])
    try:
        with open(temp, "xb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:  # pragma: no cover - already gone
            pass
        raise
