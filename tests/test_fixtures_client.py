"""FixtureTransport end to end: a real RealtimeClient, the loopback server, the committed recordings.

Recordings under tests/recordings/ are produced by ``record_sip_flow`` below
through FixtureTransport against tests/_server.py. To regenerate them after an
intended change to the client or the server::

    REALTIME_SYNC_REGENERATE_RECORDINGS=1 pytest tests/test_fixtures_client.py -k committed
"""

import json
import os
from pathlib import Path
from typing import Any, Dict, List

import attrs
import pytest
from _server import LoopbackServer, Recorded, Reply, default_handler
from data import ANSWER_SDP, CLIENT_SECRET_REALTIME

from realtime_sync import RealtimeClient, RetryPolicy
from realtime_sync.errors import FixtureMismatchError, InternalServerError, NotFoundError
from realtime_sync.fixtures import RECORD_MODE_ENV, FixtureTransport

RECORDINGS = Path(__file__).parent / "recordings"
SIP_FLOW = RECORDINGS / "sip_call_flow.json"
CANARY_EK = "ek_canary_DO_NOT_LEAK_0042"
OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SESSION = {"type": "realtime", "model": "gpt-realtime", "instructions": "You are a concise support agent."}
ACCEPT = {
    "type": "realtime",
    "model": "gpt-realtime",
    "audio": {"input": {"turn_detection": None}, "output": {"voice": "marin"}},
    "tracing": None,
}


@pytest.fixture(autouse=True)
def _no_mode_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_MODE_ENV, raising=False)


def canary_secret_handler(req: Recorded) -> Reply:
    """The default API answers, with a canary client secret (also echoed inside a string)."""
    if req.path == "/v1/realtime/client_secrets":
        body = json.loads(json.dumps(CLIENT_SECRET_REALTIME))
        body["value"] = CANARY_EK
        body["session"]["instructions"] = "Your key is %s." % CANARY_EK
        return Reply(200, body, {"x-request-id": "req_client_secret", "Date": "Mon, 23 Nov 2026 20:00:00 GMT"})
    return default_handler(req)


def record_sip_flow(client: RealtimeClient, transport: FixtureTransport) -> Dict[str, Any]:
    """A whole SIP call flow: client secret, calls.create (both encodings), accept, refer, hangup."""
    secret = client.client_secrets.create(session=SESSION, expires_after={"anchor": "created_at", "seconds": 600})
    answer = client.calls.create(sdp=OFFER, session=SESSION)
    # The browser-style call: raw SDP with the ephemeral key as the bearer.
    ephemeral = RealtimeClient(api_key=secret.value, base_url=client.base_url, transport=transport, max_retries=0)
    browser = ephemeral.calls.create(sdp=OFFER)
    accepted = client.calls.accept(answer.call_id, session=ACCEPT)
    referred = client.calls.refer(answer.call_id, target_uri="tel:+14155550123")
    hung_up = client.calls.hangup(answer.call_id)
    return {
        "secret": secret,
        "answer": answer,
        "browser": browser,
        "accept": accepted,
        "refer": referred,
        "hangup": hung_up,
    }


def record_to(path: Path, server: LoopbackServer, key: str, mode: str = "all") -> Dict[str, Any]:
    with FixtureTransport(path, mode) as transport:
        client = transport.client(api_key=key, base_url=server.url, organization="org-canary", project="proj_canary")
        return record_sip_flow(client, transport)


def replay_from(path: Path, base_url: str = "https://api.openai.com/v1") -> Dict[str, Any]:
    with FixtureTransport(path, require_all_played=True) as transport:
        return record_sip_flow(transport.client(base_url=base_url), transport)


def test_sip_flow_recorded_once_replays_offline_with_identical_results(tmp_path: Path, canary_key: str) -> None:
    path = tmp_path / "sip.json"
    with LoopbackServer(canary_secret_handler) as server:
        live = record_to(path, server, canary_key)
        assert server.requests[0].headers["authorization"] == "Bearer " + canary_key
        assert server.requests[2].headers["authorization"] == "Bearer " + CANARY_EK
        seen_by_server = len(server.requests)
    # The server is stopped: any network use would fail.
    replayed = replay_from(path, base_url="https://example.invalid/v1")
    assert seen_by_server == 6
    assert live["secret"].value == CANARY_EK
    assert replayed["secret"].value == "ek_REDACTED_1"
    assert replayed["secret"].expires_at == live["secret"].expires_at == CLIENT_SECRET_REALTIME["expires_at"]
    assert replayed["secret"].session.instructions == "Your key is ek_REDACTED_1."
    # Everything that was not redacted comes back identical, typed the same way.
    live_session, replayed_session = live["secret"].session, replayed["secret"].session
    assert type(replayed_session) is type(live_session)
    assert attrs.evolve(replayed_session, instructions=live_session.instructions) == live_session
    assert attrs.evolve(replayed["secret"], value=CANARY_EK, session=live_session) == live["secret"]
    assert replayed_session.tracing is None and replayed_session.max_output_tokens == "inf"  # null reads as None
    assert "tracing" in replayed_session.null_fields
    for name in ("answer", "browser"):
        assert replayed[name] == live[name]
        assert replayed[name].sdp == ANSWER_SDP and replayed[name].call_id == "rtc_test_0002"
    assert replayed["accept"] is replayed["refer"] is replayed["hangup"] is None


