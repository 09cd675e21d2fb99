"""The Flask example end to end, offline: signed webhooks in, recorded Realtime API calls out."""

import json
from typing import Any, Iterator, List

import pytest

pytest.importorskip("flask")

from app import DEMO_API_KEY, DEMO_WEBHOOK_SECRET, FIXTURE, create_app
from record_fixture import INCOMING_CALL, OFFER

from realtime_sync import webhooks
from realtime_sync.fixtures import FixtureTransport


@pytest.fixture
def replay() -> Iterator[FixtureTransport]:
    transport = FixtureTransport(FIXTURE, record_mode="none", env_override=False)
    yield transport
    transport.close()


@pytest.fixture
def client(replay: FixtureTransport) -> Any:
    return create_app({"REALTIME_SYNC_TRANSPORT": replay}).test_client()


def played(transport: FixtureTransport) -> List[str]:
    unplayed = set(transport.unplayed())
    return [
        "%s %s" % (it["request"]["method"], it["request"]["path"])
        for i, it in enumerate(transport.interactions)
        if "#%d %s %s" % (i, it["request"]["method"], it["request"]["path"]) not in unplayed
    ]


def deliver(client: Any, webhook_id: str) -> Any:
    body = json.dumps(INCOMING_CALL, separators=(",", ":")).encode()
    headers = webhooks.sign(body, DEMO_WEBHOOK_SECRET, webhook_id=webhook_id)
    return client.post("/openai/webhook/", data=body, headers=headers, content_type="application/json")


def test_an_incoming_call_is_accepted_once(client: Any, replay: FixtureTransport) -> None:
    assert deliver(client, "wh_a").status_code == 200
    assert deliver(client, "wh_a").status_code == 200  # a second accept would find no recording
    assert played(replay) == ["POST /v1/realtime/calls/rtc_test_0001/accept"]
    assert replay.interactions[0]["request"]["json"]["instructions"].startswith("You are Example Corp's phone")


def test_a_forged_webhook_sends_nothing(client: Any, replay: FixtureTransport) -> None:
    body = json.dumps(INCOMING_CALL).encode()
    headers = webhooks.sign(body, "whsec_Zm9yZ2Vk")
    response = client.post("/openai/webhook/", data=body, headers=headers, content_type="application/json")
    assert (response.status_code, response.json) == (400, {"error": "invalid webhook signature"})
    assert played(replay) == []


def test_the_browser_flow_keeps_key_and_call_id_on_the_server(client: Any, replay: FixtureTransport) -> None:
    assert client.post("/realtime/calls/", data=OFFER, content_type="application/sdp").status_code == 403
    client.post("/login", data={"name": "ada"})
    secret = client.post("/realtime/client-secret/")
    assert secret.status_code == 200 and set(secret.json) == {"value", "expires_at"}
    answer = client.post("/realtime/calls/", data=OFFER, content_type="application/sdp")
    assert answer.status_code == 201 and answer.data.startswith(b"v=0\r\n")
    assert b"rtc_web_0001" not in answer.data and DEMO_API_KEY.encode() not in answer.data + secret.data
    assert client.post("/realtime/hangup/").json == {"ended": True}
    assert played(replay) == [
        "POST /v1/realtime/client_secrets",
        "POST /v1/realtime/calls",
        "POST /v1/realtime/calls/rtc_web_0001/hangup",
    ]


def test_the_recording_holds_no_secret() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert DEMO_API_KEY not in text and DEMO_WEBHOOK_SECRET not in text and "ek_68af" not in text
