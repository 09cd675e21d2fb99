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
import math
import os
import time
from dataclasses import MISSING, dataclass, field, fields
from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    Union,
    get_args,
    get_type_hints,
)

from . import _json
from ._text import short_repr
from .errors import ConfigurationError, InvalidWebhookSignatureError, RealtimeSyncError, RequestValidationError

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_TYPES",
    "AgentEnvironmentExpiredEvent",
    "AgentEnvironmentFailedEvent",
    "AgentEnvironmentReadyEvent",
    "AgentEnvironmentSuspendedEvent",
    "AgentSessionActionRequiredEvent",
    "AgentSessionConnect",
    "AgentSessionCreatedEvent",
    "AgentSessionData",
    "AgentSessionFailedEvent",
    "AgentSessionIdleEvent",
    "AgentSessionInProgressEvent",
    "AgentSessionRequiredAction",
    "BatchCancelledEvent",
    "BatchCompletedEvent",
    "BatchExpiredEvent",
    "BatchFailedEvent",
    "EvalRunCanceledEvent",
    "EvalRunFailedEvent",
    "EvalRunSucceededEvent",
    "FineTuningJobCancelledEvent",
    "FineTuningJobFailedEvent",
    "FineTuningJobSucceededEvent",
    "InvalidWebhookPayloadError",
    "LiveCallIncomingEvent",
    "LiveTransportConnectedData",
    "LiveTransportConnectedEvent",
    "LiveTransportIncomingData",
    "LiveTransportIncomingEvent",
    "ObjectIdData",
    "RealtimeCallIncomingData",
    "RealtimeCallIncomingEvent",
    "ResponseCancelledEvent",
    "ResponseCompletedEvent",
    "ResponseFailedEvent",
    "ResponseIncompleteEvent",
    "SafetyAlertCreatedEvent",
    "SafetyDeactivationIssuedEvent",
    "SafetyIdentifierBlockedData",
    "SafetyIdentifierBlockedEvent",
    "SafetyOrgAlertCreatedEvent",
    "SafetyWarningIssuedEvent",
    "SipHeader",
    "UnknownWebhookEvent",
    "header_value",
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

    Returns the typed event of its ``type`` (every type the official SDK
    knows, see :data:`EVENT_TYPES`) and an :class:`UnknownWebhookEvent` for any
    other, so a new event type never breaks an endpoint.

    Example::

        event = webhooks.unwrap(request.body, request.headers, "whsec_...")
        if event.type == "realtime.call.incoming":
            print(event.data.call_id)
    """
    verify(body, headers, secret, tolerance=tolerance, now=now)
    raw_body = _body_bytes(body)
    try:
        # Bounded nesting: a deeply nested signed body is a bad payload, not a RecursionError.
        payload = _json.loads(raw_body)
    except ValueError as exc:
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
    if timestamp is not None and (
        isinstance(timestamp, bool) or not isinstance(timestamp, int) or not 0 <= timestamp < 10**12
    ):
        raise RequestValidationError(["timestamp: expected Unix seconds as an integer, got %s" % short_repr(timestamp)])
    if webhook_id is not None and not isinstance(webhook_id, str):
        raise RequestValidationError(["webhook_id: expected a string, got %s" % type(webhook_id).__name__])
    if webhook_id is not None and not _encodable(webhook_id):
        raise RequestValidationError(["webhook_id: expected text that UTF-8 can encode"])
    ts = str(int(time.time()) if timestamp is None else timestamp)
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
    try:
        return secret.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no byte string to sign with
        raise ConfigurationError("webhook secret: expected text that UTF-8 can encode") from None


def _body_bytes(body: Body) -> bytes:
    # A body that cannot be what OpenAI sent fails verification with the library's error,
    # never a raw TypeError or UnicodeEncodeError.
    if isinstance(body, str):
        try:
            return body.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidWebhookSignatureError(
                "webhook body: the text has lone surrogates, it is not a raw body"
            ) from None
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise InvalidWebhookSignatureError(
        "webhook body: expected the raw request body as bytes or str, got %s"
        " (verify before parsing JSON: a re-serialised body does not verify)" % type(body).__name__
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")  # signed as UTF-8: lone surrogates cannot be signed or have been received
    except UnicodeEncodeError:
        return False
    return True


def _required_header(headers: HeadersLike, name: str) -> str:
    value = header_value(headers, name)
    if value is None:
        raise InvalidWebhookSignatureError("missing %s header" % name)
    if not _encodable(value):
        raise InvalidWebhookSignatureError("the %s header is not valid text" % name)
    return value


def header_value(headers: HeadersLike, name: str) -> Optional[str]:
    """The first value of header ``name`` (lower-case), matched case-insensitively, or None.

    Takes every header form :func:`verify` takes (a mapping, Django's ``request.META``
    with ``HTTP_*`` keys, ``(name, value)`` pairs, bytes decoded as Latin-1).

    Example::

        header_value(request.META, "webhook-id")   # reads HTTP_WEBHOOK_ID
    """
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
    try:
        return str(value)
    except Exception:  # an int too long for str(), a broken __str__: not a header anyone sent
        return ""


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
        raise ConfigurationError("tolerance: expected a non-negative number of seconds, got %s" % short_repr(tolerance))
    if isinstance(now, bool) or not isinstance(now, (int, float)) or not math.isfinite(now):
        raise ConfigurationError("now: expected Unix seconds as a finite number, got %s" % short_repr(now))
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
#
# One frozen dataclass per event type the official SDK knows (tests/data/
# sdk_webhook_events.json lists them; tests/test_webhooks_sdk_types.py checks
# both ways). Most events only name the object they are about, so they share
# ObjectIdData and differ in nothing but their ``type``. Every field of a data
# class that has no default is required (the id you act on); the rest are
# optional and None when absent; unknown fields stay in ``raw``. One generic
# reader (_read_data) builds every data class from its field declarations.


class SipHeader(NamedTuple):
    """One header of the SIP INVITE, as received: untrusted caller input.

    A named tuple, so ``header.name`` / ``header.value`` work as in the
    official SDK and ``name, value = header`` works too.

    Example::

        first = event.data.sip_headers[0]
        print(first.name, first.value)
        for name, value in event.data.sip_headers:
            ...
    """

    name: str
    value: str


class _SipHeaderLookup:
    """Case-insensitive lookups over ``sip_headers``, for the SIP call events' ``data``."""

    sip_headers: Tuple[SipHeader, ...]

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
class ObjectIdData:
    """``data`` of the events that only name what they are about: its ``id``.

    A batch, a background response, a fine-tuning job, an eval run, an agent
    environment, a safety alert or a safety case, depending on the event.
    ``raw`` is the ``data`` object as received, unknown fields included.

    Example::

        if isinstance(event, webhooks.BatchCompletedEvent):
            fetch_batch_results(event.data.id)
    """

    id: str
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class RealtimeCallIncomingData(_SipHeaderLookup):
    """``data`` of a ``realtime.call.incoming`` event.

    ``sip_headers`` keeps the INVITE's headers as :class:`SipHeader` pairs, in
    order, duplicates included (untrusted caller input). ``sip_media_security``
    is an open string (``"rtp"``, ``"srtp"`` or a future value) or ``None``.
    ``raw`` is the ``data`` object as received, unknown fields included.

    Example::

        caller = event.data.sip_header("From")
        if event.data.sip_media_security == "srtp":
            ...
    """

    call_id: str
    sip_headers: Tuple[SipHeader, ...] = ()
    sip_media_security: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class LiveTransportIncomingData(_SipHeaderLookup):
    """``data`` of ``live.transport.incoming`` (and of the deprecated ``live.call.incoming``).

    ``session_id`` is the ``live_...`` id to pass unchanged to
    ``client.live.sessions.accept/refer/reject``; ``type`` is ``"sip"`` (``None``
    for ``live.call.incoming``, which does not carry it). ``sip_headers`` and
    ``sip_media_security`` as in :class:`RealtimeCallIncomingData`.

    Example::

        if isinstance(event, webhooks.LiveTransportIncomingEvent):
            print(event.data.session_id, event.data.sip_header("From"))
    """

    session_id: str
    type: Optional[str] = None
    sip_headers: Tuple[SipHeader, ...] = ()
    sip_media_security: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class LiveTransportConnectedData:
    """``data`` of ``live.transport.connected``: ``session_id`` and ``type`` (``"webrtc"``).

    Example::

        if isinstance(event, webhooks.LiveTransportConnectedEvent):
            attach_sideband_observer(event.data.session_id)
    """

    session_id: str
    type: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class AgentSessionConnect:
    """``data.connect`` of ``agent.session.created``: ``remote_url`` of a self-hosted environment.

    Example::

        if event.data.connect is not None:
            connect_environment(event.data.connect.remote_url)
    """

    remote_url: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class AgentSessionRequiredAction:
    """``data.required_action`` of ``agent.session.action_required``: its ``type`` (an open string).

    ``"computer_use_approval_request"``, ``"mcp_approval_request"``,
    ``"function_call"``, ``"environment_connection"`` or a future value;
    retrieve the session for the action's details.

    Example::

        if event.data.required_action is not None and event.data.required_action.type == "function_call":
            ...
    """

    type: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class AgentSessionData:
    """``data`` of the ``agent.session.*`` events.

    ``id`` is the session's id; ``environment_type`` (``"none"``,
    ``"openai_hosted"``, ``"self_hosted"`` or a future value) and
    ``environment_id`` when the event carries them; ``connect`` only on
    ``agent.session.created`` for a self-hosted environment;
    ``required_action`` only on ``agent.session.action_required``.

    Example::

        if isinstance(event, webhooks.AgentSessionIdleEvent):
            print(event.data.id, event.data.environment_type)
    """

    id: str
    environment_type: Optional[str] = None
    environment_id: Optional[str] = None
    connect: Optional[AgentSessionConnect] = None
    required_action: Optional[AgentSessionRequiredAction] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class SafetyIdentifierBlockedData:
    """``data`` of ``safety_identifier.blocked``.

    ``safety_identifier`` is the stable identifier whose request was blocked;
    ``safety_category`` (e.g. ``"bio"``, ``"cyber"``), ``model``, ``project_id``
    and ``request_id`` when available.

    Example::

        if isinstance(event, webhooks.SafetyIdentifierBlockedEvent):
            suspend_user(event.data.safety_identifier, reason=event.data.safety_category)
    """

    safety_identifier: str
    safety_category: Optional[str] = None
    model: Optional[str] = None
    project_id: Optional[str] = None
    request_id: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)


