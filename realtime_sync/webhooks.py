"""Verify and parse the webhooks OpenAI sends (the Standard Webhooks scheme).

Standard library only: importing this module never loads attrs, cattrs,
requests or Django, so a webhook endpoint stays light.

OpenAI signs each delivery with three headers: ``webhook-id``,
``webhook-timestamp`` and ``webhook-signature`` (``v1,<base64>`` entries,
space-separated). :func:`verify` checks them against the **raw** body bytes
(parse JSON only afterwards: re-serialised JSON does not verify);
:func:`unwrap` verifies and returns a typed event.

Example::

    from realtime_sync import webhooks

    event = webhooks.unwrap(request.body, request.headers)   # secret from OPENAI_WEBHOOK_SECRET
    if isinstance(event, webhooks.RealtimeCallIncomingEvent):
        client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})

Headers may be any mapping with string keys (a dict, Django's
``request.headers``, Flask's ``request.headers``, a WSGI ``environ`` or Django's
``request.META`` with ``HTTP_WEBHOOK_ID``-style keys) or an iterable of
``(name, value)`` pairs; names are matched case-insensitively and ``bytes``
names or values are decoded as Latin-1 (as ASGI scopes carry them).

Errors:

* :class:`~realtime_sync.errors.InvalidWebhookSignatureError` (a ``ValueError``)
  for every delivery that must be refused: a missing header, a malformed
  timestamp, a timestamp outside the tolerance (too old *or* too new) or no
  matching signature. The message names the check that failed, never the secret.
* :class:`~realtime_sync.errors.ConfigurationError` when there is no secret, or
  a ``whsec_`` secret is not valid base64 (a server problem, not a bad delivery).
* :class:`InvalidWebhookPayloadError` when a correctly signed body is not a JSON
  object or a known event lacks a required field.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from .errors import ConfigurationError, InvalidWebhookSignatureError, RealtimeSyncError

__all__ = [
    "DEFAULT_TOLERANCE",
    "InvalidWebhookPayloadError",
    "RealtimeCallIncomingData",
    "RealtimeCallIncomingEvent",
    "UnknownWebhookEvent",
    "WebhookEvent",
    "parse_event",
    "sign",
    "unwrap",
    "verify",
]

#: Seconds a delivery's timestamp may differ from the clock, either way.
DEFAULT_TOLERANCE = 300

#: The environment variable read when no secret is passed (as the official SDK does).
SECRET_ENV_VAR = "OPENAI_WEBHOOK_SECRET"

Body = Union[bytes, bytearray, memoryview, str]
Secret = Union[str, bytes]
HeadersLike = Union[Mapping[str, Any], Iterable[Tuple[Any, Any]]]

_SIGNATURE = "webhook-signature"
_TIMESTAMP = "webhook-timestamp"
_ID = "webhook-id"


class InvalidWebhookPayloadError(RealtimeSyncError, ValueError):
    """A verified webhook body is not a JSON object, or a known event is malformed.

    The message names the field and what was expected.

    Example::

        try:
            event = webhooks.unwrap(body, headers, secret)
        except webhooks.InvalidWebhookPayloadError as exc:
            log.error("unexpected webhook payload: %s", exc)
    """


# --------------------------------------------------------------------------- verification


def verify(
    body: Body,
    headers: HeadersLike,
    secret: Optional[Secret] = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> None:
    """Check a delivery's signature and timestamp; return ``None`` or raise.

    ``body`` is the raw request body (bytes as received; a ``str`` is encoded
    as UTF-8). ``secret`` defaults to ``OPENAI_WEBHOOK_SECRET``; a ``whsec_``
    secret is base64-decoded, any other is used as raw UTF-8 bytes. A
    timestamp more than ``tolerance`` seconds old or in the future is refused
    (exactly ``tolerance`` is accepted). ``now`` (Unix seconds) replaces the
    clock, for tests and replays.

    Raises :class:`~realtime_sync.errors.InvalidWebhookSignatureError` naming
    the failed check, or :class:`~realtime_sync.errors.ConfigurationError` when
    no usable secret is configured.

    Example::

        webhooks.verify(request.body, request.headers, "whsec_...")
    """
    key = _signing_key(secret)
    raw_body = _body_bytes(body)
    signature_header = _required_header(headers, _SIGNATURE)
    timestamp_header = _required_header(headers, _TIMESTAMP)
    webhook_id = _required_header(headers, _ID)

    timestamp = _parse_timestamp(timestamp_header)
    _check_tolerance(timestamp, tolerance, time.time() if now is None else now)

    candidates = _candidate_signatures(signature_header)
    if not candidates:
        raise InvalidWebhookSignatureError("the webhook-signature header contains no signatures")
    expected = _signature(key, webhook_id, timestamp_header, raw_body).encode("ascii")
    matched = False
    for candidate in candidates:
        # Compare every candidate (no early exit) so timing says nothing about
        # which one matched; compare bytes because compare_digest refuses
        # non-ASCII str.
        matched |= hmac.compare_digest(candidate.encode("utf-8", "replace"), expected)
    if not matched:
        raise InvalidWebhookSignatureError(
            "The given webhook signature does not match the expected signature (checked %d %s)"
            % (len(candidates), "signature" if len(candidates) == 1 else "signatures")
        )


def unwrap(
    body: Body,
    headers: HeadersLike,
    secret: Optional[Secret] = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> "WebhookEvent":
    """Verify a delivery (exactly as :func:`verify`), then parse it into a typed event.

    Returns a :class:`RealtimeCallIncomingEvent` for ``realtime.call.incoming``
    and an :class:`UnknownWebhookEvent` for any other type, so a new event type
    never breaks an endpoint.

    Example::

        event = webhooks.unwrap(request.body, request.headers, "whsec_...")
        if event.type == "realtime.call.incoming":
            print(event.data.call_id)
    """
    verify(body, headers, secret, tolerance=tolerance, now=now)
    raw_body = _body_bytes(body)
    try:
        payload = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidWebhookPayloadError(
            "webhook body: expected a JSON object, could not parse it (%s)" % exc
        ) from None
    return parse_event(payload)


def sign(
    body: Body,
    secret: Optional[Secret] = None,
    *,
    webhook_id: Optional[str] = None,
    timestamp: Optional[int] = None,
) -> Dict[str, str]:
    """Build the three signature headers OpenAI would send with ``body``.

    For tests and local tooling: post a signed delivery to your own endpoint.
    ``webhook_id`` defaults to a fresh random ``wh_...`` id (so a
    deduplicating endpoint handles each call), ``timestamp`` to now.

    Example::

        headers = webhooks.sign(body, "whsec_...", webhook_id="wh_1")
        client.post("/openai/webhook/", body, content_type="application/json",
                    headers=headers)   # Django >= 4.2; use HTTP_WEBHOOK_ID=... keys on older Django
    """
    key = _signing_key(secret)
    ts = str(int(time.time()) if timestamp is None else int(timestamp))
    if webhook_id is None:
        webhook_id = "wh_" + os.urandom(12).hex()
    return {
        _ID: webhook_id,
        _TIMESTAMP: ts,
        _SIGNATURE: "v1," + _signature(key, webhook_id, ts, _body_bytes(body)),
    }


def _signature(key: bytes, webhook_id: str, timestamp: str, body: bytes) -> str:
    # The signed content uses the header strings exactly as received.
    content = webhook_id.encode("utf-8") + b"." + timestamp.encode("utf-8") + b"." + body
    return base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode("ascii")


def _signing_key(secret: Optional[Secret]) -> bytes:
    if secret is None:
        secret = os.environ.get(SECRET_ENV_VAR) or None
        if secret is None:
            raise ConfigurationError(
                "no webhook secret: pass secret=... or set the %s environment variable" % SECRET_ENV_VAR
            )
    if isinstance(secret, bytes):
        if not secret:
            raise ConfigurationError("webhook secret: expected a non-empty secret, got empty bytes")
        return secret
    if not isinstance(secret, str):
        raise ConfigurationError("webhook secret: expected str or bytes, got %s" % type(secret).__name__)
    if not secret:
        raise ConfigurationError("webhook secret: expected a non-empty secret, got ''")
    if secret.startswith("whsec_"):
        try:
            # Lenient like the official SDK: characters outside the alphabet are skipped.
            key = base64.b64decode(secret[len("whsec_") :])
        except (binascii.Error, ValueError):
            # Never echo the secret, not even a part of it.
            raise ConfigurationError("webhook secret: the part after 'whsec_' is not valid base64") from None
        if not key:
            raise ConfigurationError("webhook secret: the part after 'whsec_' decodes to nothing")
        return key
    return secret.encode("utf-8")


def _body_bytes(body: Body) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise TypeError(
        "webhook body: expected the raw request body as bytes or str, got %s"
        " (verify before parsing JSON: a re-serialised body does not verify)" % type(body).__name__
    )


def _required_header(headers: HeadersLike, name: str) -> str:
    value = _header(headers, name)
    if value is None:
        raise InvalidWebhookSignatureError("missing %s header" % name)
    return value


def _header(headers: HeadersLike, name: str) -> Optional[str]:
    """The first value of header ``name`` (lower-case), matched case-insensitively."""
    meta_name = "HTTP_" + name.upper().replace("-", "_")
    if isinstance(headers, Mapping):
        # Fast paths: exact spellings (a case-insensitive mapping answers the first).
        for key in (name, meta_name):
            try:
                value = headers[key]
            except (KeyError, TypeError):
                continue
            return _text(value)
        pairs: Iterable[Any] = headers.items()
    elif isinstance(headers, (str, bytes, bytearray)) or not hasattr(headers, "__iter__"):
        # None, a number, a raw header block: nothing to verify against. A
        # refused delivery, not a crash of the endpoint.
        raise InvalidWebhookSignatureError(
            "headers: expected a mapping or an iterable of (name, value) pairs, got %s" % type(headers).__name__
        )
    else:
        pairs = headers
    for pair in pairs:
        try:
            key, value = pair
        except (TypeError, ValueError):
            raise InvalidWebhookSignatureError(
                "headers: expected (name, value) pairs, got %s" % type(pair).__name__
            ) from None
        text_key = _text(key)
        if text_key.lower() == name or text_key.upper() == meta_name:
            return _text(value)
    return None


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


# Unix seconds need 10 digits until the year 2286; a longer value is refused
# before int() sees it (Python refuses to convert more than 4300 digits, and
# converting a long one costs quadratic time: an unsigned request must not).
_MAX_TIMESTAMP_DIGITS = 20


def _parse_timestamp(value: str) -> int:
    # Stricter than int(): no signs, spaces, underscores or non-ASCII digits.
    if not (value.isascii() and value.isdigit()) or len(value) > _MAX_TIMESTAMP_DIGITS:
        raise _bad_timestamp(value)
    return int(value)


def _bad_timestamp(value: str) -> InvalidWebhookSignatureError:
    shown = value if len(value) <= 32 else value[:29] + "..."
    return InvalidWebhookSignatureError(
        "Invalid webhook timestamp format: expected Unix seconds as a base-10 integer in the"
        " webhook-timestamp header, got %r" % shown
    )


def _check_tolerance(timestamp: int, tolerance: float, now: float) -> None:
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise ValueError("tolerance: expected a non-negative number of seconds, got %r" % (tolerance,))
    current = math.floor(now)
    if current - timestamp > tolerance:
        raise InvalidWebhookSignatureError(
            "Webhook timestamp is too old: %d s before now, tolerance is %s s" % (current - timestamp, tolerance)
        )
    if timestamp - current > tolerance:
        raise InvalidWebhookSignatureError(
            "Webhook timestamp is too new: %d s after now, tolerance is %s s" % (timestamp - current, tolerance)
        )


def _candidate_signatures(header: str) -> List[str]:
    # As the official SDK: strip a "v1," prefix, otherwise take the token as is
    # (it then simply never matches unless it is a bare v1 signature).
    return [token[3:] if token.startswith("v1,") else token for token in header.split()]


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class RealtimeCallIncomingData:
    """``data`` of a ``realtime.call.incoming`` event.

    ``sip_headers`` keeps the INVITE's headers as ``(name, value)`` pairs, in
    order, duplicates included (untrusted caller input). ``sip_media_security``
    is an open string (``"rtp"``, ``"srtp"`` or a future value) or ``None``.
    ``raw`` is the ``data`` object as received, unknown fields included.

    Example::

        caller = event.data.sip_header("From")
        if event.data.sip_media_security == "srtp":
            ...
    """

    call_id: str
    sip_headers: Tuple[Tuple[str, str], ...] = ()
    sip_media_security: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)

    def sip_header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """The first value of SIP header ``name`` (case-insensitive), else ``default``.

        Example::

            event.data.sip_header("to")   # '<sip:+15550199@sip.api.openai.com>'
        """
        wanted = name.lower()
        for header_name, value in self.sip_headers:
            if header_name.lower() == wanted:
                return value
        return default

    def sip_header_values(self, name: str) -> List[str]:
        """Every value of SIP header ``name`` (case-insensitive), in order.

        Example::

            event.data.sip_header_values("Diversion")   # [] when absent
        """
        wanted = name.lower()
        return [value for header_name, value in self.sip_headers if header_name.lower() == wanted]


@dataclass(frozen=True)
class RealtimeCallIncomingEvent:
    """A SIP call is waiting: accept, refer or reject ``data.call_id``.

    ``raw`` is the whole event as received, unknown fields included.

    Example::

        if isinstance(event, RealtimeCallIncomingEvent):
            client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})
    """

    id: str
    created_at: int
    data: RealtimeCallIncomingData
    type: str = "realtime.call.incoming"
    object: Optional[str] = "event"
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class UnknownWebhookEvent:
    """Any event type this version does not model; nothing of it is lost.

    ``data`` is the ``data`` member as received (``None`` if absent) and
    ``raw`` the whole event.

    Example::

        if isinstance(event, UnknownWebhookEvent):
            log.info("ignoring webhook %s (%s)", event.type, event.id)
    """

    type: str
    id: Optional[str] = None
    created_at: Optional[int] = None
    object: Optional[str] = None
    data: Any = field(default=None, hash=False)
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


WebhookEvent = Union[RealtimeCallIncomingEvent, UnknownWebhookEvent]


def parse_event(payload: Mapping[str, Any]) -> WebhookEvent:
    """Build a typed event from an already **verified** and decoded body.

    Useful when the event travelled on (a task queue, a log) as ``event.raw``.
    Never call it on an unverified request: use :func:`unwrap`.

    Example::

        event = webhooks.parse_event(json.loads(stored_body))
    """
    if not isinstance(payload, Mapping):
        raise InvalidWebhookPayloadError("webhook body: expected a JSON object, got %s" % _json_type(payload))
    raw = dict(payload)
    event_type = raw.get("type")
    if not isinstance(event_type, str):
        raise InvalidWebhookPayloadError("type: expected a string, got %s" % _json_type(event_type))
    if event_type == "realtime.call.incoming":
        return _call_incoming(raw)
    created_at = raw.get("created_at")
    event_id = raw.get("id")
    obj = raw.get("object")
    return UnknownWebhookEvent(
        type=event_type,
        id=event_id if isinstance(event_id, str) else None,
        created_at=created_at if isinstance(created_at, int) and not isinstance(created_at, bool) else None,
        object=obj if isinstance(obj, str) else None,
        data=raw.get("data"),
        raw=raw,
    )


def _call_incoming(raw: Dict[str, Any]) -> RealtimeCallIncomingEvent:
    event_id = _expect_str(raw, "id", "id")
    created_at = raw.get("created_at")
    if isinstance(created_at, float) and created_at.is_integer():
        created_at = int(created_at)
    if not isinstance(created_at, int) or isinstance(created_at, bool):
        raise InvalidWebhookPayloadError("created_at: expected Unix seconds (integer), got %s" % _json_type(created_at))
    obj = raw.get("object")
    if obj is not None and not isinstance(obj, str):
        raise InvalidWebhookPayloadError("object: expected a string, got %s" % _json_type(obj))
    data = raw.get("data")
    if not isinstance(data, Mapping):
        raise InvalidWebhookPayloadError("data: expected an object, got %s" % _json_type(data))
    data_raw = dict(data)
    call_id = _expect_str(data_raw, "call_id", "data.call_id")
    headers_raw = data_raw.get("sip_headers", [])
    if not isinstance(headers_raw, list):
        raise InvalidWebhookPayloadError("data.sip_headers: expected an array, got %s" % _json_type(headers_raw))
    sip_headers = []
    for index, item in enumerate(headers_raw):
        where = "data.sip_headers[%d]" % index
        if not isinstance(item, Mapping):
            raise InvalidWebhookPayloadError("%s: expected an object, got %s" % (where, _json_type(item)))
        sip_headers.append((_expect_str(item, "name", where + ".name"), _expect_str(item, "value", where + ".value")))
    security = data_raw.get("sip_media_security")
    if security is not None and not isinstance(security, str):
        raise InvalidWebhookPayloadError("data.sip_media_security: expected a string, got %s" % _json_type(security))
    return RealtimeCallIncomingEvent(
        id=event_id,
        created_at=created_at,
        data=RealtimeCallIncomingData(
            call_id=call_id, sip_headers=tuple(sip_headers), sip_media_security=security, raw=data_raw
        ),
        type="realtime.call.incoming",
        object=obj,
        raw=raw,
    )


def _expect_str(obj: Mapping[str, Any], key: str, path: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise InvalidWebhookPayloadError("%s: expected a string, got %s" % (path, _json_type(value)))
    return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null (or missing)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
