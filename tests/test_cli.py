"""The ``realtime-sync`` command line, against the loopback server (real HTTP, exact bytes)."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from _fakes import FakeTransport
from _server import LoopbackServer, error_reply
from data import ANSWER_SDP, CLIENT_SECRET_REALTIME

from realtime_sync import cli, webhooks
from realtime_sync.transport import HttpResponse

ROOT = Path(__file__).resolve().parent.parent
CANARY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
SECRET_VALUE = CLIENT_SECRET_REALTIME["value"]

# Reference §9.4: the test vector (timestamp in the past, so verified with a wide tolerance).
VECTOR_SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="
VECTOR_BODY = (
    b'{"id":"evt_test_0001","object":"event","created_at":1767225600,"type":"realtime.call.incoming",'
    b'"data":{"call_id":"rtc_test_0001","sip_headers":[{"name":"From","value":"\\"Alice\\" '
    b'<sip:+15550100@example.net>;tag=abc"},{"name":"To","value":"<sip:+15550199@sip.api.openai.com>"},'
    b'{"name":"Call-ID","value":"a84b4c76e66710@pc33.example.net"}],"sip_media_security":"srtp"}}'
)
VECTOR_SIGNATURE = "v1,yx5/7PDhmDICB1ZH7PNxNGfJnSSXf7IJivzMd0QUrE0="


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def json(self) -> Any:
        return json.loads(self.out)

    def __repr__(self) -> str:
        return "Result(code=%d, out=%r, err=%r)" % (self.code, self.out, self.err)


def run(*argv: str, stdin: bytes = b"", transport: Any = None) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        list(argv),
        transport=transport,
        stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        stdout=out,
        stderr=err,
    )
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    return CANARY


def on(server: LoopbackServer, *argv: str, **kw: Any) -> Result:
    return run("--base-url", server.url, "--max-retries", "0", *argv, **kw)


def write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    if isinstance(content, (dict, list)):
        path.write_text(json.dumps(content), encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with open(str(path), "w", encoding="utf-8", newline="") as f:
            f.write(content)
    return str(path)


def assert_one_line_error(result: Result, code: int) -> str:
    assert result.code == code, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("realtime-sync: error: "), result.err
    assert "Traceback" not in result.err
    assert CANARY not in result.err + result.out
    return lines[0]


# --------------------------------------------------------------------------------------------------------------------
# The process: entry points, cheap import, help


def test_import_is_cheap() -> None:
    code = (
        "import sys, realtime_sync.cli; "
        "print(sorted(m for m in ('requests', 'attr', 'attrs', 'cattrs', 'urllib3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(ROOT))
    assert out.stdout.strip() == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    from realtime_sync import __version__

    out = subprocess.run(
        [sys.executable, "-m", "realtime_sync", "--version"], capture_output=True, text=True, cwd=str(ROOT)
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "realtime-sync %s" % __version__


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("client-secret", "call", "webhook", "demo"):
        assert command in text
    assert cli.main(["call", "--help"]) == 0
    text = capsys.readouterr().out
    for action in ("create", "accept", "refer", "reject", "hangup"):
        assert action in text


@pytest.mark.parametrize(
    "argv, needle",
    [
        ([], "COMMAND"),
        (["call"], "ACTION"),
        (["call", "refer", "rtc_1"], "--target-uri"),
        (["call", "reject", "rtc_1", "--status-code", "busy"], "expected a whole number, got 'busy'"),
        (["--timeout", "-1", "call", "hangup", "rtc_1"], "expected a positive number of seconds"),
        (["--max-retries", "x", "call", "hangup", "rtc_1"], "expected a whole number"),
        (["frobnicate"], "invalid choice"),
        (["--record", "a.json", "--replay", "b.json", "call", "hangup", "x"], "not allowed with"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(argv: List[str], needle: str) -> None:
    line = assert_one_line_error(run(*argv), cli.EXIT_USAGE)
    assert needle in line


# --------------------------------------------------------------------------------------------------------------------
# client-secret create


def test_client_secret_create_sends_model_and_ttl_and_masks_the_secret(loopback: LoopbackServer, api_key: str) -> None:
    result = on(loopback, "client-secret", "create", "--model", "gpt-realtime", "--ttl", "600")
    assert result.code == 0, result
    [request] = loopback.requests
    assert (request.method, request.path) == ("POST", "/v1/realtime/client_secrets")
    assert request.headers["authorization"] == "Bearer " + CANARY
    assert request.json() == {
        "session": {"type": "realtime", "model": "gpt-realtime"},
        "expires_after": {"anchor": "created_at", "seconds": 600},
    }
    assert SECRET_VALUE not in result.out
    assert "ek_...63c2" in result.out
    assert "1767226200 (2026-01-01T00:10:00Z)" in result.out
    assert "realtime gpt-realtime-2 (sess_C9G5QPteg4UIbotdKLoYQ)" in result.out


def test_client_secret_create_show_secret_and_json(loopback: LoopbackServer, api_key: str) -> None:
    masked = on(loopback, "client-secret", "create", "--json").json()
    assert masked["value"] == "ek_...63c2"
    assert masked["expires_at"] == 1767226200
    assert masked["session"]["id"] == "sess_C9G5QPteg4UIbotdKLoYQ"
    assert masked["session"]["max_output_tokens"] == "inf"
    shown = on(loopback, "client-secret", "create", "--json", "--show-secret").json()
    assert shown["value"] == SECRET_VALUE
    # No options at all: the body is {} (every field optional).
    assert loopback.requests[0].json() == {}


def test_client_secret_session_file_and_model_override(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    session = {"type": "transcription", "audio": {"input": {"turn_detection": None}}}
    path = write(tmp_path, "session.json", session)
    assert on(loopback, "client-secret", "create", "--session", path).code == 0
    assert loopback.requests[-1].json() == {"session": session}
    path = write(tmp_path, "untyped.json", {"instructions": "hi", "model": "old"})
    assert on(loopback, "client-secret", "create", "--session", path, "--model", "gpt-realtime").code == 0
    assert loopback.requests[-1].json() == {
        "session": {"type": "realtime", "instructions": "hi", "model": "gpt-realtime"}
    }


def test_translation_client_secret(loopback: LoopbackServer, api_key: str) -> None:
    result = on(
        loopback, "client-secret", "create", "--translation", "--model", "gpt-realtime-translate", "--ttl", "120"
    )
    assert result.code == 0, result
    request = loopback.requests[-1]
    assert request.path == "/v1/realtime/translations/client_secrets"
    assert request.json() == {
        "session": {"model": "gpt-realtime-translate"},
        "expires_after": {"anchor": "created_at", "seconds": 120},
    }
    assert "ek_translate_0001" not in result.out
    assert "translation gpt-realtime-translate (sess_TR1)" in result.out
    line = assert_one_line_error(on(loopback, "client-secret", "create", "--translation"), cli.EXIT_USAGE)
    assert "--translation needs a session" in line
    assert len(loopback.requests) == 1


def test_session_from_stdin(loopback: LoopbackServer, api_key: str) -> None:
    result = on(loopback, "client-secret", "create", "--session", "-", stdin=b'{"type": "realtime", "model": "m"}')
    assert result.code == 0, result
    assert loopback.requests[-1].json() == {"session": {"type": "realtime", "model": "m"}}


@pytest.mark.parametrize(
    "content, needle",
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (b"\xff\xfe", "is not UTF-8 text"),
    ],
)
def test_bad_session_file_is_bad_input_and_nothing_is_sent(
    loopback: LoopbackServer, api_key: str, tmp_path: Path, content: Any, needle: str
) -> None:
    path = write(tmp_path, "s.json", content)
    line = assert_one_line_error(on(loopback, "client-secret", "create", "--session", path), cli.EXIT_USAGE)
    assert "--session" in line and needle in line
    assert loopback.requests == []


def test_missing_file_is_bad_input(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.sdp")
    line = assert_one_line_error(on(loopback, "call", "create", "--sdp", missing), cli.EXIT_USAGE)
    assert "--sdp: cannot read" in line and "nope.sdp" in line


def test_invalid_ttl_is_rejected_before_sending(loopback: LoopbackServer, api_key: str) -> None:
    line = assert_one_line_error(on(loopback, "client-secret", "create", "--ttl", "5"), cli.EXIT_USAGE)
    assert "expires_after.seconds" in line
    assert loopback.requests == []


# --------------------------------------------------------------------------------------------------------------------
# call create / accept / refer / reject / hangup


OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


def test_call_create_prints_id_then_answer(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    sdp = write(tmp_path, "offer.sdp", OFFER)
    session = write(tmp_path, "session.json", {"model": "gpt-realtime", "instructions": "héllo"})
    result = on(loopback, "call", "create", "--sdp", sdp, "--session", session)
    assert result.code == 0, result
    [request] = loopback.requests
    assert request.path == "/v1/realtime/calls"
    parts = [(p.name, p.content_type, p.body) for p in request.multipart()]
    assert parts == [
        ("sdp", "application/sdp", OFFER.encode()),
        ("session", "application/json", '{"type":"realtime","model":"gpt-realtime","instructions":"héllo"}'.encode()),
    ]
    assert result.out == "rtc_test_0002\n" + ANSWER_SDP.replace("\r\n", "\n")


def test_call_create_answer_out_and_json(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    sdp = write(tmp_path, "offer.sdp", OFFER)
    answer = tmp_path / "answer.sdp"
    result = on(loopback, "call", "create", "--sdp", sdp, "--answer-out", str(answer))
    assert result.out == "rtc_test_0002\n"
    assert answer.read_bytes() == ANSWER_SDP.encode()  # CRLF kept exactly
    doc = on(loopback, "call", "create", "--sdp", "-", "--json", stdin=OFFER.encode()).json()
    assert doc == {"call_id": "rtc_test_0002", "location": "/v1/realtime/calls/rtc_test_0002", "sdp": ANSWER_SDP}
    # No session given and a standard key: multipart with the sdp part only.
    assert [p.name for p in loopback.requests[-1].multipart()] == ["sdp"]


def test_call_create_refuses_an_empty_offer(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    sdp = write(tmp_path, "empty.sdp", "  \n")
    line = assert_one_line_error(on(loopback, "call", "create", "--sdp", sdp), cli.EXIT_USAGE)
    assert "empty" in line
    assert loopback.requests == []


def test_call_accept_sends_the_session_at_top_level(loopback: LoopbackServer, api_key: str, tmp_path: Path) -> None:
    session = write(tmp_path, "s.json", {"type": "realtime", "tracing": None, "audio": {"output": {"voice": "marin"}}})
    result = on(loopback, "call", "accept", "rtc_a/b", "--session", session, "--model", "gpt-realtime")
    assert result.code == 0, result
    assert result.out == "accepted rtc_a/b\n"
    request = loopback.requests[-1]
    assert request.path == "/v1/realtime/calls/rtc_a%2Fb/accept"
    assert request.json() == {
        "type": "realtime",
        "tracing": None,
        "audio": {"output": {"voice": "marin"}},
        "model": "gpt-realtime",
    }
    assert on(loopback, "call", "accept", "rtc_1").code == 0
    assert loopback.requests[-1].json() == {"type": "realtime"}


def test_call_refer_reject_hangup_bodies(loopback: LoopbackServer, api_key: str) -> None:
    result = on(loopback, "call", "refer", "rtc_1", "--target-uri", "tel:+14155550123")
    assert result.out == "referred rtc_1 target_uri=tel:+14155550123\n"
    assert loopback.requests[-1].json() == {"target_uri": "tel:+14155550123"}

    assert on(loopback, "call", "reject", "rtc_1").out == "rejected rtc_1\n"
    assert loopback.requests[-1].json() == {}
    assert on(loopback, "call", "reject", "rtc_1", "--status-code", "486").code == 0
    assert loopback.requests[-1].json() == {"status_code": 486}

    assert on(loopback, "call", "hangup", "rtc_1").out == "hung up rtc_1\n"
    assert (loopback.requests[-1].path, loopback.requests[-1].body) == ("/v1/realtime/calls/rtc_1/hangup", b"")


def test_global_options_also_work_after_the_command(loopback: LoopbackServer, api_key: str) -> None:
    result = run("call", "hangup", "rtc_9", "--json", "--base-url", loopback.url)
    assert result.code == 0, result
    assert result.json() == {"call_id": "rtc_9", "action": "hung up", "ok": True}
    assert loopback.requests[-1].path == "/v1/realtime/calls/rtc_9/hangup"


def test_empty_call_id_is_bad_input(loopback: LoopbackServer, api_key: str) -> None:
    assert_one_line_error(on(loopback, "call", "hangup", ""), cli.EXIT_USAGE)
    assert loopback.requests == []


# --------------------------------------------------------------------------------------------------------------------
# Failures: exit codes and one-line messages


def test_no_api_key_is_an_auth_failure(loopback: LoopbackServer) -> None:
    line = assert_one_line_error(on(loopback, "call", "hangup", "rtc_1"), cli.EXIT_AUTH)
    assert "OPENAI_API_KEY" in line
    assert loopback.requests == []


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failures_exit_3(loopback: LoopbackServer, api_key: str, status: int) -> None:
    loopback.add(lambda req: error_reply(status, "Incorrect API key provided: sk-can***cdef.", "invalid_api_key"))
    line = assert_one_line_error(on(loopback, "call", "hangup", "rtc_1"), cli.EXIT_AUTH)
    assert "authentication: Error code: %d - Incorrect API key provided" % status in line
    assert "(request id: req_err_%d)" % status in line


def test_api_errors_exit_1(loopback: LoopbackServer, api_key: str) -> None:
    loopback.add(lambda req: error_reply(404, "Unknown call id rtc_missing.", "call_id_not_found"))
    line = assert_one_line_error(on(loopback, "call", "accept", "rtc_missing"), cli.EXIT_FAILURE)
    assert line == (
        "realtime-sync: error: API error: Error code: 404 - Unknown call id rtc_missing. (request id: req_err_404)"
    )


def test_html_error_page_still_one_line(loopback: LoopbackServer, api_key: str) -> None:
    page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\nnginx\n</body>\n</html>\n"
    loopback.respond(502, page, {"Content-Type": "text/html"})
    line = assert_one_line_error(on(loopback, "call", "hangup", "rtc_1"), cli.EXIT_FAILURE)
    assert "502 Bad Gateway (HTML error page)" in line


def test_max_retries_is_applied(loopback: LoopbackServer, api_key: str) -> None:
    # A 503 (a 500 would not be repeated for a SIP verb) asking for a 10 ms wait, not the 0.5 s backoff.
    busy = error_reply(503, "boom")
    busy.headers["retry-after-ms"] = "10"
    for _ in range(2):
        loopback.add(lambda req: busy)
    result = run("--base-url", loopback.url, "--max-retries", "1", "call", "reject", "rtc_1")
    assert_one_line_error(result, cli.EXIT_FAILURE)
    assert len(loopback.requests) == 2


def test_network_failure_exits_4(api_key: str) -> None:
    with LoopbackServer() as server:
        url = server.url
    line = assert_one_line_error(run("--base-url", url, "--max-retries", "0", "call", "hangup", "rtc_1"), 4)
    assert line.startswith("realtime-sync: error: network: ")


def test_timeout_is_a_network_failure(api_key: str) -> None:
    with LoopbackServer() as server:
        server.respond(200, b"", delay=1.0)
        result = run("--base-url", server.url, "--max-retries", "0", "--timeout", "0.2", "call", "hangup", "rtc_1")
        assert_one_line_error(result, cli.EXIT_NETWORK)


def test_verbose_gives_debug_logs_and_a_traceback_without_the_key(loopback: LoopbackServer, api_key: str) -> None:
    loopback.add(lambda req: error_reply(404, "Unknown call id rtc_missing.", "call_id_not_found"))
    result = on(loopback, "-v", "call", "hangup", "rtc_missing")
    assert result.code == cli.EXIT_FAILURE
    assert "Traceback (most recent call last)" in result.err
    assert "NotFoundError" in result.err
    assert "realtime_sync DEBUG" in result.err
    assert result.err.rstrip().splitlines()[-1].startswith("realtime-sync: error: API error: Error code: 404")
    assert CANARY not in result.err
    # In-process callers get their logging configuration back.
    logger = logging.getLogger("realtime_sync")
    assert logger.level == logging.NOTSET and logger.handlers == []


def test_unexpected_exceptions_are_one_line_too(api_key: str) -> None:
    def explode(request: Any) -> HttpResponse:
        raise RuntimeError("bug\nin a transport")

    line = assert_one_line_error(run("call", "hangup", "rtc_1", transport=FakeTransport(explode)), 1)
    assert "unexpected RuntimeError: bug; in a transport (run with -v for the traceback)" in line


def test_transport_injection_sees_exact_requests(api_key: str) -> None:
    fake = FakeTransport(HttpResponse(200, {}, b""))
    assert run("call", "refer", "rtc_7", "--target-uri", "sip:a@b.c", transport=fake).code == 0
    [request] = fake.requests
    assert (request.method, request.url) == ("POST", "https://api.openai.com/v1/realtime/calls/rtc_7/refer")
    assert json.loads(request.body) == {"target_uri": "sip:a@b.c"}


# --------------------------------------------------------------------------------------------------------------------
# webhook verify


def signed(body: bytes, secret: str = VECTOR_SECRET) -> Dict[str, str]:
    return webhooks.sign(body, secret, webhook_id="wh_cli_1")


def verify_args(headers: Dict[str, str], *extra: str) -> Tuple[str, ...]:
    return (
        "webhook",
        "verify",
        "--webhook-id",
        headers["webhook-id"],
        "--webhook-timestamp",
        headers["webhook-timestamp"],
        "--webhook-signature",
        headers["webhook-signature"],
        *extra,
    )


def test_webhook_verify_accepts_a_fresh_signed_delivery() -> None:
    headers = signed(VECTOR_BODY)
    result = run(*verify_args(headers, "--secret", VECTOR_SECRET), stdin=VECTOR_BODY)
    assert result.code == 0, result
    assert "valid" in result.out and "rtc_test_0001" in result.out and "realtime.call.incoming" in result.out
    assert VECTOR_SECRET not in result.out + result.err


def test_webhook_verify_reference_vector_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", VECTOR_SECRET)
    headers = {"webhook-id": "wh_test_0001", "webhook-timestamp": "1767225660", "webhook-signature": VECTOR_SIGNATURE}
    body = write(tmp_path, "body.json", VECTOR_BODY)
    result = run(*verify_args(headers, "--body", body, "--tolerance", str(10**10), "--json"))
    assert result.code == 0, result
    doc = result.json()
    assert (doc["valid"], doc["type"], doc["id"], doc["call_id"]) == (
        True,
        "realtime.call.incoming",
        "evt_test_0001",
        "rtc_test_0001",
    )
    assert doc["event"]["data"]["sip_media_security"] == "srtp"
    # The same vector is stale with the default tolerance: refused as an auth failure.
    line = assert_one_line_error(run(*verify_args(headers, "--body", body)), cli.EXIT_AUTH)
    assert "too old" in line


def test_webhook_verify_refuses_a_tampered_body() -> None:
    headers = signed(VECTOR_BODY)
    tampered = VECTOR_BODY.replace(b"Alice", b"Mallory")
    line = assert_one_line_error(run(*verify_args(headers, "--secret", VECTOR_SECRET), stdin=tampered), cli.EXIT_AUTH)
    assert "webhook signature" in line and "does not match" in line
    assert VECTOR_SECRET not in line


def test_webhook_sign_then_verify_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", VECTOR_SECRET)
    # The reference vector (§9.4): same id, timestamp and body give the expected signature.
    result = run(
        "webhook", "sign", "--webhook-id", "wh_test_0001", "--webhook-timestamp", "1767225660", stdin=VECTOR_BODY
    )
    assert result.code == 0, result
    assert result.out == (
        "webhook-id: wh_test_0001\nwebhook-timestamp: 1767225660\nwebhook-signature: %s\n" % VECTOR_SIGNATURE
    )
    assert VECTOR_SECRET not in result.out
    # Signed now (the default), it verifies with the default tolerance.
    headers = run("webhook", "sign", "--json", stdin=VECTOR_BODY).json()
    # A fresh random id each time: a fixed default would be deduplicated by the endpoint after the first test.
    again = run("webhook", "sign", "--json", stdin=VECTOR_BODY).json()
    assert re.fullmatch(r"wh_[0-9a-f]{24}", headers["webhook-id"]) and again["webhook-id"] != headers["webhook-id"]
    assert run(*verify_args(headers), stdin=VECTOR_BODY).code == 0
    assert run(*verify_args(headers), stdin=VECTOR_BODY + b"\n").code == cli.EXIT_AUTH


def test_webhook_verify_needs_a_secret() -> None:
    line = assert_one_line_error(run(*verify_args(signed(VECTOR_BODY)), stdin=VECTOR_BODY), cli.EXIT_USAGE)
    assert "OPENAI_WEBHOOK_SECRET" in line


# --------------------------------------------------------------------------------------------------------------------
# --record / --replay


def test_record_then_replay_offline_without_a_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, api_key: str
) -> None:
    fixture = tmp_path / "flow.json"
    with LoopbackServer() as server:
        recorded = [
            run("--base-url", server.url, "--record", str(fixture), "client-secret", "create", "--json"),
            run("--base-url", server.url, "--record", str(fixture), "call", "hangup", "rtc_1"),
        ]
    assert [r.code for r in recorded] == [0, 0], recorded
    text = fixture.read_text(encoding="utf-8")
    assert CANARY not in text and SECRET_VALUE not in text
    monkeypatch.delenv("OPENAI_API_KEY")
    replayed = run("--replay", str(fixture), "call", "hangup", "rtc_1")
    assert replayed.code == 0, replayed
    assert replayed.out == recorded[1].out
    # Not recorded: a readable mismatch, exit 1, no traceback; -v shows the diff.
    line = assert_one_line_error(run("--replay", str(fixture), "call", "hangup", "rtc_other"), cli.EXIT_FAILURE)
    assert "fixture: no recorded interaction" in line and "rtc_other" in line
    assert "differs in path: (run with -v for the diff)" in line
    verbose = run("-v", "--replay", str(fixture), "call", "hangup", "rtc_other")
    assert '+  "path": "/v1/realtime/calls/rtc_other/hangup"' in verbose.err


def test_replay_of_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    line = assert_one_line_error(run("--replay", str(tmp_path / "x.json"), "call", "hangup", "r"), cli.EXIT_USAGE)
    assert "no such fixture file" in line


# --------------------------------------------------------------------------------------------------------------------
# Helpers


@pytest.mark.parametrize(
    "value, shown",
    [
        ("ek_68af296e8e408191a1120ab6383263c2", "ek_...63c2"),
        ("sk-proj-abcdefghijklmnopqrstuvwxyz", "sk-proj-...wxyz"),
        ("whsec_dGVzdC1zaWduaW5nLWtleS1mb3I=", "whsec_...b3I="),
        ("short", "***"),
        ("<REDACTED:client_secret>", "<REDACTED:client_secret>"),
        ("ek_REDACTED_1", "ek_REDACTED_1"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_secret(value: Optional[str], shown: str) -> None:
    assert cli.mask_secret(value) == shown


def test_exit_codes_are_distinct() -> None:
    codes = [cli.EXIT_OK, cli.EXIT_FAILURE, cli.EXIT_USAGE, cli.EXIT_AUTH, cli.EXIT_NETWORK, cli.EXIT_INTERRUPTED]
    assert len(set(codes)) == len(codes)


def test_console_script_is_declared() -> None:
    setup_cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "realtime-sync = realtime_sync.cli:main" in setup_cfg


# --------------------------------------------------------------------------------------------------------------------
# demo

SHIPPED_FIXTURE = ROOT / "realtime_sync" / "data" / "demo.json"


def test_demo_replays_the_shipped_fixture() -> None:
    result = run("demo")
    assert result.code == 0, result
    out = result.out
    assert "offline, replaying the fixture shipped in the package" in out
    for step in range(1, 7):
        assert "[%d/6]" % step in out
    for sent in (
        ">>> POST /v1/realtime/client_secrets",
        ">>> POST /v1/realtime/calls\n",
        ">>> POST /v1/realtime/calls/rtc_demo_sip_0001/accept",
        ">>> POST /v1/realtime/calls/rtc_demo_sip_0001/refer",
        ">>> POST /v1/realtime/calls/rtc_demo_sip_0001/hangup",
    ):
        assert sent in out
    assert "<<< 201 Created" in out and "a=setup:active" in out  # the SDP answer is shown
    assert "call_id = rtc_test_0002" in out
    assert "signature valid: realtime.call.incoming evt_demo_0001, call_id = rtc_demo_sip_0001" in out
    assert "tampered body is refused" in out
    assert '{"target_uri": "tel:+14155550123"}' in out
    assert out.rstrip().endswith("referred and hung up.")
    assert result.err == ""


def test_demo_never_touches_the_network_even_when_told_to_record(tmp_path: Path) -> None:
    before = SHIPPED_FIXTURE.read_bytes()
    guard = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise RuntimeError('the offline demo used the network: %r' % (args,))\n"
        "socket.socket.connect = refuse\n"
        "socket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from realtime_sync.cli import main\n"
        "sys.exit(main(['demo']))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update({"REALTIME_SYNC_RECORD_MODE": "all", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    proc = subprocess.run(
        [sys.executable, "-c", guard], capture_output=True, text=True, cwd=str(tmp_path), env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "referred and hung up." in proc.stdout
    assert SHIPPED_FIXTURE.read_bytes() == before


def test_shipped_fixture_is_a_fresh_recording(tmp_path: Path) -> None:
    # The file is what scripts/record_demo_fixture.py records against the
    # loopback server, byte for byte: re-recording gives no diff.
    out = tmp_path / "demo.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "record_demo_fixture.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == SHIPPED_FIXTURE.read_bytes(), "re-run scripts/record_demo_fixture.py and commit"
    assert b"sk-demo-recording" not in out.read_bytes()


def test_demo_live_against_a_local_server_records_the_same_fixture(
    loopback: LoopbackServer, api_key: str, tmp_path: Path
) -> None:
    recorded = tmp_path / "live.json"
    result = run("--base-url", loopback.url, "--record", str(recorded), "demo", "--live")
    assert result.code == 0, result
    assert "calling %s with your OPENAI_API_KEY" % loopback.url in result.out
    # No ringing SIP call given: accept and refer (SIP only) are skipped, the WebRTC call is hung up.
    assert [r.path for r in loopback.requests] == [
        "/v1/realtime/client_secrets",
        "/v1/realtime/calls",
        "/v1/realtime/calls/rtc_test_0002/hangup",
    ]
    assert "skipped: accept works only on a ringing SIP call" in result.out
    assert CANARY not in result.out and SECRET_VALUE not in result.out
    assert "ek_...63c2" in result.out
    text = recorded.read_text(encoding="utf-8")
    assert CANARY not in text and SECRET_VALUE not in text
    # With --sip-call-id the SIP steps target that call, exactly as the shipped fixture does.
    again = tmp_path / "again.json"
    result = run(
        "--base-url", loopback.url, "--record", str(again), "demo", "--live", "--sip-call-id", "rtc_demo_sip_0001"
    )
    assert result.code == 0, result
    assert again.read_bytes() == SHIPPED_FIXTURE.read_bytes()


def test_demo_with_an_incomplete_fixture_fails_cleanly(tmp_path: Path) -> None:
    data = json.loads(SHIPPED_FIXTURE.read_text(encoding="utf-8"))
    data["interactions"] = data["interactions"][:-1]  # no hangup recorded
    partial = write(tmp_path, "partial.json", data)
    result = run("demo", "--fixture", partial)
    line = assert_one_line_error(result, cli.EXIT_FAILURE)
    assert "hangup" in line
    assert "[6/6] Hang up" in result.out


@pytest.mark.parametrize(
    "argv, code, needle",
    [
        (["demo", "--json"], cli.EXIT_USAGE, "--json is not supported"),
        (["demo", "--sip-call-id", "rtc_1"], cli.EXIT_USAGE, "--sip-call-id needs --live"),
        (["--record", "x.json", "demo"], cli.EXIT_USAGE, "--record needs --live"),
        (["demo", "--live", "--fixture", "x.json"], cli.EXIT_USAGE, "cannot also replay"),
        (["demo", "--fixture", "no-such.json"], cli.EXIT_USAGE, "no such fixture file"),
        (["demo", "--live"], cli.EXIT_AUTH, "OPENAI_API_KEY"),
    ],
)
def test_demo_option_errors(argv: List[str], code: int, needle: str) -> None:
    line = assert_one_line_error(run(*argv), code)
    assert needle in line


def test_json_output_masks_a_nested_client_secret(loopback: LoopbackServer, api_key: str) -> None:
    # Issue 15 item 10: a session that carries its own client_secret (the legacy shape) and a
    # secret in an unexpected place are masked like the top-level value.
    odd = "not-an-ek-looking-secret-0123456789"
    answer = dict(CLIENT_SECRET_REALTIME)
    answer["session"] = dict(
        CLIENT_SECRET_REALTIME["session"],
        client_secret={"value": odd, "expires_at": 1},
        instructions="use ek_glued%2Dsecret0123 carefully",
    )
    loopback.respond(200, answer)
    result = on(loopback, "client-secret", "create", "--json")
    assert result.code == 0, result
    doc = result.json()
    assert doc["value"] == "ek_...63c2"
    assert doc["session"]["client_secret"]["value"] == "...6789"
    assert doc["session"]["instructions"] == "use ek_...0123 carefully"
    for secret in (SECRET_VALUE, odd, "ek_glued"):
        assert secret not in result.out
    loopback.respond(200, answer)
    shown = on(loopback, "client-secret", "create", "--json", "--show-secret").json()
    assert shown["value"] == SECRET_VALUE and shown["session"]["client_secret"]["value"] == odd
