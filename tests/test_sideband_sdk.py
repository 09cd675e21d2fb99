"""The official SDK's sideband surface on a real loopback WebSocket: resource-style senders and reconnecting.

``conn.session.update(...)``, ``conn.response.create(...)``, ``conn.conversation.item.create(...)``
and the rest send the frames the SDK's connection resources build; ``connect(on_reconnecting=...,
max_retries=..., initial_delay=..., max_delay=...)`` reconnects as openai 3.51.0 does (only with a
handler, only while iterating, only for close codes worth retrying, backoff with jitter, attempts
counted until a good event, sends queued meanwhile). Delays are a few milliseconds: no real waits.
"""

import threading
from typing import Any, List

import pytest
from _ws_server import ServerSide, WebSocketServer

from realtime_sync import RealtimeClient, RequestValidationError
from realtime_sync.sideband import (
    ConnectionClosedError,
    ReconnectingEvent,
)

KEY = "sk-test-sideband-sdk-0000"
CREATED = {"type": "session.created", "event_id": "ev_1", "session": {"type": "realtime", "id": "sess_1"}}
FAST = {"initial_delay": 0.001, "max_delay": 0.004}


def test_resource_senders_send_the_sdks_frames() -> None:
    with WebSocketServer() as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            conn.session.update(session={"type": "realtime", "instructions": "Be brief.", "tracing": None})
            conn.session.update(session={"type": "realtime"}, event_id="ev_up")
            conn.response.create()
            conn.response.create(event_id="ev_r", response={"instructions": "Say hi.", "output_modalities": ["text"]})
            conn.response.cancel()
            conn.response.cancel(response_id="resp_1", event_id="ev_c")
            conn.input_audio_buffer.append(audio="AAAA")
            conn.input_audio_buffer.append(audio=b"\x00\x00\x00", event_id="ev_a")
            conn.input_audio_buffer.commit()
            conn.input_audio_buffer.clear(event_id="ev_cl")
            item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
            conn.conversation.item.create(item=item)
            conn.conversation.item.create(item=item, previous_item_id="item_0", event_id="ev_i")
            conn.conversation.item.delete(item_id="item_1")
            conn.conversation.item.truncate(item_id="item_2", content_index=0, audio_end_ms=1500)
            conn.conversation.item.retrieve(item_id="item_3", event_id="ev_rt")
            conn.output_audio_buffer.clear()
        srv.join()
    assert srv.connections[0].messages == [
        {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief.", "tracing": None}},
        {"type": "session.update", "session": {"type": "realtime"}, "event_id": "ev_up"},
        {"type": "response.create"},
        {
            "type": "response.create",
            "event_id": "ev_r",
            "response": {"instructions": "Say hi.", "output_modalities": ["text"]},
        },
        {"type": "response.cancel"},
        {"type": "response.cancel", "event_id": "ev_c", "response_id": "resp_1"},
        {"type": "input_audio_buffer.append", "audio": "AAAA"},
        {"type": "input_audio_buffer.append", "audio": "AAAA", "event_id": "ev_a"},
        {"type": "input_audio_buffer.commit"},
        {"type": "input_audio_buffer.clear", "event_id": "ev_cl"},
        {"type": "conversation.item.create", "item": item},
        {"type": "conversation.item.create", "item": item, "event_id": "ev_i", "previous_item_id": "item_0"},
        {"type": "conversation.item.delete", "item_id": "item_1"},
        {"type": "conversation.item.truncate", "audio_end_ms": 1500, "content_index": 0, "item_id": "item_2"},
        {"type": "conversation.item.retrieve", "item_id": "item_3", "event_id": "ev_rt"},
        {"type": "output_audio_buffer.clear"},
    ]


def test_resource_senders_validate_before_sending() -> None:
    with WebSocketServer() as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1") as conn:
            with pytest.raises(RequestValidationError, match="audio_end_ms"):
                conn.conversation.item.truncate(item_id="i", content_index=0, audio_end_ms="late")  # type: ignore[arg-type]
            with pytest.raises(RequestValidationError, match="instructons"):
                conn.session.update(session={"type": "realtime", "instructons": "x"})
        srv.join()
    assert srv.connections[0].messages == []


def test_enter_recv_bytes_and_parse_event() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(CREATED)

    with WebSocketServer(script) as srv:
        conn = RealtimeClient(KEY, base_url=srv.url).realtime.connect(call_id="rtc_1").enter()
        raw = conn.recv_bytes()
        assert isinstance(raw, bytes) and conn.parse_event(raw).type == "session.created"
        conn.close()
        srv.join()


# -- reconnecting ------------------------------------------------------------------------------


def drop_first(first: Any, then: Any) -> Any:
    """A server script: the first connection runs ``first`` then drops; later ones run ``then``."""
    count = {"n": 0}
    lock = threading.Lock()

    def script(ws: ServerSide) -> None:
        with lock:
            count["n"] += 1
            n = count["n"]
        if n == 1:
            first(ws)
            ws.drop()
        else:
            then(ws, n)

    return script


def test_a_drop_reconnects_while_iterating_and_the_loop_goes_on() -> None:
    seen: List[ReconnectingEvent] = []

    def then(ws: ServerSide, n: int) -> None:
        ws.send_json({"type": "response.done", "event_id": "ev_9", "response": {"id": "resp_1"}})
        ws.close(1000)

    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), then)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)

        def on_reconnecting(event: ReconnectingEvent) -> Any:
            seen.append(event)
            return {"extra_headers": {"X-Reconnect": str(event.attempt)}, "extra_query": {"resume": "1"}}

        with client.realtime.connect(
            call_id="rtc_1", extra_query={"a": "b"}, on_reconnecting=on_reconnecting, **FAST
        ) as conn:
            types = [event.type for event in conn]
        srv.join()
    assert types == ["session.created", "response.done"]  # one loop across both connections, ended by the 1000
    assert [(e.attempt, e.max_attempts, e.close_code) for e in seen] == [(1, 5, 1006)]
    assert 0.00075 <= seen[0].delay <= 0.001 and seen[0].extra_query == {"a": "b"}
    first, second = srv.connections
    assert first.query == {"a": "b", "call_id": "rtc_1"}
    assert second.query == {"resume": "1", "call_id": "rtc_1"}  # the handler's query; the call id always on top
    assert second.headers["x-reconnect"] == "1" and second.headers["authorization"] == "Bearer " + KEY