@dataclass(frozen=True)
class _TypedEvent:
    # The envelope every event shares. The event classes below only narrow
    # ``type`` (its default) and ``data`` (for type checkers) and are not
    # decorated themselves: each @dataclass costs ~2 ms of import time, and
    # this module is imported by every webhook endpoint.
    id: str
    created_at: int
    data: Any
    type: str = ""
    object: Optional[str] = "event"
    raw: Dict[str, Any] = field(default_factory=dict, hash=False, repr=False)

    def __post_init__(self) -> None:
        if not self.type:
            # The class's own ``type`` (the base __init__'s default is "").
            object.__setattr__(self, "type", type(self).type)


class _ObjectEvent(_TypedEvent):
    data: ObjectIdData


class _AgentSessionEvent(_TypedEvent):
    data: AgentSessionData


class AgentEnvironmentExpiredEvent(_ObjectEvent):
    """``agent.environment.expired``: the environment ``data.id`` can no longer resume from a snapshot."""

    type: Literal["agent.environment.expired"] = "agent.environment.expired"


class AgentEnvironmentFailedEvent(_ObjectEvent):
    """``agent.environment.failed``: setup of the prewarmed environment ``data.id`` failed."""

    type: Literal["agent.environment.failed"] = "agent.environment.failed"


class AgentEnvironmentReadyEvent(_ObjectEvent):
    """``agent.environment.ready``: the prewarmed environment ``data.id`` finished setup."""

    type: Literal["agent.environment.ready"] = "agent.environment.ready"


