"""The Live API's requests, compared with the official SDK's (``openai==3.51.0``).

``tests/data/live_sdk_wire.json`` holds what the SDK sent on the loopback server
for every call of ``tests/_live_calls.py`` (``scripts/capture_live_sdk_wire.py``
writes it). The core suite checks realtime_sync against that file; the tests
marked ``sdk`` need the SDK itself (``tox -e sdk``; skipped without it): they check
that the file is still what the SDK sends, and run both clients side by side.

Compared: method, path and query (the raw request target), every header except
those describing the client (``User-Agent``, ``X-Stainless-*``, ``Host``,
``Accept-Encoding``, ``Connection``), the JSON value of the body, and the result.
"""

import json
from pathlib import Path

import pytest
from _live_calls import CALLS, run_calls, run_refusals
from _server import LoopbackServer

from realtime_sync import RealtimeClient

CAPTURE = json.loads((Path(__file__).parent / "data" / "live_sdk_wire.json").read_text(encoding="utf-8"))


def comparable(entry):
    # JSON key order is the caller's in the SDK and the model's field order here:
    # the same value, so compare values (and the exact bytes of non-JSON bodies).
    out = dict(entry)
    if out.get("json") is not None:
        out.pop("body", None)
    return out


def comparable_refusals(refusals):
    # The empty id: the SDK's exact message. "." and "..": a ValueError before sending
    # (the SDK's message names its internal path template, ours the argument).
    return [
        (r["method"], r["session_id"], r["error"], r["message"] if r["session_id"] == "" else None) for r in refusals
    ]


def realtime_sync_wire(api_key):
    with LoopbackServer() as server, RealtimeClient(api_key, base_url=server.url, max_retries=0) as client:
        return run_calls(client, server), run_refusals(client, server)


def test_every_call_is_in_the_capture():
    assert [c["name"] for c in CAPTURE["calls"]] == [name for name, _, _, _ in CALLS]


@pytest.fixture(scope="module")
def ours():
    return realtime_sync_wire(CAPTURE["api_key"])


@pytest.mark.parametrize("index", range(len(CALLS)), ids=[name for name, _, _, _ in CALLS])
def test_same_request_as_the_official_sdk(ours, index):
    assert comparable(ours[0][index]) == comparable(CAPTURE["calls"][index])


def test_same_refusals_as_the_official_sdk(ours):
    assert comparable_refusals(ours[1]) == comparable_refusals(CAPTURE["refusals"])


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


@pytest.mark.sdk
def test_both_clients_side_by_side():
    openai = official_sdk()
    with LoopbackServer() as server:
        sdk = openai.OpenAI(api_key="side-by-side-key", base_url=server.url, max_retries=0)
        theirs = run_calls(sdk, server), run_refusals(sdk, server)
    ours = realtime_sync_wire("side-by-side-key")
    assert [comparable(c) for c in ours[0]] == [comparable(c) for c in theirs[0]]
    assert comparable_refusals(ours[1]) == comparable_refusals(theirs[1])
