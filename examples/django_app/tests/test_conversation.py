"""Accepted calls go to the call supervisor, which answers a function call and a DTMF key from recorded streams.

Offline, end to end: the SIP call's two webhooks are delivered in-process, the API answers from
phone/recordings/phone_calls.json, the accepted call's id goes through ``hand_off`` onto the worker's
queue, and its sideband stream replays from phone/recordings/conversation_*.json.
"""

import json
from pathlib import Path
from typing import Any, Dict

import pytest
from django.test import Client
from phone.conversation import LOCAL_CALLS, handle
from phone.offline import DEMO_WEBHOOK_SECRET
from phone.scenarios import as_meta, signed_delivery

from realtime_sync.contrib.django import get_client
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.sideband import FixtureConnector
from realtime_sync.supervisor import CallSupervisor

pytest.importorskip("websocket")

RECORDINGS = Path(__file__).resolve().parent.parent / "phone" / "recordings"
SAFETY = 10.0


def offline_supervisor(connectors: Dict[str, FixtureConnector]) -> CallSupervisor:
    client = get_client()

    def connect(call_id: str) -> Any:
        if call_id.startswith("live_"):
            return client.live.sideband.connect(session_id=call_id, connector=connectors["live"])
        return client.realtime.connect(call_id=call_id, connector=connectors["realtime"])

    return CallSupervisor(handle, max_calls=10, connect=connect)


def deliver_both(first: str) -> None:
    """The support call's two webhooks, ``first``'s surface first."""
    second = "live" if first == "realtime" else "realtime"
    for surface in (first, second):
        body, headers = signed_delivery("support", DEMO_WEBHOOK_SECRET, surface=surface)
        response = Client().post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))
        assert response.status_code == 200


def test_a_sip_call_answered_on_realtime_runs_its_function_call_in_the_worker(replay: FixtureTransport) -> None:
    deliver_both(first="realtime")
    handed_over = LOCAL_CALLS.get(SAFETY)  # what manage.py realtime_worker takes off the queue
    assert handed_over == "rtc_test_0001"
    assert LOCAL_CALLS.get(0) is None  # the Live twin was left alone: nothing else handed over

    connectors = {"realtime": FixtureConnector(RECORDINGS / "conversation_realtime.json", env_override=False)}
    owner = offline_supervisor(connectors).attach(handed_over)
    assert owner is not None and owner.wait(SAFETY) and owner.error is None
    # The recording's client side: the lookup_order output, then one response.create (checked by the replay).
    connectors["realtime"].assert_all_played()


def test_a_sip_call_answered_on_live_runs_a_dtmf_key_and_a_delegated_function_call(replay: FixtureTransport) -> None:
    deliver_both(first="live")
    handed_over = LOCAL_CALLS.get(SAFETY)
    assert handed_over == "live_test_0001"
    assert LOCAL_CALLS.get(0) is None  # the Realtime twin was left alone
    accept = [it for it in replay.interactions if it["request"]["path"].endswith("/live_test_0001/accept")]
    assert accept[0]["request"]["json"]["session"]["delegation"]["responses"]["tools"][0]["name"] == "lookup_order"

    connectors = {"live": FixtureConnector(RECORDINGS / "conversation_live.json", env_override=False)}
    owner = offline_supervisor(connectors).attach(handed_over)
    assert owner is not None and owner.wait(SAFETY) and owner.error is None
    # Every client message is checked against the recording: key 0 -> session.instructions.append
    # ("... an operator") + response.create; the delegated lookup_order("A17") -> response.item.create
    # with the order's status + response.create; the stream ends with session.closed.
    connectors["live"].assert_all_played()
    recording = json.loads((RECORDINGS / "conversation_live.json").read_text(encoding="utf-8"))
    sent = [m["json"] for m in recording["connections"][0]["messages"] if m["from"] == "client" and "json" in m]
    assert [m["type"] for m in sent] == [
        "session.instructions.append",
        "response.create",
        "response.item.create",
        "response.create",
    ]
    assert "operator" in sent[0]["content"] and '"status":"shipped"' in sent[2]["item"]["output"]
