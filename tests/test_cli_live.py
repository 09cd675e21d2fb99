"""``realtime-sync live ...``: every Live command against the loopback server, exact bytes."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from _server import ANSWER_SDP, LIVE_FORK_ID, LIVE_RECORDING, LIVE_SESSION_ID, LoopbackServer, Reply, error_reply

from realtime_sync import cli

CANARY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)

    def __repr__(self) -> str:
        return "Result(code=%d, out=%r, err=%r)" % (self.code, self.out, self.err)


def on(server: Any, *argv: str, stdin: bytes = b"") -> Result:
    base_url = server if isinstance(server, str) else server.url
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--base-url", base_url, "--max-retries", "0", *argv],
        stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        stdout=out,
        stderr=err,
    )
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    return CANARY


@pytest.fixture
def offer(tmp_path: Path) -> str:
    path = tmp_path / "offer.sdp"
    path.write_bytes(OFFER.encode())
    return str(path)


def test_live_create_prints_the_session_id_then_the_answer(loopback: LoopbackServer, offer: str) -> None:
    result = on(loopback, "live", "create", "--sdp", offer, "--model", "gpt-live-1")
    assert result.code == 0, result
    assert result.out == LIVE_SESSION_ID + "\n" + ANSWER_SDP.replace("\r\n", "\n")
    req = loopback.requests[0]
    assert (req.method, req.target) == ("POST", "/v1/live/sessions")
    assert req.json() == {"session": {"model": "gpt-live-1"}, "transport": {"type": "webrtc", "sdp": OFFER}}


def test_live_create_session_file_json_and_answer_out(loopback: LoopbackServer, offer: str, tmp_path: Path) -> None:
    session = tmp_path / "session.json"
    session.write_text(json.dumps({"model": "gpt-live-1", "instructions": None, "store": True}), encoding="utf-8")
    answer = tmp_path / "answer.sdp"
    result = on(
        loopback, "live", "create", "--sdp", offer, "--session", str(session), "--answer-out", str(answer), "--json"
    )
    assert result.code == 0, result
    assert result.json() == {"session_id": LIVE_SESSION_ID}
    assert answer.read_bytes() == ANSWER_SDP.encode()  # CRLFs kept
    assert loopback.requests[0].json()["session"] == {"model": "gpt-live-1", "instructions": None, "store": True}


def test_live_create_and_accept_need_a_model(loopback: LoopbackServer, offer: str) -> None:
    for argv in (["create", "--sdp", offer], ["accept", LIVE_SESSION_ID]):
        result = on(loopback, "live", *argv)
        assert result.code == cli.EXIT_USAGE, result
        assert "needs a model" in result.err
    assert loopback.requests == []


def test_live_sip_verbs(loopback: LoopbackServer) -> None:
    assert on(loopback, "live", "accept", "live_a b", "--model", "gpt-live-1").out == "accepted live_a b\n"
    assert on(loopback, "live", "refer", LIVE_SESSION_ID, "--target-uri", "tel:+1415").code == 0
    assert on(loopback, "live", "reject", LIVE_SESSION_ID, "--status-code", "486", "--json").json() == {
        "session_id": LIVE_SESSION_ID,
        "action": "rejected",
        "ok": True,
        "status_code": 486,
    }
    assert on(loopback, "live", "hangup", LIVE_SESSION_ID).out == "hung up %s\n" % LIVE_SESSION_ID
    sent = [(r.target, r.body) for r in loopback.requests]
    assert sent == [
        ("/v1/live/sessions/live_a%20b/accept", b'{"session":{"model":"gpt-live-1","type":"live"}}'),
        ("/v1/live/sessions/%s/refer" % LIVE_SESSION_ID, b'{"target_uri":"tel:+1415"}'),
        ("/v1/live/sessions/%s/reject" % LIVE_SESSION_ID, b'{"status_code":486}'),
        ("/v1/live/sessions/%s/hangup" % LIVE_SESSION_ID, b""),
    ]


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["reject", LIVE_SESSION_ID], "--status-code"),
        (["reject", LIVE_SESSION_ID, "--status-code", "200"], "status_code"),
        (["refer", LIVE_SESSION_ID, "--target-uri", " "], "target_uri"),
        (["hangup", ""], "session_id: expected a non-empty value"),
        (["hangup", ".."], "session_id"),
        (["recording", LIVE_SESSION_ID], "--output"),
    ],
)
def test_live_bad_input_is_one_line_exit_2_and_nothing_is_sent(
    loopback: LoopbackServer, argv: Any, needle: str
) -> None:
    result = on(loopback, "live", *argv)
    assert result.code == cli.EXIT_USAGE, result
    assert needle in result.err and result.err.count("\n") == 1
    assert loopback.requests == []


def test_live_fork(loopback: LoopbackServer, offer: str, tmp_path: Path) -> None:
    overrides = tmp_path / "fork.json"
    overrides.write_text(json.dumps({"store": False}), encoding="utf-8")
    result = on(loopback, "live", "fork", LIVE_SESSION_ID, "--sdp", offer, "--session", str(overrides), "--json")
    assert result.code == 0, result
    assert result.json() == {"session_id": LIVE_FORK_ID, "sdp": ANSWER_SDP}
    assert loopback.requests[0].json() == {"transport": {"type": "webrtc", "sdp": OFFER}, "session": {"store": False}}


def test_live_recording_is_written_byte_exact(loopback: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "call.wav"
    result = on(loopback, "live", "recording", LIVE_SESSION_ID, "-o", str(target), "--json")
    assert result.code == 0, result
    assert target.read_bytes() == LIVE_RECORDING
    assert result.json() == {
        "session_id": LIVE_SESSION_ID,
        "action": "saved",
        "ok": True,
        "file": str(target),
        "bytes": len(LIVE_RECORDING),
        "content_type": "application/octet-stream",
    }
    req = loopback.requests[0]
    assert (req.method, req.headers["accept"]) == ("GET", "application/binary")


def test_live_recording_failures_leave_no_file(loopback: LoopbackServer, tmp_path: Path) -> None:
    loopback.add(lambda req: error_reply(404, "No stored session.", code="session_not_found"))
    loopback.add(lambda req: Reply(200, LIVE_RECORDING, {"Content-Type": "audio/wav"}, action="truncate"))
    target = tmp_path / "call.wav"
    gone = on(loopback, "live", "recording", "live_gone", "-o", str(target))
    cut = on(loopback, "live", "recording", LIVE_SESSION_ID, "-o", str(target))
    unwritable = on(loopback, "live", "recording", LIVE_SESSION_ID, "-o", str(tmp_path / "no" / "dir.wav"))
    assert (gone.code, cut.code, unwritable.code) == (cli.EXIT_FAILURE, cli.EXIT_NETWORK, cli.EXIT_USAGE)
    assert "No stored session" in gone.err and "--output" in unwritable.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert CANARY not in gone.err + cut.err + unwritable.err


def test_live_record_then_replay_offline(tmp_path: Path, offer: str) -> None:
    fixture = tmp_path / "live.json"
    target = tmp_path / "call.wav"
    with LoopbackServer() as server:
        first = on(server, "--record", str(fixture), "live", "create", "--sdp", offer, "--model", "gpt-live-1")
        second = on(server, "--record", str(fixture), "live", "recording", LIVE_SESSION_ID, "-o", str(target))
        assert (first.code, second.code) == (0, 0), (first, second)
    target.unlink()
    replayed = on(
        "https://example.invalid/v1", "--replay", str(fixture), "live", "recording", LIVE_SESSION_ID, "-o", str(target)
    )
    assert replayed.code == 0, replayed
    assert target.read_bytes() == LIVE_RECORDING
    assert CANARY not in fixture.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- demo --surface live

ROOT = Path(__file__).resolve().parent.parent
LIVE_DEMO = ROOT / "realtime_sync" / "data" / "demo_live.json"


def run(*argv: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"), stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def test_live_demo_replays_offline_without_touching_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the offline demo used the network: %r" % (args,))

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("REALTIME_SYNC_RECORD_MODE", "all")  # offline means offline, whatever this says
    before = LIVE_DEMO.read_bytes()
    result = run("demo", "--surface", "live")
    assert result.code == 0, result
    out = result.out
    assert "replaying the fixture shipped in the package (realtime_sync/data/demo_live.json)" in out
    for step in range(1, 7):
        assert "[%d/6]" % step in out
    for sent in (
        ">>> POST /v1/live/sessions\n",
        ">>> POST /v1/live/sessions/live_demo_sip_0001/accept",
        ">>> POST /v1/live/sessions/live_demo_sip_0001/refer",
        ">>> POST /v1/live/sessions/live_demo_sip_0001/hangup",
        ">>> POST /v1/live/sessions/%s/fork" % LIVE_SESSION_ID,
        ">>> GET /v1/live/sessions/%s/content" % LIVE_SESSION_ID,
    ):
        assert sent in out
    assert "signature valid: live.transport.incoming evt_demo_live_0001, session_id = live_demo_sip_0001" in out
    assert '"type": "live"' in out  # the wrapped accept
    assert "(%d bytes of application/octet-stream, not shown)" % len(LIVE_RECORDING) in out
    assert "ek_live_not_a_secret" not in out
    assert out.rstrip().endswith("recording downloaded (%d bytes)." % len(LIVE_RECORDING))
    assert result.err == ""
    assert LIVE_DEMO.read_bytes() == before


def test_live_demo_fixture_is_a_fresh_recording(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("record_demo_fixture", ROOT / "scripts" / "record_demo_fixture.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = tmp_path / "demo_live.json"
    script.record(str(fresh), "live")
    assert fresh.read_bytes() == LIVE_DEMO.read_bytes(), "run: python scripts/record_demo_fixture.py --surface live"
    assert b"sk-demo-recording" not in fresh.read_bytes()


def test_live_demo_option_errors() -> None:
    result = run("demo", "--surface", "live", "--sip-call-id", "rtc_1")
    assert result.code == cli.EXIT_USAGE and "Live demo takes none" in result.err
    assert run("demo", "--surface", "sip").code == cli.EXIT_USAGE
