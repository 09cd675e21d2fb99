"""CallSupervisor and FunctionTools against the loopback WebSocket server (tests/_ws_server.py).

Waits are on events with a generous safety limit (a broken test fails, never hangs); nothing sleeps.
"""

import threading
import time
from typing import Any, Dict, Iterator, List, Optional, Set

import pytest
from _ws_server import ServerSide, WebSocketServer

from realtime_sync import NotFoundError, RealtimeClient, RequestValidationError
from realtime_sync.sideband import WebSocketClientConnector
from realtime_sync.supervisor import (
    CLOSER_PREFIX,
    THREAD_PREFIX,
    CallSupervisor,
    FunctionTools,
    MemoryCallLock,
    SupervisorClosed,
    SupervisorError,
    SupervisorFull,
)

pytest.importorskip("websocket")

SAFETY = 30.0  # seconds: only ever reached when something is broken (or the machine is very loaded)
READER = "realtime_sync-sideband-reader"

SESSION_CREATED = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
}


def greet(ws: ServerSide) -> None:
    ws.send_json(SESSION_CREATED)


def our_threads() -> Dict[str, int]:
    counts = {"workers": 0, "readers": 0}
    for thread in threading.enumerate():
        if thread.name.startswith(THREAD_PREFIX):
            counts["workers"] += 1
        elif thread.name == READER:
            counts["readers"] += 1
    return counts


class Seen:
    """What the handlers saw: call ids that got their first event, and how each loop ended."""

    def __init__(self, expected: int = 1) -> None:
        self.expected = expected
        self.started: Set[str] = set()
        self.ended: Dict[str, str] = {}
        self.lock = threading.Condition()

    def handler(self, conn: Any) -> None:
        try:
            for _event in conn:
                with self.lock:
                    self.started.add(conn.call_id)
                    self.lock.notify_all()
        finally:
            with self.lock:
                self.ended[conn.call_id] = "loop ended"
                self.lock.notify_all()

    def wait_started(self) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.started) >= self.expected, SAFETY), self.started


@pytest.fixture
def baseline() -> Iterator[Set[threading.Thread]]:
    # Threads before the server starts: after everything is shut, none but these is left (some of them, started by
    # earlier tests in this process, may end meanwhile: that is not ours to count).
    yield set(threading.enumerate())


def test_fifty_calls_run_at_once_the_51st_is_refused_and_shutdown_ends_them_all(
    baseline: Set[threading.Thread],
) -> None:
    seen = Seen(expected=50)
    with WebSocketServer(greet) as srv:
        client = RealtimeClient("sk-test", base_url=srv.url)
        supervisor = CallSupervisor(seen.handler, max_calls=50, client=client)
        ids = ["rtc_%02d" % i for i in range(50)]
        owners = [supervisor.attach(call_id) for call_id in ids]
        with pytest.raises(SupervisorFull) as refused:
            supervisor.attach("rtc_50")
        assert refused.value.call_id == "rtc_50" and refused.value.max_calls == 50
        assert isinstance(refused.value, SupervisorError)
        seen.wait_started()
        assert sorted(supervisor.active()) == ids
        # Two threads per call: the connection's reader and the handler's worker; nothing else of ours.
        assert our_threads() == {"workers": 50, "readers": 50}
        assert sorted(side.query["call_id"] for side in srv.connections) == ids

        assert supervisor.shutdown(timeout=SAFETY) is True
        assert all(owner.done and owner.error is None and owner.cancelled for owner in owners)
        assert supervisor.active() == []
        assert sorted(seen.ended) == ids
        # Every connection was closed cleanly, by us.
        assert [side.close_frame for side in srv.connections] == [(1000, "")] * 50
        with pytest.raises(SupervisorClosed):
            supervisor.attach("rtc_51")
        srv.join()
    for owner in owners:
        assert owner.thread is not None
        owner.thread.join(SAFETY)
    assert our_threads() == {"workers": 0, "readers": 0}
    assert set(threading.enumerate()) - baseline == set()


