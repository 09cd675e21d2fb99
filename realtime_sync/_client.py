"""``RealtimeClient``: configuration, headers, the send loop with retries, error mapping."""

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple

from ._retry import RetryPolicy
from ._version import __version__
from .errors import (
    APIConnectionError,
    ConfigurationError,
    NotFoundError,
    status_error_from_response,
)
from .transport import Headers, HttpRequest, HttpResponse, Timeout, TimeoutTypes, Transport

if TYPE_CHECKING:  # pragma: no cover
    from ._resources import Calls, ClientSecrets, Translations
    from .sideband import Realtime

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "RealtimeClient"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"

#: Finite by default (requests waits forever unless told): 5 s to connect,
#: 60 s for the answer. Control-plane calls answer in well under a second.
DEFAULT_TIMEOUT = Timeout(connect=5.0, read=60.0)

log = logging.getLogger("realtime_sync")

_USER_AGENT = "realtime_sync/%s Python/%s" % (__version__, sys.version.split()[0])  # = platform.python_version()

# How a failed attempt may be repeated (see README, "Retries and timeouts"):
#   "always"  - any retryable failure is retried (client secrets, calls.create);
#   "unsent"  - only when the server certainly did not act: no connection, or an
#               explicit retryable status; never after a read timeout or a
#               reset once the request was sent (accept, refer, reject);
#   "hangup"  - like "always", and a 404 call_id_not_found on a *retry* means
#               the first attempt already hung up, so it counts as success.
RetryMode = str


class _Unset:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


_NOT_GIVEN: Any = _Unset()


