"""``AzureRealtimeClient``: the Realtime control plane of Azure OpenAI's v1 API, ported from ``openai.AzureOpenAI``.

Everything but the address and the credential is ``RealtimeClient``'s (resources,
retries, errors, fixtures, the sideband, webhooks). It goes through the client's
public seam only: :meth:`RealtimeClient.build_request`, which every REST request
and the sideband handshake are built by, here adds ``api-version`` and moves an
API key from ``Authorization: Bearer`` to Azure's ``api-key`` header.
"""

import os
import threading
from typing import Any, Callable, Dict, Mapping, Optional, Union

from ._client import DEFAULT_TIMEOUT, RealtimeClient
from ._redaction import register_secret
from ._retry import RetryPolicy
from ._types import NOT_GIVEN, ExtraHeaders, ExtraQuery, MaxRetriesArg, TimeoutTypes
from .errors import ConfigurationError
from .transport import DEFAULT_MAX_RESPONSE_BYTES, Headers, HttpRequest, Transport

__all__ = ["AzureRealtimeClient"]

# The official SDK's wording (openai/lib/azure.py), so a ported error handler or log search still matches.
_MUTUALLY_EXCLUSIVE = (
    "The `api_key`, `azure_ad_token` and `azure_ad_token_provider` arguments are mutually exclusive; "
    "Only one can be passed at a time"
)
_MISSING_CREDENTIALS = (
    "Missing credentials. Please pass one of `api_key`, `azure_ad_token`, `azure_ad_token_provider`, "
    "or the `AZURE_OPENAI_API_KEY` or `AZURE_OPENAI_AD_TOKEN` environment variables."
)
_MISSING_ENDPOINT = (
    "Must provide one of the `base_url` or `azure_endpoint` arguments, "
    "or the `AZURE_OPENAI_ENDPOINT` environment variable"
)


def _env(name: str) -> Optional[str]:
    # An empty variable is an unset one (a blank line in a .env file must not select a credential).
    return os.environ.get(name) or None


