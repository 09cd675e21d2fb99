"""realtime_sync: a small synchronous client for the OpenAI Realtime API's REST control plane.

Example::

    import realtime_sync

    with realtime_sync.RealtimeClient() as client:          # OPENAI_API_KEY from the environment
        secret = client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
        print(secret.value, secret.expires_at)

Every public name is listed in ``__all__`` below and importable from here.
Names are loaded on first use (PEP 562), so ``import realtime_sync`` stays
cheap and ``realtime_sync.webhooks`` never pulls in attrs, cattrs or requests.
"""

from typing import TYPE_CHECKING, Any, Dict

from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    FixtureError,
    FixtureMismatchError,
    InternalServerError,
    InvalidWebhookSignatureError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RealtimeSyncError,
    RequestValidationError,
    UnprocessableEntityError,
)
from .transport import Headers, HttpRequest, HttpResponse, Timeout, Transport

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient
    from ._requests_transport import RequestsTransport
    from ._retry import RetryPolicy
    from .models import *  # noqa: F403

_LAZY: Dict[str, str] = {
    "RealtimeClient": "._client",
    "RequestsTransport": "._requests_transport",
    "RetryPolicy": "._retry",
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "FixtureError",
    "FixtureMismatchError",
    "Headers",
    "HttpRequest",
    "HttpResponse",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RealtimeClient",
    "RealtimeSyncError",
    "RequestValidationError",
    "RequestsTransport",
    "RetryPolicy",
    "Timeout",
    "Transport",
    "UnprocessableEntityError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    import importlib

    module_name = _LAZY.get(name)
    if module_name is None:
        # Models (and NULL) live in realtime_sync.models.
        models = importlib.import_module(".models", __name__)
        if name in getattr(models, "__all__", ()):
            value = getattr(models, name)
            globals()[name] = value
            return value
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value  # cache: later lookups are plain attribute reads
    return value


def __dir__() -> Any:
    return sorted(set(globals()) | set(__all__))
