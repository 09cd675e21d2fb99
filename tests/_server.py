"""A real HTTP/1.1 server on 127.0.0.1 for the tests, scriptable and recording.

    with LoopbackServer() as srv:
        srv.respond(500)                       # queue one scripted answer
        client = RealtimeClient("sk-test", base_url=srv.url)
        client.calls.hangup("rtc_1")           # 500, retried, then the default handler answers 200
        assert [r.path for r in srv.requests] == ["/v1/realtime/calls/rtc_1/hangup"] * 2

Scripted replies are consumed first-in first-out; when the queue is empty the
default handler answers like the Realtime API does (with the examples of `tests/data`). A reply can
also misbehave on purpose (``action``): close the connection without an
answer, reset it, send a truncated body, or answer slowly (``delay``).
"""

import json
import re
import socket
import struct
import sys
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import parse_qsl, urlsplit

# The canned answers live in tests/data (shared with the benchmarks). The default handler
# gives them; they are re-exported because tests import them from this module too.
from data import (  # noqa: F401
    ANSWER_SDP,
    CLIENT_SECRET_REALTIME,
    CLIENT_SECRET_TRANSCRIPTION,
    LIVE_CREATE_ANSWER,
    LIVE_FORK_ANSWER,
    LIVE_FORK_ID,
    LIVE_RECORDING,
    LIVE_SESSION_ID,
    TRANSLATION_SECRET,
)

#: The signing secret the loopback API hands out at creation / rotation (a fake, but shaped like one).
WEBHOOK_SIGNING_SECRET = "whsec_bG9vcGJhY2stc2lnbmluZy1zZWNyZXQtMDAwMQ=="
WEBHOOK_ROTATED_SECRET = "whsec_bG9vcGJhY2stcm90YXRlZC1zZWNyZXQtMDAwMg=="


def _webhook_endpoint(number: int) -> Dict[str, Any]:
    return {
        "id": "we_%04d" % number,
        "object": "webhook_endpoint",
        "created_at": 1767225600 - number * 60,
        "updated_at": 1767225600 - number * 60,
        "name": "endpoint %d \u00e9" % number,
        "url": "https://example.com/hooks/%d" % number,
        "event_types": ["realtime.call.incoming"] if number % 2 else ["batch.completed", "batch.failed"],
        "signing_secret_hint": "whsec_...%04d" % number,
    }


#: What GET /webhook_endpoints pages through, newest first.
WEBHOOK_ENDPOINTS: List[Dict[str, Any]] = [_webhook_endpoint(n) for n in range(1, 6)]
WEBHOOK_EVENT_TYPES = ["batch.completed", "realtime.call.incoming", "live.transport.incoming"]


class Recorded:
    """One request as the server saw it (``target`` is the raw request target, percent-encoding kept).

    ``raw`` is the request exactly as it arrived: request line, header lines in their order, body.
    """

    def __init__(self, method: str, target: str, headers: Mapping[str, str], body: bytes, raw: bytes = b"") -> None:
        parts = urlsplit(target)
        self.raw = raw
        self.method = method
        self.target = target
        self.raw_query = parts.query
        self.path = parts.path
        self.query = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def multipart(self) -> List["Part"]:
        return parse_multipart(self.headers.get("content-type", ""), self.body)

    def __repr__(self) -> str:
        return "<Recorded %s %s %d bytes>" % (self.method, self.path, len(self.body))


class Reply:
    """A scripted answer. ``action``: None, "close", "reset", "truncate" or "close_after".

    ``delay`` waits before anything is sent; ``stall`` sends the headers and
    the first half of the body, then waits that long before the rest (a server
    that stops mid-body).
    """

    def __init__(
        self,
        status: int = 200,
        body: Union[bytes, str, Dict[str, Any], List[Any], None] = b"",
        headers: Optional[Mapping[str, str]] = None,
        *,
        delay: float = 0.0,
        action: Optional[str] = None,
        stall: float = 0.0,
    ) -> None:
        self.status = status
        self.headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            self.body = json.dumps(body).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            self.body = body.encode("utf-8")
        else:
            self.body = body or b""
        self.delay = delay
        self.action = action
        self.stall = stall


Handler = Callable[[Recorded], Reply]


def error_reply(status: int, message: str, code: Optional[str] = None, type_: str = "invalid_request_error") -> Reply:
    """An OpenAI-shaped error body."""
    body = {"error": {"message": message, "type": type_, "param": None, "code": code}}
    return Reply(status, body, {"x-request-id": "req_err_%d" % status})


