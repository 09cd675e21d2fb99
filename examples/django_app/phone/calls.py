"""What the phone line does with an incoming SIP call, and the browser call's hooks.

Every SIP call arrives twice: as ``realtime.call.incoming`` (an ``rtc_...`` id,
answered with ``client.calls``) and as ``live.transport.incoming`` (a
``live_...`` id, answered with ``client.live.sessions``); OpenAI runs the call on
the surface whose accept succeeds first. The line answers each call **once**, on
the surface whose webhook arrives first: both events carry the same INVITE, so
the first one claims the SIP call (its ``Call-ID`` and ``From`` with its tag) in
the cache, and its twin on the other surface finds the claim and is left alone.
An INVITE without a ``Call-ID`` (malformed; SIP requires one) cannot be matched:
both events are answered, OpenAI keeps the first accept, and the refusal of the
other is logged, not raised (dropping the call would be worse).

The routing is deliberately small but covers the four call controls, the same
on both surfaces:

* a blocked caller is **rejected** with 603 Decline;
* a call to the sales line is **accepted** by a greeter, then **referred**
  (SIP REFER) to the sales desk;
* a call to any other number is rejected with 404 Not Found;
* a call to the support line is **accepted** with the support session and
  handed to the worker (``hand_off``), and the caller's previous call, if one
  is still up, is **hung up** (one call per caller).
"""

import hashlib
import logging
import re
from typing import Any, Dict, Optional, Union

from django.core.cache import cache

from realtime_sync import APIError, APIStatusError, NotFoundError, RealtimeClient
from realtime_sync.contrib.django import answer_incoming_call, get_client, realtime_setting
from realtime_sync.webhook_delivery import unknown_outcome
from realtime_sync.webhooks import LiveCallIncomingEvent, LiveTransportIncomingEvent, RealtimeCallIncomingEvent

from .conversation import hand_off

log = logging.getLogger(__name__)

IncomingCall = Union[RealtimeCallIncomingEvent, LiveTransportIncomingEvent, LiveCallIncomingEvent]

SUPPORT_LINE = "+15550199"
SALES_LINE = "+15550198"
SALES_DESK = "sip:sales@pbx.example.com"
BLOCKED_CALLERS = frozenset(["+15550666"])

SUPPORT_INSTRUCTIONS = "You are Example Corp's phone support. Greet the caller and ask how you can help."
GREETER_INSTRUCTIONS = "Tell the caller you are putting them through to sales."
#: The tool phone/conversation.py answers (``lookup_order``), declared so the model can call it.
LOOKUP_ORDER = {
    "type": "function",
    "name": "lookup_order",
    "description": "The status and delivery date of an order, by its order number.",
    "parameters": {
        "type": "object",
        "properties": {"order_id": {"type": "string", "description": "the order number, e.g. A17"}},
        "required": ["order_id"],
    },
}

#: name -> the session each surface accepts with (Realtime's accept body, Live's ``session``).
SESSIONS: Dict[str, Dict[str, Dict[str, Any]]] = {
    "support": {
        "realtime": {
            "type": "realtime",
            "model": "gpt-realtime",
            "instructions": SUPPORT_INSTRUCTIONS,
            "audio": {
                "input": {"format": {"type": "audio/pcmu"}},
                "output": {"format": {"type": "audio/pcmu"}, "voice": "marin"},
            },
            "tools": [LOOKUP_ORDER],
        },
        # Live negotiates the audio format over SIP; function calls are delegated to a
        # Responses model, whose calls the worker answers (response.event -> response.item.create).
        "live": {
            "model": "gpt-live-1",
            "instructions": SUPPORT_INSTRUCTIONS,
            "audio": {"output": {"voice": "marin"}},
            "delegation": {
                "type": "responses",
                "responses": {
                    "model": "gpt-5.2",
                    "instructions": "Look orders up with lookup_order; never guess a status.",
                    "tools": [LOOKUP_ORDER],
                },
            },
        },
    },
    "greeter": {
        "realtime": {"type": "realtime", "model": "gpt-realtime", "instructions": GREETER_INSTRUCTIONS},
        "live": {"model": "gpt-live-1", "instructions": GREETER_INSTRUCTIONS},
    },
}

_NUMBER = re.compile(r"sip:(\+?[0-9]+)@")


def phone_number(header_value: Optional[str]) -> Optional[str]:
    """``'"Alice" <sip:+15550100@example.net>;tag=abc'`` -> ``'+15550100'``."""
    match = _NUMBER.search(header_value or "")
    return match.group(1) if match else None


def _active_call_key(caller: str) -> str:
    return "phone:active-call:" + caller


def surface_of(call_id: str) -> str:
    """``"live"`` for a ``live_...`` id, else ``"realtime"`` (the id's prefix says which API owns it)."""
    return "live" if call_id.startswith("live_") else "realtime"


def call_controls(client: RealtimeClient, call_id: str) -> Any:
    """``client.live.sessions`` or ``client.calls``: the same ``reject``/``refer``/``hangup`` on each surface."""
    return client.live.sessions if surface_of(call_id) == "live" else client.calls


