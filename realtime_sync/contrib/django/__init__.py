"""Django views for the Realtime and Live APIs: SIP webhooks, browser client secrets, WebRTC SDP proxies.

Install with ``pip install realtime_sync[django]`` (Django 3.2 or newer). The
core package never imports this module or Django.

Three views, wired in ``urls.py``::

    from realtime_sync.contrib.django import ClientSecretView, SdpProxyView, webhook_view

    @webhook_view
    def openai_webhook(event, request):
        if isinstance(event, RealtimeCallIncomingEvent):
            get_client().calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})

    urlpatterns = [
        path("openai/webhook/", openai_webhook),                  # OpenAI posts here (CSRF-exempt)
        path("realtime/client-secret/", ClientSecretView()),      # browser: {value, expires_at}
        path("realtime/calls/", SdpProxyView(on_call=remember)),  # browser: SDP offer in, SDP answer out
    ]

Settings (all optional), read when first needed; each falls back to the
environment variable of the same meaning::

    REALTIME_SYNC = {
        "API_KEY": "sk-...",                # else settings.OPENAI_API_KEY, else $OPENAI_API_KEY
        "WEBHOOK_SECRET": "whsec_...",      # else settings.OPENAI_WEBHOOK_SECRET, else $OPENAI_WEBHOOK_SECRET
        "BASE_URL": None,                   # else settings.OPENAI_BASE_URL, else $OPENAI_BASE_URL
        "ORGANIZATION": None, "PROJECT": None,
        "TIMEOUT": (5, 60),                 # (connect, read) seconds, the client's default; a number sets both
        "MAX_RETRIES": 2,
        "TRANSPORT": None,                  # a Transport, a factory, or a dotted path to either
        "SESSION": {"type": "realtime", "model": "gpt-realtime"},   # default session of both browser views
        "WEBHOOK_TOLERANCE": 300,           # seconds
        "WEBHOOK_DEDUPE_CACHE": "default",  # cache alias remembering webhook-ids
        "WEBHOOK_DEDUPE_TIMEOUT": 259200,   # seconds a handled webhook-id is remembered (3 days)
        "WEBHOOK_CLAIM_LEASE": 60,          # seconds a delivery stays "in progress" (a killed worker's claim expires)
        "SDP_PROXY_DEADLINE": 10,           # seconds SdpProxyView and LiveOfferView wait for OpenAI in total, then 504
        "LIVE_SESSION": {"model": "gpt-live-1"},   # default session of LiveOfferView
        "LIVE_DATA_CHANNEL": {...},         # what the browser may send/see (default: DEFAULT_LIVE_DATA_CHANNEL)
        "LIVE_OFFER_CACHE": "default",      # cache alias of answered offers (a retried POST gets the same answer)
    }

For the Live API, ``LiveOfferView`` is the browser path (Live has no ephemeral
keys), and ``answer_incoming_call`` answers a SIP call that arrives as both
``realtime.call.incoming`` and ``live.transport.incoming`` on one surface.
"""

import copy
import difflib
import hashlib
import os
import threading
import time
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Literal,
    Mapping,
    Optional,
    Union,
    cast,
    overload,
)

import attrs
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception, setting_changed
from django.http import Http404, HttpResponse, JsonResponse
from django.views import View

from ..._redaction import library_logger
from ...errors import APIError, APIStatusError, APITimeoutError, ConfigurationError, NotFoundError
from ...webhook_delivery import (
    CLAIMED,
    DEFAULT_CLAIM_LEASE,
    DEFAULT_DEDUPE_TIMEOUT,
    DONE,
    IN_PROGRESS,
    UNKNOWN,
    DeliveryState,
    DeliveryStore,
    DeliveryStoreError,
    final_value,
    lease_seconds,
    receive,
    require_secret,
    stored_state,
    unknown_outcome,
)
from ...webhooks import (
    DEFAULT_TOLERANCE,
    LiveCallIncomingEvent,
    LiveTransportIncomingEvent,
    RealtimeCallIncomingEvent,
    WebhookEvent,
)
from .._offers import create_within, read_offer

if TYPE_CHECKING:  # pragma: no cover
    from django.http import HttpRequest

    from ..._client import RealtimeClient
    from ...live.models import LiveSessionCreateResponse
    from ...models import RealtimeCallCreateResponse
    from ...supervisor import CallQueue
    from ...transport import Transport

__all__ = [
    "CLAIMED",
    "CacheDeliveryStore",
    "ClientSecretView",
    "DEFAULT_LIVE_DATA_CHANNEL",
    "DEFAULT_LIVE_SESSION",
    "DEFAULT_SESSION",
    "DONE",
    "DeliveryState",
    "DeliveryStore",
    "DeliveryStoreError",
    "IN_PROGRESS",
    "LiveOfferView",
    "UNKNOWN",
    "SdpProxyView",
    "WebhookView",
    "answer_incoming_call",
    "call_queue",
    "csrf_failure",
    "get_client",
    "realtime_setting",
    "reset_client",
    "webhook_view",
]

logger = library_logger("realtime_sync.django")

#: The session both browser views use when neither the view nor ``REALTIME_SYNC["SESSION"]`` sets one.
DEFAULT_SESSION: Dict[str, Any] = {"type": "realtime", "model": "gpt-realtime"}

#: The session of :class:`LiveOfferView` when neither the view nor ``REALTIME_SYNC["LIVE_SESSION"]`` sets one.
DEFAULT_LIVE_SESSION: Dict[str, Any] = {"model": "gpt-live-1"}

#: What a browser may do on a Live session's data channel unless configured (``REALTIME_SYNC["LIVE_DATA_CHANNEL"]``):
#: send no client events at all (it cannot change the instructions, tools or delegation), and see the
#: session's start and end, its transcripts and errors, not the backend's delegation traffic. The page
#: is not trusted to drive the session; widen this deliberately (``"all"`` allows everything).
DEFAULT_LIVE_DATA_CHANNEL: Dict[str, Any] = {
    "allowed_client_events": [],
    "allowed_server_events": [
        {"type": "session.started"},
        {"type": "session.input_transcript.delta"},
        {"type": "session.output_transcript.delta"},
        {"type": "session.closed"},
        {"type": "error"},
    ],
}