class RealtimeClient:
    """A synchronous client for the Realtime API's REST control plane.

    Arguments not given come from the environment: ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``. One client
    is safe to share between all threads of a WSGI server; create it once.

    :param api_key: a standard API key (``sk-...``) or an ephemeral client
        secret (``ek_...``).
    :param transport: any object with ``send``/``close`` (see
        :mod:`realtime_sync.transport`); default a ``RequestsTransport``.
    :param timeout: seconds, a ``(connect, read)`` pair or a ``Timeout``.
    :param max_retries: retries after the first attempt (default 2).
    :param retry_policy: a full :class:`RetryPolicy`; its ``max_retries`` is
        replaced by ``max_retries`` when that is given explicitly.

    Example::

        with RealtimeClient() as client:
            answer = client.calls.create(sdp=offer, session={"type": "realtime", "model": "gpt-realtime"})
            print(answer.call_id)
    """

    calls: "Calls"
    client_secrets: "ClientSecrets"
    translations: "Translations"

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        transport: Optional[Transport] = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        retry_policy: Optional[RetryPolicy] = None,
    ) -> None:
        if api_key is None:
            api_key = os.environ.get("OPENAI_API_KEY")
        if api_key is None or not isinstance(api_key, str) or not api_key.strip():
            raise ConfigurationError(
                "No API key: pass api_key=... to RealtimeClient or set the OPENAI_API_KEY environment variable."
            )
        if base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        if not base_url.startswith(("http://", "https://")):
            raise ConfigurationError("base_url: expected an http:// or https:// URL, got %r" % (base_url,))
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID") or None
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID") or None
        if retry_policy is None:
            retry_policy = RetryPolicy(2 if max_retries is None else max_retries)
        elif max_retries is not None:
            retry_policy = retry_policy.replace(max_retries=max_retries)

        self._api_key = api_key.strip()
        self._base_url = base_url.rstrip("/")
        self._organization = organization
        self._project = project
        self._timeout = Timeout.of(timeout)
        self._retry_policy = retry_policy
        self._default_headers = dict(default_headers or {})
        self._transport = transport
        self._owns_transport = True
        self._transport_lock = threading.Lock()
        self._headers = self._build_headers()
        self._realtime: "Optional[Realtime]" = None
        self._attach_resources()

    # -- configuration -----------------------------------------------------
    def _build_headers(self) -> Headers:
        headers = {"Authorization": "Bearer " + self._api_key, "User-Agent": _USER_AGENT}
        if self._organization:
            headers["OpenAI-Organization"] = self._organization
        if self._project:
            headers["OpenAI-Project"] = self._project
        return Headers(headers).merged(self._default_headers)

    def _attach_resources(self) -> None:
        from ._resources import Calls, ClientSecrets, Translations

        self.calls = Calls(self)
        self.client_secrets = ClientSecrets(self)
        self.translations = Translations(self)

    @property
    def base_url(self) -> str:
        """The API root without a trailing slash, e.g. ``https://api.openai.com/v1``.

        Example::

            RealtimeClient("sk-x", base_url="http://127.0.0.1:8080/v1/").base_url  # no trailing slash
        """
        return self._base_url

    @property
    def timeout(self) -> Timeout:
        """The default :class:`Timeout` of every call.

        Example::

            client.timeout.read
        """
        return self._timeout

    @property
    def retry_policy(self) -> RetryPolicy:
        """The default :class:`RetryPolicy` of every call.

        Example::

            client.retry_policy.max_retries  # 2
        """
        return self._retry_policy

    @property
    def max_retries(self) -> int:
        """Retries after the first attempt, by default.

        Example::

            client.with_options(max_retries=0).max_retries  # 0
        """
        return self._retry_policy.max_retries

    @property
    def is_ephemeral_key(self) -> bool:
        """True when authenticating with an ``ek_`` client secret (browser-style).

        Example::

            RealtimeClient("ek_abc").is_ephemeral_key  # True
        """
        return self._api_key.startswith("ek_")

    @property
    def transport(self) -> Transport:
        """The transport, created on first use (so ``requests`` loads only when needed).

        Example::

            client.transport.close()
        """
        transport = self._transport
        if transport is None:
            with self._transport_lock:
                if self._transport is None:
                    from ._requests_transport import RequestsTransport

                    self._transport = RequestsTransport()
                transport = self._transport
        return transport

    @property
    def realtime(self) -> "Realtime":
        """Sideband WebSocket connections to live calls (``pip install realtime_sync[ws]``).

        Example::

            with client.realtime.connect(call_id="rtc_123") as conn:
                event = conn.recv(timeout=5)
        """
        if self._realtime is None:
            from .sideband import Realtime

            self._realtime = Realtime(self)
        return self._realtime

    def with_options(
        self,
        *,
        timeout: TimeoutTypes = _NOT_GIVEN,
        max_retries: Optional[int] = None,
        retry_policy: Optional[RetryPolicy] = None,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> "RealtimeClient":
        """A copy with other defaults, sharing this client's transport (and its connections).

        The copy does not close the shared transport; close the original.

        Example::

            impatient = client.with_options(timeout=3, max_retries=0)
        """
        clone = object.__new__(RealtimeClient)
        clone.__dict__.update(self.__dict__)
        clone._transport = self.transport
        clone._owns_transport = False
        clone._realtime = None
        if timeout is not _NOT_GIVEN:
            clone._timeout = Timeout.of(timeout)
        policy = retry_policy or self._retry_policy
        clone._retry_policy = policy.replace(max_retries=max_retries) if max_retries is not None else policy
        if default_headers:
            clone._default_headers = dict(self._default_headers, **default_headers)
            clone._headers = clone._build_headers()
        clone._attach_resources()
        return clone

    def _auth_headers(self) -> Dict[str, str]:
        """Authorization, organization, project, user agent and default headers (for the sideband).

        Example::

            client._auth_headers()["Authorization"]
        """
        return dict(self._headers.items())

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Close the transport (a no-op on clones from :meth:`with_options`).

        Example::

            client.close()
        """
        if self._owns_transport and self._transport is not None:
            self._transport.close()

    def __enter__(self) -> "RealtimeClient":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        # Never the key, not even a prefix: reprs end up in logs and tracebacks.
        return "<RealtimeClient base_url=%r api_key=<redacted>>" % (self._base_url,)

    # -- the send loop ---------------------------------------------------------
    def _request(
        self,
        path: str,
        *,
        body: bytes = b"",
        content_type: Optional[str] = "application/json",
        accept: str = "application/json",
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: Optional[Mapping[str, Optional[str]]] = None,
        max_retries: Optional[int] = None,
        retry_mode: RetryMode = "always",
    ) -> Tuple[HttpRequest, HttpResponse]:
        """POST ``path`` with retries; returns the 2xx response or raises."""
        headers = [("Accept", accept)]
        if content_type is not None:
            headers.append(("Content-Type", content_type))
        merged = self._headers.merged(headers)
        if extra_headers:
            # Caller headers win; a header set to None is removed.
            removed = {k.lower() for k, v in extra_headers.items() if v is None}
            merged = merged.merged([(k, v) for k, v in extra_headers.items() if v is not None])
            if removed:
                merged = Headers([(k, v) for k, v in merged.items() if k.lower() not in removed])
        request = HttpRequest("POST", self._base_url + path, merged, body)
        effective_timeout = self._timeout if timeout is _NOT_GIVEN else Timeout.of(timeout)
        policy = self._retry_policy
        if max_retries is not None:
            policy = policy.replace(max_retries=max_retries)
        return request, self._send_with_retries(request, effective_timeout, policy, retry_mode, path)

    def _send_with_retries(
        self, request: HttpRequest, timeout: Timeout, policy: RetryPolicy, retry_mode: RetryMode, path: str
    ) -> HttpResponse:
        transport = self.transport
        retry_index = 0
        # Whether an earlier attempt may have reached the server and acted.
        may_have_acted = False
        while True:
            attempt = retry_index + 1
            try:
                response = transport.send(request, timeout=timeout)
            except APIConnectionError as exc:
                if exc.request is None:
                    exc.request = request
                may_have_acted = may_have_acted or exc.request_sent
                delay = None
                if retry_mode != "unsent" or not exc.request_sent:
                    delay = policy.delay_for_error(retry_index, exc)
                log.debug(
                    "POST %s -> %s (attempt %d of %d)%s",
                    path,
                    type(exc).__name__,
                    attempt,
                    policy.max_retries + 1,
                    "" if delay is None else "; retrying in %.2fs" % delay,
                )
                if delay is None:
                    raise
                policy.sleep(delay)
                retry_index += 1
                continue

            status = response.status_code
            if 200 <= status < 300:
                log.debug("POST %s -> %d (attempt %d)", path, status, attempt)
                return response
            if retry_mode == "hangup" and may_have_acted and status == 404 and _is_call_not_found(response):
                # An earlier attempt reached the server and hung up; the call
                # is gone, which is what the caller asked for.
                log.debug("POST %s -> 404 call_id_not_found on retry %d: already hung up", path, retry_index)
                return HttpResponse(200, response.headers, b"")
            delay = policy.delay_for_response(retry_index, response)
            log.debug(
                "POST %s -> %d (attempt %d of %d, request id %s)%s",
                path,
                status,
                attempt,
                policy.max_retries + 1,
                response.headers.get("x-request-id"),
                "" if delay is None else "; retrying in %.2fs" % delay,
            )
            if delay is None:
                raise status_error_from_response(response, request, secrets=(self._api_key,))
            # The server answered; whatever it did, it did it.
            may_have_acted = True
            policy.sleep(delay)
            retry_index += 1


def _is_call_not_found(response: HttpResponse) -> bool:
    try:
        error = status_error_from_response(response)
    except Exception:  # pragma: no cover - defensive: never mask the real outcome
        return False
    return isinstance(error, NotFoundError) and error.code == "call_id_not_found"
