"""Accepted calls go to the call supervisor, which answers a function call and a DTMF key from recorded streams.

Offline: the webhook is delivered in-process, the API answers from phone/recordings/phone_calls.json, and
the sideband streams of both surfaces replay from phone/recordings/conversation_*.json.
"""

from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from phone.conversation import LOCAL_CALLS, handle
from phone.offline import DEMO_WEBHOOK_SECRET, FIXTURE
from phone.scenarios import as_meta, signed_delivery

from realtime_sync.contrib.django import get_client
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.sideband import FixtureConnector
from realtime_sync.supervisor import CallSupervisor

pytest.importorskip("websocket")

RECORDINGS = Path(__file__).resolve().parent.parent / "phone" / "recordings"
SAFETY = 10.0


@pytest.fixture
def replay(settings: Any) -> Iterator[FixtureTransport]:
    transport = FixtureTransport(FIXTURE, record_mode="none", env_override=False)
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=transport)
    cache.clear()
    while LOCAL_CALLS.get(0) is not None:  # what earlier tests handed over
        pass
    yield transport
    transport.close()


def offline_supervisor(connectors: Dict[str, FixtureConnector]) -> CallSupervisor:
    client = get_client()

    def connect(call_id: str) -> Any:
        if call_id.startswith("live_"):
            return client.live.sideband.connect(session_id=call_id, connector=connectors["live"])
        return client.realtime.connect(call_id=call_id, connector=connectors["realtime"])

    return CallSupervisor(handle, max_calls=10, connect=connect)


def test_an_accepted_sip_call_is_handed_over_and_its_function_call_answered(replay: FixtureTransport) -> None:
    body, headers = signed_delivery("support", DEMO_WEBHOOK_SECRET)
    response = Client().post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))
    assert response.status_code == 200
    handed_over = LOCAL_CALLS.get(SAFETY)  # what manage.py realtime_worker takes off the queue
    assert handed_over == "rtc_test_0001"

    connectors = {"realtime": FixtureConnector(RECORDINGS / "conversation_realtime.json", env_override=False)}
    supervisor = offline_supervisor(connectors)
    owner = supervisor.attach(handed_over)
    assert owner is not None and owner.wait(SAFETY) and owner.error is None
    # The recording's client side: the lookup_order output, then one response.create (checked by the replay).
    connectors["realtime"].assert_all_played()


def test_a_live_session_answers_a_dtmf_key_and_a_delegated_function_call(replay: FixtureTransport) -> None:
    connectors = {"live": FixtureConnector(RECORDINGS / "conversation_live.json", env_override=False)}
    supervisor = offline_supervisor(connectors)
    owner = supervisor.attach("live_demo_1")
    assert owner is not None and owner.wait(SAFETY) and owner.error is None
    # Key 0 -> session.instructions.append + response.create; the delegated lookup_order ->
    # response.item.create + response.create; the stream ends with session.closed.
    connectors["live"].assert_all_played()
