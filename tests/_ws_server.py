"""A real WebSocket server on 127.0.0.1 for the sideband tests (stdlib only).

    def script(ws):                          # runs in the server thread, per connection
        ws.send_json({"type": "session.created", ...})
        assert ws.recv_json()["type"] == "session.update"

    with WebSocketServer(script) as srv:
        client = RealtimeClient("sk-test", base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            ...
    srv.connections[0].query                 # {"call_id": "rtc_1"}
    srv.connections[0].messages              # every text message the client sent, parsed

It does the RFC 6455 handshake and framing itself (server frames unmasked,
client frames must be masked), records every frame the client sent, and
answers pings. After the script returns it keeps reading until the client
closes, so what the client sends later is recorded too. A plain HTTP request
(no upgrade) is recorded in ``srv.http_requests`` and answered ``200``. ``srv.reject(404,
body)`` answers the next handshake with an HTTP error instead; ``gate(method, target, headers)``
(lower-cased header names) may do the same for every handshake: it returns ``(status, body)``
to refuse one, None to accept it. ``srv.join()``
waits until every connection is finished and re-raises a script's failure.
"""

import base64
import hashlib
import json
import socket
import struct
import threading
from collections import deque
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG, CONT = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0

Frame = Tuple[int, bytes]


class ClientClosed(Exception):
    """The client closed the connection (close frame or EOF)."""


class ServerSide:
    """The server's end of one accepted connection (handed to the script)."""

    def __init__(self, sock: socket.socket, method: str, target: str, headers: Dict[str, str]) -> None:
        self.sock = sock
        self.method = method
        self.target = target
        parts = urlsplit(target)
        self.path = parts.path
        self.query: Dict[str, str] = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.headers = headers  # lower-cased names
        self.frames: List[Frame] = []  # every frame from the client, in order
        self.close_frame: Optional[Tuple[Optional[int], str]] = None  # (code, reason) the client sent
        self.answer_pings = True
        self.echo_close = True  # False: a peer that never completes the closing handshake
        self.closed = False
        self._send_lock = threading.Lock()

    # -- what the client sent ---------------------------------------------------
    @property
    def texts(self) -> List[str]:
        """Every complete text message from the client."""
        return [payload.decode("utf-8") for opcode, payload in self.frames if opcode == TEXT]

    @property
    def messages(self) -> List[Any]:
        """Every text message from the client, JSON-decoded."""
        return [json.loads(text) for text in self.texts]

    # -- sending ------------------------------------------------------------------
    def send_frame(self, opcode: int, payload: bytes, fin: bool = True) -> None:
        head = bytes([(0x80 if fin else 0) | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([n])
        elif n < 65536:
            head += bytes([126]) + struct.pack("!H", n)
        else:
            head += bytes([127]) + struct.pack("!Q", n)
        with self._send_lock:
            self.sock.sendall(head + payload)

    def send_text(self, text: str) -> None:
        self.send_frame(TEXT, text.encode("utf-8"))

    def send_json(self, data: Any) -> None:
        self.send_text(json.dumps(data))

    def ping(self, payload: bytes = b"") -> None:
        self.send_frame(PING, payload)

    def close(self, code: Optional[int] = 1000, reason: str = "") -> None:
        """Send a close frame and wait for the client's close frame."""
        payload = b"" if code is None else struct.pack("!H", code) + reason.encode("utf-8")
        self.send_frame(CLOSE, payload)
        try:
            while True:
                self.recv_frame()
        except ClientClosed:
            pass
        self.shutdown()

    def drop(self) -> None:
        """Vanish without a close frame (a dropped connection)."""
        self.shutdown()

    def shutdown(self) -> None:
        self.closed = True
        if self.sock.fileno() == -1:
            return
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    # -- receiving ------------------------------------------------------------------
    def _read_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ClientClosed("EOF")
            data += chunk
        return data

    def recv_frame(self) -> Frame:
        """The next frame from the client (recorded); answers pings and echoes a close."""
        b0, b1 = self._read_exact(2)
        fin, opcode = bool(b0 & 0x80), b0 & 0x0F
        if not b1 & 0x80:
            raise AssertionError("client frame is not masked")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read_exact(8))[0]
        mask = self._read_exact(4)
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read_exact(n)))
        if opcode == CONT or not fin:
            # Reassemble a fragmented message into one recorded frame.
            first = opcode
            parts = [payload]
            while not fin:
                b0, b1 = self._read_exact(2)
                fin, n = bool(b0 & 0x80), b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self._read_exact(2))[0]
                mask = self._read_exact(4)
                parts.append(bytes(b ^ mask[i % 4] for i, b in enumerate(self._read_exact(n))))
            opcode, payload = first, b"".join(parts)
        self.frames.append((opcode, payload))
        if opcode == PING and self.answer_pings:
            self.send_frame(PONG, payload)
        elif opcode == CLOSE:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            self.close_frame = (code, payload[2:].decode("utf-8"))
            if not self.closed and self.echo_close:
                try:
                    self.send_frame(CLOSE, payload[:2])
                except OSError:
                    pass
                self.closed = True
            if not self.echo_close:
                # Hold the TCP connection open, silent, until the client gives up.
                while self.sock.recv(4096):
                    pass
            raise ClientClosed("close frame")
        return opcode, payload

    def recv_text(self) -> str:
        """The next text message from the client (control frames handled on the way)."""
        while True:
            opcode, payload = self.recv_frame()
            if opcode == TEXT:
                return payload.decode("utf-8")

    def recv_json(self) -> Any:
        return json.loads(self.recv_text())

    def wait_for(self, type_: str) -> Any:
        """Skip client messages until one of this ``type`` arrives."""
        while True:
            message = self.recv_json()
            if message.get("type") == type_:
                return message