def test_shutdown_closes_every_call_at_once_when_the_server_never_echoes_the_close(
    baseline: Set[threading.Thread],
) -> None:
    # Each close waits `wait` s (close_timeout) for an echo that never comes, then releases the socket.
    calls, wait = 12, 0.2

    def never_echoes(ws: ServerSide) -> None:
        ws.echo_close = False
        greet(ws)

    seen = Seen(expected=calls)
    with WebSocketServer(never_echoes) as srv:
        client = RealtimeClient("sk-test", base_url=srv.url)
        connector = WebSocketClientConnector(close_timeout=wait)
        supervisor = CallSupervisor(
            seen.handler,
            max_calls=calls,
            connect=lambda call_id: client.realtime.connect(call_id=call_id, connector=connector),
        )
        owners = [supervisor.attach("rtc_%02d" % i) for i in range(calls)]
        seen.wait_started()
        started = time.monotonic()
        # Returns at once: every close is still waiting for its echo (nothing can be finished yet).
        assert supervisor.shutdown(timeout=0) is False
        returned = time.monotonic() - started
        assert supervisor.shutdown(timeout=SAFETY) is True
        finished = time.monotonic() - started
        # One close after the other would take calls x wait (2.4 s) before shutdown even returned; in parallel it is
        # about one wait. The bounds are generous (a loaded machine) and still half the sequential time.
        assert returned < calls * wait / 2 and finished < calls * wait / 2, (returned, finished)
        assert all(owner.done and owner.cancelled and owner.error is None for owner in owners)
        assert sorted(seen.ended) == sorted(owner.call_id for owner in owners)
        assert [side.close_frame for side in srv.connections] == [(1000, "")] * calls
        srv.join()
    for owner in owners:
        assert owner.thread is not None
        owner.thread.join(SAFETY)
    assert our_threads() == {"workers": 0, "readers": 0}
    assert not [thread for thread in threading.enumerate() if thread.name.startswith(CLOSER_PREFIX)]
    assert set(threading.enumerate()) - baseline == set()


