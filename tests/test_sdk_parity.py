"""Code written for ``openai.OpenAI`` runs on RealtimeClient with only the import changed, and does the same.

``tests/_sdk_calls.py`` holds the SDK-written calls (the SDK's own realtime test
calls, sync, with_all_params sets included, plus raw/streaming wrappers, errors,
unknown answer fields, empty ids). Compared for each call: the request as the
loopback server saw it (method, path, query, Authorization, Accept, content type,
every other header sent, JSON values, multipart parts) and everything read back
(results through the SDK's attribute names, ``to_dict()``/``to_json()``, raw and
streaming responses, error classes and attributes, ValueError messages).

* The core suite compares realtime_sync with ``tests/data/realtime_sdk_wire.json``,
  captured from ``openai==3.51.0`` by ``scripts/capture_sdk_wire.py``: no SDK needed.
* The ``sdk`` marker (``tox -e sdk``) runs the same calls both ways now and
  compares them directly, and checks that the committed capture is still what the
  SDK does.

The one deliberate wire difference (README, docs/migrating.md) is checked on its
own: a ``calls.create`` with a standard key and no session.
"""

import json
import warnings
from pathlib import Path
from typing import Any, Dict

import pytest
from _sdk_calls import KNOWN_DIFFERENCE, OFFER, run
from _server import LoopbackServer

from realtime_sync import RealtimeClient

CAPTURE: Dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "realtime_sdk_wire.json").read_text(encoding="utf-8")
)


def ours(calls_to_run: Any = None) -> Dict[str, Any]:
    with LoopbackServer() as server:
        return run(lambda key: RealtimeClient(key, base_url=server.url, max_retries=0), server, calls_to_run)


def official_sdk() -> Any:
    openai = pytest.importorskip("openai", reason="the official SDK is not installed (tox -e sdk installs it)")
    if openai.__version__ != "3.51.0":
        pytest.skip("tests/data/realtime_sdk_wire.json was captured from openai==3.51.0, not %s" % openai.__version__)
    return openai


def theirs(calls_to_run: Any = None) -> Dict[str, Any]:
    openai = official_sdk()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic's serializer warnings on an unknown tool variant
        with LoopbackServer() as server:
            return run(lambda key: openai.OpenAI(api_key=key, base_url=server.url, max_retries=0), server, calls_to_run)


def assert_same(mine: Dict[str, Any], sdk: Dict[str, Any]) -> None:
    # Call by call, so that a failure names the call and shows a small diff.
    assert [c["name"] for c in mine["calls"]] == [c["name"] for c in sdk["calls"]]
    for got, want in zip(mine["calls"], sdk["calls"]):
        assert got["request"] == want["request"], got["name"]
        assert got.get("result") == want.get("result"), got["name"]
        assert got.get("raised") == want.get("raised"), got["name"]
    assert mine["refusals"] == sdk["refusals"]
    assert {k: v for k, v in mine.items() if k != "sdk"} == {k: v for k, v in sdk.items() if k != "sdk"}


def test_realtime_client_sends_and_reads_back_what_the_sdk_did() -> None:
    assert CAPTURE["sdk"] == "openai==3.51.0"
    assert len(CAPTURE["calls"]) >= 40 and len(CAPTURE["refusals"]) == 8
    assert_same(ours(), CAPTURE)


def test_the_capture_covers_what_it_claims() -> None:
    # A capture that lost its multipart parts, nulls, errors or raw responses would compare too easily.
    calls = {c["name"]: c for c in CAPTURE["calls"]}
    assert calls["create_with_all_params"]["request"]["parts"][1]["json"]["audio"]["output"]["voice"] == "ash"
    assert calls["accept_nulls"]["request"]["json"]["tracing"] is None
    assert calls["accept_extras"]["request"]["target"].startswith("/v1/realtime/calls/rtc%20a%2Fb%3Fc%23d%252e:@+")
    assert calls["create_ephemeral_browser_form"]["request"]["headers"]["content-type"] == "application/sdp"
    assert calls["raw_create"]["result"]["headers"]["location"] == "/v1/realtime/calls/rtc_test_0002"
    assert calls["error_404"]["raised"]["error"] == "NotFoundError"
    assert calls["secret_future_answer"]["result"]["attributes"]["session"]["new_knob"] == {"level": 3}
    assert calls["stream_create"]["result"]["is_closed"] is False and calls["stream_create"]["result"]["closed_after"]


