"""Bounded memory against hostile servers (issue 15, item 15).

REST: a JSON or text answer larger than ``max_response_bytes`` is an error, found
while reading (from ``Content-Length`` before the body, or by counting decoded
bytes), never after holding it all. Sideband: a frame header announcing more
than ``max_message_size`` closes the connection before the payload is read; the
queue of unread messages is bounded and overflows by closing with 1008.
Real loopback servers throughout (tests/_server.py, tests/_ws_server.py).
"""

import gzip
import struct
import tracemalloc
from typing import Any, List

import pytest
from _server import LoopbackServer
from _ws_server import CLOSE, CONT, TEXT, ServerSide, WebSocketServer
from conftest import CANARY_KEY

from realtime_sync import APIResponseValidationError, ConfigurationError, RealtimeClient, RequestsTransport
from realtime_sync.sideband import ConnectionClosedError, WebSocketClientConnector
from realtime_sync.transport import DEFAULT_MAX_RESPONSE_BYTES, HttpRequest, HttpResponse, Timeout

MiB = 1024 * 1024


def raw_request(client: RealtimeClient) -> HttpRequest:
    return client.build_request("POST", "/realtime/calls/rtc_1/hangup", accept="*/*")


def peak_while(func: Any) -> int:
    tracemalloc.start()
    try:
        func()
    except APIResponseValidationError:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


# -- REST ----------------------------------------------------------------------------------------------------------


def test_the_default_limit_is_16_mib() -> None:
    assert DEFAULT_MAX_RESPONSE_BYTES == 16 * 1024 * 1024
    assert RequestsTransport().max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
    client = RealtimeClient("sk-test")
    assert client.transport.max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES  # type: ignore[attr-defined]


def test_a_declared_200_mb_answer_is_refused_before_reading_it(loopback: LoopbackServer) -> None:
    # The server announces 200 MB and sends 10 bytes: waiting for the rest would take the read
    # timeout (and, from a server that does send it, 200 MB of memory).
    loopback.respond(200, b'{"value":1', {"Content-Type": "application/json", "Content-Length": str(200 * MiB)})
    client = RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, timeout=(5, 30))
    with client, pytest.raises(APIResponseValidationError) as info:
        client.client_secrets.create(session={"type": "realtime"})
    exc = info.value
    assert "max_response_bytes (16777216 bytes)" in str(exc)
    assert exc.status_code == 200 and exc.body is None and exc.response.content == b""
    assert len(loopback.requests) == 1  # not retried: the server did answer


def test_an_undeclared_body_is_counted_while_reading(loopback: LoopbackServer) -> None:
    body = b'{"pad": "' + b"x" * (8 * MiB) + b'"}'
    loopback.respond(200, body, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    with RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, max_response_bytes=MiB) as client:
        peak = peak_while(lambda: client.send(raw_request(client)))
        with pytest.raises(APIResponseValidationError, match=r"max_response_bytes \(1048576 bytes\)"):
            loopback.respond(200, body, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
            client.send(raw_request(client))
    # What was held is about the limit, not the 8 MiB the server sent.
    assert peak < 3 * MiB, peak


def test_a_compressed_bomb_is_limited_after_decompression(loopback: LoopbackServer) -> None:
    bomb = gzip.compress(b"0" * (32 * MiB), compresslevel=1)
    assert len(bomb) < MiB
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, max_response_bytes=MiB) as client:
        loopback.respond(200, bomb, headers)
        peak = peak_while(lambda: client.send(raw_request(client)))
        loopback.respond(200, bomb, headers)
        with pytest.raises(APIResponseValidationError, match="max_response_bytes"):
            client.send(raw_request(client))
    assert peak < 6 * MiB, peak


