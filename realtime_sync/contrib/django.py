"""Django views for the Realtime API: SIP webhooks, browser client secrets, a WebRTC SDP proxy.

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
        "TIMEOUT": 30, "MAX_RETRIES": 2,
        "TRANSPORT": None,                  # a Transport, a factory, or a dotted path to either
        "SESSION": {"type": "realtime", "model": "gpt-realtime"},   # default session of both browser views
        "WEBHOOK_TOLERANCE": 300,           # seconds
        "WEBHOOK_DEDUPE_CACHE": "default",  # cache alias remembering webhook-ids
        "WEBHOOK_DEDUPE_TIMEOUT": 259200,   # seconds a webhook-id is remembered (3 days)
    }
"""

import hashlib
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Protocol, Union, overload

from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse

from ..errors import (
    APIError,
    APITimeoutError,
    ConfigurationError,
    InvalidWebhookSignatureError,
    NotFoundError,
)
from ..webhooks import DEFAULT_TOLERANCE, InvalidWebhookPayloadError, WebhookEvent, _header, unwrap

if TYPE_CHECKING:  # pragma: no cover
    from django.http import HttpRequest

    from .._client import RealtimeClient
    from ..transport import Transport

__all__ = [
    "CacheDeliveryStore",
    "ClientSecretView",
    "DEFAULT_SESSION",
    "DeliveryStore",
    "SdpProxyView",
    "WebhookView",
    "get_client",
    "realtime_setting",
    "reset_client",
    "webhook_view",
]

logger = logging.getLogger("realtime_sync.django")

#: The session both browser views use when neither the view nor ``REALTIME_SYNC["SESSION"]`` sets one.
DEFAULT_SESSION: Dict[str, Any] = {"type": "realtime", "model": "gpt-realtime"}

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
    "WEBHOOK_DEDUPE_TIMEOUT": 3 * 24 * 3600,
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
    unknown = sorted(set(configured) - set(_DEFAULTS))
    if unknown:
        raise ConfigurationError(
            "REALTIME_SYNC: unknown key(s) %s; expected some of %s" % (", ".join(unknown), ", ".join(sorted(_DEFAULTS)))
        )
    if configured.get(name) is not None:
        return configured[name]
    top_level = _TOP_LEVEL.get(name)
    if top_level is not None and getattr(django_settings, top_level, None) is not None:
        return getattr(django_settings, top_level)
    return _DEFAULTS[name]


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
    """Close and forget the shared client; the next :func:`get_client` builds a new one.

    Example::

        reset_client()   # after changing REALTIME_SYNC at runtime
    """
    _shared.reset()


def _build_client() -> "RealtimeClient":
    from .._client import RealtimeClient

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


# --------------------------------------------------------------------------- webhooks


class DeliveryStore(Protocol):
    """Remembers which deliveries were handled, so a retried ``webhook-id`` is handled once.

    ``claim`` must be atomic: it returns ``True`` for the first caller only.
    ``release`` forgets a claim (the handler failed, so a retry may try again).

    Example::

        class RedisStore:
            def claim(self, webhook_id): return redis.set("wh:" + webhook_id, 1, nx=True, ex=259200)
            def release(self, webhook_id): redis.delete("wh:" + webhook_id)
    """

    def claim(self, webhook_id: str) -> bool:  # pragma: no cover
        """``True`` if this webhook-id was not claimed before (and now is)."""
        ...

    def release(self, webhook_id: str) -> None:  # pragma: no cover
        """Forget a claim."""
        ...


class CacheDeliveryStore:
    """A :class:`DeliveryStore` on a Django cache (``cache.add`` is atomic on every shared backend).

    Use a cache shared by all workers (Redis, Memcached, database) in
    production: the default local-memory cache only deduplicates within one
    process, and ``DummyCache`` not at all.

    Example::

        WebhookView(handler, store=CacheDeliveryStore("webhooks", timeout=86400))
    """

    def __init__(
        self, alias: Optional[str] = None, *, timeout: Optional[int] = None, prefix: str = "realtime_sync:wh:"
    ):
        self.alias = alias
        self.timeout = timeout
        self.prefix = prefix

    def _cache(self) -> Any:
        from django.core.cache import caches

        return caches[self.alias or realtime_setting("WEBHOOK_DEDUPE_CACHE")]

    def _key(self, webhook_id: str) -> str:
        # Hashed: safe for memcached whatever characters and length the id has.
        return self.prefix + hashlib.sha256(webhook_id.encode("utf-8")).hexdigest()

    def claim(self, webhook_id: str) -> bool:
        """Atomically mark ``webhook_id`` as handled; ``False`` if it already was.

        Example::

            store.claim("wh_123")   # True, then False
        """
        timeout = self.timeout if self.timeout is not None else realtime_setting("WEBHOOK_DEDUPE_TIMEOUT")
        return bool(self._cache().add(self._key(webhook_id), 1, timeout))

    def release(self, webhook_id: str) -> None:
        """Forget ``webhook_id`` so a retry is handled again.

        Example::

            store.release("wh_123")
        """
        self._cache().delete(self._key(webhook_id))


