"""Canned API payloads shared by the tests and the benchmarks: one copy of each.

Standard library only (the benchmarks import it from the official SDK's environment too).
Treat every value as read-only: ``conftest.py`` fails the test that changes one (copy first,
``copy.deepcopy(REFERENCE["12.3"])``). The JSON files next to this module are captured wire
data (``live_sdk_wire.json``, ``sdk_webhook_events.json``), loaded by the tests that use them.
"""

import random
from typing import Any, Dict

__all__ = [
    "ANSWER_SDP",
    "CANARY_KEY",
    "CLIENT_SECRET_REALTIME",
    "CLIENT_SECRET_TRANSCRIPTION",
    "LIVE_CREATE_ANSWER",
    "LIVE_FORK_ANSWER",
    "LIVE_FORK_ID",
    "LIVE_RECORDING",
    "LIVE_SESSION_ID",
    "OFFER_SDP",
    "REFERENCE",
    "TRANSLATION_SECRET",
]

#: A recognisable fake key; tests assert it never shows up where it must not.
CANARY_KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"

#: A minimal SDP offer, as a browser would send (CRLF line ends).
OFFER_SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

#: The SDP answer the loopback server gives for every offer.
ANSWER_SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n"

#: The example bodies of the Realtime API reference this library was written against, verbatim, keyed by
#: their section number there (section 12): requests 12.1-12.11, responses 12.12-12.14, errors 12.18-12.19.
#: Tests, benchmarks and docs cite them as ``REFERENCE["12.3"]``.
REFERENCE: Dict[str, Any] = {
    "12.1": {
        "type": "realtime",
        "model": "gpt-realtime-2",
        "instructions": "You are a concise support agent.",
        "audio": {"output": {"voice": "marin"}},
    },
    "12.2": {"type": "realtime", "model": "gpt-realtime"},
    "12.3": {
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
    },
    "12.4": {
        "type": "realtime",
        "model": "gpt-realtime-mini",
        "audio": {
            "input": {"format": {"type": "audio/pcm", "rate": 24000}, "turn_detection": None},
            "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "cedar"},
        },
        "tracing": None,
        "truncation": "disabled",
        "max_output_tokens": "inf",
        "output_modalities": ["text"],
    },
    "12.5": {
        "type": "realtime",
        "audio": {
            "input": {
                "turn_detection": {
                    "type": "semantic_vad",
                    "eagerness": "high",
                    "create_response": True,
                    "interrupt_response": False,
                }
            }
        },
        "tools": [
            {
                "type": "function",
                "name": "end_call",
                "description": "Hang up politely.",
                "parameters": {"type": "object", "properties": {}},
            }
        ],
        "tool_choice": {"type": "function", "name": "end_call"},
        "tracing": "auto",
    },
    "12.6": {"target_uri": "tel:+14155550123"},
    "12.7": {"status_code": 486},
    "12.8": {},
    "12.9": {
        "expires_after": {"anchor": "created_at", "seconds": 600},
        "session": {
            "type": "realtime",
            "model": "gpt-realtime-2",
            "output_modalities": ["audio"],
            "audio": {"output": {"voice": "alloy"}},
            "tool_choice": {"type": "mcp", "server_label": "crm", "name": "search_contacts"},
        },
    },
    "12.10": {
        "session": {
            "type": "transcription",
            "include": ["item.input_audio_transcription.logprobs"],
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "noise_reduction": {"type": "far_field"},
                    "transcription": {"model": "gpt-transcribe", "languages": ["en", "de"], "keywords": ["Kubernetes"]},
                    "turn_detection": {
                        "type": "server_vad",
                        "threshold": 0.5,
                        "prefix_padding_ms": 300,
                        "silence_duration_ms": 500,
                    },
                }
            },
        }
    },
    "12.11": {
        "expires_after": {"anchor": "created_at", "seconds": 120},
        "session": {
            "model": "gpt-realtime-translate",
            "audio": {
                "input": {"transcription": {"model": "gpt-live-transcribe"}, "noise_reduction": None},
                "output": {"language": "es"},
            },
        },
    },
    "12.12": {
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
    },
    "12.13": {
        "value": "ek_transcribe_0001",
        "expires_at": 1767226200,
        "session": {
            "id": "sess_T1",
            "object": "realtime.transcription_session",
            "type": "transcription",
            "expires_at": 0,
            "include": ["item.input_audio_transcription.logprobs"],
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "transcription": {"model": "gpt-4o-transcribe", "language": "en", "prompt": ""},
                    "noise_reduction": {"type": "near_field"},
                    "turn_detection": {
                        "type": "server_vad",
                        "threshold": 0.5,
                        "prefix_padding_ms": 300,
                        "silence_duration_ms": 500,
                    },
                }
            },
        },
    },
    "12.14": {
        "value": "ek_translate_0001",
        "expires_at": 1767225720,
        "session": {
            "id": "sess_TR1",
            "type": "translation",
            "expires_at": 1767229200,
            "model": "gpt-realtime-translate",
            "audio": {
                "input": {
                    "transcription": {"model": "gpt-live-transcribe"},
                    "noise_reduction": {"type": "near_field", "strength": 1.0},
                },
                "output": {"language": "es"},
            },
        },
    },
    "12.18": {
        "error": {
            "message": "Unknown call id rtc_missing.",
            "type": "invalid_request_error",
            "param": None,
            "code": "call_id_not_found",
        }
    },
    "12.19": {
        "error": {
            "message": "Invalid 'session.audio.output.speed': must be between 0.25 and 1.5.",
            "type": "invalid_request_error",
            "param": "session.audio.output.speed",
            "code": "invalid_value",
        }
    },
}

#: ``POST /realtime/client_secrets`` answers (reference 12.12 and 12.13) and the translation one (12.14).
CLIENT_SECRET_REALTIME: Dict[str, Any] = REFERENCE["12.12"]
CLIENT_SECRET_TRANSCRIPTION: Dict[str, Any] = REFERENCE["12.13"]
TRANSLATION_SECRET: Dict[str, Any] = REFERENCE["12.14"]

# -- the Live API (docs/live.md)

LIVE_SESSION_ID = "live_68f1c0ffee5e551071d"
LIVE_FORK_ID = "live_68f1f0ccaccia0002"

#: POST /live/sessions: JSON, no Location header (unlike the Realtime calls create).
LIVE_CREATE_ANSWER: Dict[str, Any] = {
    "session": {"id": LIVE_SESSION_ID},
    "transport": {"type": "webrtc", "sdp": ANSWER_SDP},
}

#: POST /live/sessions/{id}/fork: the same shape, a new session id.
LIVE_FORK_ANSWER: Dict[str, Any] = {
    "session": {"id": LIVE_FORK_ID},
    "transport": {"type": "webrtc", "sdp": ANSWER_SDP},
}


def _recording_bytes() -> bytes:
    # A fake WAV recording: a RIFF header, then 6 KB of seeded noise in which
    # secret-looking runs ("ek_", "sk-", "Bearer ") and invalid UTF-8 are planted
    # on purpose: recordings must travel and replay byte-exact, never decoded or redacted.
    noise = random.Random(12).getrandbits(8 * 6000).to_bytes(6000, "little")
    planted = b"ek_live_not_a_secret\xff\xfe\x00\r\n\rsk-proj-0000 Bearer ek_x\x80\xc3("
    header = b"RIFF" + (36 + len(noise) + len(planted)).to_bytes(4, "little") + b"WAVEfmt "
    return header + noise[:3000] + planted + noise[3000:]


#: GET /live/sessions/{id}/content: the stored recording's raw bytes.
LIVE_RECORDING = _recording_bytes()
