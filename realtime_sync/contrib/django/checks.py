"""System checks (``manage.py check``): configuration mistakes reported at start-up, not on the first phone call.

Registered by the app config when ``"realtime_sync.contrib.django"`` is in
``INSTALLED_APPS``. The ids, for ``SILENCED_SYSTEM_CHECKS``:

* ``realtime_sync.E001``: ``REALTIME_SYNC`` is not a dict, or has an unknown key (with a did-you-mean);
* ``realtime_sync.E002``: a setting has a value of the wrong kind (a lease, deadline or timeout that is not a
  positive number of seconds);
* ``realtime_sync.E003``: a routed ``WebhookView`` has no webhook secret, or one that cannot be used;
* ``realtime_sync.E004``: the de-duplication cache is not configured in ``CACHES``;
* ``realtime_sync.E005``: the de-duplication cache is a ``DummyCache`` (stores nothing: every delivery gets 503);
* ``realtime_sync.W001``: the de-duplication store works within one process only (``LocMemCache``,
  ``MemoryDeliveryStore``) or its ``add`` is not atomic across processes (``FileBasedCache``);
* ``realtime_sync.W002``: the same for ``LiveOfferView``'s cache of answered offers.

Only views routed in the URLconf are looked at: a project serving just the
browser views needs no webhook secret.
"""

import math
import os
from typing import Any, Iterator, List, Optional, Set, Tuple

from django.conf import settings
from django.core import checks

from ...errors import ConfigurationError
from ...webhook_delivery import MemoryDeliveryStore
from ...webhooks import SECRET_ENV_VAR, sign
from . import CacheDeliveryStore, ClientSecretView, LiveOfferView, SdpProxyView, WebhookView, realtime_setting

__all__ = ["check_realtime_sync", "webhook_routes"]

_VIEWS = (WebhookView, ClientSecretView, SdpProxyView, LiveOfferView)
_SECONDS = ("WEBHOOK_TOLERANCE", "WEBHOOK_DEDUPE_TIMEOUT", "WEBHOOK_CLAIM_LEASE", "SDP_PROXY_DEADLINE")
_LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
_DUMMY = "django.core.cache.backends.dummy.DummyCache"
_FILE = "django.core.cache.backends.filebased.FileBasedCache"
_SHARED_HINT = (
    "Use a cache shared by every worker process, without error swallowing (Redis, Memcached, the database cache),"
    " e.g. CACHES['webhooks'] = {'BACKEND': 'django.core.cache.backends.redis.RedisCache', 'LOCATION':"
    " 'redis://127.0.0.1:6379/0'} and REALTIME_SYNC['WEBHOOK_DEDUPE_CACHE'] = 'webhooks'. A single-process"
    " development server is fine: silence this with SILENCED_SYSTEM_CHECKS = ['%s']."
)


def check_realtime_sync(app_configs: Any = None, **kwargs: Any) -> List[checks.CheckMessage]:
    """Every check of this module, as Django's check framework calls it (registered by the app config)."""
    messages = _settings_messages()
    if any(m.id == "realtime_sync.E001" for m in messages):
        return messages  # every other setting read would raise the same error
    for route, view in _routed_views():
        messages.extend(_view_messages(route, view))
    # One message per problem, however many routes share it.
    unique: List[checks.CheckMessage] = []
    for message in messages:
        if message not in unique:
            unique.append(message)
    return unique


def webhook_routes() -> List[str]:
    """The routes of the root URLconf served by a :class:`WebhookView`, e.g. ``["/openai/webhook/"]``."""
    return [route for route, view in _routed_views() if isinstance(view, WebhookView)]


