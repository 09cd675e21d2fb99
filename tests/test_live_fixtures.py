"""Every Live endpoint recorded through FixtureTransport and replayed offline; the recording byte for byte.

``tests/recordings/live_session_flow.json`` is produced by ``record_live_flow``
against tests/_server.py. To regenerate it after an intended change::

    REALTIME_SYNC_REGENERATE_RECORDINGS=1 pytest tests/test_live_fixtures.py -k committed
"""

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Dict

import pytest
from _server import ANSWER_SDP, LIVE_FORK_ID, LIVE_RECORDING, LIVE_SESSION_ID, LoopbackServer, error_reply

from realtime_sync import NULL, NotFoundError, RealtimeClient
from realtime_sync.fixtures import RECORD_MODE_ENV, FixtureTransport
from realtime_sync.live.models import LiveSessionConfig

LIVE_FLOW = Path(__file__).parent / "recordings" / "live_session_flow.json"
OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
TRANSPORT = {"type": "webrtc", "sdp": OFFER}


@pytest.fixture(autouse=True)
def _no_mode_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_MODE_ENV, raising=False)


def record_live_flow(client: RealtimeClient) -> Dict[str, Any]:
    """Every Live REST endpoint once, the recording both in memory and streamed."""
    created = client.live.create(
        session=LiveSessionConfig(model="gpt-live-1", instructions="Grüß Gott 😀", delegation=NULL, store=True),
        transport=TRANSPORT,
    )
    sid = created.session.id
    client.live.sessions.accept("live_a b/c", session={"model": "gpt-live-1", "safety_identifier": None})
    client.live.sessions.refer(sid, target_uri="tel:+14155550123")
    client.live.sessions.reject(sid, status_code=486)
    client.live.sessions.hangup(sid)
    forked = client.live.sessions.fork(sid, transport=TRANSPORT, session={"store": False})
    recording = client.live.sessions.download_recording(sid).content
    with client.live.sessions.with_streaming_response.download_recording(sid, extra_query={"part": "2"}) as rec:
        streamed = b"".join(rec.iter_bytes())
    return {"created": created, "forked": forked, "recording": recording, "streamed": streamed}


def record_to(path: Path, server: LoopbackServer, key: str) -> Dict[str, Any]:
    with FixtureTransport(path, "all") as transport:
        return record_live_flow(transport.client(api_key=key, base_url=server.url))


def replay_from(path: Path) -> Dict[str, Any]:
    with FixtureTransport(path, require_all_played=True) as transport:
        return record_live_flow(transport.client(base_url="https://example.invalid/v1"))


def test_live_flow_recorded_once_replays_offline_byte_exact(tmp_path: Path, canary_key: str) -> None:
    path = tmp_path / "live.json"
    with LoopbackServer() as server:
        live = record_to(path, server, canary_key)
        assert len(server.requests) == 8
    replayed = replay_from(path)  # the server is gone: any network use would fail
    assert replayed["created"] == live["created"]
    assert replayed["created"].session.id == LIVE_SESSION_ID and replayed["created"].transport.sdp == ANSWER_SDP
    assert replayed["forked"] == live["forked"] and replayed["forked"].session.id == LIVE_FORK_ID
    assert replayed["recording"] == live["recording"] == LIVE_RECORDING
    assert replayed["streamed"] == LIVE_RECORDING


def test_the_recording_is_stored_byte_exact_and_no_secret_is(tmp_path: Path, canary_key: str) -> None:
    path = tmp_path / "live.json"
    with LoopbackServer() as server:
        record_to(path, server, canary_key)
    text = path.read_text(encoding="utf-8")
    assert canary_key not in text and canary_key[8:] not in text
    interactions = json.loads(text)["interactions"]
    bodies = [i["response"] for i in interactions if i["request"]["path"].endswith("/content")]
    assert bodies, "the recording was not stored"
    for response in bodies:
        stored = json.dumps(response)
        assert "REDACTED" not in stored  # the planted "ek_..." bytes inside the audio are not rewritten
        assert base64.b64decode(response["base64"]) == LIVE_RECORDING


def test_errors_replay_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "live_errors.json"

    def run(client: RealtimeClient) -> Any:
        with pytest.raises(NotFoundError) as info:
            client.live.sessions.download_recording("live_gone", max_retries=0)
        return (info.value.status_code, info.value.code, str(info.value))

    with LoopbackServer() as server:
        server.add(lambda req: error_reply(404, "No stored session live_gone.", code="session_not_found"))
        with FixtureTransport(path, "once") as transport:
            recorded = run(transport.client(api_key="sk-record-key-000", base_url=server.url))
    with FixtureTransport(path, require_all_played=True) as transport:
        assert run(transport.client()) == recorded == (404, "session_not_found", recorded[2])


def test_committed_recording_replays_offline() -> None:
    results = replay_from(LIVE_FLOW)
    assert results["created"].session.id == LIVE_SESSION_ID
    assert hashlib.sha256(results["recording"]).digest() == hashlib.sha256(LIVE_RECORDING).digest()
    assert results["streamed"] == LIVE_RECORDING


def test_committed_recording_is_exactly_what_recording_produces(tmp_path: Path, canary_key: str) -> None:
    fresh = tmp_path / "live_session_flow.json"
    with LoopbackServer() as server:
        record_to(fresh, server, canary_key)
    if os.environ.get("REALTIME_SYNC_REGENERATE_RECORDINGS"):
        LIVE_FLOW.write_bytes(fresh.read_bytes())
    assert fresh.read_text(encoding="utf-8") == LIVE_FLOW.read_text(encoding="utf-8")