def claim_the_call(event: IncomingCall, call_id: str, surface: str) -> Optional[bool]:
    """``True``: this event answers the SIP call; ``False``: its twin on the other surface came first.

    ``None``: the INVITE has no ``Call-ID``, so the twin cannot be recognised.
    The claim is a ``cache.add`` (atomic on Redis and Memcached, so two workers
    receiving the twins at once agree), kept as long as the webhook dedupe
    remembers a delivery: a redelivery of the event that claimed the call (its
    first attempt failed) still answers it, its twin never does.
    """
    sip_call = event.data.sip_header("Call-ID")
    if not sip_call:
        log.warning("Call %s has no SIP Call-ID: answering it without looking for its twin", call_id)
        return None
    # Hashed: the headers are the caller's input, and cache keys have a charset and a length limit.
    invite = "%s\n%s" % (sip_call, event.data.sip_header("From") or "")
    key = "phone:sip-call:" + hashlib.sha256(invite.encode("utf-8")).hexdigest()
    claim = "%s %s" % (surface, call_id)
    if cache.add(key, claim, timeout=realtime_setting("WEBHOOK_DEDUPE_TIMEOUT")):
        return True
    owner = cache.get(key)
    if owner is None:
        # Gone between add and get (a store that drops writes or evicts at once): an error
        # makes OpenAI deliver again, rather than guessing which surface has the call.
        raise RuntimeError("the cache lost the claim of call %s; delivering again" % call_id)
    owner_surface, _, owner_id = str(owner).partition(" ")
    if owner_surface == surface:
        # This event itself (a redelivery after a failed attempt), or another call id on the same
        # surface with the same INVITE headers, which is not a twin: answer it.
        return True
    log.info("Call %s is the %s twin of call %s, answered there: leaving it", call_id, surface, owner_id)
    return False


class Answer:
    """The call controls of one incoming call, on the surface its webhook came from."""

    def __init__(self, event: IncomingCall, call_id: str, surface: str, claimed: bool) -> None:
        self.event = event
        self.call_id = call_id
        self.surface = surface
        # Unclaimed (no Call-ID): the twin is answered too, OpenAI keeps the first, and the loser is refused.
        self.claimed = claimed
        self.client = get_client()
        self.controls = call_controls(self.client, call_id)

    def accept(self, session: Dict[str, Any]) -> bool:
        """Accept with ``session``; ``False`` when the call ended first (or, unclaimed, the twin won)."""
        if not self.claimed:
            # Any error answer from OpenAI is read as "the other surface has the call" (logged, not raised).
            return bool(answer_incoming_call(self.event, surface=self.surface, session=session, client=self.client))
        try:
            self.controls.accept(self.call_id, session=session)
        except NotFoundError:
            log.info("Call %s ended before it was answered", self.call_id)
            return False
        # Any other error propagates: the view answers 500 and OpenAI delivers again (or, for
        # a timeout or a gateway's answer, records the outcome as unknown and never repeats it).
        return True

    def reject(self, status_code: int) -> None:
        try:
            self.controls.reject(self.call_id, status_code=status_code)
        except NotFoundError:
            log.info("Call %s ended before it was rejected", self.call_id)
        except APIStatusError as exc:
            if self.claimed or unknown_outcome(exc) is not None:
                raise
            log.info("Rejecting call %s was refused (%s): the other surface has the call", self.call_id, exc)


def on_incoming_call(event: IncomingCall, request: Any) -> None:
    """The webhook handler for ``realtime.call.incoming``, ``live.transport.incoming`` and ``live.call.incoming``."""
    if isinstance(event, RealtimeCallIncomingEvent):
        surface, call_id = "realtime", event.data.call_id
    else:
        surface, call_id = "live", event.data.session_id
    claimed = claim_the_call(event, call_id, surface)
    if claimed is False:
        return
    answer = Answer(event, call_id, surface, claimed=claimed is True)
    # SIP headers come from the caller's carrier: route on them, never trust them for more.
    caller = phone_number(event.data.sip_header("From"))
    dialled = phone_number(event.data.sip_header("To"))

    if caller in BLOCKED_CALLERS or dialled not in (SALES_LINE, SUPPORT_LINE):
        status_code = 603 if caller in BLOCKED_CALLERS else 404
        log.info("Rejecting call %s from %s to %s (%d)", call_id, caller, dialled, status_code)
        answer.reject(status_code)
        return
    if dialled == SALES_LINE:
        # REFER needs an established dialog, so answer first.
        if not answer.accept(SESSIONS["greeter"][surface]):
            return
        log.info("Transferring call %s to %s", call_id, SALES_DESK)
        try:
            answer.controls.refer(call_id, target_uri=SALES_DESK)
        except APIStatusError as exc:
            # Not raised: the call is accepted, and a raised error would let OpenAI's
            # redelivery run this handler again, accepting the call a second time.
            log.error("Could not transfer call %s to %s: %s", call_id, SALES_DESK, exc)
        return

    if not answer.accept(SESSIONS["support"][surface]):
        return
    log.info("Accepted call %s from %s on %s", call_id, caller, surface)
    # The conversation runs for minutes: the worker (manage.py realtime_worker) owns it from here.
    hand_off(call_id)
    if caller is not None:
        # Only once this call is answered: a losing twin must never hang up the call that won.
        previous = cache.get(_active_call_key(caller))
        if previous and previous != call_id:
            log.info("Hanging up call %s: %s called again", previous, caller)
            try:
                call_controls(answer.client, previous).hangup(previous)
            except NotFoundError:
                pass  # that call had already ended
            except APIError as exc:
                # Not raised: this call is accepted and handed over (see the transfer above).
                log.error("Could not hang up call %s: %s", previous, exc)
        cache.set(_active_call_key(caller), call_id, timeout=3600)


def remember_browser_call(request: Any, call_id: str) -> None:
    """``on_call`` hook of the SDP proxy: the call id stays in the server-side session."""
    request.session["realtime_call_id"] = call_id


def remember_live_session(request: Any, session_id: str) -> None:
    """``on_session`` hook of the Live offer view: the ``live_...`` id stays in the server-side session."""
    request.session["live_session_id"] = session_id