def _settings_messages() -> List[checks.CheckMessage]:
    try:
        realtime_setting("API_KEY")
    except ConfigurationError as exc:
        return [
            checks.Error(
                str(exc),
                hint="The keys realtime_sync reads are listed in docs/django.md (Settings).",
                obj="settings.REALTIME_SYNC",
                id="realtime_sync.E001",
            )
        ]
    messages: List[checks.CheckMessage] = []
    for name in _SECONDS:
        value = realtime_setting(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            if name == "WEBHOOK_TOLERANCE" and isinstance(value, (int, float)) and value == 0:
                continue  # zero skew allowed is strict, not wrong
            messages.append(
                checks.Error(
                    "REALTIME_SYNC[%r]: expected a positive number of seconds, got %r" % (name, value),
                    obj="settings.REALTIME_SYNC",
                    id="realtime_sync.E002",
                )
            )
    return messages


def _routed_views() -> Iterator[Tuple[str, Any]]:
    """``(route, view instance)`` for every view of this module in the root URLconf."""
    from django.urls import URLPattern, URLResolver, get_resolver

    try:
        patterns = get_resolver().url_patterns
    except Exception:  # a broken URLconf: Django's own URL checks report it
        return

    def walk(found: Any, prefix: str, depth: int) -> Iterator[Tuple[str, Any]]:
        for pattern in found:
            if isinstance(pattern, URLResolver) and depth < 20:
                try:
                    inner = pattern.url_patterns
                except Exception:
                    continue
                yield from walk(inner, prefix + str(pattern.pattern), depth + 1)
            elif isinstance(pattern, URLPattern):
                view = _view_of(pattern.callback)
                if view is not None:
                    yield "/" + prefix + str(pattern.pattern), view

    yield from walk(patterns, "", 0)


def _view_of(callback: Any) -> Optional[Any]:
    # An instance (path(..., WebhookView(h))), an as_view() function, or either under decorators.
    for _ in range(10):
        if isinstance(callback, _VIEWS):
            return callback
        view_class = getattr(callback, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, _VIEWS):
            try:
                return view_class(**getattr(callback, "view_initkwargs", {}))
            except Exception:
                return None
        callback = getattr(callback, "__wrapped__", None)
        if callback is None:
            return None
    return None


def _view_messages(route: str, view: Any) -> List[checks.CheckMessage]:
    messages: List[checks.CheckMessage] = []
    if isinstance(view, WebhookView):
        messages.extend(_secret_messages(route, view))
        store = view.store
        if isinstance(store, CacheDeliveryStore):
            messages.extend(_cache_messages(store.cache_alias, "REALTIME_SYNC['WEBHOOK_DEDUPE_CACHE']", "W001"))
        elif isinstance(store, MemoryDeliveryStore):
            messages.append(
                checks.Warning(
                    "The WebhookView at %s uses a MemoryDeliveryStore: it de-duplicates webhook deliveries within"
                    " one process only, so under several worker processes a redelivery reaching another worker"
                    " runs the handler (accepts the call) again." % route,
                    hint=_SHARED_HINT % "realtime_sync.W001",
                    obj=route,
                    id="realtime_sync.W001",
                )
            )
    elif isinstance(view, LiveOfferView):
        alias = realtime_setting("LIVE_OFFER_CACHE")
        messages.extend(_cache_messages(alias, "REALTIME_SYNC['LIVE_OFFER_CACHE']", "W002"))
    return messages


def _secret_messages(route: str, view: Any) -> List[checks.CheckMessage]:
    own = view.secret is not None
    secret = view.secret if own else realtime_setting("WEBHOOK_SECRET")
    if not secret:
        secret = os.environ.get(SECRET_ENV_VAR) or None
    where = ("the WebhookView at %s" % route) if own else "the project's WebhookView"
    if secret is None:
        return [
            checks.Error(
                "No webhook secret: every delivery to %s would fail with a 500." % where,
                hint='Set REALTIME_SYNC["WEBHOOK_SECRET"] (or settings.OPENAI_WEBHOOK_SECRET, or the %s'
                " environment variable) to the signing secret OpenAI showed when the webhook endpoint was"
                " created (whsec_...)." % SECRET_ENV_VAR,
                obj="settings.REALTIME_SYNC",
                id="realtime_sync.E003",
            )
        ]
    try:
        sign(b"", secret, webhook_id="wh_check", timestamp=0)
    except ConfigurationError as exc:  # the message never repeats the secret
        return [
            checks.Error(
                "The webhook secret of %s cannot be used: %s" % (where, exc),
                hint='Copy the whole signing secret (whsec_...) into REALTIME_SYNC["WEBHOOK_SECRET"].',
                obj=route if own else "settings.REALTIME_SYNC",
                id="realtime_sync.E003",
            )
        ]
    return []


def _cache_messages(alias: str, setting: str, warning: str) -> List[checks.CheckMessage]:
    caches = getattr(settings, "CACHES", None) or {}
    if alias not in caches:
        return [
            checks.Error(
                "%s is %r, which is not in CACHES." % (setting, alias),
                hint="Add a CACHES[%r] entry, or set %s to an alias CACHES has (%s)."
                % (alias, setting, ", ".join(sorted(caches)) or "none"),
                obj="settings.CACHES",
                id="realtime_sync.E004",
            )
        ]
    backend = _backend_kinds(caches[alias].get("BACKEND", ""))
    if _DUMMY in backend:
        return [
            checks.Error(
                "%s is %r, a DummyCache: it stores nothing, so no webhook delivery can be claimed and every one"
                " is answered 503." % (setting, alias),
                hint=_SHARED_HINT.split(" A single-process")[0],
                obj="settings.CACHES",
                id="realtime_sync.E005",
            )
        ]
    if _LOCMEM in backend or _FILE in backend:
        kind = "LocMemCache" if _LOCMEM in backend else "FileBasedCache"
        why = (
            "works within one process only"
            if kind == "LocMemCache"
            else "checks and then writes, so two processes can both claim a delivery"
        )
        return [
            checks.Warning(
                "%s is %r, a %s: it %s; under several worker processes a duplicate delivery (or a repeated"
                " browser offer) reaching another worker is handled again." % (setting, alias, kind, why),
                hint=_SHARED_HINT % ("realtime_sync." + warning),
                obj="settings.CACHES",
                id="realtime_sync." + warning,
            )
        ]
    return []


def _backend_kinds(path: str) -> Set[str]:
    """The dotted path of the backend and of the Django backends it derives from."""
    kinds = {path}
    try:
        from django.utils.module_loading import import_string

        backend = import_string(path)
    except Exception:
        return kinds
    for base in getattr(backend, "__mro__", ()):
        kinds.add("%s.%s" % (base.__module__, base.__qualname__))
    return kinds
