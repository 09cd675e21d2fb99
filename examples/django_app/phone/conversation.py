"""The conversation of an accepted call, run for the whole call by a call supervisor.

The webhook view accepts the call and hands it over (``hand_off``); it answers at
once. ``manage.py realtime_worker`` (``REALTIME_SYNC["CALL_HANDLER"]`` is
``handle`` below) owns the call's sideband connection and runs ``handle`` on it:

* function calls (``lookup_order``) are answered by ``FunctionTools``: on Realtime
  with a ``function_call_output`` item and ``response.create``; on Live, where the
  delegated backend's calls arrive inside ``response.event``, with
  ``response.item.create`` and ``response.create``;
* a key the caller presses (Live sideband: ``transport.dtmf.received``) steers the
  conversation: ``0`` asks for the operator.

``tests/test_conversation.py`` replays recorded streams of both surfaces through a
supervisor, offline.
"""

import logging
from typing import Any, Dict

from realtime_sync.contrib.django import call_queue, realtime_setting
from realtime_sync.supervisor import FunctionTools, MemoryCallQueue

log = logging.getLogger(__name__)

ORDERS: Dict[str, Dict[str, Any]] = {
    "A17": {"order_id": "A17", "status": "shipped", "eta": "Tuesday"},
    "B2": {"order_id": "B2", "status": "packed", "eta": "Friday"},
}

#: The default hand-off queue when no Redis is configured: the worker must run in this process (tests, demos).
LOCAL_CALLS = MemoryCallQueue()


def lookup_order(order_id: str) -> Dict[str, Any]:
    """The ``lookup_order`` tool: an order's status by its id."""
    return ORDERS.get(order_id.strip().upper(), {"error": "no order %s" % order_id})


TOOLS = FunctionTools({"lookup_order": lookup_order})

KEYS = {
    "0": "The caller pressed 0: say you are putting them through to an operator.",
    "1": "The caller pressed 1: ask for their order number.",
}


def handle(conn: Any) -> None:
    """One call, from the first event to the last (``for event in conn``), on the supervisor's worker thread."""
    for event in TOOLS.events(conn):  # function calls are answered on the way
        if event.type == "transport.dtmf.received" and event.event in KEYS:
            conn.append_instructions(KEYS[event.event])
            conn.create_response()


def hand_off(call_id: str) -> None:
    """After accepting: give the call to the worker (``REALTIME_SYNC["CALL_QUEUE"]``).

    Never raises for a missing queue: the call is accepted already, and an error here
    would only make OpenAI deliver the webhook again. Without a queue the call still
    runs (the model answers), with no worker for tools and keys: say so loudly.
    """
    if realtime_setting("CALL_QUEUE") is None:
        log.error("No REALTIME_SYNC['CALL_QUEUE']: call %s runs without a worker (no tools, no keys)", call_id)
        return
    call_queue().put(call_id)
