"""Each webhook delivery handled at most once, none silently dropped: the rules, without a web framework.

The Django and Flask integrations (``realtime_sync.contrib.django``,
``realtime_sync.contrib.flask``) are thin adapters around :func:`receive`:
it verifies a delivery on its raw body, claims its ``webhook-id`` in a
:class:`DeliveryStore`, runs the handler and records the outcome, and says
which HTTP status to answer. Use it directly to serve webhooks from another
framework. Standard library only.

Each ``webhook-id`` has a state in the store, and the answer follows it:

=====================  =================================================  ============
state                  answer                                              handler runs
=====================  =================================================  ============
none (or released)     claim it, run the handler, record *done*: 200       yes
*in progress*          409 (OpenAI delivers again later)                   no
*done*                 200                                                 no
*unknown*              200 (an earlier run may have acted: never again)    no
the store failed       503 (OpenAI delivers again later)                   no
=====================  =================================================  ============

Example::

    from realtime_sync import webhook_delivery

    answer = webhook_delivery.receive(body, headers, lambda event: lambda: handle(event),
                                      secret=secret, store=webhook_delivery.MemoryDeliveryStore())
    return answer.status, answer.body()
"""

import logging
import math
import os
import re
import threading
import time
from typing import Any, Callable, Dict, Literal, Mapping, Optional, Protocol, Set, Tuple

from ._redaction import library_logger
from .errors import (
    APIConnectionError,
    APIStatusError,
    ConfigurationError,
    InvalidWebhookSignatureError,
    RealtimeSyncError,
)
from .webhooks import (
    DEFAULT_TOLERANCE,
    SECRET_ENV_VAR,
    HeadersLike,
    InvalidWebhookPayloadError,
    Secret,
    WebhookEvent,
    header_value,
    unwrap,
)

__all__ = [
    "CLAIMED",
    "DEFAULT_CLAIM_LEASE",
    "DEFAULT_DEDUPE_TIMEOUT",
    "DONE",
    "DeliveryAnswer",
    "DeliveryState",
    "DeliveryStore",
    "DeliveryStoreError",
    "IN_PROGRESS",
    "MemoryDeliveryStore",
    "UNKNOWN",
    "final_value",
    "lease_seconds",
    "receive",
    "require_secret",
    "stored_state",
    "unknown_outcome",
]

#: What :meth:`DeliveryStore.claim` answers: this caller now holds the claim, or the state already recorded.
DeliveryState = Literal["claimed", "in_progress", "done", "unknown"]
CLAIMED: DeliveryState = "claimed"
IN_PROGRESS: DeliveryState = "in_progress"
DONE: DeliveryState = "done"
UNKNOWN: DeliveryState = "unknown"

#: Seconds a claim stays *in progress* unless configured: a killed worker's claim expires then.
DEFAULT_CLAIM_LEASE = 60
#: Seconds a *done* or *unknown* webhook-id is remembered: OpenAI's retry window (3 days).
DEFAULT_DEDUPE_TIMEOUT = 3 * 24 * 3600

_log = library_logger("realtime_sync.webhook_delivery")


class DeliveryStoreError(RealtimeSyncError):
    """The delivery store could not say for certain whether a webhook-id was claimed.

    The endpoint answers the delivery 503 (OpenAI delivers it again later)
    instead of guessing: guessing "already handled" would lose the call.

    Example::

        raise DeliveryStoreError("redis did not answer")
    """


class DeliveryStore(Protocol):
    """Remembers each webhook-id's state, so a delivery is handled at most once across workers and redeliveries.

    States: *in progress* (held by one request for a short lease), *done*,
    *unknown* (the handler's outcome could not be known: never run again),
    or nothing (never claimed, or released: may run). The store must say so
    for certain: when it cannot (an outage, an error it swallowed), ``claim``
    raises instead of answering.

    Implementations: ``realtime_sync.contrib.django.CacheDeliveryStore`` (a
    Django cache), ``realtime_sync.contrib.redis.RedisDeliveryStore`` (the
    ``redis`` package), :class:`MemoryDeliveryStore` (one process only).

    Example::

        class MyStore:
            def claim(self, webhook_id, token, lease): ...     # "claimed", "in_progress", "done" or "unknown"
            def finish(self, webhook_id, token, state): ...    # record "done" or "unknown"
            def release(self, webhook_id, token): ...          # forget the claim held under token
    """

    def claim(self, webhook_id: str, token: str, lease: float) -> DeliveryState:  # pragma: no cover
        """Atomically record ``webhook_id`` as in progress under ``token`` for ``lease`` seconds, if unrecorded.

        Returns ``"claimed"`` when this call recorded it, else the state
        already recorded (``"in_progress"``, ``"done"`` or ``"unknown"``).
        Raises when the store cannot tell.
        """
        ...

    def finish(self, webhook_id: str, token: str, state: DeliveryState) -> None:  # pragma: no cover
        """Record the final state, ``"done"`` or ``"unknown"``, for the whole dedupe lifetime."""
        ...

    def release(self, webhook_id: str, token: str) -> None:  # pragma: no cover
        """Forget the claim held under ``token`` (the handler failed): a redelivery may run again."""
        ...