class AgentEnvironmentSuspendedEvent(_ObjectEvent):
    """``agent.environment.suspended``: the environment ``data.id`` was suspended (it can resume)."""

    type: Literal["agent.environment.suspended"] = "agent.environment.suspended"


class AgentSessionActionRequiredEvent(_AgentSessionEvent):
    """``agent.session.action_required``: the session ``data.id`` waits for ``data.required_action``.

    Example::

        if isinstance(event, webhooks.AgentSessionActionRequiredEvent):
            action = event.data.required_action
            print(event.data.id, action.type if action else None)
    """

    type: Literal["agent.session.action_required"] = "agent.session.action_required"


class AgentSessionCreatedEvent(_AgentSessionEvent):
    """``agent.session.created``: the session ``data.id`` was created (``data.connect`` if self-hosted)."""

    type: Literal["agent.session.created"] = "agent.session.created"


class AgentSessionFailedEvent(_AgentSessionEvent):
    """``agent.session.failed``: the session ``data.id`` failed."""

    type: Literal["agent.session.failed"] = "agent.session.failed"


class AgentSessionIdleEvent(_AgentSessionEvent):
    """``agent.session.idle``: the session ``data.id`` became idle."""

    type: Literal["agent.session.idle"] = "agent.session.idle"


class AgentSessionInProgressEvent(_AgentSessionEvent):
    """``agent.session.in_progress``: the session ``data.id`` entered the in-progress state."""

    type: Literal["agent.session.in_progress"] = "agent.session.in_progress"


