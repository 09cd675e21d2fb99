"""Any HTTP method through the client's seam, and streamed responses (large binary downloads).

Real sockets (tests/_server.py) for RequestsTransport; FixtureTransport records
through it and replays byte-exact.
"""

import base64
import json
import os
from pathlib import Path
from typing import Any, List

import pytest
from _server import LoopbackServer, Recorded, Reply

from realtime_sync import NOT_GIVEN, RealtimeClient, RetryMode, RetryPolicy
from realtime_sync.errors import APIConnectionError, FixtureError, NotFoundError
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.transport import (
    HttpRequest,
    HttpResponse,
    RequestsTransport,
    StreamedHttpResponse,
    Timeout,
)

# Looks like an ephemeral key to a text scrubber; in a recording it is audio and must stay as it is.
AUDIO = (b"RIFF\x00\x01WAVEek_looks_like_a_key\xff\x00" * 20000)[:300_001]
T = Timeout(5, 5)


def audio_handler(req: Recorded) -> Reply:
    if req.method == "GET" and req.path.endswith("/content"):
        return Reply(200, AUDIO, {"Content-Type": "application/binary", "x-request-id": "req_audio"})
    return Reply(404, {"error": {"message": "no", "type": "invalid_request_error", "code": None}})


def no_sleep_client(srv: LoopbackServer, **kw: Any) -> RealtimeClient:
    policy = RetryPolicy(2, sleep=lambda s: None)
    return RealtimeClient("sk-test-key-0000", base_url=srv.url, retry_policy=policy, **kw)


def test_build_request_any_method_query_and_headers() -> None:
    client = RealtimeClient("sk-test-key-0000", base_url="https://h/v1", default_headers={"X-App": "a"})
    request = client.build_request(
        "get",
        "/live/sessions/s_1/content",
        accept="application/binary",
        query={"a": "1", "b": ["x", "y"]},
        extra_headers={"X-App": None, "X-Trace": "t"},
    )
    assert request.method == "GET"
    # Lists as the official SDK writes them: "b[]" repeated.
    assert request.url == "https://h/v1/live/sessions/s_1/content?a=1&b%5B%5D=x&b%5B%5D=y"
    assert request.headers["authorization"] == "Bearer sk-test-key-0000"
    assert request.headers["accept"] == "application/binary"
    assert "content-type" not in request.headers and "x-app" not in request.headers
    assert request.headers["x-trace"] == "t"


def test_send_get_through_the_retry_loop() -> None:
    with LoopbackServer(audio_handler) as srv, no_sleep_client(srv) as client:
        srv.respond(503, b"busy")
        request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/binary")
        response = client.send(request)
        assert response.body == AUDIO
        assert [(r.method, r.path) for r in srv.requests] == [("GET", "/v1/live/sessions/s_1/content")] * 2


def test_requests_transport_streams_in_chunks() -> None:
    with LoopbackServer(audio_handler) as srv, RequestsTransport() as transport:
        request = HttpRequest("GET", srv.url + "/live/sessions/s_1/content")
        with transport.send_streamed(request, timeout=T) as response:
            assert response.status_code == 200 and response.request_id == "req_audio"
            chunks = list(response.iter_bytes())
        assert len(chunks) > 1 and max(len(c) for c in chunks) <= 64 * 1024
        assert b"".join(chunks) == AUDIO
        assert response.is_closed
        with pytest.raises(RuntimeError):
            response.read()  # a stream is read once


def test_a_body_cut_short_raises_from_the_iterator() -> None:
    with LoopbackServer() as srv, RequestsTransport() as transport:
        srv.respond(200, AUDIO[:200_000], {"Content-Type": "application/binary"}, action="truncate")
        response = transport.send_streamed(HttpRequest("GET", srv.url + "/x"), timeout=T)
        assert response.status_code == 200
        with pytest.raises(APIConnectionError) as info:
            response.read()
        assert info.value.request_sent is True
        assert response.is_closed


def test_client_send_streamed_retries_then_streams_and_raises_status_errors() -> None:
    with LoopbackServer(audio_handler) as srv, no_sleep_client(srv) as client:
        srv.respond(503, {"error": {"message": "later"}}, {"x-request-id": "req_1"})
        request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/binary")
        with client.send_streamed(request) as response:
            assert response.read() == AUDIO
        assert len(srv.requests) == 2
        with pytest.raises(NotFoundError):
            client.send_streamed(client.build_request("GET", "/nothing"), retry_mode=RetryMode.UNSENT)