def test_without_a_handler_a_drop_is_raised_as_before() -> None:
    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), lambda ws, n: None)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1", max_retries=3, **FAST) as conn:
            events = iter(conn)
            assert next(events).type == "session.created"
            with pytest.raises(ConnectionClosedError):
                next(events)
        srv.join()
    assert len(srv.connections) == 1


@pytest.mark.parametrize(
    "code, reconnects",
    [(1000, False), (1008, False), (4000, False), (1001, True), (1011, True), (1012, True), (1013, True)],
)
def test_only_close_codes_worth_retrying_reconnect(code: int, reconnects: bool) -> None:
    calls: List[int] = []

    def first(ws: ServerSide) -> None:
        ws.send_json(CREATED)
        ws.close(code)

    def script(ws: ServerSide) -> None:
        if len(srv.connections) == 1:
            first(ws)
        else:
            ws.close(1000)

    with WebSocketServer(script) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(
            call_id="rtc_1", on_reconnecting=lambda e: calls.append(e.close_code), **FAST
        ) as conn:
            if code == 1000 or reconnects:
                # A normal close ends the loop; after a reconnect the second connection closes normally.
                assert [e.type for e in conn] == ["session.created"]
            else:
                with pytest.raises(ConnectionClosedError):
                    list(conn)
        srv.join()
    assert calls == ([code] if reconnects else [])
    assert len(srv.connections) == (2 if reconnects else 1)


def test_abort_and_a_failing_handler_stop_reconnecting() -> None:
    for handler in (lambda e: {"abort": True}, lambda e: 1 / 0):
        with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), lambda ws, n: None)) as srv:
            client = RealtimeClient(KEY, base_url=srv.url)
            conn = client.realtime.connect(call_id="rtc_1", on_reconnecting=handler, **FAST)
            with conn, pytest.raises(ConnectionClosedError):
                list(conn)
            srv.join()
        assert len(srv.connections) == 1


def test_attempts_are_used_up_then_the_drop_is_raised() -> None:
    seen: List[ReconnectingEvent] = []
    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), lambda ws, n: None)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(
            call_id="rtc_1", on_reconnecting=seen.append, max_retries=3, initial_delay=0.001, max_delay=0.002
        ) as conn:
            for _ in range(3):  # every reconnect handshake is refused
                srv.reject(503, {"error": {"message": "busy"}})
            with pytest.raises(ConnectionClosedError) as info:
                list(conn)
        srv.join()
    assert info.value.code == 1006
    assert [e.attempt for e in seen] == [1, 2, 3] and len(srv.connections) == 4
    # Exponential backoff capped at max_delay, with the SDK's jitter (0.75 to 1 times).
    for event, base in zip(seen, [0.001, 0.002, 0.002]):
        assert 0.75 * base <= event.delay <= base


