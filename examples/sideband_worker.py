"""A sideband worker: stay on the line of an accepted SIP call, answer tool calls, hang up on goodbye.

Your webhook handler accepts the call (``client.calls.accept(call_id, session=...)``)
and hands the call id to this worker, which:

1. attaches to the call with a WebSocket (``client.realtime.connect(call_id=...)``)
   and updates the session: instructions, a ``lookup_order`` tool, input transcription;
2. answers each ``lookup_order`` function call server-side, with
   ``conversation.item.create`` (a ``function_call_output`` item) + ``response.create``;
3. when the caller says goodbye, asks for a farewell (``response.create``) unless
   one is already being spoken, and hangs up once it is done (``client.calls.hangup``).

Run it against the real API::

    OPENAI_API_KEY=sk-... python examples/sideband_worker.py rtc_u1_9c6574da8b8a41a18da9308f4ad974ce

Test it offline: ``tests/test_sideband_worker.py`` replays a recording with
``FixtureConnector`` (no network, no WebSocket server).
"""

import argparse
import json
import logging
import re
from typing import Any, Dict, List, Optional

from realtime_sync import RealtimeClient
from realtime_sync.sideband import WebSocketConnector
from realtime_sync.sideband.events import (
    ConversationItemInputAudioTranscriptionCompletedEvent,
    FunctionCallOutputItem,
    RealtimeErrorEvent,
    ResponseCreatedEvent,
    ResponseDoneEvent,
    ResponseFunctionCallArgumentsDoneEvent,
)

log = logging.getLogger("sideband_worker")

INSTRUCTIONS = (
    "You are the phone assistant of Example Shop. Look orders up with lookup_order. "
    "Be brief. When the caller says goodbye, say goodbye in one short sentence."
)
SESSION: Dict[str, Any] = {
    "type": "realtime",
    "instructions": INSTRUCTIONS,
    "tools": [
        {
            "type": "function",
            "name": "lookup_order",
            "description": "Find an order's status by its id, e.g. A17.",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        }
    ],
    "audio": {"input": {"transcription": {"model": "gpt-4o-transcribe"}}},
}

FAREWELL = "The caller is leaving: say goodbye in one short sentence."
ORDERS = {"A17": {"status": "shipped", "eta": "2026-11-25"}}
GOODBYE = re.compile(r"\b(good ?bye|bye|see you)\b", re.IGNORECASE)


def lookup_order(order_id: str) -> Dict[str, Any]:
    """The business logic behind the ``lookup_order`` tool.

    Example::

        lookup_order("A17")   # {'order_id': 'A17', 'status': 'shipped', 'eta': '2026-11-25'}
    """
    order = ORDERS.get(order_id.strip().upper())
    if order is None:
        return {"order_id": order_id, "error": "no such order"}
    return dict(order_id=order_id, **order)


def call_tool(name: str, arguments: str) -> Dict[str, Any]:
    """Run one function call; errors become an answer the model can read.

    Example::

        call_tool("lookup_order", '{"order_id": "A17"}')
    """
    try:
        args = json.loads(arguments or "{}")
        if name == "lookup_order":
            return lookup_order(str(args["order_id"]))
        return {"error": "unknown tool %s" % name}
    except (ValueError, KeyError, TypeError) as exc:
        return {"error": "bad arguments: %s" % exc}


def run_worker(client: RealtimeClient, call_id: str, *, connector: Optional[WebSocketConnector] = None) -> str:
    """Serve one call until goodbye (returns ``"hung up"``) or until the call ends (``"call ended"``).

    Example::

        with RealtimeClient() as client:
            run_worker(client, "rtc_123")
    """
    with client.realtime.connect(call_id=call_id, connector=connector) as conn:
        conn.session_update(SESSION)
        responding = False  # a response is being generated (ours or voice-activity triggered)
        caller_left = False
        for event in conn:
            if isinstance(event, ResponseFunctionCallArgumentsDoneEvent):
                result = call_tool(event.name, event.arguments)
                log.info("tool %s(%s) -> %s", event.name, event.arguments, result)
                conn.conversation_item_create(
                    FunctionCallOutputItem(call_id=event.call_id, output=json.dumps(result, sort_keys=True))
                )
                conn.response_create()
            elif isinstance(event, ConversationItemInputAudioTranscriptionCompletedEvent):
                log.info("caller: %s", event.transcript)
                if GOODBYE.search(event.transcript) and not caller_left:
                    caller_left = True
                    if not responding:
                        # Nothing is answering the caller: ask for the farewell ourselves.
                        conn.response_create({"instructions": FAREWELL})
            elif isinstance(event, ResponseCreatedEvent):
                responding = True
            elif isinstance(event, ResponseDoneEvent):
                responding = False
                if caller_left:
                    # The farewell has been spoken: end the call for everyone.
                    client.calls.hangup(call_id)
                    log.info("hung up %s", call_id)
                    return "hung up"
            elif isinstance(event, RealtimeErrorEvent):
                log.warning("server error %s: %s", event.error.code, event.error.message)
    return "call ended"


def main(argv: Optional[List[str]] = None) -> None:
    """Command line entry point: ``python examples/sideband_worker.py CALL_ID``.

    Example::

        main(["rtc_123"])
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("call_id", help="the id of an accepted call (rtc_...)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with RealtimeClient() as client:
        print(run_worker(client, args.call_id))


if __name__ == "__main__":
    main()
