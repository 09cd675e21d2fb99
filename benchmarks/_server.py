"""A fast keep-alive HTTP/1.1 server on 127.0.0.1 for the loopback benchmarks (standard library only).

Run as a subprocess: ``python benchmarks/_server.py`` prints ``PORT <n>`` once listening and serves until its
standard input closes (so it never outlives the benchmark) or ``--max-seconds`` pass. It answers every POST at once
with a canned body: the full client-secret response for ``.../client_secrets`` (the typical one under
``/typical/...``) and an empty 200 for the call endpoints. One asyncio loop, no threads, so it costs the client
side as little CPU as possible.
"""

import argparse
import asyncio
import json
import os
import sys
import threading
from typing import Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _payloads import RESPONSE_BYTES, TYPICAL_RESPONSE_BYTES

__all__ = ["main"]


def _response(status: bytes, content_type: bytes, body: bytes) -> bytes:
    return (
        b"HTTP/1.1 " + status + b"\r\n"
        b"Content-Type: " + content_type + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n"
        b"x-request-id: req_bench\r\n"
        b"Connection: keep-alive\r\n\r\n" + body
    )


_SECRET = _response(b"200 OK", b"application/json", RESPONSE_BYTES)
_TYPICAL_SECRET = _response(b"200 OK", b"application/json", TYPICAL_RESPONSE_BYTES)
_EMPTY = _response(b"200 OK", b"application/json", b"")
_CREATED = (
    b"HTTP/1.1 201 Created\r\nContent-Type: application/sdp\r\nContent-Length: 8\r\n"
    b"Location: /v1/realtime/calls/rtc_bench\r\nConnection: keep-alive\r\n\r\nv=0\r\n\r\n"
)
_NOT_FOUND = _response(b"404 Not Found", b"application/json", b'{"error":{"message":"no such route"}}')


#: Connections accepted and requests answered, served at ``GET /_stats`` (proves keep-alive reuse).
_STATS = {"connections": 0, "requests": 0}


class _Http(asyncio.Protocol):
    """Parses pipelined requests with Content-Length bodies; enough for requests and httpx."""

    def __init__(self) -> None:
        self.buf = b""
        self.transport: Optional[asyncio.Transport] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        _STATS["connections"] += 1

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            total = end + 4 + length
            if len(self.buf) < total:
                return
            request_line = head.split(b"\r\n", 1)[0]
            self.buf = self.buf[total:]
            path = request_line.split(b" ")[1] if b" " in request_line else b""
            assert self.transport is not None
            if path == b"/_stats":
                self.transport.write(_response(b"200 OK", b"application/json", json.dumps(_STATS).encode()))
                continue
            _STATS["requests"] += 1
            self.transport.write(_answer(path))


def _answer(path: bytes) -> bytes:
    if path.endswith(b"/client_secrets"):
        return _TYPICAL_SECRET if path.startswith(b"/typical/") else _SECRET
    if path.endswith(b"/realtime/calls"):
        return _CREATED
    if b"/realtime/calls/" in path:
        return _EMPTY
    return _NOT_FOUND


def main() -> None:
    """Serve until stdin closes.

    Example::

        python benchmarks/_server.py --max-seconds 600
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="stop after this long whatever happens")
    args = parser.parse_args()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(_Http, "127.0.0.1", 0, backlog=128))
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)

    def watch_stdin() -> None:
        sys.stdin.read()  # returns when the parent closes the pipe or exits
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.call_later(args.max_seconds, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()


if __name__ == "__main__":
    main()