def test_retry_mode_must_be_the_enum() -> None:
    client = RealtimeClient("sk-test-key-0000", transport=_Whole([]))
    with pytest.raises(TypeError, match="retry_mode"):
        client.send(client.build_request("POST", "/x"), retry_mode="unsnet")  # type: ignore[arg-type]


class _Whole:
    """A custom transport with ``send`` only."""

    def __init__(self, log: List[HttpRequest]) -> None:
        self.log = log

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        self.log.append(request)
        return HttpResponse(200, {"content-type": "application/binary"}, AUDIO)

    def close(self) -> None:
        pass


def test_a_transport_without_send_streamed_still_streams_as_one_chunk() -> None:
    log: List[HttpRequest] = []
    client = RealtimeClient("sk-test-key-0000", transport=_Whole(log))
    with client.send_streamed(client.build_request("GET", "/c"), timeout=NOT_GIVEN) as response:
        assert list(response.iter_bytes()) == [AUDIO]
    assert log[0].method == "GET"


def test_streamed_response_of_and_close_callback() -> None:
    closed: List[bool] = []
    response = StreamedHttpResponse(200, {}, iter([b"a", b"", b"b"]), close=lambda: closed.append(True))
    assert list(response.iter_bytes()) == [b"a", b"b"]
    response.close()
    assert closed == [True]  # once
    assert StreamedHttpResponse.of(HttpResponse(204)).read() == b""


def test_fixture_records_and_replays_a_streamed_download_byte_exact(tmp_path: Path) -> None:
    path = tmp_path / "download.json"
    with LoopbackServer(audio_handler) as srv, FixtureTransport(path, "once", inner=RequestsTransport()) as transport:
        client = transport.client(api_key="sk-test-key-0000", base_url=srv.url)
        request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/binary")
        with client.send_streamed(request) as response:
            assert response.read() == AUDIO
    stored = json.loads(path.read_text(encoding="utf-8"))["interactions"][0]
    assert stored["request"]["method"] == "GET"
    assert base64.b64decode(stored["response"]["base64"]) == AUDIO  # never rewritten by redaction

    with FixtureTransport(path, "none") as transport:
        client = transport.client(base_url="https://api.openai.com/v1")
        request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/binary")
        with client.send_streamed(request) as response:
            chunks = list(response.iter_bytes())
        assert len(chunks) > 1 and b"".join(chunks) == AUDIO
        transport.assert_all_played()


def test_a_stream_closed_early_is_not_recorded(tmp_path: Path) -> None:
    path = tmp_path / "partial.json"
    with LoopbackServer(audio_handler) as srv, FixtureTransport(path, "all", inner=RequestsTransport()) as transport:
        client = transport.client(api_key="sk-test-key-0000", base_url=srv.url)
        response = client.send_streamed(client.build_request("GET", "/live/sessions/s_1/content"))
        next(response.iter_bytes())
        response.close()
        assert transport.interactions == []


def test_a_known_secret_in_a_binary_body_refuses_the_save(tmp_path: Path) -> None:
    key = "sk-canary-binary-0123456789"

    class Echo:
        def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
            return HttpResponse(200, {"content-type": "application/octet-stream"}, b"\x00" + key.encode())

        def close(self) -> None:
            pass

    path = tmp_path / "echo.json"
    transport = FixtureTransport(path, "all", inner=Echo())
    transport.client(api_key=key).send(RealtimeClient(key).build_request("GET", "/blob"))
    with pytest.raises(FixtureError, match=r"interactions\[0\]\.response\.base64") as info:
        transport.close()
    assert key not in str(info.value)
    assert not os.path.exists(path)


def test_an_error_body_of_a_streamed_attempt_is_read_at_most_to_the_limit() -> None:
    huge = b"x" * (3 * 1024 * 1024)
    with LoopbackServer() as srv:
        srv.respond(404, huge, {"Content-Type": "text/plain", "x-request-id": "req_404"})
        client = RealtimeClient("sk-test-key-0000", base_url=srv.url, max_response_bytes=1024 * 1024)
        with client, pytest.raises(NotFoundError) as info:
            client.send_streamed(client.build_request("GET", "/live/sessions/s_1/content"))
    assert len(info.value.response.body) == 1024 * 1024
    assert info.value.request_id == "req_404"
