"""A sideband scenario written for ``openai.OpenAI``, run unchanged on RealtimeClient (tests/test_sideband_sdk.py).

One call, two connections: the first sends ``session.created``, takes the SDK's
resource-style sends, then drops without a close frame; the client reconnects
(``on_reconnecting`` answers with new query parameters and a header, and sends
while the line is down), and the second connection takes the queued send, answers
``response.done`` and closes normally. :func:`run` returns what the server saw on
each connection (query, the headers that matter, every message) and what the
client read back (event types, the ``ReconnectingEvent`` fields), as plain data.
``scripts/capture_sdk_wire.py`` stores the SDK's run in ``tests/data/sideband_sdk_wire.json``.
"""

import threading
from typing import Any, Callable, Dict, List

from _ws_server import ServerSide, WebSocketServer

API_KEY = "sk-sdk-sideband-placeholder"
CREATED = {"type": "session.created", "event_id": "ev_1", "session": {"type": "realtime", "id": "sess_1"}}
DONE = {"type": "response.done", "event_id": "ev_9", "response": {"id": "resp_1", "status": "completed"}}
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Grüß Gott 😀"}]}
FIRST_MESSAGES = 12  # what _sends sends


def _sends(conn: Any) -> None:
    # Every resource-style sender of the SDK's RealtimeConnection, with and without event_id.
    conn.session.update(session={"type": "realtime", "instructions": "Be brief.", "tracing": None})
    conn.session.update(session={"type": "realtime", "audio": {"input": {"turn_detection": None}}}, event_id="ev_u")
    conn.response.create()
    conn.response.create(event_id="ev_r", response={"instructions": "Say hi.", "output_modalities": ["text"]})
    conn.response.cancel(response_id="resp_0")
    conn.input_audio_buffer.append(audio="AAAA", event_id="ev_a")
    conn.input_audio_buffer.commit()
    conn.input_audio_buffer.clear()
    conn.conversation.item.create(item=ITEM, previous_item_id="item_0")
    conn.conversation.item.truncate(item_id="item_1", content_index=0, audio_end_ms=1500)
    conn.conversation.item.retrieve(item_id="item_2")
    conn.output_audio_buffer.clear(event_id="ev_o")


def run(make_client: Callable[[str, str], Any]) -> Dict[str, Any]:
    """The scenario through ``make_client(api_key, base_url)``; what both sides saw."""
    seen: List[Any] = []
    holder: List[Any] = []
    count = {"n": 0}
    lock = threading.Lock()

    def script(ws: ServerSide) -> None:
        with lock:
            count["n"] += 1
            n = count["n"]
        if n == 1:
            ws.send_json(CREATED)
            for _ in range(FIRST_MESSAGES):
                ws.recv_json()
            ws.drop()
        else:
            ws.recv_json()  # the send queued while reconnecting
            ws.send_json(DONE)
            ws.close(1000)

    def on_reconnecting(event: Any) -> Any:
        seen.append(event)
        holder[0].conversation.item.delete(item_id="item_4", event_id="ev_queued")
        return {"extra_query": {"resume": "1"}, "extra_headers": {"X-Reconnect": str(event.attempt)}}

    with WebSocketServer(script) as srv:
        client = make_client(API_KEY, srv.url)
        with client.realtime.connect(
            call_id="rtc_sideband_1",
            extra_query={"trace": "t 1"},
            extra_headers={"X-Trace": "trace-1"},
            on_reconnecting=on_reconnecting,
            max_retries=3,
            initial_delay=0.001,
            max_delay=0.004,
        ) as conn:
            holder.append(conn)
            events = iter(conn)
            first = next(events)
            _sends(conn)
            types = [first.type] + [event.type for event in events]
        srv.join()
    return {
        "read_back": {
            "types": types,
            "reconnecting": [
                {
                    "attempt": e.attempt,
                    "max_attempts": e.max_attempts,
                    "close_code": e.close_code,
                    "extra_query": dict(e.extra_query),
                    "extra_headers": dict(e.extra_headers),
                    "delay_in_range": 0.00075 <= e.delay <= 0.001,
                }
                for e in seen
            ],
        },
        "connections": [
            {
                "path": side.path,
                "query": side.query,
                "headers": {k: side.headers.get(k) for k in ("authorization", "x-trace", "x-reconnect")},
                "messages": side.messages,
            }
            for side in srv.connections
        ],
    }


TRANSLATION_EVENTS = [
    {"type": "session.created", "event_id": "ev_t1", "session": {"id": "sess_t1", "model": "gpt-realtime-translate"}},
    {"type": "session.output_transcript.delta", "event_id": "ev_t2", "delta": "Hola", "elapsed_ms": 200},
    {"type": "session.closed", "event_id": "ev_t3"},
]


def run_translation(make_client: Callable[[str, str], Any]) -> Dict[str, Any]:
    """A translation session written for the SDK: its three senders, events read, a normal close."""

    def script(ws: ServerSide) -> None:
        ws.send_json(TRANSLATION_EVENTS[0])
        for _ in range(4):
            ws.recv_json()
        ws.send_json(TRANSLATION_EVENTS[1])
        ws.send_json(TRANSLATION_EVENTS[2])
        ws.close(1000)

    with WebSocketServer(script) as srv:
        client = make_client(API_KEY, srv.url)
        with client.realtime.translations.connect(
            "gpt-realtime-translate", extra_query={"trace": "t"}, extra_headers={"X-Trace": "trace-2"}
        ) as conn:
            events = iter(conn)
            first = next(events)
            conn.session.update(session={"audio": {"output": {"language": "es"}}})
            conn.session.input_audio_buffer.append(audio="AAAA")
            conn.session.input_audio_buffer.append(audio="BBBB", event_id="ev_b")
            conn.session.close(event_id="ev_close")
            read = [[first.type, first.session.id]] + [[e.type, getattr(e, "delta", None)] for e in events]
        srv.join()
    side = srv.connections[0]
    return {
        "read_back": read,
        "connection": {
            "path": side.path,
            "query": side.query,
            "headers": {k: side.headers.get(k) for k in ("authorization", "x-trace")},
            "messages": side.messages,
        },
    }
