"""A Live WebSocket scenario written for ``openai.OpenAI``, run unchanged on RealtimeClient (tests/test_live_ws.py).

Three connections, as the SDK's code opens them: a sideband attached to a session (with
``graceful_close``, extra query and headers) taking every resource-style sender of the
SDK's ``SidebandConnection`` and reading four events back; a primary connection sending
``session.start`` and audio; a fork sending its empty ``session.start``. :func:`run`
returns what the server saw (the request target, the headers that matter, every message)
and what the client read back, as plain data. ``scripts/capture_live_ws_sdk_wire.py``
stores the SDK's run in ``tests/data/live_ws_sdk_wire.json``.
"""

from typing import Any, Callable, Dict, List

from _ws_server import ServerSide, WebSocketServer

API_KEY = "sk-sdk-live-ws-placeholder"
SESSION = {"id": "live_1", "model": "gpt-live-1", "status": "active", "expires_at": 1700000000}
SERVER_EVENTS = [
    {"type": "session.started", "event_id": "ev_1", "session": SESSION},
    {"type": "transport.dtmf.sent", "event_id": "ev_2", "event": "5", "client_event_id": "d1"},
    {"type": "transport.dtmf.received", "event_id": "ev_3", "event": "#"},
    {
        "type": "session.closed",
        "event_id": "ev_9",
        "reason": "close_requested",
        "session": SESSION,
        "usage": {"seconds": 3.5},
    },
]
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Grüß Gott 😀"}]}
SIDEBAND_MESSAGES = 16  # what _sideband_sends sends


def _sideband_sends(conn: Any) -> None:
    conn.session.update(session={"triggers": []})
    conn.session.update(session={"delegation": {"type": "client", "acknowledgement_delay_ms": 200}}, event_id="ev_u")
    conn.session.input_audio.mute()
    conn.session.input_audio.unmute(event_id="ev_m")
    conn.session.instructions.append(content="The caller is a premium customer.", delegation_id=None)
    conn.session.thinking.append(content="Looking it up.", delegation_id="del_1", event_id="ev_t")
    conn.session.commentary.append(content="One moment please.", delegation_id=None)
    conn.session.output_audio.fixture.play(audio="AAAA")
    conn.transport.dtmf.send(event="5", event_id="d1")
    conn.transport.dtmf.send(event="#")
    conn.decision.create(event_id="dec_1")
    conn.decision.item.create(item={"type": "message", "role": "user", "content": "I want a refund"})
    conn.decision.item.delete(item_id="item_1")
    conn.response.item.create(item=ITEM, event_id="ev_i")
    conn.response.create()
    conn.session.close()


def _side(ws: ServerSide) -> Dict[str, Any]:
    return {
        "target": ws.target,
        "authorization": ws.headers.get("authorization"),
        "x-extra": ws.headers.get("x-extra"),
        "messages": ws.messages,
    }


def run(make_client: Callable[[str, str], Any]) -> Dict[str, Any]:
    """The scenario through ``make_client(api_key, base_url)``; what both sides saw."""

    def script(ws: ServerSide) -> None:
        if ws.path.endswith("/attach"):
            for _ in range(SIDEBAND_MESSAGES):
                ws.recv_json()
            for event in SERVER_EVENTS:
                ws.send_json(event)
            ws.close(1000)
        else:
            ws.recv_json()  # session.start
            ws.send_json(SERVER_EVENTS[0])
            ws.wait_for("session.close")
            ws.send_json(SERVER_EVENTS[-1])
            ws.close(1000)

    read: Dict[str, List[str]] = {}
    with WebSocketServer(script) as srv:
        client = make_client(API_KEY, srv.url)
        with client.live.sideband.connect(
            session_id="live_a b", graceful_close=True, extra_query={"x": "1"}, extra_headers={"X-Extra": "y"}
        ) as conn:
            _sideband_sends(conn)
            read["sideband"] = [event.type for event in conn]
        conn = client.live.connect().enter()
        try:
            conn.session.start(
                session={"model": "gpt-live-1", "audio": {"format": {"type": "audio/pcm", "rate": 24000}}}
            )
            conn.session.input_audio.append(audio="AAAA", event_id="ev_a")
            conn.session.close()
            read["primary"] = [event.type for event in conn]
        finally:
            conn.close()
        with client.live.forks.connect(session_id="live_1") as conn:
            conn.session.start(session={})
            conn.session.close()
            read["fork"] = [event.type for event in conn]
        srv.join()
    sides = sorted((_side(ws) for ws in srv.connections), key=lambda side: side["target"])
    return {"connections": sides, "read": read}