def test_attempts_count_again_after_a_good_event() -> None:
    seen: List[int] = []

    def script(ws: ServerSide) -> None:
        n = len(srv.connections)
        ws.send_json(dict(CREATED, event_id="ev_%d" % n))
        if n < 3:
            ws.drop()
        else:
            ws.close(1000)

    with WebSocketServer(script) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1", on_reconnecting=lambda e: seen.append(e.attempt), **FAST) as conn:
            assert [e.event_id for e in conn] == ["ev_1", "ev_2", "ev_3"]
        srv.join()
    assert seen == [1, 1]


def test_sends_while_reconnecting_go_out_on_the_new_connection_in_order() -> None:
    holder: List[Any] = []

    def on_reconnecting(event: ReconnectingEvent) -> None:
        # Sent while the connection is down: queued, then sent first on the new one.
        holder[0].response.create(event_id="queued_1")
        holder[0].send({"type": "input_audio_buffer.clear", "event_id": "queued_2"})

    def then(ws: ServerSide, n: int) -> None:
        assert ws.recv_json()["event_id"] == "queued_1"
        assert ws.recv_json()["event_id"] == "queued_2"
        ws.close(1000)

    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), then)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1", on_reconnecting=on_reconnecting, **FAST) as conn:
            holder.append(conn)
            assert [e.type for e in conn] == ["session.created"]
        srv.join()
    assert [m["event_id"] for m in srv.connections[1].messages] == ["queued_1", "queued_2"]
    assert srv.connections[0].messages == []


def test_unsent_messages_are_reported_when_reconnecting_fails() -> None:
    holder: List[Any] = []

    def on_reconnecting(event: ReconnectingEvent) -> None:
        holder[0].response.create(event_id="never_sent")

    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), lambda ws, n: None)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.connect(call_id="rtc_1", on_reconnecting=on_reconnecting, max_retries=1, **FAST) as conn:
            holder.append(conn)
            srv.reject(401, {"error": {"message": "bad key", "code": "invalid_api_key"}})
            with pytest.raises(ConnectionClosedError) as info:
                list(conn)
        srv.join()
    assert info.value.unsent_messages == ['{"type":"response.create","event_id":"never_sent"}']


def test_close_stops_a_reconnect_in_progress() -> None:
    holder: List[Any] = []

    def on_reconnecting(event: ReconnectingEvent) -> None:
        holder[0].close()  # the application gives up while the line is down

    with WebSocketServer(drop_first(lambda ws: ws.send_json(CREATED), lambda ws, n: None)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        conn = client.realtime.connect(call_id="rtc_1", on_reconnecting=on_reconnecting, initial_delay=5, max_delay=5)
        holder.append(conn)
        with pytest.raises(ConnectionClosedError):
            list(conn)  # returns at once: close() interrupts the 5 s wait
        srv.join()
    assert len(srv.connections) == 1


@pytest.mark.parametrize(
    "kwargs, problem",
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"initial_delay": -0.1}, "initial_delay"),
        ({"max_delay": float("inf")}, "max_delay"),
        ({"on_reconnecting": "yes"}, "on_reconnecting"),
    ],
)
def test_reconnect_options_are_checked_before_connecting(kwargs: Any, problem: str) -> None:
    with WebSocketServer() as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with pytest.raises(RequestValidationError, match=problem):
            client.realtime.connect(call_id="rtc_1", **kwargs)
    assert srv.connections == []


# -- the same sideband scenario as the official SDK runs it ------------------------------------------------


def _ours_sideband() -> Any:
    from _sdk_sideband import run as run_sideband
    from _sdk_sideband import run_translation

    def make(key: str, url: str) -> Any:
        return RealtimeClient(key, base_url=url, max_retries=0)

    return dict(run_sideband(make), translation=run_translation(make))