class BatchCancelledEvent(_ObjectEvent):
    """``batch.cancelled``: the batch ``data.id`` was cancelled."""

    type: Literal["batch.cancelled"] = "batch.cancelled"


class BatchCompletedEvent(_ObjectEvent):
    """``batch.completed``: the batch ``data.id`` completed."""

    type: Literal["batch.completed"] = "batch.completed"


class BatchExpiredEvent(_ObjectEvent):
    """``batch.expired``: the batch ``data.id`` expired."""

    type: Literal["batch.expired"] = "batch.expired"


class BatchFailedEvent(_ObjectEvent):
    """``batch.failed``: the batch ``data.id`` failed."""

    type: Literal["batch.failed"] = "batch.failed"


class EvalRunCanceledEvent(_ObjectEvent):
    """``eval.run.canceled``: the eval run ``data.id`` was canceled."""

    type: Literal["eval.run.canceled"] = "eval.run.canceled"


class EvalRunFailedEvent(_ObjectEvent):
    """``eval.run.failed``: the eval run ``data.id`` failed."""

    type: Literal["eval.run.failed"] = "eval.run.failed"


class EvalRunSucceededEvent(_ObjectEvent):
    """``eval.run.succeeded``: the eval run ``data.id`` succeeded."""

    type: Literal["eval.run.succeeded"] = "eval.run.succeeded"


class FineTuningJobCancelledEvent(_ObjectEvent):
    """``fine_tuning.job.cancelled``: the fine-tuning job ``data.id`` was cancelled."""

    type: Literal["fine_tuning.job.cancelled"] = "fine_tuning.job.cancelled"


class FineTuningJobFailedEvent(_ObjectEvent):
    """``fine_tuning.job.failed``: the fine-tuning job ``data.id`` failed."""

    type: Literal["fine_tuning.job.failed"] = "fine_tuning.job.failed"


class FineTuningJobSucceededEvent(_ObjectEvent):
    """``fine_tuning.job.succeeded``: the fine-tuning job ``data.id`` succeeded."""

    type: Literal["fine_tuning.job.succeeded"] = "fine_tuning.job.succeeded"


class LiveCallIncomingEvent(_TypedEvent):
    """``live.call.incoming`` (deprecated by OpenAI for ``live.transport.incoming``).

    Still delivered to subscriptions made before the deprecation; new
    subscriptions cannot choose it. ``data`` has the same shape as
    ``live.transport.incoming``'s, without ``data.type``.

    Example::

        if isinstance(event, (webhooks.LiveTransportIncomingEvent, webhooks.LiveCallIncomingEvent)):
            client.live.sessions.accept(event.data.session_id, session={"model": "gpt-live-1"})
    """

    data: LiveTransportIncomingData
    type: Literal["live.call.incoming"] = "live.call.incoming"


class LiveTransportConnectedEvent(_TypedEvent):
    """``live.transport.connected``: a direct Live WebRTC session (``data.session_id``) is up.

    Sent when a Live WebRTC session is created or an Instant Connect session
    activates: attach a sideband observer to ``data.session_id``.

    Example::

        if isinstance(event, webhooks.LiveTransportConnectedEvent):
            print(event.data.session_id, event.data.type)   # 'live_...', 'webrtc'
    """

    data: LiveTransportConnectedData
    type: Literal["live.transport.connected"] = "live.transport.connected"


