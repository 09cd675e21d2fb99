"""Sample incoming SIP calls, as OpenAI would post them, for the demo command, the recorder and the tests."""

import json
from typing import Any, Dict, Tuple

from realtime_sync import webhooks

SUPPORT_TO = "<sip:+15550199@sip.api.openai.com>"
ALICE = '"Alice" <sip:+15550100@example.net>;tag=abc'

#: name -> (call id, From header, To header). "support" is reference §12.15 exactly.
SCENARIOS: Dict[str, Tuple[str, str, str]] = {
    "support": ("rtc_test_0001", ALICE, SUPPORT_TO),
    "support-again": ("rtc_test_0003", ALICE, SUPPORT_TO),
    "sales": ("rtc_sales_0001", "<sip:+15550111@example.net>", "<sip:+15550198@sip.api.openai.com>"),
    "blocked": ("rtc_blocked_0001", "<sip:+15550666@example.net>", SUPPORT_TO),
    "wrong-number": ("rtc_wrong_0001", "<sip:+15550111@example.net>", "<sip:+15550100@sip.api.openai.com>"),
}


def incoming_call(name: str) -> Dict[str, Any]:
    """The ``realtime.call.incoming`` event of scenario ``name``."""
    call_id, from_, to = SCENARIOS[name]
    number = call_id.rsplit("_", 1)[-1]
    return {
        "id": "evt_test_" + number if name == "support" else "evt_%s" % call_id,
        "object": "event",
        "created_at": 1767225600,
        "type": "realtime.call.incoming",
        "data": {
            "call_id": call_id,
            "sip_headers": [
                {"name": "From", "value": from_},
                {"name": "To", "value": to},
                {"name": "Call-ID", "value": "a84b4c76e66710@pc33.example.net"},
            ],
            "sip_media_security": "srtp",
        },
    }


def signed_delivery(name: str, secret: str, webhook_id: str = "") -> Tuple[bytes, Dict[str, str]]:
    """The body and the three signature headers of scenario ``name``, signed now."""
    body = json.dumps(incoming_call(name), separators=(",", ":")).encode("utf-8")
    return body, webhooks.sign(body, secret, webhook_id=webhook_id or "wh_" + SCENARIOS[name][0])


def as_meta(headers: Dict[str, str]) -> Dict[str, str]:
    """Headers as Django test-client ``HTTP_*`` keyword arguments (Django 3.2 has no ``headers=``)."""
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