def test_the_sdk_written_sideband_scenario_matches_the_sdks_capture() -> None:
    # tests/data/sideband_sdk_wire.json: what openai==3.51.0 sent, received and read back for the same code
    # (scripts/capture_sdk_wire.py): frames as JSON values, handshake queries and headers, reconnect events.
    import json
    from pathlib import Path

    capture = json.loads((Path(__file__).parent / "data" / "sideband_sdk_wire.json").read_text(encoding="utf-8"))
    assert capture.pop("sdk") == "openai==3.51.0"
    assert len(capture["connections"]) == 2 and len(capture["connections"][0]["messages"]) == 12
    assert _ours_sideband() == capture


@pytest.mark.sdk
def test_the_sideband_scenario_run_both_ways_is_the_same() -> None:
    openai = pytest.importorskip("openai", reason="the official SDK is not installed (tox -e sdk installs it)")
    pytest.importorskip("websockets", reason="the SDK's sideband needs openai[realtime] (tox -e sdk installs it)")
    from _sdk_sideband import run as run_sideband
    from _sdk_sideband import run_translation

    def make(key: str, url: str) -> Any:
        return openai.OpenAI(api_key=key, base_url=url, max_retries=0)

    assert _ours_sideband() == dict(run_sideband(make), translation=run_translation(make))


def test_on_once_off_and_dispatch_events_as_in_the_sdk() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(CREATED)
        ws.send_json({"type": "response.done", "event_id": "ev_2", "response": {"id": "r1"}})
        ws.send_json({"type": "response.done", "event_id": "ev_3", "response": {"id": "r2"}})
        ws.send_json({"type": "brand.new.event", "event_id": "ev_4"})
        ws.close(1000)

    calls: List[Any] = []
    with WebSocketServer(script) as srv:
        conn = RealtimeClient(KEY, base_url=srv.url).realtime.connect(call_id="rtc_1")

        @conn.on("response.done")
        def done(event: Any) -> None:
            calls.append(("done", event.event_id))

        def removed(event: Any) -> None:
            calls.append(("removed", event.event_id))

        assert conn.on("session.created", removed) is conn
        assert conn.off("session.created", removed) is conn
        conn.off("session.created", removed)  # unknown: ignored
        conn.once("response.done", lambda event: calls.append(("once", event.event_id)))
        conn.on("event", lambda event: calls.append(("any", event.type)))
        with conn:
            conn.dispatch_events()  # returns on the normal close
        srv.join()
    assert calls == [
        ("any", "session.created"),
        ("done", "ev_2"),
        ("once", "ev_2"),
        ("any", "response.done"),
        ("done", "ev_3"),
        ("any", "response.done"),
        ("any", "brand.new.event"),
    ]


def test_an_unhandled_error_event_raises_from_dispatch_events() -> None:
    from realtime_sync import OpenAIError

    error = {
        "type": "error",
        "event_id": "ev_e",
        "error": {"type": "invalid_request_error", "code": "bad", "message": "No."},
    }

    def script(ws: ServerSide) -> None:
        ws.send_json(error)
        ws.send_json(error)
        ws.close(1000)

    with WebSocketServer(script) as srv:
        conn = RealtimeClient(KEY, base_url=srv.url).realtime.connect(call_id="rtc_1")
        handled: List[Any] = []
        conn.once("error", handled.append)
        with conn, pytest.raises(OpenAIError) as info:
            conn.dispatch_events()  # the first error is handled, the second is not
        srv.join()
    assert len(handled) == 1 and info.value.code == "bad"


@pytest.mark.parametrize("model", ["", "  ", None])
def test_translations_connect_needs_a_model(model: Any) -> None:
    with WebSocketServer() as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with pytest.raises(RequestValidationError, match="model"):
            client.realtime.translations.connect(model)
    assert srv.connections == []


def test_translations_connect_reconnects_like_the_realtime_one() -> None:
    seen: List[int] = []

    def then(ws: ServerSide, n: int) -> None:
        ws.send_json({"type": "session.closed", "event_id": "ev_c"})
        ws.close(1000)

    created = {"type": "session.created", "event_id": "ev_t", "session": {"id": "sess_t"}}
    with WebSocketServer(drop_first(lambda ws: ws.send_json(created), then)) as srv:
        client = RealtimeClient(KEY, base_url=srv.url)
        with client.realtime.translations.connect(
            "gpt-realtime-translate", on_reconnecting=lambda e: seen.append(e.close_code), **FAST
        ) as conn:
            assert [e.type for e in conn] == ["session.created", "session.closed"]
        srv.join()
    assert seen == [1006]
    assert [c.query for c in srv.connections] == [{"model": "gpt-realtime-translate"}] * 2
    assert srv.connections[1].path == "/v1/realtime/translations"