class MemoryDeliveryStore:
    """A :class:`DeliveryStore` in this process's memory: for tests and a single-process development server.

    Thread-safe, but **not shared between processes**: under a server with
    several worker processes each worker has its own, and a duplicate
    delivery reaching another worker runs the handler again. Use a shared
    store in production (Redis, Memcached, a database).

    Example::

        store = MemoryDeliveryStore()
        store.claim("wh_1", "tok", 60)   # "claimed"
    """

    def __init__(self, *, timeout: float = DEFAULT_DEDUPE_TIMEOUT, clock: Callable[[], float] = time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self._lock = threading.Lock()
        self._states: Dict[str, Tuple[str, float]] = {}  # webhook-id -> (value, expires at)

    def _current(self, webhook_id: str) -> Optional[str]:
        found = self._states.get(webhook_id)
        if found is None:
            return None
        if found[1] <= self.clock():
            del self._states[webhook_id]
            return None
        return found[0]

    def claim(self, webhook_id: str, token: str, lease: float) -> DeliveryState:
        """Claim ``webhook_id`` for ``lease`` seconds, or say its recorded state."""
        with self._lock:
            current = self._current(webhook_id)
            if current is None:
                self._states[webhook_id] = ("p:" + token, self.clock() + lease)
                return CLAIMED
            return stored_state(current)

    def finish(self, webhook_id: str, token: str, state: DeliveryState) -> None:
        """Record ``"done"`` or ``"unknown"`` for ``timeout`` seconds."""
        value = final_value(state)
        with self._lock:
            self._states[webhook_id] = (value, self.clock() + self.timeout)

    def release(self, webhook_id: str, token: str) -> None:
        """Forget the claim if ``token`` still holds it."""
        with self._lock:
            if self._current(webhook_id) == "p:" + token:
                del self._states[webhook_id]


def stored_state(value: str) -> DeliveryState:
    """The state a store's value stands for: ``"p:<token>"`` in progress, ``"d"`` done, ``"u"`` unknown.

    The encoding every store of this library keeps per webhook-id (a custom
    store may use it too). Anything else raises :class:`DeliveryStoreError`.

    Example::

        stored_state("d")   # "done"
    """
    if value.startswith("p:"):
        return IN_PROGRESS
    if value == "d":
        return DONE
    if value == "u":
        return UNKNOWN
    raise DeliveryStoreError("the delivery store holds a value this library did not write (%s)" % _short(value))


def final_value(state: DeliveryState) -> str:
    """The stored value of a final state: ``"d"`` for ``"done"``, ``"u"`` for ``"unknown"``.

    Example::

        final_value("unknown")   # "u"
    """
    if state == DONE:
        return "d"
    if state == UNKNOWN:
        return "u"
    raise ValueError("state: expected 'done' or 'unknown', got %r" % (state,))


def lease_seconds(lease: float) -> int:
    """A lease in whole seconds, rounded up (memcached and Redis ``EX`` count whole seconds).

    Example::

        lease_seconds(0.2)   # 1
    """
    return max(1, math.ceil(lease))


class DeliveryAnswer:
    """What to answer a delivery: ``status`` and, for an error, a short ``message`` for ``{"error": message}``.

    ``event`` is the verified event (``None`` when verification failed) and
    ``webhook_id`` its id; ``handled`` is ``True`` when the handler ran to its
    end in this request.

    Example::

        answer = receive(body, headers, handlers)
        return JsonResponse(answer.body(), status=answer.status) if answer.message else HttpResponse(status=200)
    """

    __slots__ = ("event", "handled", "message", "status", "webhook_id")

    def __init__(
        self,
        status: int,
        message: Optional[str] = None,
        *,
        event: Optional[WebhookEvent] = None,
        webhook_id: Optional[str] = None,
        handled: bool = False,
    ) -> None:
        self.status = status
        self.message = message
        self.event = event
        self.webhook_id = webhook_id
        self.handled = handled

    def body(self) -> Optional[Dict[str, str]]:
        """``{"error": message}`` for an error answer, else ``None`` (answer an empty body)."""
        return None if self.message is None else {"error": self.message}

    def __repr__(self) -> str:
        return "DeliveryAnswer(status=%d, message=%r, webhook_id=%r)" % (self.status, self.message, self.webhook_id)


#: ``handler_for(event)`` -> a zero-argument callable that handles it, or ``None`` to acknowledge and ignore it.
HandlerFor = Callable[[WebhookEvent], Optional[Callable[[], Any]]]


def require_secret(secret: Optional[Secret], where: str) -> Secret:
    """``secret``, else ``$OPENAI_WEBHOOK_SECRET``; a :class:`ConfigurationError` naming ``where`` when neither is set.

    ``where`` says how the integration is configured, e.g.
    ``'REALTIME_SYNC["WEBHOOK_SECRET"]'``.

    Example::

        require_secret(app.config.get("OPENAI_WEBHOOK_SECRET"), "app.config['OPENAI_WEBHOOK_SECRET']")
    """
    if secret is None or secret == "" or secret == b"":
        secret = os.environ.get(SECRET_ENV_VAR) or None
    if secret is None:
        raise ConfigurationError(
            "no webhook secret: set %s or the %s environment variable (the signing secret OpenAI shows when the"
            " webhook endpoint is created, whsec_...)" % (where, SECRET_ENV_VAR)
        )
    return secret


def receive(
    body: bytes,
    headers: HeadersLike,
    handler_for: HandlerFor,
    *,
    secret: Secret,
    store: Optional[DeliveryStore],
    tolerance: float = DEFAULT_TOLERANCE,
    lease: float = DEFAULT_CLAIM_LEASE,
    now: Optional[float] = None,
    logger: Optional[logging.Logger] = None,
) -> DeliveryAnswer:
    """Verify a delivery, claim its webhook-id, run its handler, record the outcome; say what to answer.

    ``body`` is the raw request body (never re-serialised JSON). ``store``
    ``None`` turns de-duplication off. An exception from the handler
    propagates after the claim is released (a redelivery runs it again) or,
    when it says a request may have reached OpenAI and acted (see
    :func:`unknown_outcome`), recorded as *unknown* with an ERROR naming the
    call id (a redelivery is answered 200 without running the handler).

    Answers: 200 (handled, already done, unknown, or no handler for the
    type); 400 for a bad signature or payload; 409 while another request
    holds the claim; 503 when the store fails.

    Example::

        answer = receive(request.body, request.headers, lambda event: lambda: on_event(event),
                         secret="whsec_...", store=MemoryDeliveryStore())
    """
    log = logger or _log
    webhook_id = header_value(headers, "webhook-id")
    try:
        event = unwrap(body, headers, secret, tolerance=tolerance, now=time.time() if now is None else now)
    except InvalidWebhookSignatureError as exc:
        # Unauthenticated input: the id is shown shortened and quoted.
        log.warning("Rejected webhook %s: %s", _loggable(webhook_id), exc)
        return DeliveryAnswer(400, "invalid webhook signature", webhook_id=webhook_id)
    except InvalidWebhookPayloadError as exc:
        log.error("Rejected signed webhook %s with an unexpected payload: %s", webhook_id, exc)
        return DeliveryAnswer(400, "invalid webhook payload", webhook_id=webhook_id)
    assert webhook_id is not None  # unwrap() refuses a delivery without one

    run = handler_for(event)
    if run is None:
        log.info("Ignored webhook %s: no handler for %s", webhook_id, event.type)
        return DeliveryAnswer(200, event=event, webhook_id=webhook_id)
    if store is None:
        run()
        return DeliveryAnswer(200, event=event, webhook_id=webhook_id, handled=True)

    token = os.urandom(16).hex()
    try:
        state = store.claim(webhook_id, token, lease)
    except Exception as exc:
        # Not "already handled": that guess would lose the call. OpenAI delivers a 5xx again.
        log.error(
            "Webhook %s (%s) not handled: the delivery store failed (%s: %s); answered 503 so OpenAI delivers it again",
            webhook_id,
            event.type,
            type(exc).__name__,
            exc,
        )
        return DeliveryAnswer(503, _STORE_DOWN, event=event, webhook_id=webhook_id)
    if state == DONE:
        log.info("Skipped webhook %s (%s): already handled", webhook_id, event.type)
        return DeliveryAnswer(200, event=event, webhook_id=webhook_id)
    if state == UNKNOWN:
        log.warning(
            "Skipped webhook %s (%s): an earlier attempt's outcome is unknown (logged then); not handled again",
            webhook_id,
            event.type,
        )
        return DeliveryAnswer(200, event=event, webhook_id=webhook_id)
    if state == IN_PROGRESS:
        # Not 200: if the request holding the claim fails, this delivery must come again.
        log.info("Webhook %s (%s) is being handled by another request; answered 409", webhook_id, event.type)
        return DeliveryAnswer(
            409, "this delivery is being handled; deliver again later", event=event, webhook_id=webhook_id
        )
    if state != CLAIMED:
        log.error("Webhook %s (%s) not handled: the delivery store answered %r", webhook_id, event.type, state)
        return DeliveryAnswer(503, _STORE_DOWN, event=event, webhook_id=webhook_id)

    try:
        run()
    except Exception as exc:
        unknown = unknown_outcome(exc)
        if unknown is not None:
            _record_unknown(store, webhook_id, token, event, unknown, log)
        else:
            try:
                store.release(webhook_id, token)
            except Exception as store_exc:
                log.error(
                    "Webhook %s: could not release the claim after the handler failed (%s: %s); OpenAI's"
                    " redelivery runs it again once the %s s lease is over",
                    webhook_id,
                    type(store_exc).__name__,
                    store_exc,
                    lease,
                )
        raise
    except BaseException:
        # The worker is being stopped (SystemExit, KeyboardInterrupt, a greenlet timeout): the
        # claim stays in progress until its lease is over, as when a worker is killed outright.
        log.warning("Webhook %s (%s): handler interrupted; the claim expires with its lease", webhook_id, event.type)
        raise
    try:
        store.finish(webhook_id, token, DONE)
    except Exception as exc:
        # The handler did its work: answering 5xx would only make OpenAI deliver it again.
        log.error(
            "Webhook %s (%s) handled, but the delivery store did not record it (%s: %s); a duplicate"
            " delivery after the %s s lease would run the handler again",
            webhook_id,
            event.type,
            type(exc).__name__,
            exc,
            lease,
        )
    return DeliveryAnswer(200, event=event, webhook_id=webhook_id, handled=True)


def _record_unknown(
    store: DeliveryStore,
    webhook_id: str,
    token: str,
    event: WebhookEvent,
    exc: BaseException,
    log: logging.Logger,
) -> None:
    call_id = _call_id_of(exc, event)
    try:
        store.finish(webhook_id, token, UNKNOWN)
        recorded = "redeliveries are answered 200 without running the handler again"
    except Exception as store_exc:
        recorded = (
            "the delivery store could not record it (%s: %s), so a redelivery after the lease may run the"
            " handler again" % (type(store_exc).__name__, store_exc)
        )
    log.error(
        "Webhook %s (%s): the outcome for call %s is unknown: a request may have reached OpenAI and acted"
        " (%s: %s). Not repeated, so the call is never accepted twice; %s. Check the call (a sideband"
        " connection, or hang it up).",
        webhook_id,
        event.type,
        call_id or "(no call id)",
        type(exc).__name__,
        exc,
        recorded,
    )


def unknown_outcome(exc: BaseException) -> Optional[BaseException]:
    """The error in ``exc``'s chain saying a request may have reached the server and acted, if any.

    An :class:`~realtime_sync.errors.APIConnectionError` with
    ``request_sent=True`` (a read timeout, a reset after sending), a gateway's
    502/504, or any 5xx without OpenAI's ``x-request-id`` (a proxy's, which
    may have forwarded the request); looked for in ``__cause__`` and
    ``__context__`` too.

    Example::

        if unknown_outcome(exc) is not None:
            ...   # do not repeat the accept
    """
    seen: Set[int] = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen and len(seen) < 32:
        seen.add(id(current))
        if isinstance(current, APIConnectionError) and current.request_sent:
            return current
        if isinstance(current, APIStatusError) and (
            current.status_code in _GATEWAY_STATUSES or (current.status_code >= 500 and not current.request_id)
        ):
            # A gateway answers 502/504 exactly when the upstream may have acted; a 5xx without
            # OpenAI's x-request-id came from a proxy, which may have forwarded the request.
            return current
        current = current.__cause__ or current.__context__
    return None


_STORE_DOWN = "delivery store unavailable; deliver again later"
# 502 Bad Gateway and 504 Gateway Timeout: the proxy forwarded the request and lost the answer.
_GATEWAY_STATUSES = frozenset([502, 504])
_CALL_PATH = re.compile(r"/(?:realtime/calls|live/sessions)/([^/?#]+)/[a-z_]+$")


def _call_id_of(exc: BaseException, event: WebhookEvent) -> Optional[str]:
    from urllib.parse import unquote

    request = getattr(exc, "request", None)
    match = _CALL_PATH.search(getattr(request, "url", "") or "")
    if match:
        return unquote(match.group(1))
    data = getattr(event, "data", None)
    found = getattr(data, "call_id", None) or getattr(data, "session_id", None)
    if found is None and isinstance(data, Mapping):
        found = data.get("call_id") or data.get("session_id")
    return found if isinstance(found, str) else None


def _loggable(webhook_id: Optional[str]) -> str:
    if webhook_id is None:
        return "(no webhook-id)"
    return repr(webhook_id if len(webhook_id) <= 64 else webhook_id[:61] + "...")


def _short(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, (str, bytes)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