class AzureRealtimeClient(RealtimeClient):
    """:class:`RealtimeClient` for Azure OpenAI: ``https://{resource}.openai.azure.com/openai/v1``.

    The arguments of the official SDK's ``openai.AzureOpenAI``; arguments not
    given come from ``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``, and
    (when no credential is passed) ``AZURE_OPENAI_AD_TOKEN``, else
    ``AZURE_OPENAI_API_KEY``. Every other argument is ``RealtimeClient``'s.
    See docs/azure.md for what differs on Azure.

    :param azure_endpoint: the resource, e.g. ``https://my-resource.openai.azure.com``;
        requests go to ``{azure_endpoint}/openai/v1`` (Azure's v1 API).
    :param base_url: the full API root instead (e.g. a gateway in front of
        Azure); not together with ``azure_endpoint``.
    :param api_key: an Azure API key, or a callable returning one (called
        for every request, as ``RealtimeClient``'s key provider); sent as
        ``api-key: <key>``.
    :param azure_ad_token: a Microsoft Entra ID access token, sent as
        ``Authorization: Bearer <token>``.
    :param azure_ad_token_provider: a callable returning an Entra ID token,
        called for every request (one call at a time; retries of a request
        reuse its token), e.g. ``azure.identity.get_bearer_token_provider(...)``.
        Only one of ``api_key``, ``azure_ad_token``, ``azure_ad_token_provider``.
    :param api_version: sent as the ``api-version`` query parameter of every
        request (REST and sideband) when given; the v1 API needs none. It
        joins ``default_query`` (as in the SDK).
    :param azure_deployment: kept as :attr:`azure_deployment`. On the v1 API a
        deployment is named where a model is (``session["model"]``,
        ``realtime.connect(model=...)``); it does not change any URL.

    Example::

        client = AzureRealtimeClient(azure_endpoint="https://my-resource.openai.azure.com", api_key=key)
        secret = client.client_secrets.create(session={"type": "realtime", "model": "my-gpt-realtime"})
    """

    def __init__(
        self,
        *,
        azure_endpoint: Optional[str] = None,
        azure_deployment: Optional[str] = None,
        api_version: Optional[str] = None,
        api_key: Optional[Union[str, Callable[[], str]]] = None,
        azure_ad_token: Optional[str] = None,
        azure_ad_token_provider: Optional[Callable[[], str]] = None,
        base_url: Optional[str] = None,
        transport: Optional[Transport] = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        retry_policy: Optional[RetryPolicy] = None,
        webhook_secret: Optional[str] = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        strict: bool = True,
        default_query: Optional[Mapping[str, Any]] = None,
    ) -> None:
        given = [api_key is not None, azure_ad_token is not None, azure_ad_token_provider is not None]
        if sum(given) > 1:
            raise ConfigurationError(_MUTUALLY_EXCLUSIVE)
        if not any(given):
            # The SDK's order: an Entra ID token from the environment wins over a key.
            azure_ad_token = _env("AZURE_OPENAI_AD_TOKEN")
            if azure_ad_token is None:
                api_key = _env("AZURE_OPENAI_API_KEY")
            if azure_ad_token is None and api_key is None:
                raise ConfigurationError(_MISSING_CREDENTIALS)

        credential: Union[str, Callable[[], str]]
        if azure_ad_token_provider is not None:
            if not callable(azure_ad_token_provider):
                raise ConfigurationError(
                    "azure_ad_token_provider: expected a callable returning a token, got %s"
                    % type(azure_ad_token_provider).__name__
                )
            credential = _TokenProvider(azure_ad_token_provider, "azure_ad_token_provider")
            self._azure_api_key_header = False
        elif azure_ad_token is not None:
            if not isinstance(azure_ad_token, str) or not azure_ad_token.strip():
                # The type only: whatever was passed may be a secret.
                raise ConfigurationError(
                    "azure_ad_token: expected a non-empty string, got %s"
                    % ("an empty string" if isinstance(azure_ad_token, str) else type(azure_ad_token).__name__)
                )
            credential = azure_ad_token
            self._azure_api_key_header = False
        else:
            if callable(api_key):
                credential = _TokenProvider(api_key, "api_key")
            elif isinstance(api_key, str) and api_key.strip():
                credential = api_key
            else:
                raise ConfigurationError(
                    "api_key: expected a non-empty string or a callable returning one, got %s"
                    % ("an empty string" if isinstance(api_key, str) else type(api_key).__name__)
                )
            self._azure_api_key_header = True

        if api_version is None:
            api_version = _env("OPENAI_API_VERSION")
        if api_version is not None and (not isinstance(api_version, str) or not api_version.strip()):
            raise ConfigurationError("api_version: expected a non-empty string, got %r" % (api_version,))
        if azure_deployment is not None and (not isinstance(azure_deployment, str) or not azure_deployment.strip()):
            raise ConfigurationError("azure_deployment: expected a non-empty string, got %r" % (azure_deployment,))
        if base_url is not None:
            if azure_endpoint is not None:
                raise ConfigurationError("base_url and azure_endpoint are mutually exclusive")
        else:
            if azure_endpoint is None:
                azure_endpoint = _env("AZURE_OPENAI_ENDPOINT")
            if azure_endpoint is None:
                raise ConfigurationError(_MISSING_ENDPOINT)
            if not isinstance(azure_endpoint, str) or not azure_endpoint.startswith(("http://", "https://")):
                raise ConfigurationError(
                    "azure_endpoint: expected an https:// URL such as https://my-resource.openai.azure.com, got %r"
                    % (azure_endpoint,)
                )
            base_url = azure_endpoint.rstrip("/") + "/openai/v1"

        self._azure_api_version = api_version
        self._azure_deployment = azure_deployment
        if default_query is not None and not isinstance(default_query, Mapping):
            raise ConfigurationError(
                "default_query: expected a mapping of parameter names to values, got %s" % type(default_query).__name__
            )
        if api_version is not None:
            # As the SDK: api-version joins the default query, over one given there (placed first; a call's
            # extra_query still wins).
            rest = {k: v for k, v in (default_query or {}).items() if k != "api-version"}
            default_query = dict({"api-version": api_version}, **rest)
        super().__init__(
            credential,
            base_url=base_url,
            transport=transport,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_policy=retry_policy,
            webhook_secret=webhook_secret,
            max_response_bytes=max_response_bytes,
            strict=strict,
            default_query=default_query,
        )
        # The static key this client sends, or the provider whose answers are known per request.
        self._azure_static_key = credential if isinstance(credential, str) else None
        self._azure_provider = credential if isinstance(credential, _TokenProvider) else None

    @property
    def api_version(self) -> Optional[str]:
        """The ``api-version`` query parameter sent with every request, or None (the v1 API needs none)."""
        return self._azure_api_version

    @property
    def azure_deployment(self) -> Optional[str]:
        """The ``azure_deployment`` given (a deployment name is what Azure calls a model); None when not given."""
        return self._azure_deployment

    @property
    def auth_header(self) -> str:
        """The header the credential is sent in: ``"api-key"`` or ``"Authorization"`` (Entra ID bearer token)."""
        return "api-key" if self._azure_api_key_header else "Authorization"

    def build_request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        content_type: Optional[str] = None,
        accept: Optional[str] = "application/json",
        query: ExtraQuery = None,
        extra_headers: ExtraHeaders = None,
    ) -> HttpRequest:
        """:meth:`RealtimeClient.build_request` with Azure's auth header.

        With an API key, the key goes in ``api-key`` instead of
        ``Authorization`` (unless ``extra_headers`` or ``default_headers``
        set ``api-key`` themselves). ``api-version`` is part of the client's
        ``default_query``: first in the query, a per-call value wins.

        Example::

            request = client.build_request("GET", "/realtime/calls/rtc_1")  # .../openai/v1/realtime/calls/rtc_1
        """
        request = super().build_request(
            method,
            path,
            body=body,
            content_type=content_type,
            accept=accept,
            query=query,
            extra_headers=extra_headers,
        )
        if not self._azure_api_key_header:
            return request
        key = self._azure_static_key
        if key is None and self._azure_provider is not None:
            key = self._azure_provider.answer_for_this_thread()
        if key is None:  # pragma: no cover - one of the two is always set
            return request
        own = "Bearer " + key.strip()
        headers = [(k, v) for k, v in request.headers.items() if not (k.lower() == "authorization" and v == own)]
        if not any(k.lower() == "api-key" for k, _ in headers):
            headers.insert(0, ("api-key", key.strip()))
        return HttpRequest(request.method, request.url, Headers(headers), request.body)


