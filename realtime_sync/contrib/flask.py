"""Flask: one blueprint with the three endpoints a Realtime integration needs, with the Django views' guarantees.

Install with ``pip install "realtime_sync[flask]"``. The core package never
imports Flask.

::

    from flask import Flask, session
    from realtime_sync.contrib.flask import get_client, realtime_blueprint
    from realtime_sync.contrib.redis import RedisDeliveryStore

    def on_incoming_call(event):
        get_client().calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})

    app = Flask(__name__)
    app.config["OPENAI_WEBHOOK_SECRET"] = "whsec_..."     # else $OPENAI_WEBHOOK_SECRET
    app.register_blueprint(realtime_blueprint(
        webhook_handler={"realtime.call.incoming": on_incoming_call},
        store=RedisDeliveryStore.from_url("redis://127.0.0.1:6379/0"),
        authorize=lambda: "user_id" in session,
    ))

Endpoints (paths configurable):

* ``POST /openai/webhook/``: OpenAI's deliveries. Verified on the raw body,
  claimed in the delivery store, handled at most once; the rules and answers
  are :func:`realtime_sync.webhook_delivery.receive`'s (200, 400, 409, 503).
* ``POST /realtime/client-secret/``: ``{"value", "expires_at"}`` for an
  authorised browser, nothing else.
* ``POST /realtime/calls/``: the browser's SDP offer (``Content-Type:
  application/sdp``) in, the SDP answer out (201); the server's key and
  session config are added here, the call id goes to ``on_call(call_id)``
  and never to the browser; bounded by a total ``deadline``.

Every error answer is JSON ``{"error": "..."}`` with ``Cache-Control: no-store``.
"""

import os
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Union

from flask import Blueprint, current_app, got_request_exception, jsonify, request
from flask.globals import app_ctx
from werkzeug.exceptions import HTTPException

from .._redaction import library_logger
from ..errors import APIError, APITimeoutError, ConfigurationError, NotFoundError
from ..webhook_delivery import (
    DEFAULT_CLAIM_LEASE,
    DeliveryStore,
    MemoryDeliveryStore,
    receive,
    require_secret,
)
from ..webhooks import DEFAULT_TOLERANCE, WebhookEvent
from ._offers import create_within, read_offer

if TYPE_CHECKING:  # pragma: no cover
    from flask import Response

    from .._client import RealtimeClient
    from ..models import RealtimeCallCreateResponse

__all__ = ["DEFAULT_SESSION", "get_client", "realtime_blueprint"]

logger = library_logger("realtime_sync.flask")

#: The session of both browser endpoints unless ``session=`` or ``session_factory=`` says otherwise.
DEFAULT_SESSION: Dict[str, Any] = {"type": "realtime", "model": "gpt-realtime"}

FlaskWebhookHandler = Callable[[WebhookEvent], Any]
ClientOption = Union["RealtimeClient", Callable[[], "RealtimeClient"], None]

# Every method reaches the view, which answers 405 as JSON itself: a blueprint's error handlers never see
# the routing layer's 405.
_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_EXTENSION = "realtime_sync"