_DEFAULTS: Dict[str, Any] = {
    "API_KEY": None,
    "WEBHOOK_SECRET": None,
    "BASE_URL": None,
    "ORGANIZATION": None,
    "PROJECT": None,
    "TIMEOUT": None,
    "MAX_RETRIES": None,
    "TRANSPORT": None,
    "SESSION": None,
    "WEBHOOK_TOLERANCE": DEFAULT_TOLERANCE,
    "WEBHOOK_DEDUPE_CACHE": "default",
    "WEBHOOK_DEDUPE_TIMEOUT": DEFAULT_DEDUPE_TIMEOUT,
    "WEBHOOK_CLAIM_LEASE": DEFAULT_CLAIM_LEASE,
    "SDP_PROXY_DEADLINE": 10,
    "LIVE_SESSION": None,
    "LIVE_DATA_CHANNEL": None,
    "LIVE_OFFER_CACHE": "default",
    # The hand-off to ``manage.py realtime_worker``: a redis:// URL, or a dotted path to a CallQueue or a factory.
    "CALL_QUEUE": None,
    # The worker's call handler: a dotted path to ``handler(conn)`` (``--handler`` overrides it).
    "CALL_HANDLER": None,
}

# Keys that may also be plain top-level Django settings (the names the official SDK reads from the environment).
_TOP_LEVEL = {
    "API_KEY": "OPENAI_API_KEY",
    "WEBHOOK_SECRET": "OPENAI_WEBHOOK_SECRET",
    "BASE_URL": "OPENAI_BASE_URL",
    "ORGANIZATION": "OPENAI_ORG_ID",
    "PROJECT": "OPENAI_PROJECT_ID",
}

SessionConfig = Union[Mapping[str, Any], Any]
SessionFactory = Callable[["HttpRequest"], SessionConfig]


# --------------------------------------------------------------------------- settings and the shared client


def realtime_setting(name: str) -> Any:
    """One setting: ``REALTIME_SYNC[name]``, else the ``OPENAI_*`` Django setting, else the default.

    Environment variables are the last fallback, applied by the client and
    by :mod:`realtime_sync.webhooks` themselves. Unknown keys in
    ``REALTIME_SYNC`` raise :class:`~realtime_sync.errors.ConfigurationError`.

    Example::

        realtime_setting("WEBHOOK_TOLERANCE")   # 300 unless configured
    """
    if name not in _DEFAULTS:
        raise ConfigurationError("REALTIME_SYNC: unknown setting %r" % (name,))
    configured = getattr(django_settings, "REALTIME_SYNC", None) or {}
    if not isinstance(configured, Mapping):
        raise ConfigurationError("REALTIME_SYNC: expected a dict, got %s" % type(configured).__name__)
    unknown = sorted((key for key in configured if key not in _DEFAULTS), key=repr)
    if unknown:
        raise ConfigurationError("REALTIME_SYNC: " + "; ".join(_unknown_key(key) for key in unknown))
    if configured.get(name) is not None:
        return configured[name]
    top_level = _TOP_LEVEL.get(name)
    if top_level is not None and getattr(django_settings, top_level, None) is not None:
        return getattr(django_settings, top_level)
    return _DEFAULTS[name]


def _unknown_key(key: Any) -> str:
    """``unknown key 'WEBHOOK_SECRT' (did you mean 'WEBHOOK_SECRET'?)``, or the list of known keys."""
    close = difflib.get_close_matches(key, list(_DEFAULTS), n=1) if isinstance(key, str) else []
    if close:
        return "unknown key %r (did you mean %r?)" % (key, close[0])
    return "unknown key %r; expected one of %s" % (key, ", ".join(sorted(_DEFAULTS)))


