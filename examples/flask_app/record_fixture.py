#!/usr/bin/env python
"""Re-create ``recordings/flask_calls.json``: run every flow of the app, record what it sends.

The answers come from a simulator replying as the Realtime API does (a SIP call
cannot be placed from a script); the requests are exactly what the app sends.
Run from this directory: ``python record_fixture.py``.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.pop("OPENAI_API_KEY", None)

from app import DEMO_WEBHOOK_SECRET, FIXTURE, create_app

from realtime_sync import HttpRequest, HttpResponse, Timeout, webhooks
from realtime_sync.fixtures import FixtureTransport

OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n"
INCOMING_CALL = {
    "id": "evt_test_0001",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {
        "call_id": "rtc_test_0001",
        "sip_headers": [
            {"name": "From", "value": '"Alice" <sip:+15550100@example.net>;tag=abc'},
            {"name": "To", "value": "<sip:+15550199@sip.api.openai.com>"},
        ],
        "sip_media_security": "srtp",
    },
}


class SimulatedOpenAI:
    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        path = request.url.split("/v1", 1)[1]
        rid = {"x-request-id": "req_" + path.strip("/").replace("/", "_")}
        if path == "/realtime/calls":
            headers = dict(rid, **{"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_web_0001"})
            return HttpResponse(201, headers, ANSWER.encode())
        if path == "/realtime/client_secrets":
            body = {"value": "ek_68af296e8e408191a1120ab6383263c2", "expires_at": 1767226200, "session": {}}
            return HttpResponse(200, dict(rid, **{"Content-Type": "application/json"}), json.dumps(body).encode())
        return HttpResponse(200, rid, b"")

    def close(self) -> None:
        pass


def main() -> None:
    transport = FixtureTransport(FIXTURE, record_mode="all", inner=SimulatedOpenAI(), env_override=False)
    client = create_app({"REALTIME_SYNC_TRANSPORT": transport}).test_client()
    body = json.dumps(INCOMING_CALL, separators=(",", ":")).encode()
    headers = webhooks.sign(body, DEMO_WEBHOOK_SECRET)
    response = client.post("/openai/webhook/", data=body, headers=headers, content_type="application/json")
    assert response.status_code == 200
    client.post("/login", data={"name": "ada"})
    assert client.post("/realtime/client-secret/").status_code == 200
    assert client.post("/realtime/calls/", data=OFFER, content_type="application/sdp").status_code == 201
    assert client.post("/realtime/hangup/").json == {"ended": True}
    transport.close()
    print("wrote %s (%d interactions)" % (FIXTURE, len(transport.interactions)))


if __name__ == "__main__":
    main()