class LiveTransportIncomingEvent(_TypedEvent):
    """``live.transport.incoming``: a SIP call is waiting for a Live accept.

    The same call also emits ``realtime.call.incoming`` (with a separate
    ``rtc_...`` id): the first successful accept, Realtime or Live, decides
    which surface runs it. ``data.session_id`` is the ``live_...`` id.

    Example::

        if isinstance(event, webhooks.LiveTransportIncomingEvent):
            client.live.sessions.accept(event.data.session_id, session={"model": "gpt-live-1"})
    """

    data: LiveTransportIncomingData
    type: Literal["live.transport.incoming"] = "live.transport.incoming"


class RealtimeCallIncomingEvent(_TypedEvent):
    """A SIP call is waiting: accept, refer or reject ``data.call_id``.

    The same call also emits ``live.transport.incoming``: the first successful
    accept, Realtime or Live, decides which surface runs it. ``raw`` is the
    whole event as received, unknown fields included.

    Example::

        if isinstance(event, RealtimeCallIncomingEvent):
            client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})
    """

    data: RealtimeCallIncomingData
    type: Literal["realtime.call.incoming"] = "realtime.call.incoming"


class ResponseCancelledEvent(_ObjectEvent):
    """``response.cancelled``: the background response ``data.id`` was cancelled."""

    type: Literal["response.cancelled"] = "response.cancelled"


class ResponseCompletedEvent(_ObjectEvent):
    """``response.completed``: the background response ``data.id`` completed."""

    type: Literal["response.completed"] = "response.completed"


class ResponseFailedEvent(_ObjectEvent):
    """``response.failed``: the background response ``data.id`` failed."""

    type: Literal["response.failed"] = "response.failed"


class ResponseIncompleteEvent(_ObjectEvent):
    """``response.incomplete``: the background response ``data.id`` was interrupted."""

    type: Literal["response.incomplete"] = "response.incomplete"


class SafetyAlertCreatedEvent(_ObjectEvent):
    """``safety.alert.created``: the safety alert ``data.id`` is available for a project."""

    type: Literal["safety.alert.created"] = "safety.alert.created"


class SafetyDeactivationIssuedEvent(_ObjectEvent):
    """``safety.deactivation_issued``: a deactivation was issued; ``data.id`` is the safety case."""

    type: Literal["safety.deactivation_issued"] = "safety.deactivation_issued"


class SafetyIdentifierBlockedEvent(_TypedEvent):
    """``safety_identifier.blocked``: a request of ``data.safety_identifier`` was blocked.

    The official SDK has a class for it but leaves it out of its
    ``UnwrapWebhookEvent`` union (its ``unwrap`` cannot return it); here it is
    typed like every other event.

    Example::

        if isinstance(event, webhooks.SafetyIdentifierBlockedEvent):
            print(event.data.safety_identifier, event.data.safety_category)
    """

    data: SafetyIdentifierBlockedData
    type: Literal["safety_identifier.blocked"] = "safety_identifier.blocked"


class SafetyOrgAlertCreatedEvent(_ObjectEvent):
    """``safety.org_alert.created``: the safety alert ``data.id`` is available for an enterprise workspace."""

    type: Literal["safety.org_alert.created"] = "safety.org_alert.created"


class SafetyWarningIssuedEvent(_ObjectEvent):
    """``safety.warning_issued``: a warning was issued; ``data.id`` is the safety case."""

    type: Literal["safety.warning_issued"] = "safety.warning_issued"


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


WebhookEvent = Union[
    AgentEnvironmentExpiredEvent,
    AgentEnvironmentFailedEvent,
    AgentEnvironmentReadyEvent,
    AgentEnvironmentSuspendedEvent,
    AgentSessionActionRequiredEvent,
    AgentSessionCreatedEvent,
    AgentSessionFailedEvent,
    AgentSessionIdleEvent,
    AgentSessionInProgressEvent,
    BatchCancelledEvent,
    BatchCompletedEvent,
    BatchExpiredEvent,
    BatchFailedEvent,
    EvalRunCanceledEvent,
    EvalRunFailedEvent,
    EvalRunSucceededEvent,
    FineTuningJobCancelledEvent,
    FineTuningJobFailedEvent,
    FineTuningJobSucceededEvent,
    LiveCallIncomingEvent,
    LiveTransportConnectedEvent,
    LiveTransportIncomingEvent,
    RealtimeCallIncomingEvent,
    ResponseCancelledEvent,
    ResponseCompletedEvent,
    ResponseFailedEvent,
    ResponseIncompleteEvent,
    SafetyAlertCreatedEvent,
    SafetyDeactivationIssuedEvent,
    SafetyIdentifierBlockedEvent,
    SafetyOrgAlertCreatedEvent,
    SafetyWarningIssuedEvent,
    UnknownWebhookEvent,
]

