"""What the phone line does with an incoming SIP call, and the browser call's hooks.

The routing is deliberately small but covers the four call controls:

* a blocked caller is **rejected** with 603 Decline;
* a call to the sales line is **accepted** by a greeter, then **referred**
  (SIP REFER) to the sales desk;
* a call to any other number is rejected with 404 Not Found;
* a call to the support line is **accepted** with the support session, and
  the caller's previous call, if one is still up, is **hung up** (one call
  per caller).
"""

import logging
import re
from typing import Any, Dict, Optional

from django.core.cache import cache

from realtime_sync import APIError, NotFoundError
from realtime_sync.contrib.django import get_client
from realtime_sync.webhooks import RealtimeCallIncomingEvent

from .conversation import hand_off

log = logging.getLogger(__name__)

SUPPORT_LINE = "+15550199"
SALES_LINE = "+15550198"
SALES_DESK = "sip:sales@pbx.example.com"
BLOCKED_CALLERS = frozenset(["+15550666"])

SUPPORT_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are Example Corp's phone support. Greet the caller and ask how you can help.",
    "audio": {
        "input": {"format": {"type": "audio/pcmu"}},
        "output": {"format": {"type": "audio/pcmu"}, "voice": "marin"},
    },
}
GREETER_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "Tell the caller you are putting them through to sales.",
}

_NUMBER = re.compile(r"sip:(\+?[0-9]+)@")


def phone_number(header_value: Optional[str]) -> Optional[str]:
    """``'"Alice" <sip:+15550100@example.net>;tag=abc'`` -> ``'+15550100'``."""
    match = _NUMBER.search(header_value or "")
    return match.group(1) if match else None


def _active_call_key(caller: str) -> str:
    return "phone:active-call:" + caller


def on_incoming_call(event: RealtimeCallIncomingEvent, request: Any) -> None:
    """The webhook handler for ``realtime.call.incoming``."""
    call_id = event.data.call_id
    # SIP headers come from the caller's carrier: route on them, never trust them for more.
    caller = phone_number(event.data.sip_header("From"))
    dialled = phone_number(event.data.sip_header("To"))
    client = get_client()

    if caller in BLOCKED_CALLERS:
        log.info("Rejecting call %s from blocked caller %s", call_id, caller)
        client.calls.reject(call_id, status_code=603)
        return
    if dialled == SALES_LINE:
        log.info("Transferring call %s to %s", call_id, SALES_DESK)
        # REFER needs an established dialog, so answer first.
        client.calls.accept(call_id, session=GREETER_SESSION)
        try:
            client.calls.refer(call_id, target_uri=SALES_DESK)
        except APIError as exc:
            # Not raised: the call is accepted, and a raised error would let OpenAI's
            # redelivery run this handler again, accepting the call a second time.
            log.error("Could not transfer call %s to %s: %s", call_id, SALES_DESK, exc)
        return
    if dialled != SUPPORT_LINE:
        log.info("Rejecting call %s to unknown number %s", call_id, dialled)
        client.calls.reject(call_id, status_code=404)
        return

    if caller is not None:
        previous = cache.get(_active_call_key(caller))
        if previous and previous != call_id:
            log.info("Hanging up call %s: %s called again", previous, caller)
            try:
                client.calls.hangup(previous)
            except NotFoundError:
                pass  # that call had already ended
    try:
        client.calls.accept(call_id, session=SUPPORT_SESSION)
    except NotFoundError:
        log.info("Call %s ended before it was answered", call_id)
        return
    log.info("Accepted call %s from %s", call_id, caller)
    # The conversation runs for minutes: the worker (manage.py realtime_worker) owns it from here.
    hand_off(call_id)
    if caller is not None:
        cache.set(_active_call_key(caller), call_id, timeout=3600)


def remember_browser_call(request: Any, call_id: str) -> None:
    """``on_call`` hook of the SDP proxy: the call id stays in the server-side session."""
    request.session["realtime_call_id"] = call_id


def remember_live_session(request: Any, session_id: str) -> None:
    """``on_session`` hook of the Live offer view: the ``live_...`` id stays in the server-side session."""
    request.session["live_session_id"] = session_id
