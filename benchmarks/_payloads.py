"""Request and response bodies shared by both sides of the benchmarks (standard library only).

Two payloads for ``client_secrets.create``:

* ``largest``: the session is reference §12.3 (every major knob: μ-law audio, server VAD, custom voice, function +
  MCP tools, tracing object, retention-ratio truncation, prompt) and the response is §12.12 grown to echo that
  configuration, so both clients parse the largest realistic answer.
* ``typical``: reference §12.9 (model, voice, output modalities, a forced MCP tool choice) and the §12.12 response
  exactly as the reference gives it.
"""

import base64
import copy
import json
import os
import sys
from typing import Any, Dict, List, Tuple

# The canned bodies are the tests' (tests/data): one copy of each.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
from data import REFERENCE

__all__ = [
    "API_KEY",
    "EXPIRES_AFTER",
    "PAYLOADS",
    "RESPONSE",
    "RESPONSE_BYTES",
    "SESSION",
    "TYPICAL_RESPONSE",
    "TYPICAL_RESPONSE_BYTES",
    "TYPICAL_SESSION",
    "EVENT_MIX",
    "LIVE_EVENT_MIX",
]

#: A canary, never a real key.
API_KEY = "sk-bench-0000000000000000000000000000"

SESSION: Dict[str, Any] = REFERENCE["12.3"]

EXPIRES_AFTER: Dict[str, Any] = REFERENCE["12.9"]["expires_after"]


def _echo(session: Dict[str, Any]) -> Dict[str, Any]:
    """Reference 12.12, its session grown to echo ``session`` the way the API answers it."""
    response = copy.deepcopy(REFERENCE["12.12"])
    echoed = response["session"]
    for name in ("instructions", "tools", "max_output_tokens", "tracing", "truncation", "prompt", "include"):
        echoed[name] = copy.deepcopy(session[name])
    echoed["audio"] = copy.deepcopy(session["audio"])
    echoed["audio"]["output"]["voice"] = "marin"  # the API answers a custom voice by its name
    echoed["audio"]["input"] = {key: echoed["audio"]["input"][key] for key in _INPUT_ORDER}
    return response


_INPUT_ORDER = ("format", "transcription", "noise_reduction", "turn_detection")

RESPONSE: Dict[str, Any] = _echo(SESSION)

RESPONSE_BYTES = json.dumps(RESPONSE, separators=(",", ":")).encode("utf-8")


TYPICAL_SESSION: Dict[str, Any] = REFERENCE["12.9"]["session"]

TYPICAL_RESPONSE: Dict[str, Any] = REFERENCE["12.12"]

TYPICAL_RESPONSE_BYTES = json.dumps(TYPICAL_RESPONSE, separators=(",", ":")).encode("utf-8")

#: name -> (session, expires_after, response dict, response bytes); every benchmark names the one it uses.
PAYLOADS: Dict[str, Tuple[Dict[str, Any], Dict[str, Any], Dict[str, Any], bytes]] = {
    "largest": (SESSION, EXPIRES_AFTER, RESPONSE, RESPONSE_BYTES),
    "typical": (TYPICAL_SESSION, EXPIRES_AFTER, TYPICAL_RESPONSE, TYPICAL_RESPONSE_BYTES),
}


# --------------------------------------------------------------------------------------------------------------
# Sideband events: the realistic mix of issue 19 (one spoken turn of a phone call), as the server sends them.

_R = {"response_id": "resp_1", "item_id": "item_a1", "output_index": 0, "content_index": 0}
#: 20 ms of 24 kHz pcm16, base64: what one audio delta carries.
_AUDIO = base64.b64encode(bytes(range(256)) * 3 + bytes(192)).decode("ascii")
_ITEM = {
    "id": "item_u1",
    "object": "realtime.item",
    "type": "message",
    "status": "completed",
    "role": "user",
    "content": [{"type": "input_audio", "transcript": None}],
}
_RESPONSE_DONE = {
    "id": "resp_1",
    "object": "realtime.response",
    "status": "completed",
    "status_details": None,
    "output": [
        {
            "id": "item_a1",
            "object": "realtime.item",
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_audio", "transcript": "Your order A17 ships tomorrow."}],
        }
    ],
    "conversation_id": "conv_1",
    "output_modalities": ["audio"],
    "max_output_tokens": "inf",
    "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin"}},
    "usage": {
        "total_tokens": 253,
        "input_tokens": 200,
        "output_tokens": 53,
        "input_token_details": {
            "text_tokens": 150,
            "audio_tokens": 50,
            "image_tokens": 0,
            "cached_tokens": 0,
            "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": 20, "audio_tokens": 33},
    },
    "metadata": None,
}