_CALL_VERB = re.compile(r"^/v1/realtime/calls/([^/]+)/(accept|refer|reject|hangup)$")
_LIVE_VERB = re.compile(r"^/v1/live/sessions/([^/]+)/(accept|refer|reject|hangup|fork|content)$")


def live_handler(req: Recorded) -> Optional[Reply]:
    """Answers the Live API's REST endpoints (live-api.md §1); None for any other path."""
    rid = {"x-request-id": "req_%s" % req.path.strip("/").replace("/", "_")}
    match = _LIVE_VERB.match(req.path)
    if req.path == "/v1/live/sessions":
        verb = "create"
    elif match:
        verb = match.group(2)
    else:
        return None
    if (req.method == "GET") != (verb == "content"):
        return error_reply(405, "Method not allowed.")
    if verb == "content":
        return Reply(200, LIVE_RECORDING, dict(rid, **{"Content-Type": "application/octet-stream"}))
    if verb in ("create", "fork"):
        try:
            req.json()
        except ValueError:
            return error_reply(400, "We could not parse the JSON body of your request.")
        return Reply(200, LIVE_CREATE_ANSWER if verb == "create" else LIVE_FORK_ANSWER, rid)
    return Reply(200, b"", rid)


_WEBHOOK_ENDPOINT = re.compile(r"^/v1/webhook_endpoints/([^/]+)(/rotate_secret|/test)?$")


def webhook_endpoints_handler(req: Recorded) -> Optional[Reply]:
    """Answers ``/webhook_endpoints`` and ``/webhook_event_types`` (the SDK's resources/webhooks); None otherwise.

    Stateless: the five endpoints of WEBHOOK_ENDPOINTS are always there (any
    other id is a 404); create, update and rotate echo what was sent.
    """
    rid = {"x-request-id": "req_%s" % req.path.strip("/").replace("/", "_")}
    if req.path == "/v1/webhook_event_types":
        if req.method != "GET":
            return error_reply(405, "Method not allowed.")
        return Reply(200, {"object": "list", "data": WEBHOOK_EVENT_TYPES}, rid)
    if req.path == "/v1/webhook_endpoints":
        if req.method == "GET":
            limit = int(req.query.get("limit", "20"))
            after = req.query.get("after")
            ids = [e["id"] for e in WEBHOOK_ENDPOINTS]
            start = ids.index(after) + 1 if after in ids else 0
            page = WEBHOOK_ENDPOINTS[start : start + limit]
            body = {
                "object": "list",
                "data": page,
                "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None,
                "has_more": start + limit < len(WEBHOOK_ENDPOINTS),
            }
            return Reply(200, body, rid)
        if req.method != "POST":
            return error_reply(405, "Method not allowed.")
        sent = req.json()
        missing = [k for k in ("event_types", "name", "url") if k not in sent]
        if missing:
            return error_reply(400, "Missing required parameter: '%s'." % missing[0])
        created = dict(_webhook_endpoint(9), name=sent["name"], url=sent["url"], event_types=sent["event_types"])
        return Reply(200, dict(created, id="we_new", signing_secret=WEBHOOK_SIGNING_SECRET), rid)
    match = _WEBHOOK_ENDPOINT.match(req.path)
    if not match:
        return None
    endpoint = next((e for e in WEBHOOK_ENDPOINTS if e["id"] == match.group(1)), None)
    if endpoint is None:
        return error_reply(404, "No webhook endpoint found with id '%s'." % match.group(1))
    verb = match.group(2)
    if verb is None and req.method == "GET":
        return Reply(200, endpoint, rid)
    if verb is None and req.method == "DELETE":
        return Reply(200, {"id": endpoint["id"], "object": "webhook_endpoint.deleted", "deleted": True}, rid)
    if req.method != "POST":
        return error_reply(405, "Method not allowed.")
    sent = req.json()
    if verb is None:
        return Reply(200, dict(endpoint, updated_at=1767229200, **sent), rid)
    if verb == "/rotate_secret":
        rotated = dict(endpoint, updated_at=1767229200, signing_secret_hint="whsec_...0002")
        return Reply(200, dict(rotated, signing_secret=WEBHOOK_ROTATED_SECRET), rid)
    if "event_type" not in sent:
        return error_reply(400, "Missing required parameter: 'event_type'.")
    result = {
        "object": "webhook_endpoint.test",
        "webhook_endpoint_id": endpoint["id"],
        "event_type": sent["event_type"],
        "status_code": 200,
        "success": True,
    }
    return Reply(200, result, rid)


