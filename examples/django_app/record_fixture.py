#!/usr/bin/env python
"""Re-create ``phone/recordings/phone_calls.json`` and ``conversation_live.json``: run the app, record what it sends.

The answers come from ``SimulatedOpenAI``, which replies as the Realtime and
Live APIs do (status codes, headers and bodies from the wire reference),
because a SIP call cannot be placed from a script; the requests are exactly
what the app sends. Every scenario is delivered through each surface's
webhook (``realtime.call.incoming``, then ``live.transport.incoming``).

The Live call's sideband stream is recorded with the example's own handler
(``phone.conversation.handle``) against the repository's loopback WebSocket
server (``tests/_ws_server.py``), playing the Live API's side of a support
call: the caller presses 0, the delegated model calls ``lookup_order``.
Run from this directory (needs ``realtime_sync[ws]``)::

    python record_fixture.py
"""

import json
import os
import sys
from types import SimpleNamespace
from typing import Any, Dict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phone.settings")
os.environ.pop("OPENAI_API_KEY", None)  # offline settings: demo key and secret

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.urls import resolve  # noqa: E402
from phone.offline import DEMO_API_KEY, DEMO_WEBHOOK_SECRET, FIXTURE  # noqa: E402
from phone.scenarios import SCENARIOS, SURFACES, as_meta, call_id, signed_delivery  # noqa: E402

from realtime_sync import HttpRequest, HttpResponse, RealtimeClient, Timeout  # noqa: E402
from realtime_sync.fixtures import FixtureTransport  # noqa: E402

LIVE_CONVERSATION = os.path.join(HERE, "phone", "recordings", "conversation_live.json")

#: The offer a browser would post (reference §12.16); the tests post the same.
BROWSER_OFFER = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n"
)
ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n"
CLIENT_SECRET: Dict[str, Any] = {
    "value": "ek_68af296e8e408191a1120ab6383263c2",
    "expires_at": 1767226200,
    "session": {
        "id": "sess_C9G5QPteg4UIbotdKLoYQ",
        "object": "realtime.session",
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": "You are the voice assistant of Example Corp's website. Be brief.",
        "output_modalities": ["audio"],
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "expires_at": 0,
    },
}


class SimulatedOpenAI:
    """Answers like the Realtime API (reference §12.12, §12.17)."""

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        path = request.url.split("/v1", 1)[1]
        rid = {"x-request-id": "req_" + path.strip("/").replace("/", "_")}
        if path == "/realtime/calls":
            headers = dict(rid, **{"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_web_0001"})
            return HttpResponse(201, headers, ANSWER.encode())
        if path == "/realtime/client_secrets":
            return HttpResponse(
                200, dict(rid, **{"Content-Type": "application/json"}), json.dumps(CLIENT_SECRET).encode()
            )
        return HttpResponse(200, rid, b"")

    def close(self) -> None:
        pass


def main() -> None:
    transport = FixtureTransport(FIXTURE, record_mode="all", inner=SimulatedOpenAI(), env_override=False)
    settings = dict(django.conf.settings.REALTIME_SYNC, TRANSPORT=transport)
    with override_settings(REALTIME_SYNC=settings):
        client = Client()
        for surface in SURFACES:
            cache.clear()  # each pass answers every call afresh (else the twin of each call is left alone)
            for name in SCENARIOS:
                body, headers = signed_delivery(name, DEMO_WEBHOOK_SECRET, surface=surface)
                response = client.post(
                    "/openai/webhook/", data=body, content_type="application/json", **as_meta(headers)
                )
                assert response.status_code == 200, (surface, name, response.status_code)

        # The browser views, as a logged-in user (no database needed to record).
        factory = RequestFactory()
        session: Dict[str, Any] = {}
        for path, data, content_type in (
            ("/realtime/client-secret/", b"", "application/json"),
            ("/realtime/calls/", BROWSER_OFFER.encode(), "application/sdp"),
            ("/realtime/hangup/", b"", "application/json"),
        ):
            request = factory.post(path, data=data, content_type=content_type)
            request.user = SimpleNamespace(is_authenticated=True)
            request.session = session
            response = resolve(path).func(request)
            assert response.status_code in (200, 201), (path, response.status_code)
    transport.close()
    print("wrote %s (%d interactions)" % (FIXTURE, len(transport.interactions)))
    record_live_conversation()


def live_support_call(ws: Any) -> None:
    """The Live API's side of the support call's sideband (live-api.md §4), reacting to what the handler sends."""
    session_id = call_id("support", "live")
    ws.send_json({"type": "session.started", "event_id": "ev_1", "session": {"id": session_id, "model": "gpt-live-1"}})
    ws.send_json(
        {
            "type": "session.input_transcript.delta",
            "event_id": "ev_2",
            "delta": "Operator, please.",
            "start_ms": 0,
            "end_ms": 900,
        }
    )
    ws.send_json({"type": "transport.dtmf.received", "event_id": "ev_3", "event": "0"})
    ws.wait_for("session.instructions.append")
    ws.wait_for("response.create")
    ws.send_json({"type": "session.instructions.appended", "event_id": "ev_4"})
    call = {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "call_7",
        "name": "lookup_order",
        "arguments": '{"order_id": "A17"}',
        "status": "completed",
    }
    done = {"type": "response.output_item.done", "output_index": 0, "sequence_number": 4, "item": call}
    ws.send_json({"type": "response.event", "event_id": "ev_5", "delegation_id": "dlg_1", "event": done})
    ws.wait_for("response.item.create")
    completed = {
        "type": "response.completed",
        "sequence_number": 5,
        "response": {"id": "resp_7", "status": "completed"},
    }
    ws.send_json({"type": "response.event", "event_id": "ev_6", "delegation_id": "dlg_1", "event": completed})
    ws.wait_for("response.create")
    ws.send_json({"type": "session.closed", "event_id": "ev_7", "reason": "remote_hangup"})


def record_live_conversation() -> None:
    sys.path.insert(0, os.path.join(HERE, os.pardir, os.pardir, "tests"))
    from _ws_server import WebSocketServer
    from phone.conversation import handle

    from realtime_sync.sideband import FixtureConnector

    if os.path.exists(LIVE_CONVERSATION):
        os.remove(LIVE_CONVERSATION)
    connector = FixtureConnector(LIVE_CONVERSATION, "all", env_override=False)
    with WebSocketServer(live_support_call) as server:
        client = RealtimeClient(DEMO_API_KEY, base_url=server.url)
        with client.live.sideband.connect(session_id=call_id("support", "live"), connector=connector) as conn:
            handle(conn)
        server.join()
    connector.close()
    print("wrote %s" % LIVE_CONVERSATION)


if __name__ == "__main__":
    main()