def test_the_limit_is_inclusive_and_the_connection_is_reused_after_a_good_answer(loopback: LoopbackServer) -> None:
    with RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, max_response_bytes=1000) as client:
        loopback.respond(200, b"a" * 1000, {"Content-Type": "text/plain"})
        assert len(client.send(raw_request(client)).body) == 1000
        loopback.respond(200, b"a" * 1001, {"Content-Type": "text/plain"})
        with pytest.raises(APIResponseValidationError):
            client.send(raw_request(client))
        loopback.respond(200, b"a" * 1001, {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
        with pytest.raises(APIResponseValidationError):
            client.send(raw_request(client))
        # A refused answer does not poison the pool: the next call works.
        client.calls.hangup("rtc_1")


def test_error_answers_are_limited_too(loopback: LoopbackServer) -> None:
    loopback.respond(502, b"<html>" + b"x" * 5000, {"Content-Type": "text/html"})
    client = RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, max_response_bytes=1000)
    with client, pytest.raises(APIResponseValidationError) as info:
        client.calls.hangup("rtc_1")
    assert info.value.status_code == 502


class BigAnswer:
    """An in-memory transport (no limit of its own) answering ``size`` bytes."""

    def __init__(self, size: int) -> None:
        self.size = size

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        return HttpResponse(200, {"Content-Type": "application/json"}, b" " * self.size + b"{}")

    def close(self) -> None:
        pass


def test_the_client_limit_applies_to_any_transport() -> None:
    client = RealtimeClient("sk-test", transport=BigAnswer(5000), max_response_bytes=1000, max_retries=0)
    with pytest.raises(APIResponseValidationError, match=r"max_response_bytes \(1000 bytes\)"):
        client.calls.hangup("rtc_1")
    RealtimeClient("sk-test", transport=BigAnswer(998), max_response_bytes=1000).calls.hangup("rtc_1")


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "5", None])
def test_the_limit_must_be_a_positive_whole_number(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        RealtimeClient("sk-test", max_response_bytes=bad)
    with pytest.raises(ValueError, match="max_response_bytes"):
        RequestsTransport(max_response_bytes=bad)


def test_streamed_downloads_are_not_limited(loopback: LoopbackServer) -> None:
    body = b"\x00\x01" * (MiB // 2)
    loopback.respond(200, body, {"Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked"})
    with RealtimeClient("sk-test", base_url=loopback.url, max_retries=0, max_response_bytes=1000) as client:
        request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/octet-stream")
        with client.send_streamed(request) as response:
            assert sum(len(chunk) for chunk in response.iter_bytes()) == len(body)


# -- sideband ------------------------------------------------------------------------------------------------------


def connect(srv: WebSocketServer, **limits: Any) -> Any:
    client = RealtimeClient(CANARY_KEY, base_url=srv.url)
    return client.realtime.connect(call_id="rtc_1", connector=WebSocketClientConnector(**limits))


def test_a_frame_announcing_a_terabyte_closes_with_1009_before_its_payload_is_read() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "before"})
        # A header announcing 2**40 bytes, then a few: the client must not wait for (or buffer) the rest.
        ws.sock.sendall(bytes([0x80 | TEXT, 127]) + struct.pack("!Q", 2**40) + b'{"type": ')

    with WebSocketServer(script) as srv:
        conn = connect(srv)
        assert conn.recv(timeout=5).type == "before"
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
        srv.join()
    assert (info.value.code, info.value.reason) == (1009, "message too big")
    assert srv.connections[0].close_frame == (1009, "message too big")


def test_the_message_size_limit_counts_every_fragment() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_frame(TEXT, b'{"type": "small", "pad": "' + b"x" * 900 + b'"}')
        ws.send_frame(TEXT, b'{"type": "frag", "pad": "' + b"x" * 600, fin=False)
        ws.send_frame(CONT, b"y" * 600, fin=False)
        ws.send_frame(CONT, b'"}', fin=True)

    with WebSocketServer(script) as srv:
        conn = connect(srv, max_message_size=1000)
        assert conn.recv(timeout=5).type == "small"  # at the limit is fine
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
        srv.join()
    assert info.value.code == 1009
    assert srv.connections[0].frames[-1][0] == CLOSE


@pytest.mark.parametrize(
    "limits, delivered",
    [({"max_queued_messages": 5}, 5), ({"max_queued_bytes": 100}, 3)],
    ids=["messages", "bytes"],
)
def test_a_full_event_queue_closes_with_1008_after_delivering_what_was_queued(limits: Any, delivered: int) -> None:
    sent: List[str] = []

    def script(ws: ServerSide) -> None:
        for i in range(12):
            sent.append('{"type": "x.custom", "n": %d}' % i)  # 28 bytes each: 3 fit in 100
        # All twelve text frames (FIN + opcode 1, short length) in one write: sent one by one, a
        # descheduled server thread could still be sending after the client's 1008 close and fail
        # with a broken pipe (seen under CI load).
        ws.sock.sendall(b"".join(b"\x81" + bytes([len(text)]) + text.encode() for text in sent))

    with WebSocketServer(script) as srv:
        conn = connect(srv, **limits)
        srv.join()  # the application reads nothing until the server is done (and the client closed)
        got = [conn.recv(timeout=5).raw["n"] for _ in range(delivered)]
        with pytest.raises(ConnectionClosedError) as info:
            conn.recv(timeout=5)
    assert got == list(range(delivered))  # in order, none skipped: the overflow is an explicit close
    assert (info.value.code, info.value.reason) == (1008, "event queue full: the application did not keep up")
    assert srv.connections[0].close_frame == (1008, "event queue full: the application did not keep up")


def test_messages_read_free_room_in_the_queue() -> None:
    def script(ws: ServerSide) -> None:
        for i in range(20):
            ws.send_text('{"type": "x.custom", "n": %d}' % i)

    with WebSocketServer(script) as srv:
        conn = connect(srv, max_queued_messages=50, max_queued_bytes=2000)
        got = [conn.recv(timeout=5).raw["n"] for _ in range(20)]
        conn.close()
        srv.join()
    assert got == list(range(20))


@pytest.mark.parametrize("name", ["max_message_size", "max_queued_messages", "max_queued_bytes"])
@pytest.mark.parametrize("bad", [0, -5, True, 2.5, "10"])
def test_sideband_limits_must_be_positive_whole_numbers(name: str, bad: Any) -> None:
    with pytest.raises(ValueError, match=name):
        WebSocketClientConnector(**{name: bad})
