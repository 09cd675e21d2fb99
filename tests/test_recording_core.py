"""HTTP fixtures and WebSocket recordings share one core: the same arguments, file checks and writer."""

from pathlib import Path
from typing import Any, List, Optional

import pytest

from realtime_sync.errors import FixtureError
from realtime_sync.fixtures import RECORD_MODE_ENV, FixtureTransport
from realtime_sync.sideband import FixtureConnector, RecvTimeout
from realtime_sync.transport import HttpRequest, Timeout

WS_EMPTY = '{"connections": [], "format": 1, "kind": "websocket"}\n'
HTTP_EMPTY = '{"format": 1, "interactions": []}\n'


class Quiet:
    """A live WebSocket that says one thing, then nothing."""

    def __init__(self) -> None:
        self.messages: List[str] = ['{"type":"session.created","event_id":"e1","session":{"id":"sess_1"}}']

    def send_text(self, text: str) -> None:
        pass

    def recv_text(self, timeout: Optional[float] = None) -> str:
        if self.messages:
            return self.messages.pop(0)
        raise RecvTimeout(timeout or 0.0)

    def close(self, code: int = 1000, reason: str = "") -> None:
        pass


class QuietConnector:
    def connect(self, request: HttpRequest, *, timeout: Timeout) -> Any:
        return Quiet()


def test_both_recorders_take_path_mode_and_inner_positionally_and_env_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RECORD_MODE_ENV, "all")
    ws = tmp_path / "ws.json"
    ws.write_text(WS_EMPTY)
    http = tmp_path / "http.json"
    http.write_text(HTTP_EMPTY)
    connector = FixtureConnector(ws, "none", QuietConnector(), env_override=False)
    transport = FixtureTransport(http, "none", None, env_override=False)
    assert (connector.record_mode, transport.record_mode) == ("none", "none")
    assert FixtureConnector(ws, "none").record_mode == "all"  # the environment wins unless told otherwise
    transport.close()


def test_a_websocket_recording_is_written_by_the_same_writer(tmp_path: Path) -> None:
    ws = tmp_path / "deep" / "ws.json"
    connector = FixtureConnector(ws, "all", QuietConnector())
    request = HttpRequest("GET", "wss://api.openai.com/v1/realtime?call_id=rtc_1", {"Authorization": "Bearer sk-x"})
    conn = connector.connect(request, timeout=Timeout())
    conn.recv_text(1)
    conn.close()
    connector.close()
    text = ws.read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n  "connections": [' in text
    assert not (tmp_path / "deep" / "ws.json.tmp").exists()


BAD_FILES = [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    (b'{"format": true, "interactions": [], "connections": [], "kind": "websocket"}', "format True"),
    (b'{"format": 99, "interactions": [], "connections": [], "kind": "websocket"}', "format 99 is not supported"),
]


@pytest.mark.parametrize("content, message", BAD_FILES)
def test_both_recorders_refuse_a_bad_file_with_a_fixture_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(FixtureError, match=message):
        FixtureTransport(path, env_override=False)
    with pytest.raises(FixtureError, match=message):
        FixtureConnector(path, env_override=False)