class _Shared:
    """One RealtimeClient per app and process, built from ``app.config`` on first use (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.client: "Optional[RealtimeClient]" = None
        self.pid = 0


def get_client() -> "RealtimeClient":
    """The current app's shared :class:`~realtime_sync.RealtimeClient` (inside a request or app context).

    Built once per process from ``app.config``: ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID`` (each else
    the environment variable), ``REALTIME_SYNC_TIMEOUT``,
    ``REALTIME_SYNC_MAX_RETRIES``, ``REALTIME_SYNC_TRANSPORT``; rebuilt in a
    forked worker.

    Example::

        get_client().calls.accept(event.data.call_id, session=SESSION)
    """
    app = app_ctx.app  # the application itself, not the context-local proxy
    shared = app.extensions.setdefault(_EXTENSION, _Shared())
    client: "Optional[RealtimeClient]" = shared.client
    if client is not None and shared.pid == os.getpid():
        return client
    with shared.lock:
        if shared.client is None or shared.pid != os.getpid():
            shared.client = _build_client(app.config)
            shared.pid = os.getpid()
        built: "RealtimeClient" = shared.client
        return built


def _build_client(config: Mapping[str, Any]) -> "RealtimeClient":
    from .._client import RealtimeClient

    options: Dict[str, Any] = {}
    for key, option in (
        ("OPENAI_BASE_URL", "base_url"),
        ("OPENAI_ORG_ID", "organization"),
        ("OPENAI_PROJECT_ID", "project"),
        ("REALTIME_SYNC_TIMEOUT", "timeout"),
        ("REALTIME_SYNC_MAX_RETRIES", "max_retries"),
        ("REALTIME_SYNC_TRANSPORT", "transport"),
    ):
        if config.get(key) is not None:
            options[option] = config[key]
    return RealtimeClient(config.get("OPENAI_API_KEY"), **options)


def realtime_blueprint(
    name: str = "realtime_sync",
    *,
    webhook_handler: Optional[Union[FlaskWebhookHandler, Mapping[str, FlaskWebhookHandler]]] = None,
    store: Optional[DeliveryStore] = None,
    dedupe: bool = True,
    secret: Optional[str] = None,
    tolerance: float = DEFAULT_TOLERANCE,
    lease: float = DEFAULT_CLAIM_LEASE,
    authorize: Optional[Callable[[], bool]] = None,
    session: Optional[Any] = None,
    session_factory: Optional[Callable[[], Any]] = None,
    expires_after: Optional[Any] = None,
    on_call: Optional[Callable[[str], Any]] = None,
    deadline: float = 10,
    max_offer_bytes: int = 64 * 1024,
    client: ClientOption = None,
    webhook_path: Optional[str] = "/openai/webhook/",
    client_secret_path: Optional[str] = "/realtime/client-secret/",
    calls_path: Optional[str] = "/realtime/calls/",
    url_prefix: Optional[str] = None,
) -> Blueprint:
    """A Flask blueprint with the webhook, client-secret and SDP-proxy endpoints.

    :param webhook_handler: ``handler(event)`` for every event type, or a
        dict of event type to handler (other types are acknowledged and
        ignored). The handler runs at most once per ``webhook-id``: as in
        Django, an exception releases the claim (or records *unknown* when a
        request may have reached OpenAI) and is answered 500.
    :param store: where each ``webhook-id``'s state is kept; default a
        :class:`~realtime_sync.webhook_delivery.MemoryDeliveryStore`, which
        works in **one process only** (a warning is logged): use
        :class:`~realtime_sync.contrib.redis.RedisDeliveryStore` with several
        workers. ``dedupe=False`` turns de-duplication off.
    :param secret: the webhook secret; default ``app.config["OPENAI_WEBHOOK_SECRET"]``,
        else ``$OPENAI_WEBHOOK_SECRET``.
    :param authorize: ``authorize() -> bool`` for the two browser endpoints
        (read Flask's ``session`` or Flask-Login's ``current_user``); without
        it they answer 403 to everyone.
    :param session: the session config of the browser endpoints (default
        :data:`DEFAULT_SESSION`); ``session_factory()`` instead, per request.
    :param on_call: ``on_call(call_id)`` after the SDP proxy created a call;
        if it raises, the call is hung up and the error answered 500.
    :param deadline: seconds the SDP proxy waits for OpenAI in total, then 504.
    :param client: a ``RealtimeClient`` or a factory of one; default :func:`get_client`.
    :param webhook_path: ``None`` leaves an endpoint out (likewise the other two paths).

    Example::

        app.register_blueprint(realtime_blueprint(webhook_handler=on_event, store=store, authorize=is_logged_in))
    """
    if webhook_handler is not None and not (callable(webhook_handler) or isinstance(webhook_handler, Mapping)):
        raise TypeError("webhook_handler: expected a callable or a dict of event type to callable")
    if session is not None and session_factory is not None:
        raise TypeError("pass session or session_factory, not both")
    for option, value in (("lease", lease), ("deadline", deadline)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
            raise ConfigurationError("%s: expected a positive number of seconds, got %r" % (option, value))
    if webhook_handler is not None and dedupe and store is None:
        logger.warning(
            "realtime_blueprint: no store= given, so webhook deliveries are de-duplicated in this process only"
            " (MemoryDeliveryStore); with several worker processes pass store=RedisDeliveryStore.from_url(...)"
        )
        store = MemoryDeliveryStore()
    delivery_store = store if dedupe else None
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)

    def api() -> "RealtimeClient":
        if client is None:
            return get_client()
        if callable(client) and not hasattr(client, "calls"):
            return client()
        return client  # type: ignore[return-value]

    def session_config() -> Any:
        if session_factory is not None:
            return session_factory()
        return session if session is not None else dict(DEFAULT_SESSION)

    def refused() -> "Optional[Response]":
        if authorize is None or not authorize():
            return _json_error("authentication required", 403)
        return None

    if webhook_handler is not None and webhook_path is not None:
        handlers = webhook_handler

        def webhook() -> "Response":
            configured = secret if secret is not None else current_app.config.get("OPENAI_WEBHOOK_SECRET")
            key = require_secret(configured, "app.config['OPENAI_WEBHOOK_SECRET'] (or secret=...)")

            def handler_for(event: WebhookEvent) -> Optional[Callable[[], Any]]:
                found = handlers.get(event.type) if isinstance(handlers, Mapping) else handlers
                return None if found is None else (lambda: found(event))

            answer = receive(
                request.get_data(cache=False),  # raw bytes: never verify re-serialised JSON
                request.headers,
                handler_for,
                secret=key,
                store=delivery_store,
                tolerance=tolerance,
                lease=lease,
                logger=logger,
            )
            if answer.message is not None:
                return _json_error(answer.message, answer.status)
            return current_app.response_class(status=answer.status)

        blueprint.add_url_rule(webhook_path, "webhook", _post_only(webhook), methods=_METHODS)

    if client_secret_path is not None:

        def client_secret() -> "Response":
            denied = refused()
            if denied is not None:
                return denied
            try:
                minted = api().client_secrets.create(session=session_config(), expires_after=expires_after)
            except APIError as exc:
                logger.error("Could not create a client secret: %s", exc)
                return _json_error("could not create a client secret", 502)
            return _no_store(jsonify({"value": minted.value, "expires_at": minted.expires_at}))

        blueprint.add_url_rule(client_secret_path, "client_secret", _post_only(client_secret), methods=_METHODS)

    if calls_path is not None:

        def calls() -> "Response":
            denied = refused()
            if denied is not None:
                return denied
            if request.mimetype != "application/sdp":
                # Also a CSRF defence: a cross-site page cannot send this type without a CORS preflight.
                return _json_error("expected Content-Type: application/sdp", 415)
            offer = read_offer(request.get_data(cache=False), max_offer_bytes)
            if not isinstance(offer, str):
                return _json_error(offer[1], offer[0])
            openai = api()
            config = session_config()

            def late(answer: "RealtimeCallCreateResponse") -> None:
                if answer.call_id is not None:
                    logger.warning("WebRTC call %s was created after the deadline; hanging it up", answer.call_id)
                    _hangup_quietly(openai, answer.call_id, "the deadline")

            try:
                answer = create_within(
                    lambda timeout: openai.calls.create(sdp=offer, session=config, timeout=timeout),
                    openai.timeout,
                    float(deadline),
                    late,
                )
            except APITimeoutError as exc:
                logger.error("Creating a WebRTC call timed out: %s", exc)
                return _json_error("OpenAI did not answer in time", 504)
            except APIError as exc:
                logger.error("Could not create a WebRTC call: %s", exc)
                return _json_error("could not create the call", 502)
            if answer is None:
                logger.error("Creating a WebRTC call took longer than the %s s deadline; answered 504", deadline)
                return _json_error("OpenAI did not answer in time", 504)
            if answer.call_id is None:
                logger.error("OpenAI answered the WebRTC call create without a usable Location header; answered 502")
                return _json_error("OpenAI did not say which call it created", 502)
            if on_call is not None:
                try:
                    on_call(answer.call_id)
                except BaseException:
                    _hangup_quietly(openai, answer.call_id, "on_call failed")
                    raise
            response = current_app.response_class(answer.sdp, status=201, mimetype="application/sdp")
            return _no_store(response)

        blueprint.add_url_rule(calls_path, "calls", _post_only(calls), methods=_METHODS)

    return blueprint


def _post_only(view: Callable[[], "Response"]) -> Callable[[], "Response"]:
    """POST only, and every error (Flask's own included) in the one JSON shape."""

    def wrapped() -> "Response":
        if request.method != "POST":
            response = _json_error("method not allowed: use POST", 405)
            response.headers["Allow"] = "POST"
            return response
        try:
            return view()
        except HTTPException as exc:  # e.g. 413 above MAX_CONTENT_LENGTH, raised while reading the body
            return _json_error(exc.description or exc.name, exc.code or 500)
        except Exception as exc:
            # As Flask reports an unhandled exception (got_request_exception; re-raised when the app
            # propagates exceptions: testing or debug), but answered as JSON, with the traceback logged.
            logger.exception("realtime_sync.flask: unhandled error on %s %s", request.method, request.path)
            app = app_ctx.app
            got_request_exception.send(app, exception=exc)
            propagate = app.config.get("PROPAGATE_EXCEPTIONS")
            if propagate is None:
                propagate = app.testing or app.debug  # Flask's own rule
            if propagate:
                raise
            return _json_error("internal server error", 500)

    wrapped.__name__ = view.__name__
    return wrapped


def _hangup_quietly(client: "RealtimeClient", call_id: str, after: str) -> None:
    try:
        client.calls.hangup(call_id)
    except NotFoundError:
        pass
    except APIError as exc:
        logger.error("Could not hang up call %s after %s: %s", call_id, after, exc)


def _json_error(message: str, status: int) -> "Response":
    response = jsonify({"error": message})
    response.status_code = status
    return _no_store(response)


def _no_store(response: "Response") -> "Response":
    response.headers["Cache-Control"] = "no-store"
    return response
