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
from typing import Any, Dict, Tuple

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

SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime-2",
    "instructions": "Greet the caller and ask how you can help.",
    "output_modalities": ["audio"],
    "max_output_tokens": 1024,
    "include": ["item.input_audio_transcription.logprobs"],
    "parallel_tool_calls": True,
    "reasoning": {"effort": "low"},
    "audio": {
        "input": {
            "format": {"type": "audio/pcmu"},
            "noise_reduction": {"type": "near_field", "strength": 0.6},
            "transcription": {
                "model": "gpt-4o-transcribe",
                "language": "en",
                "prompt": "Order numbers look like AB-1234.",
            },
            "turn_detection": {
                "type": "server_vad",
                "threshold": 0.6,
                "prefix_padding_ms": 300,
                "silence_duration_ms": 500,
                "idle_timeout_ms": 10000,
                "create_response": True,
                "interrupt_response": True,
            },
        },
        "output": {"format": {"type": "audio/pcmu"}, "voice": {"id": "voice_1234"}, "speed": 1.1},
    },
    "tools": [
        {
            "type": "function",
            "name": "lookup_order",
            "description": "Look up an order by its number.",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        },
        {
            "type": "mcp",
            "server_label": "crm",
            "server_url": "https://mcp.example.com/sse",
            "allowed_tools": {"read_only": True},
            "require_approval": "never",
            "headers": {"X-Tenant": "t1"},
        },
    ],
    "tool_choice": "auto",
    "tracing": {"workflow_name": "sip-support", "group_id": "grp_42", "metadata": {"region": "us"}},
    "truncation": {"type": "retention_ratio", "retention_ratio": 0.8, "token_limits": {"post_instructions": 8000}},
    "prompt": {"id": "pmpt_abc123", "version": "3", "variables": {"customer_name": "Ada"}},
}

EXPIRES_AFTER: Dict[str, Any] = {"anchor": "created_at", "seconds": 600}

RESPONSE: Dict[str, Any] = {
    "value": "ek_68af296e8e408191a1120ab6383263c2",
    "expires_at": 1767226200,
    "session": {
        "id": "sess_C9G5QPteg4UIbotdKLoYQ",
        "object": "realtime.session",
        "type": "realtime",
        "model": "gpt-realtime-2",
        "output_modalities": ["audio"],
        "instructions": "Greet the caller and ask how you can help.",
        "tools": copy.deepcopy(SESSION["tools"]),
        "tool_choice": "auto",
        "max_output_tokens": 1024,
        "tracing": copy.deepcopy(SESSION["tracing"]),
        "truncation": copy.deepcopy(SESSION["truncation"]),
        "prompt": copy.deepcopy(SESSION["prompt"]),
        "expires_at": 0,
        "include": ["item.input_audio_transcription.logprobs"],
        "reasoning": {"effort": "low"},
        "audio": {
            "input": {
                "format": {"type": "audio/pcmu"},
                "transcription": {
                    "model": "gpt-4o-transcribe",
                    "language": "en",
                    "prompt": "Order numbers look like AB-1234.",
                },
                "noise_reduction": {"type": "near_field", "strength": 0.6},
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.6,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 500,
                    "idle_timeout_ms": 10000,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {"format": {"type": "audio/pcmu"}, "voice": "marin", "speed": 1.1},
        },
    },
}

RESPONSE_BYTES = json.dumps(RESPONSE, separators=(",", ":")).encode("utf-8")


TYPICAL_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime-2",
    "output_modalities": ["audio"],
    "audio": {"output": {"voice": "alloy"}},
    "tool_choice": {"type": "mcp", "server_label": "crm", "name": "search_contacts"},
}

TYPICAL_RESPONSE: Dict[str, Any] = {
    "value": "ek_68af296e8e408191a1120ab6383263c2",
    "expires_at": 1767226200,
    "session": {
        "id": "sess_C9G5QPteg4UIbotdKLoYQ",
        "object": "realtime.session",
        "type": "realtime",
        "model": "gpt-realtime-2",
        "output_modalities": ["audio"],
        "instructions": "You are a concise support agent.",
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "truncation": "auto",
        "prompt": None,
        "expires_at": 0,
        "include": None,
        "reasoning": {"effort": "low"},
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 200,
                    "idle_timeout_ms": None,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin", "speed": 1.0},
        },
    },
}

TYPICAL_RESPONSE_BYTES = json.dumps(TYPICAL_RESPONSE, separators=(",", ":")).encode("utf-8")

#: name -> (session, expires_after, response dict, response bytes); every benchmark names the one it uses.
PAYLOADS: Dict[str, Tuple[Dict[str, Any], Dict[str, Any], Dict[str, Any], bytes]] = {
    "largest": (SESSION, EXPIRES_AFTER, RESPONSE, RESPONSE_BYTES),
    "typical": (TYPICAL_SESSION, EXPIRES_AFTER, TYPICAL_RESPONSE, TYPICAL_RESPONSE_BYTES),
}