def test_no_secret_reaches_the_recorded_file(tmp_path: Path, canary_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", canary_key)
    path = tmp_path / "sip.json"
    with LoopbackServer(canary_secret_handler) as server:
        record_to(path, server, canary_key)
    text = path.read_text(encoding="utf-8")
    for secret in (canary_key, CANARY_EK, "org-canary", "proj_canary"):
        assert secret not in text
    assert "Mon, 23 Nov 2026" not in text  # no volatile headers
    assert "realtime_sync/" not in text  # no User-Agent (library version)


def test_committed_recording_replays_offline() -> None:
    results = replay_from(SIP_FLOW)
    assert results["answer"].call_id == "rtc_test_0002"
    assert results["answer"].sdp == ANSWER_SDP
    assert results["secret"].session.model == "gpt-realtime-2"
    assert results["secret"].value == "ek_REDACTED_1"


def test_committed_recording_is_exactly_what_recording_produces(tmp_path: Path, canary_key: str) -> None:
    fresh = tmp_path / "sip_call_flow.json"
    with LoopbackServer(canary_secret_handler) as server:
        record_to(fresh, server, canary_key)
    if os.environ.get("REALTIME_SYNC_REGENERATE_RECORDINGS"):
        SIP_FLOW.parent.mkdir(exist_ok=True)
        SIP_FLOW.write_bytes(fresh.read_bytes())
    # Re-recording the same calls (new port, new multipart boundary) gives no diff.
    assert fresh.read_text(encoding="utf-8") == SIP_FLOW.read_text(encoding="utf-8")


def test_errors_and_retries_replay_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "errors.json"
    sleeps: List[float] = []
    policy = RetryPolicy(2, sleep=sleeps.append, jitter=0)

    def run(transport: FixtureTransport, **options: Any) -> List[Any]:
        client = transport.client(retry_policy=policy, **options)
        client.calls.hangup("rtc_retry")  # 500, 500, then 200 after two retries
        outcomes: List[Any] = []
        for call in ("rtc_missing", "rtc_boom"):
            try:
                client.calls.accept(call, session={"type": "realtime"}, max_retries=0)
            except (NotFoundError, InternalServerError) as exc:
                outcomes.append((type(exc), exc.status_code, exc.code, exc.request_id, str(exc)))
        return outcomes

    with LoopbackServer() as server:
        server.respond(
            500, {"error": {"message": "boom", "type": "server_error", "code": None}}, {"x-request-id": "r1"}
        )
        server.respond(503, "<html><title>Service Unavailable</title></html>", {"Content-Type": "text/html"})
        server.respond(200, b"", {"x-request-id": "r3"})
        server.respond(404, {"error": {"message": "Unknown call id rtc_missing.", "code": "call_id_not_found"}})
        server.respond(500, "upstream died", {"Content-Type": "text/plain", "x-request-id": "req_boom"})
        with FixtureTransport(path, "once") as transport:
            live = run(transport, api_key="sk-record-key-000", base_url=server.url)
        assert len(server.requests) == 5
    recorded_sleeps = list(sleeps)
    del sleeps[:]
    with FixtureTransport(path, require_all_played=True) as transport:
        replayed = run(transport)
    assert replayed == live
    assert live[0][0] is NotFoundError and live[0][2] == "call_id_not_found"
    assert live[1][4] == "Error code: 500 - upstream died (request id: req_boom)"
    assert sleeps == recorded_sleeps and len(sleeps) == 2


def test_client_level_mismatch_shows_the_diff(tmp_path: Path) -> None:
    path = tmp_path / "accept.json"
    with LoopbackServer() as server, FixtureTransport(path, "all") as transport:
        transport.client(api_key="sk-record-key-000", base_url=server.url).calls.accept("rtc_1", session=ACCEPT)
    changed = dict(ACCEPT, audio={"input": {"turn_detection": None}, "output": {"voice": "cedar"}})
    with FixtureTransport(path) as transport, pytest.raises(FixtureMismatchError) as info:
        transport.client().calls.accept("rtc_1", session=changed)
    message = str(info.value)
    assert '-        "voice": "marin"\n+        "voice": "cedar"' in message
    assert "differs in body" in message