def test_the_one_deliberate_wire_difference() -> None:
    # A standard key and no session: multipart with the one sdp part (the SDK: raw application/sdp).
    call = ours([KNOWN_DIFFERENCE])["calls"][0]
    request = call["request"]
    assert request["headers"]["content-type"] == "multipart/form-data"
    assert [(p["name"], p["headers"].get("content-type"), p["body"]) for p in request["parts"]] == [
        ("sdp", "application/sdp", OFFER)
    ]
    # What is read back is what the SDK reads back for the same answer.
    browser_form = next(c for c in CAPTURE["calls"] if c["name"] == "create_ephemeral_browser_form")
    assert call["result"] == browser_form["result"]


@pytest.mark.sdk
def test_the_committed_capture_is_what_the_sdk_does_now() -> None:
    assert_same(theirs(), CAPTURE)


@pytest.mark.sdk
def test_the_same_calls_run_both_ways_are_the_same() -> None:
    assert_same(ours(), theirs())


@pytest.mark.sdk
def test_the_deliberate_difference_is_the_only_one() -> None:
    mine, sdk = ours([KNOWN_DIFFERENCE])["calls"][0], theirs([KNOWN_DIFFERENCE])["calls"][0]
    assert sdk["request"]["headers"]["content-type"] == "application/sdp" and sdk["request"]["body"] == OFFER
    assert mine["result"] == sdk["result"]
    same = {k: v for k, v in mine["request"].items() if k not in ("parts", "body", "headers")}
    assert same == {k: v for k, v in sdk["request"].items() if k not in ("parts", "body", "headers")}
    strip = lambda h: {k: v for k, v in h.items() if k != "content-type"}  # noqa: E731
    assert strip(mine["request"]["headers"]) == strip(sdk["request"]["headers"])


# -- every signature, compared with the SDK's -----------------------------------------------------------------

#: SDK parameters realtime_sync does not take (docs/migrating.md, "The remaining differences").
MISSING_ON_PURPOSE = {"connect": {"websocket_connection_options", "max_queue_size"}}
#: Required in the SDK, optional here because of an alternative (``accept(call_id, session={...})``).
OPTIONAL_HERE = {"accept": {"type"}}


def _methods(client: Any) -> Dict[str, Any]:
    realtime = client.realtime
    return {
        "calls.create": realtime.calls.create,
        "calls.accept": realtime.calls.accept,
        "calls.refer": realtime.calls.refer,
        "calls.reject": realtime.calls.reject,
        "calls.hangup": realtime.calls.hangup,
        "client_secrets.create": realtime.client_secrets.create,
        "translations.client_secrets.create": realtime.translations.client_secrets.create,
        "connect": realtime.connect,
    }


@pytest.mark.sdk
def test_every_sdk_parameter_is_taken_the_same_way() -> None:
    import inspect

    openai = official_sdk()
    theirs_ = _methods(openai.OpenAI(api_key="sk-x"))
    ours_ = _methods(RealtimeClient("sk-x"))
    problems = []
    for name, sdk_method in theirs_.items():
        mine = inspect.signature(ours_[name]).parameters
        short = name.rsplit(".", 1)[-1]
        for param in inspect.signature(sdk_method).parameters.values():
            if param.name in MISSING_ON_PURPOSE.get(short, ()):
                assert param.name not in mine, "%s now takes %s: update MISSING_ON_PURPOSE and the docs" % (
                    name,
                    param.name,
                )
                continue
            if param.name not in mine:
                problems.append("%s: no %s" % (name, param.name))
                continue
            here = mine[param.name]
            if here.kind != param.kind:
                problems.append("%s(%s): %s here, %s in the SDK" % (name, param.name, here.kind, param.kind))
            required_there = param.default is inspect.Parameter.empty
            required_here = here.default is inspect.Parameter.empty
            if required_there != required_here and param.name not in OPTIONAL_HERE.get(short, ()):
                problems.append(
                    "%s(%s): required %s here, %s in the SDK" % (name, param.name, required_here, required_there)
                )
            if not required_there and isinstance(param.default, (int, float)) and here.default != param.default:
                problems.append(
                    "%s(%s): default %r here, %r in the SDK" % (name, param.name, here.default, param.default)
                )
        # Positional parameters in the same order (call_id first).
        positional = [
            p.name for p in inspect.signature(sdk_method).parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD
        ]
        assert [p for p in mine if mine[p].kind is mine[p].POSITIONAL_OR_KEYWORD] == positional, name
    assert not problems, problems
