"""realtime_sync: a small synchronous client for the OpenAI Realtime API's REST control plane.

Example::

    import realtime_sync

    with realtime_sync.RealtimeClient() as client:          # OPENAI_API_KEY from the environment
        secret = client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
        print(secret.value, secret.expires_at)

Every public name is listed in ``__all__`` below and importable from here;
the full model tree is in :mod:`realtime_sync.models`, and the optional parts
live in their own modules (``fixtures``, ``webhooks``, ``sideband``,
``contrib.django``, ``cli``).
Names are loaded on first use (PEP 562), so ``import realtime_sync`` stays
cheap and ``realtime_sync.webhooks`` never pulls in attrs, cattrs or requests.
"""

from typing import TYPE_CHECKING, Any, Dict

from ._types import NOT_GIVEN, NotGiven, RetryMode
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
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    RealtimeSyncError,
    RequestValidationError,
    UnprocessableEntityError,
)
from .transport import Headers, HttpRequest, HttpResponse, StreamedHttpResponse, Timeout, Transport

if TYPE_CHECKING:  # pragma: no cover
    from ._azure import AzureRealtimeClient
    from ._client import RealtimeClient
    from ._pagination import SyncCursorPage
    from ._requests_transport import RequestsTransport
    from ._response import RawResponse, StreamingResponse
    from ._retry import RetryPolicy
    from .models import (
        NULL,
        ClientSecretExpiration,
        RealtimeCallAcceptRequest,
        RealtimeCallCreateRequest,
        RealtimeCallCreateResponse,
        RealtimeCallReferRequest,
        RealtimeCallRejectRequest,
        RealtimeCreateClientSecretRequest,
        RealtimeCreateClientSecretResponse,
        RealtimeSessionCreateRequest,
        RealtimeTranscriptionSessionCreateRequest,
        RealtimeTranslationClientSecretCreateRequest,
        RealtimeTranslationClientSecretCreateResponse,
        RealtimeTranslationSessionCreateRequest,
    )

_LAZY: Dict[str, str] = {
    "RealtimeClient": "._client",
    "AzureRealtimeClient": "._azure",
    "RawResponse": "._response",
    "StreamingResponse": "._response",
    "SyncCursorPage": "._pagination",
    "RequestsTransport": "._requests_transport",
    "RetryPolicy": "._retry",
    "ClientSecretExpiration": ".models",
    "NULL": ".models",
    "RealtimeCallAcceptRequest": ".models",
    "RealtimeCallCreateRequest": ".models",
    "RealtimeCallCreateResponse": ".models",
    "RealtimeCallReferRequest": ".models",
    "RealtimeCallRejectRequest": ".models",
    "RealtimeCreateClientSecretRequest": ".models",
    "RealtimeCreateClientSecretResponse": ".models",
    "RealtimeSessionCreateRequest": ".models",
    "RealtimeTranscriptionSessionCreateRequest": ".models",
    "RealtimeTranslationClientSecretCreateRequest": ".models",
    "RealtimeTranslationClientSecretCreateResponse": ".models",
    "RealtimeTranslationSessionCreateRequest": ".models",
}

__all__ = [
    "NOT_GIVEN",
    "NULL",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "AzureRealtimeClient",
    "BadRequestError",
    "ClientSecretExpiration",
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
    "NotGiven",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RealtimeCallAcceptRequest",
    "RealtimeCallCreateRequest",
    "RealtimeCallCreateResponse",
    "RealtimeCallReferRequest",
    "RealtimeCallRejectRequest",
    "RealtimeClient",
    "RealtimeCreateClientSecretRequest",
    "RealtimeCreateClientSecretResponse",
    "RealtimeSessionCreateRequest",
    "RealtimeSyncError",
    "RealtimeTranscriptionSessionCreateRequest",
    "RealtimeTranslationClientSecretCreateRequest",
    "RealtimeTranslationClientSecretCreateResponse",
    "RealtimeTranslationSessionCreateRequest",
    "RequestValidationError",
    "RequestsTransport",
    "RetryMode",
    "RetryPolicy",
    "StreamedHttpResponse",
    "StreamingResponse",
    "SyncCursorPage",
    "Timeout",
    "Transport",
    "UnprocessableEntityError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    import importlib

    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value  # cache: later lookups are plain attribute reads
    return value


def __dir__() -> Any:
    return sorted(set(globals()) | set(__all__))