class _SharedClient:
    """One RealtimeClient per process, built on first use (thread-safe).

    The pid check matters under pre-forking servers: a client built in the
    master before ``fork()`` must not share its connection pool with workers.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._client: "Optional[RealtimeClient]" = None
        self._pid = 0

    def get(self) -> "RealtimeClient":
        client = self._client
        if client is not None and self._pid == os.getpid():
            return client
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                self._client = _build_client()
                self._pid = os.getpid()
            return self._client

    def reset(self) -> None:
        with self._lock:
            client, self._client = self._client, None
            same_process = self._pid == os.getpid()
        if client is not None and same_process:
            client.close()


_shared = _SharedClient()


def get_client() -> "RealtimeClient":
    """The process-wide :class:`~realtime_sync.RealtimeClient`, configured from settings.

    Safe to call from any thread; the client is built once per process and
    rebuilt when a test changes the settings.

    Example::

        get_client().calls.reject(call_id, status_code=486)
    """
    return _shared.get()


def reset_client() -> None:
    """Close and forget the shared client; the next :func:`get_client` builds a new one."""
    _shared.reset()


def _build_client() -> "RealtimeClient":
    from ..._client import RealtimeClient

    options: Dict[str, Any] = {}
    for key, option in (
        ("BASE_URL", "base_url"),
        ("ORGANIZATION", "organization"),
        ("PROJECT", "project"),
        ("TIMEOUT", "timeout"),
        ("MAX_RETRIES", "max_retries"),
    ):
        value = realtime_setting(key)
        if value is not None:
            options[option] = value
    transport = _resolve_transport(realtime_setting("TRANSPORT"))
    if transport is not None:
        options["transport"] = transport
    return RealtimeClient(realtime_setting("API_KEY"), **options)


def _resolve_transport(value: Any) -> "Optional[Transport]":
    if value is None:
        return None
    if isinstance(value, str):
        from django.utils.module_loading import import_string

        try:
            value = import_string(value)
        except ImportError as exc:
            raise ConfigurationError("REALTIME_SYNC['TRANSPORT']: cannot import %r (%s)" % (value, exc)) from None
    if isinstance(value, type) or (not hasattr(value, "send") and callable(value)):
        value = value()  # a transport class or factory
    if not (hasattr(value, "send") and hasattr(value, "close")):
        raise ConfigurationError(
            "REALTIME_SYNC['TRANSPORT']: expected a transport (an object with send and close), a factory of one,"
            " or a dotted path to either; got %s" % type(value).__name__
        )
    transport: "Transport" = value
    return transport


def _on_setting_changed(setting: str = "", **kwargs: Any) -> None:
    if setting == "REALTIME_SYNC" or setting in _TOP_LEVEL.values():
        reset_client()


setting_changed.connect(_on_setting_changed, dispatch_uid="realtime_sync.contrib.django.reset_client")


# --------------------------------------------------------------------------- class-based views


class _JsonView(View):  # type: ignore[misc]
    """What every view of this module shares: POST only, errors as JSON, both the class and the instance style.

    ``SomeView.as_view(**options)`` is Django's class-based style (a new
    instance per request; options must be class attributes, as Django
    requires); ``SomeView(**options)`` is the same view as one callable
    instance, copied per request. Both check their options when the URLconf
    is loaded, not at the first request.
    """

    http_method_names = ["post"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., "HttpResponse"]:
        view: Any = super().as_view(**initkwargs)  # Django's own check: options must be class attributes
        cls(**initkwargs)  # ours, now, when the URLconf is imported, not at the first request
        if getattr(cls, "csrf_exempt", False):
            view.csrf_exempt = True
        return cast(Callable[..., "HttpResponse"], view)

    def __call__(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        # A shallow copy per request, like as_view()'s fresh instance: setup() stores the
        # request on the view, which a shared instance must not do across threads.
        view = copy.copy(self)
        view.setup(request, *args, **kwargs)
        response: "HttpResponse" = view.dispatch(request, *args, **kwargs)
        return response

    def dispatch(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        try:
            response: "HttpResponse" = super().dispatch(request, *args, **kwargs)
        except RequestDataTooBig:
            # Django refuses to read a body above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
            logger.warning(
                "%s: refused a request body above DATA_UPLOAD_MAX_MEMORY_SIZE on %s", type(self).__name__, request.path
            )
            return _json_error("request body too large", 413)
        except (SuspiciousOperation, PermissionDenied, Http404):
            raise  # Django's own answers (400, 403, 404) and its security logging
        except Exception:
            # Reported the way Django reports a view's exception (got_request_exception: error
            # trackers see it, the test client re-raises it) and logged with its traceback, but
            # answered in the one JSON error shape of this module, never as an HTML page.
            logger.exception("%s: unhandled error on %s %s", type(self).__name__, request.method, request.path)
            got_request_exception.send(sender=type(self), request=request)
            return _json_error("internal server error", 500)
        return response

    def http_method_not_allowed(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        response = _json_error("method not allowed: use POST", 405)
        response["Allow"] = "POST"
        return response


def _set_options(view: Any, options: Mapping[str, Any]) -> None:
    # None keeps the class attribute: a subclass's defaults (or methods) stay in force.
    for name, value in options.items():
        if value is not None:
            setattr(view, name, value)


# --------------------------------------------------------------------------- webhooks

#: Where WebhookView and the system checks look for the webhook secret, named in their messages.
_SECRET_SETTING = 'REALTIME_SYNC["WEBHOOK_SECRET"] (or settings.OPENAI_WEBHOOK_SECRET)'


class CacheDeliveryStore:
    """A :class:`DeliveryStore` on a Django cache.

    ``claim`` is ``cache.add`` (atomic on every shared backend) followed by a
    read-back of the key: only a key that holds this request's own token
    counts as claimed. A cache that swallows errors
    (``PyMemcacheCache(OPTIONS={"ignore_exc": True})``, django-redis
    ``IGNORE_EXCEPTIONS``) answers ``add`` with ``False`` and ``get`` with
    ``None`` during an outage; that is reported as a
    :class:`DeliveryStoreError` (the view answers 503), never as "already
    handled". ``DummyCache`` stores nothing and therefore always fails.

    Use a cache shared by all workers (Redis, Memcached, database) in
    production: the default local-memory cache only deduplicates within one
    process (``manage.py check`` says so).

    :param alias: the cache alias; default ``REALTIME_SYNC["WEBHOOK_DEDUPE_CACHE"]``.
    :param timeout: seconds a done or unknown webhook-id is remembered;
        default ``REALTIME_SYNC["WEBHOOK_DEDUPE_TIMEOUT"]`` (3 days).

    Example::

        WebhookView(handler, store=CacheDeliveryStore("webhooks", timeout=86400))
    """

    def __init__(
        self, alias: Optional[str] = None, *, timeout: Optional[int] = None, prefix: str = "realtime_sync:wh:"
    ):
        self.alias = alias
        self.timeout = timeout
        self.prefix = prefix

    @property
    def cache_alias(self) -> str:
        """The cache alias in use: ``alias``, else ``REALTIME_SYNC["WEBHOOK_DEDUPE_CACHE"]``."""
        alias: str = self.alias or realtime_setting("WEBHOOK_DEDUPE_CACHE")
        return alias

    def _cache(self) -> Any:
        from django.core.cache import caches

        return caches[self.cache_alias]

    def _key(self, webhook_id: str) -> str:
        # Hashed: safe for memcached whatever characters and length the id has.
        return self.prefix + hashlib.sha256(webhook_id.encode("utf-8")).hexdigest()

    def claim(self, webhook_id: str, token: str, lease: float) -> DeliveryState:
        """Claim ``webhook_id`` for ``lease`` seconds (rounded up to whole seconds, as memcached counts).

        Example::

            store.claim("wh_123", "tok1", 60)   # "claimed"
            store.claim("wh_123", "tok2", 60)   # "in_progress"
        """
        cache = self._cache()
        key = self._key(webhook_id)
        mine = "p:" + token
        added = cache.add(key, mine, lease_seconds(lease))
        # add()'s answer is not trusted: an error-swallowing cache answers False in an outage.
        current = cache.get(key)
        if current == mine:
            return CLAIMED
        if isinstance(current, str):
            return stored_state(current)
        if added is True:
            # Our claim may be stored although it could not be read back: drop it (best effort),
            # or the redelivery would find it in progress until the lease is over.
            try:
                cache.delete(key)
            except Exception:  # the cache is failing already; the lease is the backstop
                pass
        raise DeliveryStoreError(
            "the cache %r did not keep the claim (add() answered %r, then the key read back as %s): it is"
            " unreachable, swallows its errors, or stores nothing (DummyCache)"
            % (self.cache_alias, added, _short_value(current))
        )

    def finish(self, webhook_id: str, token: str, state: DeliveryState) -> None:
        """Record ``"done"`` or ``"unknown"`` for the dedupe lifetime; raise if the cache did not keep it.

        Example::

            store.finish("wh_123", "tok1", "done")
        """
        value = final_value(state)
        cache = self._cache()
        key = self._key(webhook_id)
        timeout = self.timeout if self.timeout is not None else realtime_setting("WEBHOOK_DEDUPE_TIMEOUT")
        cache.set(key, value, timeout)
        if cache.get(key) != value:
            raise DeliveryStoreError("the cache did not keep the %s state of the delivery" % state)

    def release(self, webhook_id: str, token: str) -> None:
        """Forget the claim if ``token`` still holds it, so a redelivery is handled again.

        Best effort: when the cache is down, the claim's lease runs out instead.

        Example::

            store.release("wh_123", "tok1")
        """
        cache = self._cache()
        key = self._key(webhook_id)
        if cache.get(key) == "p:" + token:
            cache.delete(key)


WebhookHandler = Callable[[WebhookEvent, "HttpRequest"], Any]


class WebhookView(_JsonView):
    """The endpoint OpenAI posts webhooks to: verify, claim, dispatch, answer.

    For each POST it verifies the signature on the raw ``request.body``,
    parses the typed event and claims its ``webhook-id`` in the delivery
    store, then calls ``handler(event, request)`` (or :meth:`handle`) and
    answers an empty 200. ``handler`` may also be a dict of event type to
    handler; other types are acknowledged and ignored. The rules are
    :func:`realtime_sync.webhook_delivery.receive`'s; errors are JSON
    ``{"error": "..."}``.

    The answer follows the webhook-id's state (see ``docs/django.md``):

    * already **done**: 200, the handler is not run again;
    * **in progress** in another request (within its lease): 409, so OpenAI
      delivers it again later;
    * **unknown** (an earlier attempt's request may have reached OpenAI and
      acted): 200, the handler is not run again;
    * a bad signature or payload: 400; the store failed or cannot tell: 503,
      logged as an ERROR;
    * the handler raised: the claim is released (OpenAI's redelivery runs it
      again) and the error is reported as Django reports a view's exception
      (answered 500), unless the exception says the outcome is unknown (an
      ``APITimeoutError``, an ``APIConnectionError`` with
      ``request_sent=True``, a 502/504, a 5xx without OpenAI's
      ``x-request-id``): then the webhook-id is recorded as unknown and an
      ERROR names the call id.

    Three styles, one behaviour.

    Example::

        path("openai/webhook/", WebhookView({"realtime.call.incoming": on_incoming_call}))
        path("openai/webhook/", WebhookView.as_view(handler={"realtime.call.incoming": on_incoming_call}))

        class PhoneWebhook(WebhookView):
            lease = 30
            def handle(self, event, request):
                ...
        path("openai/webhook/", PhoneWebhook.as_view())

    The handler runs inside the request: keep it short (accepting a call is
    fine; hand slow work to a task queue) so OpenAI gets its 2xx quickly, and
    well inside the claim's lease. CSRF-exempt, since OpenAI cannot send a
    CSRF token.

    :param handler: ``handler(event, request)``, or a dict of event type to
        one; not needed when a subclass overrides :meth:`handle`.
    :param secret: the webhook secret; default ``REALTIME_SYNC["WEBHOOK_SECRET"]``,
        ``settings.OPENAI_WEBHOOK_SECRET``, ``$OPENAI_WEBHOOK_SECRET``.
    :param tolerance: seconds of clock skew allowed; default from settings (300).
    :param store: a :class:`DeliveryStore`; default a :class:`CacheDeliveryStore`.
    :param dedupe: ``False`` turns deduplication off.
    :param lease: seconds a claim stays in progress; default
        ``REALTIME_SYNC["WEBHOOK_CLAIM_LEASE"]`` (60).
    :param clock: returns Unix seconds; for tests.
    """

    csrf_exempt = True
    handler: Optional[Union[WebhookHandler, Mapping[str, WebhookHandler]]] = None
    secret: Optional[str] = None
    tolerance: Optional[float] = None
    store: Optional[DeliveryStore] = None
    dedupe: bool = True
    lease: Optional[float] = None
    clock: Callable[[], float] = staticmethod(time.time)

    def __init__(
        self,
        handler: Optional[Union[WebhookHandler, Mapping[str, WebhookHandler]]] = None,
        *,
        secret: Optional[str] = None,
        tolerance: Optional[float] = None,
        store: Optional[DeliveryStore] = None,
        dedupe: Optional[bool] = None,
        lease: Optional[float] = None,
        clock: Optional[Callable[[], float]] = None,
    ) -> None:
        super().__init__()
        _set_options(
            self,
            {"handler": handler, "secret": secret, "tolerance": tolerance, "store": store, "dedupe": dedupe},
        )
        _set_options(self, {"lease": lease, "clock": clock})
        overridden = type(self).handle is not WebhookView.handle
        if self.handler is None and not overridden:
            raise TypeError(
                "handler: expected a callable or a dict of event type to callable (or a subclass overriding"
                " handle()), got None"
            )
        if self.handler is not None and not (callable(self.handler) or isinstance(self.handler, Mapping)):
            raise TypeError(
                "handler: expected a callable or a dict of event type to callable, got %r" % (self.handler,)
            )
        _check_seconds("lease", self.lease)
        self.store = (self.store or CacheDeliveryStore()) if self.dedupe else None

    def post(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        configured = self.secret if self.secret is not None else realtime_setting("WEBHOOK_SECRET")
        secret = require_secret(configured, _SECRET_SETTING)
        tolerance = self.tolerance if self.tolerance is not None else realtime_setting("WEBHOOK_TOLERANCE")
        lease = self.lease
        if lease is None:
            lease = realtime_setting("WEBHOOK_CLAIM_LEASE")
            _check_seconds("REALTIME_SYNC['WEBHOOK_CLAIM_LEASE']", lease)

        def handler_for(event: WebhookEvent) -> Optional[Callable[[], Any]]:
            if type(self).handle is WebhookView.handle and self._handler_for(event.type) is None:
                return None
            return lambda: self.handle(event, request)

        answer = receive(
            request.body,  # raw bytes: never verify re-serialised JSON
            request.headers,
            handler_for,
            secret=secret,
            store=self.store,
            tolerance=tolerance,
            lease=lease,
            now=self.clock(),
            logger=logger,
        )
        if answer.message is not None:
            return _json_error(answer.message, answer.status)
        return HttpResponse(status=answer.status)

    def handle(self, event: WebhookEvent, request: "HttpRequest") -> Any:
        """Handle one verified, claimed event; override in a subclass. By default: the view's ``handler``.

        Example::

            class PhoneWebhook(WebhookView):
                def handle(self, event, request):
                    if isinstance(event, RealtimeCallIncomingEvent):
                        get_client().calls.accept(event.data.call_id, session=SESSION, timeout=10)
        """
        handler = self._handler_for(event.type)
        return None if handler is None else handler(event, request)

    def _handler_for(self, event_type: str) -> Optional[WebhookHandler]:
        if isinstance(self.handler, Mapping):
            found: Optional[WebhookHandler] = self.handler.get(event_type)
            return found
        return self.handler


def _short_value(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, (str, bytes)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _check_seconds(name: str, value: Optional[float]) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ConfigurationError("%s: expected a positive number of seconds, got %r" % (name, value))


@overload
def webhook_view(handler: WebhookHandler) -> WebhookView: ...


@overload
def webhook_view(
    handler: None = None,
    *,
    secret: Optional[str] = None,
    tolerance: Optional[float] = None,
    store: Optional[DeliveryStore] = None,
    dedupe: bool = True,
    lease: Optional[float] = None,
) -> Callable[[WebhookHandler], WebhookView]: ...


def webhook_view(
    handler: Optional[WebhookHandler] = None,
    *,
    secret: Optional[str] = None,
    tolerance: Optional[float] = None,
    store: Optional[DeliveryStore] = None,
    dedupe: bool = True,
    lease: Optional[float] = None,
) -> Union[WebhookView, Callable[[WebhookHandler], WebhookView]]:
    """Turn ``handler(event, request)`` into a :class:`WebhookView`; usable with or without arguments.

    Example::

        @webhook_view
        def openai_webhook(event, request):
            ...

        @webhook_view(tolerance=60)
        def strict_webhook(event, request):
            ...
    """

    def wrap(func: WebhookHandler) -> WebhookView:
        view = WebhookView(func, secret=secret, tolerance=tolerance, store=store, dedupe=dedupe, lease=lease)
        view.__doc__ = func.__doc__
        return view

    return wrap(handler) if handler is not None else wrap


# --------------------------------------------------------------------------- browser helpers


class _BrowserView(_JsonView):
    """Shared parts of the views a logged-in browser calls.

    Subclasses may override :meth:`get_session` (the session config for a
    request) and define ``on_call`` / ``on_session`` as methods.
    """

    # Where the default session comes from: the setting, then the constant.
    _session_setting = "SESSION"
    _default_session: Dict[str, Any] = DEFAULT_SESSION

    session: Optional[SessionConfig] = None
    session_factory: Optional[SessionFactory] = None
    login_required: bool = True
    client: "Optional[RealtimeClient]" = None

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        login_required: Optional[bool] = None,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__()
        if session is not None and session_factory is not None:
            raise TypeError("pass session or session_factory, not both")
        _set_options(
            self,
            {
                "session": session,
                "session_factory": session_factory,
                "login_required": login_required,
                "client": client,
            },
        )

    def _client(self) -> "RealtimeClient":
        return self.client if self.client is not None else get_client()

    def get_session(self, request: "HttpRequest") -> SessionConfig:
        """The session config for this request: ``session_factory(request)``, ``session``, the setting, the default.

        Example::

            class TutorSecret(ClientSecretView):
                def get_session(self, request):
                    return {"type": "realtime", "model": "gpt-realtime", "instructions": tutor_prompt(request.user)}
        """
        if self.session_factory is not None:
            return self.session_factory(request)
        if self.session is not None:
            return self.session
        configured = realtime_setting(self._session_setting)
        return configured if configured is not None else dict(self._default_session)

    def _session(self, request: "HttpRequest") -> SessionConfig:
        return self.get_session(request)

    def _refuse(self, request: "HttpRequest") -> "Optional[HttpResponse]":
        if self.login_required:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return _json_error("authentication required", 403)
        return None


class ClientSecretView(_BrowserView):
    """POST: mint an ephemeral client secret for the logged-in user.

    Answers ``{"value": "ek_...", "expires_at": 1767226200}`` and nothing
    else (the session config stays on the server), with ``Cache-Control:
    no-store``. 403 when nobody is logged in (unless ``login_required=False``),
    502 when OpenAI fails. CSRF protection stays on: send the CSRF token.

    :param session: the session config (dict or model); default
        ``REALTIME_SYNC["SESSION"]``, else :data:`DEFAULT_SESSION`.
    :param session_factory: ``f(request) -> session``, e.g. per-user instructions.
    :param expires_after: e.g. ``{"anchor": "created_at", "seconds": 600}``.

    Example::

        path("realtime/client-secret/", ClientSecretView(expires_after={"anchor": "created_at", "seconds": 120}))
        path("realtime/client-secret/", ClientSecretView.as_view(session=TUTOR_SESSION))
    """

    expires_after: Optional[Any] = None

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        expires_after: Optional[Any] = None,
        login_required: Optional[bool] = None,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__(session=session, session_factory=session_factory, login_required=login_required, client=client)
        _set_options(self, {"expires_after": expires_after})

    def post(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        refused = self._refuse(request)
        if refused is not None:
            return refused
        try:
            secret = self._client().client_secrets.create(
                session=self._session(request), expires_after=self.expires_after
            )
        except APIError as exc:
            logger.error("Could not create a client secret: %s", exc)
            return _json_error("could not create a client secret", 502)
        return _no_store(JsonResponse({"value": secret.value, "expires_at": secret.expires_at}))


class SdpProxyView(_BrowserView):
    """POST an SDP offer, get the SDP answer: the server creates the WebRTC call with its own key.

    The browser posts its offer as the raw body (``Content-Type:
    application/sdp``, as to OpenAI itself); the view calls
    ``client.calls.create(sdp=offer, session=...)`` with the server's session
    config and answers 201 with the SDP answer as ``application/sdp``. The
    call id never reaches the browser: it goes to ``on_call(request,
    call_id)`` (e.g. to attach a sideband connection or store it for a later
    hangup; a subclass may define ``on_call`` as a method). If ``on_call``
    raises, the call is hung up and the error is reported as Django reports a
    view's exception, answered 500 as JSON.

    The whole exchange with OpenAI is bounded by ``deadline`` seconds
    (default ``REALTIME_SYNC["SDP_PROXY_DEADLINE"]``, 10): past it the view
    answers 504 at once, and a call OpenAI creates after that is hung up. The
    create is never repeated once it may have reached OpenAI.

    Answers (errors as JSON ``{"error": "..."}``): 400 for a body that is not
    an SDP offer, 413 above ``max_offer_bytes``, 403 when nobody is logged
    in, 502 when OpenAI fails or answers without the call's ``Location``,
    504 when it does not answer within the deadline. CSRF protection stays
    on.

    Example::

        def remember(request, call_id):
            request.session["realtime_call_id"] = call_id

        path("realtime/calls/", SdpProxyView(on_call=remember, deadline=8))

        class BrowserCalls(SdpProxyView):
            def on_call(self, request, call_id):
                request.session["realtime_call_id"] = call_id
        path("realtime/calls/", BrowserCalls.as_view())
    """

    on_call: Optional[Callable[["HttpRequest", str], Any]] = None
    max_offer_bytes: int = 64 * 1024
    deadline: Optional[float] = None

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        on_call: Optional[Callable[["HttpRequest", str], Any]] = None,
        login_required: Optional[bool] = None,
        max_offer_bytes: Optional[int] = None,
        deadline: Optional[float] = None,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__(session=session, session_factory=session_factory, login_required=login_required, client=client)
        _set_options(self, {"on_call": on_call, "max_offer_bytes": max_offer_bytes, "deadline": deadline})
        _check_seconds("deadline", self.deadline)

    def post(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        refused = self._refuse(request)
        if refused is not None:
            return refused
        offer = _read_offer(request, self.max_offer_bytes)
        if not isinstance(offer, str):
            return offer
        client = self._client()
        session = self._session(request)  # in this thread: a factory may use the request
        deadline = _proxy_deadline(self.deadline)

        def late(answer: "RealtimeCallCreateResponse") -> None:
            if answer.call_id is not None:
                logger.warning("WebRTC call %s was created after the deadline; hanging it up", answer.call_id)
                _hangup_quietly(client, answer.call_id, "the deadline")

        try:
            answer = create_within(
                lambda timeout: client.calls.create(sdp=offer, session=session, timeout=timeout),
                client.timeout,
                deadline,
                late,
            )
        except APITimeoutError as exc:
            logger.error("Creating a WebRTC call timed out: %s", exc)
            return _json_error("OpenAI did not answer in time", 504)
        except APIError as exc:
            logger.error("Could not create a WebRTC call: %s", exc)
            return _json_error("could not create the call", 502)
        if answer is None:
            logger.error("Creating a WebRTC call took longer than the view's %s s deadline; answered 504", deadline)
            return _json_error("OpenAI did not answer in time", 504)
        call_id = answer.call_id
        if call_id is None:
            # Without the call id the server cannot track, hang up or observe the call: not a success.
            logger.error(
                "OpenAI answered the WebRTC call create without a usable Location header (no call id); answered"
                " 502. The call, if it exists, cannot be hung up from here; it ends when the browser does not connect"
            )
            return _json_error("OpenAI did not say which call it created", 502)
        if self.on_call is not None:
            try:
                self.on_call(request, call_id)
            except BaseException:
                _hangup_quietly(client, call_id)
                raise
        response = HttpResponse(answer.sdp, content_type="application/sdp", status=201)
        return _no_store(response)


class LiveOfferView(_BrowserView):
    """POST an SDP offer, get the SDP answer: the server creates a Live WebRTC session with its own key.

    The Live API has no ephemeral keys, so this server-side proxy *is* the
    browser's way in. The browser posts its offer as the raw body
    (``Content-Type: application/sdp``); the view calls
    ``client.live.create(session=..., transport={"type": "webrtc", "sdp": offer})``
    with the server's session config and answers 201 with the SDP answer as
    ``application/sdp``. The session id never reaches the browser: it goes to
    ``on_session(request, session_id)`` (e.g. to attach a sideband observer or
    store it for a recording download). If ``on_session`` raises, the session
    is hung up (best effort) and the error propagates.

    **The page is not trusted to drive the session.** Unless the session
    config sets ``client`` itself, ``client.data_channel`` is set from
    ``data_channel``, else ``REALTIME_SYNC["LIVE_DATA_CHANNEL"]``, else
    :data:`DEFAULT_LIVE_DATA_CHANNEL` (no client events; transcripts, start,
    end and errors only).

    **Bounded and never duplicated.** The whole exchange with OpenAI is bounded
    by ``deadline`` seconds (default ``REALTIME_SYNC["SDP_PROXY_DEADLINE"]``,
    10): past it the view answers 504 at once, and a session created after
    that is hung up. The create is never repeated once it may have reached
    OpenAI. A browser that POSTs the same offer again (a fetch retry, a double
    click) gets the first answer back instead of a second session: answered
    offers are remembered for ``remember`` seconds (300) in the cache
    ``REALTIME_SYNC["LIVE_OFFER_CACHE"]``, per user; while the first request is
    still waiting for OpenAI the repeat gets 409.

    Answers (errors as JSON ``{"error": "..."}``): 400 for a body that is not
    an SDP offer, 413 above ``max_offer_bytes``, 403 when nobody is logged
    in, 409 for a repeat of an offer still being answered, 502 when OpenAI
    fails, 504 when it does not answer within the deadline. CSRF protection
    stays on.

    Example::

        def remember(request, session_id):
            request.session["live_session_id"] = session_id

        path("live/sessions/", LiveOfferView(on_session=remember, session={"model": "gpt-live-1"}))
    """

    _session_setting = "LIVE_SESSION"
    _default_session = DEFAULT_LIVE_SESSION

    data_channel: Optional[Mapping[str, Any]] = None
    on_session: Optional[Callable[["HttpRequest", str], Any]] = None
    max_offer_bytes: int = 64 * 1024
    deadline: Optional[float] = None
    remember: float = 300

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        data_channel: Optional[Mapping[str, Any]] = None,
        on_session: Optional[Callable[["HttpRequest", str], Any]] = None,
        login_required: Optional[bool] = None,
        max_offer_bytes: Optional[int] = None,
        deadline: Optional[float] = None,
        remember: Optional[float] = None,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__(session=session, session_factory=session_factory, login_required=login_required, client=client)
        _set_options(
            self,
            {
                "data_channel": data_channel,
                "on_session": on_session,
                "max_offer_bytes": max_offer_bytes,
                "deadline": deadline,
                "remember": remember,
            },
        )
        _check_seconds("deadline", self.deadline)
        _check_seconds("remember", self.remember)

    def post(self, request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        refused = self._refuse(request)
        if refused is not None:
            return refused
        offer = _read_offer(request, self.max_offer_bytes)
        if not isinstance(offer, str):
            return offer
        client = self._client()
        session = self._with_data_channel(self._session(request))
        deadline = _proxy_deadline(self.deadline)
        cache, key = self._offer_cache(), _offer_key(request, offer)
        # Claim the offer: a repeat of it must not start a second session.
        if not _quietly("claim an offer in", cache.add, key, _PENDING, timeout=deadline + 30, default=True):
            seen = _quietly("read", cache.get, key)
            if isinstance(seen, dict) and isinstance(seen.get("sdp"), str):
                return _sdp_answer(seen["sdp"])
            return _json_error("this offer is already being answered", 409)

        def late(answer: "LiveSessionCreateResponse") -> None:
            logger.warning("Live session %s was created after the deadline; hanging it up", answer.session.id)
            _hangup_live_quietly(client, answer.session.id, "the deadline")

        try:
            answer = create_within(
                lambda timeout: client.live.create(
                    session=session, transport={"type": "webrtc", "sdp": offer}, timeout=timeout
                ),
                client.timeout,
                deadline,
                late,
            )
        except APITimeoutError as exc:
            _quietly("forget an offer in", cache.delete, key)
            logger.error("Creating a Live session timed out: %s", exc)
            return _json_error("OpenAI did not answer in time", 504)
        except APIError as exc:
            _quietly("forget an offer in", cache.delete, key)
            logger.error("Could not create a Live session: %s", exc)
            return _json_error("could not create the session", 502)
        except BaseException:
            _quietly("forget an offer in", cache.delete, key)
            raise
        if answer is None:
            _quietly("forget an offer in", cache.delete, key)
            logger.error("Creating a Live session took longer than the view's %s s deadline; answered 504", deadline)
            return _json_error("OpenAI did not answer in time", 504)
        session_id = answer.session.id
        if self.on_session is not None:
            try:
                self.on_session(request, session_id)
            except BaseException:
                _quietly("forget an offer in", cache.delete, key)
                _hangup_live_quietly(client, session_id)
                raise
        answered = {"session_id": session_id, "sdp": answer.transport.sdp}
        _quietly("remember an answered offer in", cache.set, key, answered, timeout=self.remember)
        return _sdp_answer(answer.transport.sdp)

    def _with_data_channel(self, session: SessionConfig) -> SessionConfig:
        # A session config that sets ``client`` itself is the server's decision: kept.
        if isinstance(session, Mapping):
            if session.get("client") is not None:
                return session
            return dict(session, client={"data_channel": self._data_channel()})
        if attrs.has(type(session)) and getattr(session, "client", True) is None:
            from ...live.models import LiveClientConfig

            channel = _serde_structure(self._data_channel())
            return attrs.evolve(session, client=LiveClientConfig(data_channel=channel))
        return session

    def _data_channel(self) -> Mapping[str, Any]:
        if self.data_channel is not None:
            return self.data_channel
        configured = realtime_setting("LIVE_DATA_CHANNEL")
        if configured is None:
            return DEFAULT_LIVE_DATA_CHANNEL
        if not isinstance(configured, Mapping):
            raise ConfigurationError(
                "REALTIME_SYNC['LIVE_DATA_CHANNEL']: expected a dict like %r, got %s"
                % (DEFAULT_LIVE_DATA_CHANNEL, type(configured).__name__)
            )
        return configured

    def _offer_cache(self) -> Any:
        from django.core.cache import caches

        return caches[realtime_setting("LIVE_OFFER_CACHE")]


_PENDING = "pending"


def _quietly(what: str, operation: Callable[..., Any], *args: Any, default: Any = None, **kwargs: Any) -> Any:
    # The offer memory fails open: a cache outage must not take the browser path
    # down with it. The cost is the protection itself (a retried POST may start a
    # second session meanwhile), so it is logged as an ERROR.
    try:
        return operation(*args, **kwargs)
    except Exception as exc:
        logger.error(
            "REALTIME_SYNC['LIVE_OFFER_CACHE'] failed to %s the cache (%s: %s); until it recovers, a browser that"
            " re-posts an offer may start a second Live session",
            what,
            type(exc).__name__,
            exc,
        )
        return default


def _offer_key(request: "HttpRequest", offer: str) -> str:
    # Per user: the same offer from two accounts is two requests. The offer itself
    # is unique per browser connection (its ICE credentials and DTLS fingerprint).
    user = getattr(request, "user", None)
    who = str(getattr(user, "pk", "")) if user is not None and user.is_authenticated else ""
    digest = hashlib.sha256(("%s\n%s" % (who, offer)).encode("utf-8")).hexdigest()
    return "realtime_sync:live-offer:" + digest


def _serde_structure(data: Mapping[str, Any]) -> Any:
    from ... import _serde
    from ...live.models import DataChannelConfig

    return _serde.structure(dict(data), DataChannelConfig, strict=True)


def _sdp_answer(sdp: str) -> "HttpResponse":
    return _no_store(HttpResponse(sdp, content_type="application/sdp", status=201))


def _read_offer(request: "HttpRequest", max_bytes: int) -> Union[str, "HttpResponse"]:
    """The SDP offer in the request body, or the 400/413 answer that refuses it."""
    offer = read_offer(request.body, max_bytes)
    return offer if isinstance(offer, str) else _json_error(offer[1], offer[0])


def _proxy_deadline(deadline: Optional[float]) -> float:
    value = deadline if deadline is not None else realtime_setting("SDP_PROXY_DEADLINE")
    _check_seconds("REALTIME_SYNC['SDP_PROXY_DEADLINE']", value)
    return float(value)


def _hangup_live_quietly(client: "RealtimeClient", session_id: str, after: str = "on_session failed") -> None:
    # Best effort: OpenAI documents hangup for SIP calls; a WebRTC session that is
    # refused here also ends on its own, since the browser never gets the answer.
    try:
        client.live.sessions.hangup(session_id)
    except NotFoundError:
        pass
    except APIError as exc:
        logger.warning("Could not hang up Live session %s after %s: %s", session_id, after, exc)


Surface = Literal["live", "realtime"]


def answer_incoming_call(
    event: WebhookEvent,
    *,
    surface: Surface,
    session: SessionConfig,
    client: "Optional[RealtimeClient]" = None,
) -> Optional[bool]:
    """Answer an incoming SIP call once, on the surface you chose; ignore its twin on the other one.

    Every SIP call emits both ``realtime.call.incoming`` and
    ``live.transport.incoming`` (or the deprecated ``live.call.incoming``).
    Call this from your webhook handler with every event: the event of the
    chosen ``surface`` is accepted with ``session`` (``True``); the other
    surface's event, and any other event, is left alone (``None``).

    The first accept that succeeds, on either surface, runs the call. What a
    losing accept gets back is not documented by OpenAI: a 4xx answer is taken
    as "the other surface has the call (or it ended)" and returns ``False``
    without raising. A 5xx propagates: OpenAI's own 500 means the accept
    failed, and answering the delivery with 200 would drop the call, so the
    delivery fails and OpenAI delivers it again. A timeout, a lost connection
    or a gateway's or proxy's answer may mean the accept landed: it propagates
    too, and :class:`WebhookView` records the outcome as unknown and never
    accepts twice.

    Example::

        @webhook_view
        def openai_webhook(event, request):
            answer_incoming_call(event, surface="live", session={"model": "gpt-live-1"})
    """
    if surface not in ("live", "realtime"):
        raise ConfigurationError("surface: expected 'live' or 'realtime', got %r" % (surface,))
    if isinstance(event, (LiveTransportIncomingEvent, LiveCallIncomingEvent)):
        if surface != "live":
            return None
        call_id = event.data.session_id
    elif isinstance(event, RealtimeCallIncomingEvent):
        if surface != "realtime":
            return None
        call_id = event.data.call_id
    else:
        return None
    api = client if client is not None else get_client()
    try:
        if surface == "live":
            api.live.sessions.accept(call_id, session=session)
        else:
            api.calls.accept(call_id, session=session)
    except APIStatusError as exc:
        if exc.status_code >= 500 or unknown_outcome(exc) is not None:
            raise  # a failed accept (deliver again) or one that may have landed (never repeat)
        logger.info(
            "Accepting call %s on the %s surface was refused (%s): the other surface has the call, or it ended",
            call_id,
            surface,
            exc,
        )
        return False
    return True


def csrf_failure(request: "HttpRequest", reason: str = "") -> "HttpResponse":
    """A ``CSRF_FAILURE_VIEW`` answering in this module's JSON error shape: 403 ``{"error": "CSRF ..."}``.

    Django's own CSRF failure is an HTML page, which a page's ``fetch`` can
    only show as "Forbidden". Site-wide: fit for a site whose POSTs are
    ``fetch`` calls (forms then get JSON too).

    Example::

        CSRF_FAILURE_VIEW = "realtime_sync.contrib.django.csrf_failure"
    """
    logger.warning("CSRF check failed on %s %s: %s", request.method, request.path, reason)
    return _json_error("CSRF verification failed: %s" % (reason or "no reason given"), 403)


def _hangup_quietly(client: "RealtimeClient", call_id: str, after: str = "on_call failed") -> None:
    try:
        client.calls.hangup(call_id)
    except NotFoundError:
        pass
    except APIError as exc:
        logger.error("Could not hang up call %s after %s: %s", call_id, after, exc)


def _json_error(message: str, status: int) -> "HttpResponse":
    return _no_store(JsonResponse({"error": message}, status=status))


def _no_store(response: "HttpResponse") -> "HttpResponse":
    response["Cache-Control"] = "no-store"
    return response


_queues: Dict[Any, Any] = {}
_queues_lock = threading.Lock()


def call_queue() -> "CallQueue":
    """The queue of ``REALTIME_SYNC["CALL_QUEUE"]``: the webhook view's hand-off to ``manage.py realtime_worker``.

    A ``redis://`` (or ``rediss://``, ``unix://``) URL gives a
    :class:`~realtime_sync.contrib.redis.RedisCallQueue` (the ``redis``
    package); a dotted path names a queue object or a factory of one (a
    :class:`~realtime_sync.supervisor.CallQueue`: ``put`` and ``get``). One
    queue per setting value, shared by the process's threads.

    Example::

        def on_incoming_call(event, request):
            get_client().calls.accept(event.data.call_id, session=SESSION)
            call_queue().put(event.data.call_id)      # the worker attaches it
    """
    value = realtime_setting("CALL_QUEUE")
    if value is None:
        raise ConfigurationError(
            "REALTIME_SYNC['CALL_QUEUE']: not set; give a redis:// URL or a dotted path to a queue (put/get)"
        )
    key = value if isinstance(value, str) else id(value)
    with _queues_lock:
        found = _queues.get(key)
        if found is None:
            found = _queues[key] = _build_queue(value)
    queue: "CallQueue" = found
    return queue


def _build_queue(value: Any) -> Any:
    if isinstance(value, str) and value.split("://", 1)[0] in ("redis", "rediss", "unix"):
        from ..redis import RedisCallQueue

        return RedisCallQueue.from_url(value)
    if isinstance(value, str):
        from django.utils.module_loading import import_string

        try:
            value = import_string(value)
        except ImportError as exc:
            raise ConfigurationError("REALTIME_SYNC['CALL_QUEUE']: cannot import %r (%s)" % (value, exc)) from None
    if isinstance(value, type) or (not hasattr(value, "put") and callable(value)):
        value = value()  # a queue class or factory
    if not (callable(getattr(value, "put", None)) and callable(getattr(value, "get", None))):
        raise ConfigurationError(
            "REALTIME_SYNC['CALL_QUEUE']: expected a redis:// URL, a queue (an object with put and get), a factory of"
            " one, or a dotted path to either; got %s" % type(value).__name__
        )
    return value
