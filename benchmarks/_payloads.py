"""Request and response bodies shared by both sides of the benchmarks (standard library only).

Two payloads for ``client_secrets.create``:

* ``largest``: the session is reference §12.3 (every major knob: μ-law audio, server VAD, custom voice, function +
  MCP tools, tracing object, retention-ratio truncation, prompt) and the response is §12.12 grown to echo that
  configuration, so both clients parse the largest realistic answer.
* ``typical``: reference §12.9 (model, voice, output modalities, a forced MCP tool choice) and the §12.12 response
  exactly as the reference gives it.
"""

import copy
import json
import os
import sys
from typing import Any, Dict, Tuple

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
