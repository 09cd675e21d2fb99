"""``manage.py openai_webhook_endpoint`` (app ``realtime_sync.contrib.django``) against the loopback server."""

import io
import os
import stat
from pathlib import Path
from typing import Any, Iterator

import pytest

django = pytest.importorskip("django")
pytest.importorskip("pytest_django")

# test_django configures a minimal project when no settings are active; one
# configuration for both modules, whichever runs first.
import test_django  # noqa: E402, F401
from _server import WEBHOOK_SIGNING_SECRET, LoopbackServer  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

from realtime_sync.contrib.django import reset_client  # noqa: E402
from realtime_sync.contrib.django.management.commands.openai_webhook_endpoint import Command  # noqa: E402

CANARY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"


@pytest.fixture
def server(settings: Any) -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        settings.REALTIME_SYNC = {"API_KEY": CANARY, "BASE_URL": srv.url, "MAX_RETRIES": 0}
        reset_client()
        yield srv
    reset_client()


def run(*argv: str) -> str:
    out = io.StringIO()
    call_command(Command(), *argv, stdout=out)
    return out.getvalue()


def test_registers_the_site_once_and_writes_the_secret_privately(server: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "openai-webhook-secret"
    out = run("--site", "calls.example.org", "--secret-out", str(target))
    listed, created = server.requests
    assert (listed.method, listed.path) == ("GET", "/v1/webhook_endpoints")
    assert (created.method, created.path) == ("POST", "/v1/webhook_endpoints")
    assert created.json() == {
        "event_types": ["realtime.call.incoming"],
        "name": "calls.example.org",
        "url": "https://calls.example.org/openai/webhook/",
    }
    assert created.headers["authorization"] == "Bearer " + CANARY
    assert target.read_text(encoding="utf-8") == WEBHOOK_SIGNING_SECRET + "\n"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "we_new" in out and "OPENAI_WEBHOOK_SECRET" in out and str(target) in out
    for secret in (WEBHOOK_SIGNING_SECRET, WEBHOOK_SIGNING_SECRET[6:], WEBHOOK_SIGNING_SECRET[-8:], CANARY):
        assert secret not in out


def test_an_existing_endpoint_for_the_url_is_not_registered_again(server: LoopbackServer) -> None:
    out = run("--url", "https://example.com/hooks/3", "--show-secret")
    assert [r.method for r in server.requests] == ["GET"]
    assert "already registered as we_0003" in out and "rotate-secret we_0003" in out


def test_show_secret_event_types_and_name(server: LoopbackServer) -> None:
    out = run(
        "--url", "https://x.example/hooks/openai", "--event-type", "realtime.call.incoming",
        "--event-type", "live.transport.incoming", "--name", "phones", "--show-secret",
    )  # fmt: skip
    assert server.requests[-1].json() == {
        "event_types": ["realtime.call.incoming", "live.transport.incoming"],
        "name": "phones",
        "url": "https://x.example/hooks/openai",
    }
    assert out.count(WEBHOOK_SIGNING_SECRET) == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--site", "example.org"], "--show-secret"),  # where does the secret go?
        (["--url", "http://example.org/hook", "--show-secret"], "HTTPS"),
        (["--show-secret"], "--site"),
    ],
)
def test_refused_before_anything_is_sent(server: LoopbackServer, argv: Any, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*argv)
    assert server.requests == []


def test_api_errors_are_command_errors_without_the_key(server: LoopbackServer, settings: Any) -> None:
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, BASE_URL=server.url + "/missing")
    reset_client()
    with pytest.raises(CommandError) as info:
        run("--site", "example.org", "--show-secret")
    assert "Error code: 4" in str(info.value) and CANARY not in str(info.value)


def test_the_app_makes_the_command_available(settings: Any) -> None:
    if "realtime_sync.contrib.django" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "realtime_sync.contrib.django"]
    assert get_commands()["openai_webhook_endpoint"] == "realtime_sync.contrib.django"