WebhookHandler = Callable[[WebhookEvent, "HttpRequest"], Any]


class WebhookView:
    """The endpoint OpenAI posts webhooks to: verify, deduplicate, dispatch, answer.

    For each POST it verifies the signature on the raw ``request.body``
    (400 on failure, logged with the reason but never the secret), parses the
    typed event, skips a ``webhook-id`` it has already handled (200), calls
    ``handler(event, request)`` and answers an empty 200. ``handler`` may also
    be a dict of event type to handler; other types are acknowledged and
    ignored. If the handler raises, the claim on the webhook-id is released
    and the exception propagates (Django answers 500, OpenAI retries later).

    The handler runs inside the request: keep it short (accepting a call is
    fine; hand slow work to a task queue) so OpenAI gets its 2xx quickly.
    CSRF-exempt, since OpenAI cannot send a CSRF token.

    :param secret: the webhook secret; default from settings / environment.
    :param tolerance: seconds of clock skew allowed; default from settings (300).
    :param store: a :class:`DeliveryStore`; default a :class:`CacheDeliveryStore`.
    :param dedupe: ``False`` turns deduplication off.
    :param clock: returns Unix seconds; for tests.

    Example::

        path("openai/webhook/", WebhookView({"realtime.call.incoming": on_incoming_call}))
    """

    csrf_exempt = True

    def __init__(
        self,
        handler: Union[WebhookHandler, Mapping[str, WebhookHandler]],
        *,
        secret: Optional[str] = None,
        tolerance: Optional[float] = None,
        store: Optional[DeliveryStore] = None,
        dedupe: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not (callable(handler) or isinstance(handler, Mapping)):
            raise TypeError("handler: expected a callable or a dict of event type to callable, got %r" % (handler,))
        self.handler = handler
        self.secret = secret
        self.tolerance = tolerance
        self.store: Optional[DeliveryStore] = (store or CacheDeliveryStore()) if dedupe else None
        self.clock = clock

    def __call__(self, request: "HttpRequest") -> "HttpResponse":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        body: bytes = request.body  # raw bytes: never verify re-serialised JSON
        headers = request.headers
        webhook_id = _header(headers, "webhook-id")
        secret = self.secret if self.secret is not None else realtime_setting("WEBHOOK_SECRET")
        tolerance = self.tolerance if self.tolerance is not None else realtime_setting("WEBHOOK_TOLERANCE")
        try:
            event = unwrap(body, headers, secret, tolerance=tolerance, now=self.clock())
        except InvalidWebhookSignatureError as exc:
            # Unauthenticated input: the id is shown shortened and quoted.
            logger.warning("Rejected webhook %s: %s", _loggable(webhook_id), exc)
            return _text_response("invalid webhook signature\n", 400)
        except InvalidWebhookPayloadError as exc:
            logger.error("Rejected signed webhook %s with an unexpected payload: %s", webhook_id, exc)
            return _text_response("invalid webhook payload\n", 400)
        assert webhook_id is not None  # unwrap() refuses a delivery without one

        handler = self._handler_for(event.type)
        if handler is None:
            logger.info("Ignored webhook %s: no handler for %s", webhook_id, event.type)
            return HttpResponse(status=200)
        if self.store is not None and not self.store.claim(webhook_id):
            logger.info("Skipped webhook %s (%s): already handled", webhook_id, event.type)
            return HttpResponse(status=200)
        try:
            handler(event, request)
        except BaseException:
            if self.store is not None:
                self.store.release(webhook_id)
            raise
        return HttpResponse(status=200)

    def _handler_for(self, event_type: str) -> Optional[WebhookHandler]:
        if isinstance(self.handler, Mapping):
            found: Optional[WebhookHandler] = self.handler.get(event_type)
            return found
        return self.handler


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
) -> Callable[[WebhookHandler], WebhookView]: ...


