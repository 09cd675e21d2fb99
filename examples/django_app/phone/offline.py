"""Offline mode: answer every Realtime API request from the recorded fixture.

``ReplayTransport`` is for running the demo without an API key
(``manage.py runserver`` / ``manage.py simulate_call``): each request is
matched against ``recordings/phone_calls.json`` afresh, so a recorded answer
can be replayed any number of times. Tests use ``FixtureTransport``
directly instead, which replays each interaction once and reports which
ones were played.
"""

from pathlib import Path
from typing import Union

from realtime_sync import HttpRequest, HttpResponse, Timeout
from realtime_sync.fixtures import FixtureTransport

FIXTURE = Path(__file__).resolve().parent / "recordings" / "phone_calls.json"

#: Used only to authenticate against the replayed fixture; never a real key.
DEMO_API_KEY = "sk-offline-demo"

#: Signs and verifies webhooks in offline mode (base64 of "phone-example-demo-secret").
DEMO_WEBHOOK_SECRET = "whsec_cGhvbmUtZXhhbXBsZS1kZW1vLXNlY3JldA=="


class ReplayTransport:
    """A transport answering from a fixture file, as often as asked (demo only)."""

    def __init__(self, path: Union[str, Path] = FIXTURE) -> None:
        self.path = Path(path)

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        # A fresh replayer per request: no "already played" bookkeeping.
        replayer = FixtureTransport(self.path, record_mode="none", env_override=False)
        try:
            return replayer.send(request, timeout=timeout)
        finally:
            replayer.close()

    def close(self) -> None:
        pass