def _event(index: int, type_: str, **fields: Any) -> str:
    return json.dumps(dict({"type": type_, "event_id": "event_%04d" % index}, **fields), separators=(",", ":"))


def _event_mix() -> List[str]:
    events = [_event(0, "input_audio_buffer.speech_started", audio_start_ms=1000, item_id="item_u1")]
    events.append(_event(1, "conversation.item.added", previous_item_id=None, item=_ITEM))
    words = ["Your ", "order ", "A17 ", "ships ", "tomorrow", ".", " Any", "thing ", "else", "?"]
    for i in range(20):
        events.append(_event(2 + i, "response.output_audio.delta", delta=_AUDIO, **_R))
        if i % 2:
            events.append(_event(40 + i, "response.output_audio_transcript.delta", delta=words[i // 2], **_R))
    events.append(_event(90, "response.done", response=_RESPONSE_DONE))
    limits = [
        {"name": "requests", "limit": 1000, "remaining": 999, "reset_seconds": 60},
        {"name": "tokens", "limit": 50000, "remaining": 49747, "reset_seconds": 0.3},
    ]
    events.append(_event(91, "rate_limits.updated", rate_limits=limits))
    return events


#: 34 server events as JSON text: 20 audio deltas, 10 transcript deltas, one each of speech_started,
#: conversation.item.added, response.done and rate_limits.updated.
EVENT_MIX: List[str] = _event_mix()


# Live events: the same turn on a Live WebSocket (live-api.md section 4), the analogous event types: the model's
# audio and transcript deltas, what the caller said (speech started), an item added for decisions (the
# conversation item), the session as updated (the large nested event, like response.done) and the usage report
# (like rate_limits.updated).
_LIVE_SESSION = {
    "id": "live_1",
    "expires_at": 1767225600,
    "model": "gpt-live-1",
    "status": "active",
    "audio": {"format": {"type": "audio/pcm", "rate": 24000}, "output": {"voice": "marin"}},
    "delegation": {"type": "client", "acknowledgement_delay_ms": 400},
    "input": [
        {
            "type": "message",
            "role": "developer",
            "content": [{"type": "input_text", "text": "The caller's last order is A17."}],
            "id": None,
            "status": "completed",
        }
    ],
    "instructions": "You are the voice of Acme's order line. Be brief.",
    "store": True,
    "triggers": [
        {
            "type": "decisions",
            "event_type": "session.input_transcript.delta",
            "decisions": {
                "questions": [
                    {
                        "type": "choice",
                        "name": "intent",
                        "instructions": "What does the caller want?",
                        "choices": [{"value": "order_status"}, {"value": "other", "description": "anything else"}],
                    }
                ]
            },
        }
    ],
}


def _live_event_mix() -> List[str]:
    events = [_event(0, "session.input_transcript.delta", delta="Where is my order?", start_ms=0, end_ms=1400)]
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Where is my order?"}]}
    events.append(_event(1, "decision.item.created", item=dict(item, id="ditem_1")))
    words = ["Your ", "order ", "A17 ", "ships ", "tomorrow", ".", " Any", "thing ", "else", "?"]
    for i in range(20):
        # session.output_audio.delta carries no event_id (live-api.md section 4)
        delta = {"type": "session.output_audio.delta", "delta": _AUDIO, "start_ms": 20 * i, "end_ms": 20 * i + 20}
        events.append(json.dumps(delta, separators=(",", ":")))
        if i % 2:
            ms = {"start_ms": 40 * i, "end_ms": 40 * i + 40}
            events.append(_event(40 + i, "session.output_transcript.delta", delta=words[i // 2], **ms))
    events.append(_event(90, "session.updated", session=_LIVE_SESSION))
    events.append(_event(91, "session.usage.updated", usage={"seconds": 12.4}, context_window={"usage_ratio": 0.02}))
    return events


#: 34 Live server events as JSON text: 20 audio deltas, 10 output transcript deltas, one each of
#: session.input_transcript.delta, decision.item.created, session.updated and session.usage.updated.
LIVE_EVENT_MIX: List[str] = _live_event_mix()
