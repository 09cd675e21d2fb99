"""The Live API's requests, compared with the official SDK's (``openai==3.51.0``).

``tests/data/live_sdk_wire.json`` holds what the SDK sent on the loopback server
for every call of ``tests/_live_calls.py`` (``scripts/capture_live_sdk_wire.py``
writes it). The tests marked ``sdk`` need the SDK itself (``tox -e sdk``) and are
skipped without it: they check that the committed capture is still what the SDK
sends.
"""

import json
from pathlib import Path

import pytest
from _live_calls import run_calls, run_refusals
from _server import LoopbackServer

CAPTURE = json.loads((Path(__file__).parent / "data" / "live_sdk_wire.json").read_text(encoding="utf-8"))


def official_sdk():
    openai = pytest.importorskip("openai", reason="the official SDK is not installed (tox -e sdk installs it)")
    if openai.__version__ != "3.51.0":
        pytest.skip("tests/data/live_sdk_wire.json was captured from openai==3.51.0, not %s" % openai.__version__)
    return openai


@pytest.mark.sdk
def test_the_committed_capture_is_what_the_sdk_sends():
    openai = official_sdk()
    with LoopbackServer() as server:
        client = openai.OpenAI(api_key=CAPTURE["api_key"], base_url=server.url, max_retries=0)
        assert run_calls(client, server) == CAPTURE["calls"]
        assert run_refusals(client, server) == CAPTURE["refusals"]