def test_a_finished_call_frees_its_slot() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        ws.close(1000)  # the call ends on the server's side

    with WebSocketServer(script) as srv:
        supervisor = CallSupervisor(Seen().handler, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        first = supervisor.attach("rtc_1")
        assert first.wait(SAFETY) and first.error is None and not first.cancelled
        assert first.state == "finished"
        second = supervisor.attach("rtc_2")  # the slot is free again
        assert second.wait(SAFETY)
        srv.join()
    assert [side.query["call_id"] for side in srv.connections] == ["rtc_1", "rtc_2"]


def test_a_second_attach_for_the_same_call_returns_the_owner_and_opens_nothing() -> None:
    seen = Seen()
    with WebSocketServer(greet) as srv:
        supervisor = CallSupervisor(seen.handler, max_calls=2, client=RealtimeClient("sk-test", base_url=srv.url))
        owner = supervisor.attach("rtc_1")
        seen.wait_started()
        assert supervisor.attach("rtc_1") is owner
        assert supervisor.owner("rtc_1") is owner
        assert supervisor.active() == ["rtc_1"]
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert len(srv.connections) == 1


def test_duplicate_attaches_racing_from_many_threads_make_one_owner() -> None:
    seen = Seen()
    with WebSocketServer(greet) as srv:
        supervisor = CallSupervisor(seen.handler, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        gate = threading.Barrier(8)
        owners: List[Any] = []

        def attach() -> None:
            gate.wait(SAFETY)
            owners.append(supervisor.attach("rtc_1"))

        threads = [threading.Thread(target=attach) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SAFETY)
        assert len(owners) == 8 and all(owner is owners[0] for owner in owners)  # max_calls=1: nobody refused
        seen.wait_started()
        assert supervisor.shutdown(SAFETY)
        srv.join()
    assert len(srv.connections) == 1


def test_cancel_closes_that_call_from_another_thread_and_leaves_the_others() -> None:
    seen = Seen(expected=2)
    with WebSocketServer(greet) as srv:
        supervisor = CallSupervisor(seen.handler, max_calls=2, client=RealtimeClient("sk-test", base_url=srv.url))
        one, two = supervisor.attach("rtc_1"), supervisor.attach("rtc_2")
        seen.wait_started()
        assert supervisor.cancel("rtc_1") is True
        assert one.wait(SAFETY) and one.cancelled and one.error is None
        assert seen.ended == {"rtc_1": "loop ended"}
        assert supervisor.active() == ["rtc_2"] and not two.done
        assert supervisor.cancel("rtc_1") is False  # gone
        assert supervisor.cancel("rtc_unknown") is False
        assert supervisor.shutdown(SAFETY)
        srv.join()
    closes = {side.query["call_id"]: side.close_frame for side in srv.connections}
    assert closes == {"rtc_1": (1000, ""), "rtc_2": (1000, "")}


def test_cancel_during_the_handshake_closes_the_connection_as_soon_as_it_opens() -> None:
    release = threading.Event()
    called: List[Any] = []
    with WebSocketServer(greet) as srv:
        client = RealtimeClient("sk-test", base_url=srv.url)

        def connect(call_id: str) -> Any:
            release.wait(SAFETY)  # a slow handshake
            return client.realtime.connect(call_id=call_id)

        supervisor = CallSupervisor(called.append, max_calls=1, connect=connect)
        owner = supervisor.attach("rtc_1")
        assert owner.state == "connecting"
        assert supervisor.cancel("rtc_1") is True
        release.set()
        assert owner.wait(SAFETY) and owner.cancelled
        assert called == []  # the handler never ran
        srv.join()
    assert [side.close_frame for side in srv.connections] == [(1000, "")]


def test_shutdown_with_a_handler_busy_in_a_tool_waits_for_it_within_the_timeout() -> None:
    busy, finish = threading.Event(), threading.Event()
    sent_after_close: List[BaseException] = []

    def handler(conn: Any) -> None:
        for _event in conn:
            busy.set()
            finish.wait(SAFETY)  # a database query that outlives the close
            try:
                conn.response_create()
            except Exception as exc:
                sent_after_close.append(exc)

    with WebSocketServer(greet) as srv:
        supervisor = CallSupervisor(handler, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        owner = supervisor.attach("rtc_1")
        assert busy.wait(SAFETY)
        assert supervisor.shutdown(timeout=0) is False  # still in the tool: not finished in time
        assert supervisor.closing
        finish.set()
        assert supervisor.shutdown(timeout=SAFETY) is True
        srv.join()
    # Cancelled: the send on the closed connection raised in the handler; not reported as a failure.
    assert owner.error is None and owner.cancelled
    assert len(sent_after_close) == 1
    assert srv.connections[0].close_frame == (1000, "")


def test_a_failed_handshake_and_a_raising_handler_are_reported_and_free_the_slot() -> None:
    errors: List[Any] = []

    def handler(conn: Any) -> None:
        next(iter(conn))
        raise RuntimeError("bug in the handler")

    with WebSocketServer(greet) as srv:
        srv.reject(404, {"error": {"message": "no such call", "code": "call_id_not_found"}})
        supervisor = CallSupervisor(
            handler,
            max_calls=1,
            client=RealtimeClient("sk-test", base_url=srv.url),
            on_error=lambda call_id, exc: errors.append((call_id, exc)),
        )
        gone = supervisor.attach("rtc_gone")
        assert gone.wait(SAFETY) and isinstance(gone.error, NotFoundError)
        buggy = supervisor.attach("rtc_2")
        assert buggy.wait(SAFETY) and isinstance(buggy.error, RuntimeError)
        srv.join()
    assert [(call_id, type(exc)) for call_id, exc in errors] == [("rtc_gone", NotFoundError), ("rtc_2", RuntimeError)]
    assert srv.connections[1].close_frame == (1000, "")  # the failing handler's connection still closed cleanly
    assert supervisor.active() == []


def test_a_lock_shared_by_two_supervisors_makes_one_owner_across_them() -> None:
    # Two supervisors stand for two processes; the Celery test does this with Redis and real processes.
    lock = MemoryCallLock()
    seen = Seen()
    with WebSocketServer(greet) as srv:
        client = RealtimeClient("sk-test", base_url=srv.url)
        first = CallSupervisor(seen.handler, max_calls=1, client=client, lock=lock)
        second = CallSupervisor(seen.handler, max_calls=1, client=client, lock=lock)
        owner = first.attach("rtc_1")
        assert owner is not None
        seen.wait_started()
        assert second.attach("rtc_1") is None  # owned elsewhere: nothing starts, no slot kept
        assert second.active() == []
        assert first.attach("rtc_1") is owner
        first.cancel("rtc_1")
        assert owner.wait(SAFETY)
        taken_over = second.attach("rtc_1")  # released when the call ended: the other may own it now
        assert taken_over is not None
        assert second.shutdown(SAFETY) and first.shutdown(SAFETY)
        srv.join()
    assert len(srv.connections) == 2


def test_a_lock_that_expired_can_be_taken_and_is_not_released_by_the_old_owner() -> None:
    now = [0.0]
    lock = MemoryCallLock(clock=lambda: now[0])
    assert lock.acquire("rtc_1", "a", 10)
    assert not lock.acquire("rtc_1", "b", 10)
    now[0] = 11.0
    assert lock.acquire("rtc_1", "b", 10)
    lock.release("rtc_1", "a")  # a's lock expired: b's stays
    assert not lock.acquire("rtc_1", "c", 10)
    lock.release("rtc_1", "b")
    assert lock.acquire("rtc_1", "c", 10)


def test_a_lock_store_outage_refuses_the_attach_and_keeps_no_slot() -> None:
    class Down:
        def acquire(self, call_id: str, token: str, ttl: float) -> bool:
            raise ConnectionError("redis is down")

        def release(self, call_id: str, token: str) -> None:
            raise AssertionError("never acquired")

    supervisor = CallSupervisor(print, max_calls=1, connect=str, lock=Down())
    with pytest.raises(ConnectionError):
        supervisor.attach("rtc_1")
    assert supervisor.active() == []


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"max_calls": 0, "connect": str}, "max_calls: expected a positive whole number, got 0"),
        ({"max_calls": True, "connect": str}, "max_calls: expected a positive whole number, got True"),
        ({"max_calls": 1}, "connect: pass exactly one of connect= (a callable) or client= (a RealtimeClient)"),
        ({"max_calls": 1, "connect": "x"}, "connect: expected a callable taking the call id, got 'x'"),
        ({"max_calls": 1, "connect": str, "on_error": 1}, "on_error: expected a callable or None, got 1"),
        (
            {"max_calls": 1, "connect": str, "lock": object},
            "lock: expected an object with acquire() and release() (a CallLock), got <class 'object'>",
        ),
        ({"max_calls": 1, "connect": str, "lock_ttl": 0}, "lock_ttl: expected a positive number of seconds, got 0"),
    ],
)
def test_bad_configuration_is_one_validation_error(kwargs: Dict[str, Any], expected: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        CallSupervisor(print, **kwargs)
    assert info.value.errors == [expected]


@pytest.mark.parametrize("call_id", ["", "  ", None, 5])
def test_attach_refuses_a_bad_id_before_anything_starts(call_id: Any) -> None:
    supervisor = CallSupervisor(print, max_calls=1, connect=str)
    with pytest.raises(RequestValidationError):
        supervisor.attach(call_id)
    assert supervisor.active() == []


# --------------------------------------------------------------------------- FunctionTools


def function_call_script(
    replies: List[Any], *, arguments: str = '{"order_id": "A7"}', name: str = "lookup_order"
) -> Any:
    def script(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)
        base = {"event_id": "e", "response_id": "resp_1", "output_index": 0}
        # The same call seen twice (arguments done, then the item done): answered once.
        ws.send_json(
            dict(
                base,
                type="response.function_call_arguments.done",
                item_id="item_1",
                call_id="call_1",
                name=name,
                arguments=arguments,
            )
        )
        item = {"type": "function_call", "id": "item_1", "call_id": "call_1", "name": name, "arguments": arguments}
        ws.send_json(dict(base, type="response.output_item.done", item=item))
        ws.send_json({"type": "response.done", "event_id": "e2", "response": {"id": "resp_1", "status": "completed"}})
        replies.append(ws.recv_json())
        replies.append(ws.recv_json())
        ws.close(1000)

    return script


def run_tools(tools: FunctionTools, script: Any) -> WebSocketServer:
    with WebSocketServer(script) as srv:
        supervisor = CallSupervisor(tools, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        owner = supervisor.attach("rtc_1")
        assert owner.wait(SAFETY) and owner.error is None
        srv.join()
    return srv


def test_function_tools_answer_a_realtime_function_call_once_then_ask_for_a_response() -> None:
    calls: List[Dict[str, Any]] = []

    def lookup_order(order_id: str) -> Dict[str, Any]:
        calls.append({"order_id": order_id})
        return {"status": "shipped", "eta": "Tuesday"}

    replies: List[Any] = []
    srv = run_tools(FunctionTools({"lookup_order": lookup_order}), function_call_script(replies))
    assert calls == [{"order_id": "A7"}]
    assert srv.connections[0].messages == [
        {
            "type": "conversation.item.create",
            "item": {
                "type": "function_call_output",
                "call_id": "call_1",
                "output": '{"status":"shipped","eta":"Tuesday"}',
            },
        },
        {"type": "response.create"},
    ]
    assert replies == srv.connections[0].messages


NOT_AN_OBJECT = '{"error":"arguments for lookup_order are not a JSON object"}'


@pytest.mark.parametrize(
    "tools, arguments, name, output",
    [
        ({"lookup_order": lambda order_id: "plain text"}, '{"order_id": "A7"}', "lookup_order", "plain text"),
        ({}, '{"order_id": "A7"}', "lookup_order", '{"error":"unknown function \'lookup_order\'"}'),
        (
            {"lookup_order": lambda: 1},
            "[1, 2]",
            "lookup_order",
            '{"error":"arguments for lookup_order are not a JSON object"}',
        ),
        (
            {"lookup_order": lambda: 1},
            "{not json",
            "lookup_order",
            '{"error":"arguments for lookup_order are not a JSON object"}',
        ),
        (
            {"lookup_order": lambda **kw: 1 / 0},
            "{}",
            "lookup_order",
            '{"error":"lookup_order failed (ZeroDivisionError)"}',
        ),
        (
            {"lookup_order": lambda **kw: {1, 2}},
            "{}",
            "lookup_order",
            '{"error":"lookup_order returned a value that is not JSON"}',
        ),
        (
            {"lookup_order": lambda order_id: 1},
            '{"wrong": 1}',
            "lookup_order",
            '{"error":"lookup_order failed (TypeError)"}',
        ),
    ],
)
def test_function_tools_answer_every_failure_so_the_model_never_waits(
    tools: Dict[str, Any], arguments: str, name: str, output: str
) -> None:
    replies: List[Any] = []
    run_tools(FunctionTools(tools), function_call_script(replies, arguments=arguments, name=name))
    assert replies[0]["item"]["output"] == output
    assert replies[1] == {"type": "response.create"}


def test_function_tools_pass_every_event_to_the_handler() -> None:
    tools = FunctionTools({"lookup_order": lambda order_id: {"ok": True}})
    types: List[Optional[str]] = []

    def handler(conn: Any) -> None:
        for event in tools.events(conn):
            types.append(event.type)

    replies: List[Any] = []
    with WebSocketServer(function_call_script(replies)) as srv:
        supervisor = CallSupervisor(handler, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        assert supervisor.attach("rtc_1").wait(SAFETY)
        srv.join()
    assert types == [
        "session.created",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.done",
    ]


@pytest.mark.parametrize("tools", [[], {"": print}, {"x": 1}])
def test_function_tools_refuse_bad_registrations(tools: Any) -> None:
    with pytest.raises(RequestValidationError):
        FunctionTools(tools)


def test_live_sessions_attach_the_live_sideband_and_tools_answer_a_delegated_function_call() -> None:
    def script(ws: ServerSide) -> None:
        ws.send_json({"type": "session.started", "event_id": "ev_1", "session": {"id": "live_1"}})
        item = {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_9",
            "name": "lookup_order",
            "arguments": '{"order_id": "B2"}',
            "status": "completed",
        }
        inner_done = {"type": "response.output_item.done", "output_index": 0, "item": item, "sequence_number": 7}
        ws.send_json({"type": "response.event", "event_id": "ev_2", "delegation_id": "dlg_1", "event": inner_done})
        completed = {"type": "response.completed", "response": {"id": "resp_1", "status": "completed"}}
        ws.send_json({"type": "response.event", "event_id": "ev_3", "delegation_id": "dlg_1", "event": completed})
        ws.recv_json()
        ws.recv_json()
        ws.send_json({"type": "session.closed", "event_id": "ev_4"})  # the Live stream ends here

    tools = FunctionTools({"lookup_order": lambda order_id: {"order_id": order_id, "status": "packed"}})
    with WebSocketServer(script) as srv:
        supervisor = CallSupervisor(tools, max_calls=1, client=RealtimeClient("sk-test", base_url=srv.url))
        owner = supervisor.attach("live_1")
        assert owner is not None and owner.wait(SAFETY) and owner.error is None
        srv.join()
    side = srv.connections[0]
    assert side.path == "/v1/live/sessions/live_1/attach"
    assert side.messages == [
        {
            "type": "response.item.create",
            "item": {
                "type": "function_call_output",
                "call_id": "call_9",
                "output": '{"order_id":"B2","status":"packed"}',
            },
        },
        {"type": "response.create"},
    ]
    assert side.close_frame is not None and side.close_frame[0] == 1000
