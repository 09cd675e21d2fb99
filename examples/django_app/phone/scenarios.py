"""Sample incoming SIP calls, as OpenAI would post them, for the demo command, the recorder and the tests.

Every SIP call is posted twice: ``realtime.call.incoming`` (``rtc_...``) and
``live.transport.incoming`` (``live_...``), with the same INVITE headers.
"""

import json
from typing import Any, Dict, Tuple

from realtime_sync import webhooks

SUPPORT_TO = "<sip:+15550199@sip.api.openai.com>"
ALICE = '"Alice" <sip:+15550100@example.net>;tag=abc'

#: name -> (Realtime call id, From header, To header, SIP Call-ID). "support" is reference §12.15 exactly.
SCENARIOS: Dict[str, Tuple[str, str, str, str]] = {
    "support": ("rtc_test_0001", ALICE, SUPPORT_TO, "a84b4c76e66710@pc33.example.net"),
    "support-again": (
        "rtc_test_0003",
        '"Alice" <sip:+15550100@example.net>;tag=9fx',
        SUPPORT_TO,
        "f81d4fae7dec11d0@pc33.example.net",
    ),
    "sales": (
        "rtc_sales_0001",
        "<sip:+15550111@example.net>;tag=s1",
        "<sip:+15550198@sip.api.openai.com>",
        "3848276298220188511@sales.example.net",
    ),
    "blocked": ("rtc_blocked_0001", "<sip:+15550666@example.net>;tag=b1", SUPPORT_TO, "b10c@spam.example.net"),
    "wrong-number": (
        "rtc_wrong_0001",
        "<sip:+15550111@example.net>;tag=w1",
        "<sip:+15550100@sip.api.openai.com>",
        "77e1@wrong.example.net",
    ),
}

SURFACES = ("realtime", "live")


def call_id(name: str, surface: str = "realtime") -> str:
    """The id OpenAI gives scenario ``name``'s call on ``surface``: ``rtc_test_0001`` / ``live_test_0001``."""
    realtime_id = SCENARIOS[name][0]
    return realtime_id if surface == "realtime" else "live_" + realtime_id[len("rtc_") :]


def incoming_call(name: str, surface: str = "realtime", sip_call_id: bool = True) -> Dict[str, Any]:
    """The ``realtime.call.incoming`` (or, for ``surface="live"``, ``live.transport.incoming``) event of ``name``.

    ``sip_call_id=False`` leaves the ``Call-ID`` header out (a malformed INVITE).
    """
    if surface not in SURFACES:
        raise ValueError("surface: expected 'realtime' or 'live', got %r" % (surface,))
    _, from_, to, sip_call = SCENARIOS[name]
    headers = [{"name": "From", "value": from_}, {"name": "To", "value": to}]
    if sip_call_id:
        headers.append({"name": "Call-ID", "value": sip_call})
    this_id = call_id(name, surface)
    number = this_id.rsplit("_", 1)[-1]
    if surface == "live":
        return {
            "id": "evt_%s" % this_id,
            "object": "event",
            "created_at": 1767225600,
            "type": "live.transport.incoming",
            "data": {"session_id": this_id, "type": "sip", "sip_headers": headers, "sip_media_security": "srtp"},
        }
    return {
        "id": "evt_test_" + number if name == "support" else "evt_%s" % this_id,
        "object": "event",
        "created_at": 1767225600,
        "type": "realtime.call.incoming",
        "data": {"call_id": this_id, "sip_headers": headers, "sip_media_security": "srtp"},
    }


def signed_delivery(
    name: str, secret: str, webhook_id: str = "", surface: str = "realtime", sip_call_id: bool = True
) -> Tuple[bytes, Dict[str, str]]:
    """The body and the three signature headers of scenario ``name`` on ``surface``, signed now."""
    body = json.dumps(incoming_call(name, surface, sip_call_id), separators=(",", ":")).encode("utf-8")
    return body, webhooks.sign(body, secret, webhook_id=webhook_id or "wh_" + call_id(name, surface))


def as_meta(headers: Dict[str, str]) -> Dict[str, str]:
    """Headers as Django test-client ``HTTP_*`` keyword arguments (Django 3.2 has no ``headers=``)."""
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