Script = Callable[[ServerSide], None]


class HttpRecord:
    """A plain HTTP request the server answered (not a WebSocket upgrade)."""

    def __init__(self, method: str, path: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return "<HttpRecord %s %s>" % (self.method, self.path)


class WebSocketServer:
    """A threaded WebSocket server; each connection runs ``script`` (None: just listen)."""

    def __init__(
        self,
        script: Optional[Script] = None,
        *,
        timeout: float = 10.0,
        gate: Optional[Callable[[str, str, Dict[str, str]], Optional[Tuple[int, Any]]]] = None,
    ) -> None:
        self.script = script
        self.gate = gate
        self.timeout = timeout  # safety net on every socket read: a broken test fails, never hangs
        self.connections: List[ServerSide] = []
        self.http_requests: List[HttpRecord] = []  # non-WebSocket requests, answered 200
        self.errors: List[BaseException] = []
        self._rejections: Deque[Tuple[int, bytes, Dict[str, str]]] = deque()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        # A full backlog drops the SYN and the client retries a second later: room for 50+ calls at once.
        self._listener.listen(128)
        self.port = self._listener.getsockname()[1]
        self.url = "http://127.0.0.1:%d/v1" % self.port
        self._threads: List[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._stopping = False

    def reject(self, status: int, body: Any = None, headers: Optional[Dict[str, str]] = None) -> None:
        """Answer the next handshake with an HTTP error (``body``: dict -> JSON)."""
        raw = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or b"")
        self._rejections.append((status, raw, dict(headers or {"Content-Type": "application/json"})))

    def __enter__(self) -> "WebSocketServer":
        self._accept_thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._stopping = True
        try:
            # shutdown wakes the accept() blocked in the accept thread (close alone does not, on Linux).
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._listener.close()
        except OSError:
            pass
        self._accept_thread.join(self.timeout)
        for side in self.connections:
            if not side.closed:
                side.shutdown()
        for thread in self._threads:
            thread.join(self.timeout)

    def join(self) -> None:
        """Wait for every connection's thread to finish; re-raise a script failure."""
        for thread in list(self._threads):
            thread.join(self.timeout)
            if thread.is_alive():
                raise AssertionError("server connection thread did not finish")
        if self.errors:
            raise self.errors[0]

    def _answer_http(self, sock: socket.socket, method: str, target: str, headers: Dict[str, str], body: bytes) -> None:
        # Plain HTTP on the same port (e.g. calls.hangup from a worker): record it, answer 200.
        length = int(headers.get("content-length", "0") or 0)
        while len(body) < length:
            chunk = sock.recv(length - len(body))
            if not chunk:
                break
            body += chunk
        self.http_requests.append(HttpRecord(method, urlsplit(target).path, headers, body))
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        sock.close()

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(self.timeout)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    sock.close()
                    return
                data += chunk
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            lines = head.split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if headers.get("upgrade", "").lower() != "websocket":
                self._answer_http(sock, method, target, headers, data.split(b"\r\n\r\n", 1)[1])
                return
            side = ServerSide(sock, method, target, headers)
            self.connections.append(side)
            refused = self.gate(method, target, headers) if self.gate is not None else None
            if refused is not None:
                self.reject(*refused)
            if self._rejections:
                status, body, extra = self._rejections.popleft()
                response = "HTTP/1.1 %d Error\r\n" % status
                for name, value in extra.items():
                    response += "%s: %s\r\n" % (name, value)
                response += "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
                sock.sendall(response.encode("latin-1") + body)
                side.shutdown()
                return
            accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + GUID).encode()).digest())
            sock.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n"
            )
            try:
                if self.script is not None:
                    self.script(side)
                # Keep recording until the client closes.
                while not side.closed:
                    side.recv_frame()
            except ClientClosed:
                pass
            except OSError:
                if not side.closed:
                    raise
            finally:
                side.shutdown()
        except BaseException as exc:
            if not self._stopping:
                self.errors.append(exc)


class ConnectProxy:
    """A minimal HTTP CONNECT proxy on 127.0.0.1 that records the CONNECT requests it tunnels."""

    def __init__(self) -> None:
        self.requests: List[Tuple[str, Dict[str, str]]] = []  # (request line, lower-cased headers)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = self._listener.getsockname()[1]
        self._threads: List[threading.Thread] = []

    def __enter__(self) -> "ConnectProxy":
        thread = threading.Thread(target=self._accept_loop, daemon=True)
        thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._tunnel, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _tunnel(self, client: socket.socket) -> None:
        client.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        self.requests.append((lines[0], headers))
        host, port = lines[0].split(" ")[1].rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=10)
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            upstream.sendall(rest)

        def pipe(src: socket.socket, dst: socket.socket) -> None:
            try:
                while True:
                    chunk = src.recv(65536)
                    if not chunk:
                        break
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        back = threading.Thread(target=pipe, args=(upstream, client), daemon=True)
        back.start()
        pipe(client, upstream)
        back.join(10)
        client.close()
        upstream.close()