def default_handler(req: Recorded) -> Reply:
    """Answers every Realtime and Live REST endpoint the way the API does."""
    rid = {"x-request-id": "req_%s" % req.path.strip("/").replace("/", "_")}
    live = live_handler(req)
    if live is not None:
        return live
    endpoints = webhook_endpoints_handler(req)
    if endpoints is not None:
        return endpoints
    if req.method != "POST":
        return error_reply(405, "Method not allowed.")
    if req.path == "/v1/realtime/calls":
        headers = dict(rid, **{"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_test_0002"})
        return Reply(201, ANSWER_SDP, headers)
    if _CALL_VERB.match(req.path):
        return Reply(200, b"", rid)
    if req.path == "/v1/realtime/client_secrets":
        try:
            sent = req.json()
        except ValueError:
            return error_reply(400, "We could not parse the JSON body of your request.")
        session_type = (sent.get("session") or {}).get("type", "realtime")
        body = CLIENT_SECRET_TRANSCRIPTION if session_type == "transcription" else CLIENT_SECRET_REALTIME
        return Reply(200, body, rid)
    if req.path == "/v1/realtime/translations/client_secrets":
        return Reply(200, TRANSLATION_SECRET, rid)
    return error_reply(404, "Unknown path %s." % req.path)


class _Tee:
    """A connection's reader that keeps the bytes each request was read from (see ``Recorded.raw``)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._seen = bytearray()

    def readline(self, *args: Any) -> bytes:
        line: bytes = self._inner.readline(*args)
        self._seen += line
        return line

    def read(self, *args: Any) -> bytes:
        data: bytes = self._inner.read(*args)
        self._seen += data
        return data

    def take(self) -> bytes:
        data = bytes(self._seen)
        self._seen.clear()
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class LoopbackServer:
    """A threaded HTTP/1.1 (keep-alive) server bound to 127.0.0.1 on a free port."""

    def __init__(self, handler: Handler = default_handler, *, port: int = 0) -> None:
        self.default = handler
        self._wanted_port = port  # 0: any free port; a fixed one to come back on a port that refused
        self.requests: List[Recorded] = []
        self.connections = 0  # TCP connections accepted (keep-alive reuse check)
        self._queue: Deque[Handler] = deque()
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._stopping = False
        self._wake = threading.Event()
        self._open: Dict[threading.Thread, socket.socket] = {}

    def wait_until_closed(self, timeout: float = 10.0) -> None:
        """Return once the server has closed every connection it accepted (ordering, not timing)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._open:
                    return
            if time.monotonic() > deadline:
                raise AssertionError("the loopback server still holds %d connection(s)" % len(self._open))
            time.sleep(0.005)

    # -- scripting --------------------------------------------------------
    def add(self, handler: Handler) -> None:
        with self._lock:
            self._queue.append(handler)

    def respond(
        self, status: int = 200, body: Any = b"", headers: Optional[Mapping[str, str]] = None, **kw: Any
    ) -> None:
        reply = Reply(status, body, headers, **kw)
        self.add(lambda req: reply)

    def _next_handler(self) -> Handler:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    # -- lifecycle --------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    @property
    def url(self) -> str:
        return self.origin + "/v1"

    def start(self) -> "LoopbackServer":
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are two writes: with Nagle, the body waits for the client's delayed
            # ACK of the headers (~13 ms a request on loopback, a third of some tests' time).
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # silence
                pass

            def setup(self) -> None:
                super().setup()
                self.rfile = _Tee(self.rfile)  # type: ignore[assignment]
                with owner._lock:
                    owner.connections += 1
                    owner._open[threading.current_thread()] = self.connection

            def finish(self) -> None:
                try:
                    super().finish()
                finally:
                    with owner._lock:
                        owner._open.pop(threading.current_thread(), None)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length and hasattr(socket, "TCP_QUICKACK"):
                    # The ACK of the headers now: a client without TCP_NODELAY (urllib3 to an HTTP
                    # proxy) holds the body back until then, 40 ms with a delayed ACK.
                    self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                body = self.rfile.read(length) if length else b""
                raw = self.rfile.take()  # type: ignore[attr-defined]
                rec = Recorded(self.command, self.path, dict(self.headers.items()), body, raw)
                with owner._lock:
                    owner.requests.append(rec)
                reply = owner._next_handler()(rec)
                if reply.delay:
                    owner._wake.wait(reply.delay)  # a slow answer; stop() cuts it short
                if reply.action == "close":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.action == "reset":
                    self.close_connection = True
                    # SO_LINGER with a zero timeout makes close() send RST.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                given = {name.lower(): value for name, value in reply.headers.items()}
                chunked = given.get("transfer-encoding", "").lower() == "chunked"
                if "content-length" not in given and not chunked:
                    # A Content-Length or chunked encoding in the reply's headers is used as given
                    # (a server announcing more than it sends, or a body of unknown length).
                    declared = len(reply.body) + (100 if reply.action == "truncate" else 0)
                    self.send_header("Content-Length", str(declared))
                self.end_headers()
                body = reply.body
                if chunked:
                    for start in range(0, len(body), 65536):
                        piece = body[start : start + 65536]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if reply.stall:
                    half = len(body) // 2
                    self.wfile.write(body[:half])
                    self.wfile.flush()
                    owner._wake.wait(reply.stall)
                    body = body[half:]
                self.wfile.write(body)
                if reply.action in ("truncate", "close_after"):
                    # "close_after": a complete answer, then the connection is dropped
                    # without a "Connection: close" (an idle-timeout load balancer).
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

            do_POST = do_GET = do_PUT = do_DELETE = do_PATCH = _handle

        class _Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True
            # The default listen backlog (5) overflows when many threads connect at
            # once; the kernel then retries the handshake with backoff (1, 2, 4, 8 s...).
            request_queue_size = 128

            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that gave up (timeout, reset) is what fault tests do on purpose.
                if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    return
                super().handle_error(request, client_address)

        self._server = _Server(("127.0.0.1", self._wanted_port), _Handler)
        self._stopping = False
        self._wake.clear()
        self._thread = threading.Thread(target=self._serve, args=(self._server,), daemon=True)
        self._thread.start()
        return self

    def _serve(self, server: ThreadingHTTPServer) -> None:
        # Not serve_forever(): its shutdown() waits for a poll interval to pass, which
        # cost every test that used a server ~50 ms. handle_request() blocks until a
        # connection arrives; stop() wakes it by shutting the listening socket down
        # (accept then fails, quietly), so no thread is left behind.
        server.timeout = None
        while not self._stopping:
            server.handle_request()

    def stop(self) -> None:
        if self._server is not None:
            self._stopping = True
            self._wake.set()  # slow and stalled answers end now, not seconds after the test
            try:
                self._server.socket.shutdown(socket.SHUT_RDWR)
            except OSError:  # pragma: no cover - already closed
                pass
            assert self._thread is not None
            self._thread.join(5)
            self._server.server_close()
            self._server = None
            # Every connection ends before stop() returns, kept-alive ones included (their
            # handler waits for the next request): a test that counts threads never sees the
            # previous test's handlers end during it.
            with self._lock:
                still_open = list(self._open.items())
            for thread, connection in still_open:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                thread.join(5)

    def __enter__(self) -> "LoopbackServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class Part:
    """One part of a multipart/form-data body."""

    def __init__(self, headers: Dict[str, str], body: bytes) -> None:
        self.headers = headers
        self.body = body
        disposition = headers.get("content-disposition", "")
        match = re.search(r'name="([^"]*)"', disposition)
        self.name = match.group(1) if match else None
        self.filename_given = "filename=" in disposition
        self.content_type = headers.get("content-type")

    def __repr__(self) -> str:
        return "<Part %s %s %d bytes>" % (self.name, self.content_type, len(self.body))


def parse_multipart(content_type: str, body: bytes) -> List[Part]:
    """Split a multipart/form-data body into parts, exactly (no normalisation)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/form-data") or not match:
        raise AssertionError("not multipart/form-data: %r" % content_type)
    delimiter = b"--" + match.group(1).encode("ascii")
    assert body.startswith(delimiter + b"\r\n"), body[:80]
    assert body.endswith(delimiter + b"--\r\n"), body[-80:]
    assert body.endswith(b"\r\n" + delimiter + b"--\r\n"), body[-80:]
    inner = body[len(delimiter) + 2 : -(len(delimiter) + 6)]
    parts = []
    for chunk in inner.split(b"\r\n" + delimiter + b"\r\n"):
        head, _, content = chunk.partition(b"\r\n\r\n")
        headers: Dict[str, str] = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers, content))
    return parts


def multipart_as_tuples(content_type: str, body: bytes) -> List[Tuple[Optional[str], Optional[str], bytes]]:
    return [(p.name, p.content_type, p.body) for p in parse_multipart(content_type, body)]
