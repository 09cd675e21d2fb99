"""``realtime-sync webhook endpoints ...`` against the loopback server: requests, output, and where secrets go."""

import os
import stat
from pathlib import Path
from typing import List

import pytest
from _server import WEBHOOK_ENDPOINTS, WEBHOOK_ROTATED_SECRET, WEBHOOK_SIGNING_SECRET, LoopbackServer
from test_cli import CANARY, assert_one_line_error, on, run

from realtime_sync import cli

URL = "https://example.com/openai/webhook/"
SECRETS = (WEBHOOK_SIGNING_SECRET, WEBHOOK_ROTATED_SECRET, WEBHOOK_SIGNING_SECRET[6:], WEBHOOK_ROTATED_SECRET[6:])


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)


def no_secret_in(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS + (CANARY,):
            assert secret not in text
        assert WEBHOOK_SIGNING_SECRET[-8:] not in text and WEBHOOK_ROTATED_SECRET[-8:] not in text


def test_create_needs_a_place_for_the_secret_and_sends_nothing_without_one(loopback: LoopbackServer) -> None:
    result = on(loopback, "webhook", "endpoints", "create", "--name", "n", "--url", URL, "--event-type", "x")
    assert result.code == cli.EXIT_USAGE and "--show-secret" in result.err and "--secret-out" in result.err
    assert loopback.requests == []


def test_create_with_show_secret_prints_it_once(loopback: LoopbackServer) -> None:
    result = on(
        loopback, "webhook", "endpoints", "create", "--name", "phone", "--url", URL,
        "--event-type", "realtime.call.incoming", "--event-type", "live.transport.incoming", "--show-secret",
    )  # fmt: skip
    assert result.code == cli.EXIT_OK, result
    assert loopback.requests[0].json() == {
        "event_types": ["realtime.call.incoming", "live.transport.incoming"],
        "name": "phone",
        "url": URL,
    }
    assert result.out.count(WEBHOOK_SIGNING_SECRET) == 1 and "we_new" in result.out
    assert WEBHOOK_SIGNING_SECRET not in result.err


def test_create_with_secret_out_writes_a_private_file(loopback: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    result = on(
        loopback, "--json", "webhook", "endpoints", "create", "--name", "n", "--url", URL,
        "--event-type", "batch.completed", "--secret-out", str(target),
    )  # fmt: skip
    assert result.code == cli.EXIT_OK, result
    assert target.read_text(encoding="utf-8") == WEBHOOK_SIGNING_SECRET + "\n"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    doc = result.json()
    assert doc["id"] == "we_new" and doc["signing_secret_file"] == str(target) and "signing_secret" not in doc
    no_secret_in(result.out, result.err)


def test_secret_out_that_cannot_be_written_says_the_endpoint_exists(loopback: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "secret.txt"
    result = on(
        loopback, "webhook", "endpoints", "create", "--name", "n", "--url", URL,
        "--event-type", "batch.completed", "--secret-out", str(target),
    )  # fmt: skip
    message = assert_one_line_error(result, cli.EXIT_USAGE)
    assert "we_new was created" in message and "rotate-secret we_new" in message
    no_secret_in(result.out, result.err)


def test_rotate_secret(loopback: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "rotated.txt"
    result = on(
        loopback, "webhook", "endpoints", "rotate-secret", "we_0001", "--keep-old-secret-24h", "--secret-out",
        str(target),
    )  # fmt: skip
    assert result.code == cli.EXIT_OK, result
    req = loopback.requests[0]
    assert req.target == "/v1/webhook_endpoints/we_0001/rotate_secret"
    assert req.json() == {"keep_old_secret_active_for_24_hours": True}
    assert target.read_text(encoding="utf-8").strip() == WEBHOOK_ROTATED_SECRET
    assert "whsec_...0002" in result.out
    no_secret_in(result.out, result.err)
    shown = on(loopback, "webhook", "endpoints", "rotate-secret", "we_0001", "--show-secret")
    assert WEBHOOK_ROTATED_SECRET in shown.out and loopback.requests[1].body == b"{}"


def test_list_walks_every_page_and_shows_no_secret(loopback: LoopbackServer) -> None:
    result = on(loopback, "webhook", "endpoints", "list", "--limit", "2")
    assert result.code == cli.EXIT_OK, result
    assert [line.split()[0] for line in result.out.splitlines()] == [e["id"] for e in WEBHOOK_ENDPOINTS]
    assert [r.query for r in loopback.requests] == [
        {"limit": "2"},
        {"limit": "2", "after": "we_0002"},
        {"limit": "2", "after": "we_0004"},
    ]
    as_json = on(loopback, "--json", "webhook", "endpoints", "list").json()
    assert [e["id"] for e in as_json["data"]] == [e["id"] for e in WEBHOOK_ENDPOINTS]
    assert as_json["data"][0]["signing_secret_hint"] == "whsec_...0001"


def test_test_and_delete(loopback: LoopbackServer) -> None:
    tested = on(loopback, "webhook", "endpoints", "test", "we_0003", "--event-type", "realtime.call.incoming")
    assert tested.code == cli.EXIT_OK and "answered 200" in tested.out
    assert loopback.requests[0].json() == {"event_type": "realtime.call.incoming"}
    deleted = on(loopback, "--json", "webhook", "endpoints", "delete", "we_0003")
    assert deleted.json() == {"id": "we_0003", "deleted": True}
    assert (loopback.requests[1].method, loopback.requests[1].target) == ("DELETE", "/v1/webhook_endpoints/we_0003")


@pytest.mark.parametrize(
    "argv, code",
    [
        (["delete", "we_9999"], cli.EXIT_FAILURE),  # 404 from the API
        (["delete", ""], cli.EXIT_USAGE),  # refused before sending
        (["list", "--limit", "0"], cli.EXIT_USAGE),
    ],
)
def test_errors_are_one_line(loopback: LoopbackServer, argv: List[str], code: int) -> None:
    result = on(loopback, "webhook", "endpoints", *argv)
    assert_one_line_error(result, code)


def test_webhook_verify_shows_the_session_id_of_a_live_event() -> None:
    from realtime_sync import webhooks

    body = (
        b'{"id":"evt_l1","created_at":1,"type":"live.transport.incoming",'
        b'"data":{"session_id":"live_9","type":"sip","sip_headers":[]}}'
    )
    headers = webhooks.sign(body, WEBHOOK_SIGNING_SECRET)
    argv = ["webhook", "verify", "--secret", WEBHOOK_SIGNING_SECRET]
    for name, value in headers.items():
        argv += ["--" + name, value]
    result = run(*argv, stdin=body)
    assert result.code == cli.EXIT_OK, result
    assert "session_id  live_9" in result.out and "live.transport.incoming" in result.out
    as_json = run("--json", *argv, stdin=body).json()
    assert as_json["session_id"] == "live_9" and as_json["call_id"] is None
    no_secret_in(result.out, result.err)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_secret_out_tightens_an_existing_file(loopback: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    result = on(loopback, "webhook", "endpoints", "rotate-secret", "we_0001", "--secret-out", str(target))
    assert result.code == cli.EXIT_OK, result
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == WEBHOOK_ROTATED_SECRET + "\n"