class _TokenProvider:
    """A credential callable, checked, its answers registered as secrets and remembered per thread.

    ``RealtimeClient`` calls it once per request, under its lock, while
    ``build_request`` runs in the calling thread: the thread's last answer is
    the key of the request being built. Kept by ``threading.get_ident()``, read
    at call time (so gevent's patched one, greenlet by greenlet), not in thread-local
    storage (one created before gevent patches would be shared by the greenlets).
    """

    def __init__(self, provider: Callable[[], str], name: str) -> None:
        self._provider = provider
        self._name = name
        # At most one entry per thread that ever built a request (each one replaces its own).
        self._answers: Dict[int, str] = {}

    def __call__(self) -> str:
        value = self._provider()
        if not isinstance(value, str) or not value.strip():
            # Name the type only: whatever came back may be a secret.
            raise ConfigurationError(
                "%s: expected it to return a non-empty string, got %s"
                % (self._name, "an empty string" if isinstance(value, str) else type(value).__name__)
            )
        # str.__str__: a str subclass must not run code of its own when interpolated (as the SDK).
        value = str.__str__(value)
        register_secret(value.strip())
        self._answers[threading.get_ident()] = value
        return value

    def answer_for_this_thread(self) -> str:
        return self._answers[threading.get_ident()]

    def __repr__(self) -> str:
        return "<%s provider>" % self._name