def webhook_view(
    handler: Optional[WebhookHandler] = None,
    *,
    secret: Optional[str] = None,
    tolerance: Optional[float] = None,
    store: Optional[DeliveryStore] = None,
    dedupe: bool = True,
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
        view = WebhookView(func, secret=secret, tolerance=tolerance, store=store, dedupe=dedupe)
        view.__doc__ = func.__doc__
        return view

    return wrap(handler) if handler is not None else wrap


# --------------------------------------------------------------------------- browser helpers


class _BrowserView:
    """Shared parts of the two views a logged-in browser calls."""

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        login_required: bool = True,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        if session is not None and session_factory is not None:
            raise TypeError("pass session or session_factory, not both")
        self.session = session
        self.session_factory = session_factory
        self.login_required = login_required
        self.client = client

    def _client(self) -> "RealtimeClient":
        return self.client if self.client is not None else get_client()

    def _session(self, request: "HttpRequest") -> SessionConfig:
        if self.session_factory is not None:
            return self.session_factory(request)
        if self.session is not None:
            return self.session
        configured = realtime_setting("SESSION")
        return configured if configured is not None else dict(DEFAULT_SESSION)

    def _refuse(self, request: "HttpRequest") -> "Optional[HttpResponse]":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if self.login_required:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return _no_store(JsonResponse({"error": "authentication required"}, status=403))
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
    """

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        expires_after: Optional[Any] = None,
        login_required: bool = True,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__(session=session, session_factory=session_factory, login_required=login_required, client=client)
        self.expires_after = expires_after

    def __call__(self, request: "HttpRequest") -> "HttpResponse":
        refused = self._refuse(request)
        if refused is not None:
            return refused
        try:
            secret = self._client().client_secrets.create(
                session=self._session(request), expires_after=self.expires_after
            )
        except APIError as exc:
            logger.error("Could not create a client secret: %s", exc)
            return _no_store(JsonResponse({"error": "could not create a client secret"}, status=502))
        return _no_store(JsonResponse({"value": secret.value, "expires_at": secret.expires_at}))


class SdpProxyView(_BrowserView):
    """POST an SDP offer, get the SDP answer: the server creates the WebRTC call with its own key.

    The browser posts its offer as the raw body (``Content-Type:
    application/sdp``, as to OpenAI itself); the view calls
    ``client.calls.create(sdp=offer, session=...)`` with the server's session
    config and answers 201 with the SDP answer as ``application/sdp``. The
    call id never reaches the browser: it goes to ``on_call(request,
    call_id)`` (e.g. to attach a sideband connection or store it for a later
    hangup). If ``on_call`` raises, the call is hung up and the error
    propagates.

    Answers 400 for a body that is not an SDP offer, 413 above
    ``max_offer_bytes``, 403 when nobody is logged in, 502/504 when OpenAI
    fails or times out. CSRF protection stays on.

    Example::

        def remember(request, call_id):
            request.session["realtime_call_id"] = call_id

        path("realtime/calls/", SdpProxyView(on_call=remember))
    """

    def __init__(
        self,
        *,
        session: Optional[SessionConfig] = None,
        session_factory: Optional[SessionFactory] = None,
        on_call: Optional[Callable[["HttpRequest", str], Any]] = None,
        login_required: bool = True,
        max_offer_bytes: int = 64 * 1024,
        client: "Optional[RealtimeClient]" = None,
    ) -> None:
        super().__init__(session=session, session_factory=session_factory, login_required=login_required, client=client)
        self.on_call = on_call
        self.max_offer_bytes = max_offer_bytes

    def __call__(self, request: "HttpRequest") -> "HttpResponse":
        refused = self._refuse(request)
        if refused is not None:
            return refused
        body: bytes = request.body
        if len(body) > self.max_offer_bytes:
            return _text_response("SDP offer too large\n", 413)
        try:
            offer = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text_response("expected an SDP offer (UTF-8 text)\n", 400)
        if not offer.lstrip().startswith("v="):
            return _text_response("expected an SDP offer as the request body (Content-Type: application/sdp)\n", 400)
        client = self._client()
        try:
            answer = client.calls.create(sdp=offer, session=self._session(request))
        except APITimeoutError as exc:
            logger.error("Creating a WebRTC call timed out: %s", exc)
            return _text_response("upstream timeout\n", 504)
        except APIError as exc:
            logger.error("Could not create a WebRTC call: %s", exc)
            return _text_response("could not create the call\n", 502)
        call_id = answer.call_id
        if call_id is None:
            logger.warning("OpenAI created a call without a Location header; on_call not called")
        elif self.on_call is not None:
            try:
                self.on_call(request, call_id)
            except BaseException:
                _hangup_quietly(client, call_id)
                raise
        response = HttpResponse(answer.sdp, content_type="application/sdp", status=201)
        return _no_store(response)


def _hangup_quietly(client: "RealtimeClient", call_id: str) -> None:
    try:
        client.calls.hangup(call_id)
    except NotFoundError:
        pass
    except APIError as exc:
        logger.error("Could not hang up call %s after on_call failed: %s", call_id, exc)


def _loggable(webhook_id: Optional[str]) -> str:
    if webhook_id is None:
        return "(no webhook-id)"
    return repr(webhook_id if len(webhook_id) <= 64 else webhook_id[:61] + "...")


def _text_response(text: str, status: int) -> "HttpResponse":
    return HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)


def _no_store(response: "HttpResponse") -> "HttpResponse":
    response["Cache-Control"] = "no-store"
    return response