#: Every typed event class by its ``type``; anything else is an :class:`UnknownWebhookEvent`.
EVENT_TYPES: Mapping[str, type] = {cls.type: cls for cls in get_args(WebhookEvent) if cls is not UnknownWebhookEvent}

_OBJECT_ID_EXAMPLE = """

    Example::

        if isinstance(event, webhooks.%s):
            print(event.data.id)
"""

for _cls in EVENT_TYPES.values():
    # The events that only carry ``data.id`` all read the same way: give each
    # the same example rather than repeating it 22 times above.
    if _cls.__doc__ and "Example::" not in _cls.__doc__:
        _cls.__doc__ += _OBJECT_ID_EXAMPLE % _cls.__name__
del _cls


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
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
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
    event_id = _expect_str(raw, "id", "id")
    created_at = raw.get("created_at")
    if isinstance(created_at, float) and created_at.is_integer():
        created_at = int(created_at)
    if not isinstance(created_at, int) or isinstance(created_at, bool):
        raise InvalidWebhookPayloadError("created_at: expected Unix seconds (integer), got %s" % _json_type(created_at))
    obj = raw.get("object")
    if obj is not None and not isinstance(obj, str):
        raise InvalidWebhookPayloadError("object: expected a string, got %s" % _json_type(obj))
    data = _read_data(_data_class(cls), raw.get("data"), "data")
    event: WebhookEvent = cls(id=event_id, created_at=created_at, data=data, object=obj, raw=raw)
    return event


# A data class's fields as (name, what it holds, required): what holds is
# ``str``, ``SipHeader`` (an array of them) or a nested data class.
_FieldSpec = Tuple[str, Any, bool]
_SPECS: Dict[type, List[_FieldSpec]] = {}


_DATA_CLASSES: Dict[type, type] = {}


def _data_class(event_class: type) -> type:
    # The nearest ``data`` annotation (the event classes narrow it without
    # being dataclasses themselves).
    found = _DATA_CLASSES.get(event_class)
    if found is None:
        found = get_type_hints(event_class)["data"]
        _DATA_CLASSES[event_class] = found
    return found


def _specs(cls: type) -> List[_FieldSpec]:
    specs = _SPECS.get(cls)
    if specs is None:
        specs = []
        for f in fields(cls):
            if f.name == "raw":
                continue
            holds = [arg for arg in get_args(f.type) if arg is not type(None)] or [f.type]
            required = f.default is MISSING and f.default_factory is MISSING
            specs.append((f.name, holds[0], required))
        _SPECS[cls] = specs  # computed once per class; a racing duplicate is identical
    return specs


def _read_data(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, Mapping):
        raise InvalidWebhookPayloadError("%s: expected an object, got %s" % (path, _json_type(value)))
    raw = dict(value)
    kwargs: Dict[str, Any] = {"raw": raw}
    for name, holds, required in _specs(cls):
        item = raw.get(name)
        where = path + "." + name
        if item is None:
            if required:  # only ids are required, and ids are strings
                raise InvalidWebhookPayloadError("%s: expected a string, got null (or missing)" % where)
        elif holds is str:
            if not isinstance(item, str):
                raise InvalidWebhookPayloadError("%s: expected a string, got %s" % (where, _json_type(item)))
            kwargs[name] = item
        elif holds is SipHeader:
            kwargs[name] = _sip_headers(item, where)
        else:
            kwargs[name] = _read_data(holds, item, where)
    return cls(**kwargs)


def _sip_headers(value: Any, path: str) -> Tuple[SipHeader, ...]:
    if not isinstance(value, list):
        raise InvalidWebhookPayloadError("%s: expected an array, got %s" % (path, _json_type(value)))
    headers = []
    for index, item in enumerate(value):
        where = "%s[%d]" % (path, index)
        if not isinstance(item, Mapping):
            raise InvalidWebhookPayloadError("%s: expected an object, got %s" % (where, _json_type(item)))
        headers.append(
            SipHeader(_expect_str(item, "name", where + ".name"), _expect_str(item, "value", where + ".value"))
        )
    return tuple(headers)


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
