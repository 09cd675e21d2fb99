"""Shared fixtures: a real loopback HTTP server and a canary API key."""

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from _server import LoopbackServer

#: A recognisable fake key; tests assert it never shows up where it must not.
CANARY_KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def canary_key() -> str:
    return CANARY_KEY


@pytest.fixture(autouse=True)
def _clean_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests must not pick up a developer's real credentials or settings.
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
