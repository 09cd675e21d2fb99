"""``RealtimeClient``: configuration, headers, the send loop with retries, error mapping."""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections import deque
from collections.abc import Mapping as _AbcMapping  # typing.Mapping's isinstance is several times slower
from logging import DEBUG
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, List, Mapping, Optional, Tuple, TypeVar, Union
from urllib.parse import urlencode

from ._qs import flatten
from ._redaction import library_logger, register_secret
from ._retry import RetryPolicy
from ._text import short_repr
from ._types import (
    NOT_GIVEN,
    ExtraHeaders,
    ExtraQuery,
    MaxRetriesArg,
    NotGiven,
    RetryMode,
    Timeout,
    TimeoutArg,
    TimeoutTypes,
)
from ._version import __version__
from .errors import (
    APIConnectionError,
    ConfigurationError,
    NotFoundError,
    RequestValidationError,
    response_too_large,
    status_error_from_response,
)
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    Headers,
    HttpRequest,
    HttpResponse,
    StreamedHttpResponse,
    Transport,
    check_headers,
)

if TYPE_CHECKING:  # pragma: no cover
    from ._resources import Calls, ClientSecrets, Translations
    from ._webhook_resources import Webhooks
    from .live import Live
    from .sideband import Realtime

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "RealtimeClient"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"

#: Finite by default (requests waits forever unless told): 5 s to connect,
#: 60 s for the answer. Control-plane calls answer in well under a second.
DEFAULT_TIMEOUT = Timeout(connect=5.0, read=60.0)

#: How many (Accept, Content-Type) pairs a client keeps merged with its headers.
_MAX_MERGED_HEADERS = 16

#: Retries after the first attempt when neither ``max_retries`` nor ``retry_policy`` says otherwise.
DEFAULT_MAX_RETRIES = 2

# Its records are scrubbed (an x-request-id echoing the key is logged at DEBUG).
log = library_logger("realtime_sync")

_USER_AGENT = "realtime_sync/%s Python/%s" % (__version__, sys.version.split()[0])  # = platform.python_version()

R = TypeVar("R", HttpResponse, StreamedHttpResponse)


class RealtimeClient:
    """A synchronous client for the Realtime API's REST control plane.

    Arguments not given come from the environment: ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``,
    ``OPENAI_WEBHOOK_SECRET``. One client
    is safe to share between all threads of a WSGI server; create it once.

    :param api_key: a standard API key (``sk-...``), an ephemeral client
        secret (``ek_...``), or a callable returning one (as the official
        SDK's ``Callable[[], str]``): it is called for every request (one call
        at a time, so it need not be thread-safe; retries of a request reuse
        its key), for vault-rotated keys and short-lived tokens.
    :param transport: any object with ``send``/``close`` (see
        :mod:`realtime_sync.transport`); default a ``RequestsTransport``.
    :param timeout: seconds, a ``(connect, read)`` pair or a ``Timeout``;
        ``None`` waits forever (the default is ``DEFAULT_TIMEOUT``).
    :param max_retries: retries after the first attempt (default 2; not
        given or ``None``: the default, or ``retry_policy``'s).
    :param retry_policy: a full :class:`RetryPolicy`; its ``max_retries`` is
        replaced by ``max_retries`` when that is given explicitly.
    :param webhook_secret: the secret ``client.webhooks.unwrap`` /
        ``verify_signature`` use (default ``OPENAI_WEBHOOK_SECRET``).
    :param max_response_bytes: the largest response body read into memory
        (default 16 MiB); a larger answer raises ``APIResponseValidationError``.
        The default ``RequestsTransport`` stops reading at the limit; bodies
        read with ``send_streamed`` (downloads) are not limited.
    :param default_query: query parameters sent with every request (the
        official SDK's option); a call's ``extra_query`` wins for the same name.
    :param strict: ``True`` (the default) refuses an unknown key in a request
        dict before sending, with a "did you mean" hint; ``False`` forwards
        unknown keys unchanged (known keys are still type-checked), so a field
        OpenAI added after this release can be used at once. Every method
        also takes ``strict=`` for one call.

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
        api_key: Optional[Union[str, Callable[[], str]]] = None,
        *,
        base_url: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
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
        if default_query is not None and not isinstance(default_query, Mapping):
            raise ConfigurationError(
                "default_query: expected a mapping of parameter names to values, got %s" % type(default_query).__name__
            )
        if not isinstance(strict, bool):
            raise ConfigurationError("strict: expected True or False, got %s" % short_repr(strict))
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
            raise ConfigurationError(
                "max_response_bytes: expected a positive whole number of bytes, got %s" % short_repr(max_response_bytes)
            )
        if api_key is None:
            api_key = os.environ.get("OPENAI_API_KEY")
        # Callable first, as the SDK (a callable str subclass is a provider too).
        provider = api_key if callable(api_key) else None
        if provider is None and (api_key is None or not isinstance(api_key, str) or not api_key.strip()):
            raise ConfigurationError(
                "No API key: pass api_key=... to RealtimeClient or set the OPENAI_API_KEY environment variable."
            )
        if base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ConfigurationError("base_url: expected an http:// or https:// URL, got %s" % short_repr(base_url))
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID") or None
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID") or None
        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise ConfigurationError("retry_policy: expected a RetryPolicy, got %s" % type(retry_policy).__name__)
        if default_headers is not None and not isinstance(default_headers, Mapping):
            raise ConfigurationError(
                "default_headers: expected a mapping of header names to values, got %s" % type(default_headers).__name__
            )
        try:
            retry_policy = _with_max_retries(retry_policy or RetryPolicy(DEFAULT_MAX_RETRIES), max_retries)
            timeout_ = Timeout.of(timeout)
        except RequestValidationError as exc:
            # A constructor argument: the configuration is wrong, not a request.
            raise ConfigurationError("; ".join(exc.errors)) from None

        if webhook_secret is None:
            webhook_secret = os.environ.get("OPENAI_WEBHOOK_SECRET") or None
        if webhook_secret is not None and not isinstance(webhook_secret, str):
            raise ConfigurationError("webhook_secret: expected a string, got %s" % type(webhook_secret).__name__)

        self._api_key_provider: Optional[Callable[[], str]] = provider
        self._api_key_lock = threading.Lock()
        # The provider's recent answers: an error echoing a key that was just
        # rotated out is scrubbed too.
        self._recent_api_keys: Deque[str] = deque(maxlen=8)
        # The static key, or the provider's latest answer (what errors are scrubbed of).
        self._api_key = "" if provider is not None or not isinstance(api_key, str) else api_key.strip()
        #: The secret ``client.webhooks`` verifies with (as the official SDK's
        #: ``client.webhook_secret``); never in a repr.
        self.webhook_secret: Optional[str] = webhook_secret
        # Errors, logs and fixtures of this process hide the secrets wherever they are echoed.
        register_secret(self._api_key)
        register_secret(webhook_secret)
        self._max_response_bytes = max_response_bytes
        self._strict = strict
        self._default_query: Dict[str, Any] = dict(default_query or {})
        self._base_url = base_url.rstrip("/")
        self._organization = organization
        self._project = project
        self._timeout = timeout_
        self._retry_policy = retry_policy
        self._default_headers = dict(default_headers or {})
        self._transport = transport
        self._owns_transport = True
        self._transport_lock = threading.Lock()
        self._headers = self._build_headers()
        self._merged_headers: Dict[Tuple[Optional[str], Optional[str]], Headers] = {}
        self._realtime: "Optional[Realtime]" = None
        self._live: "Optional[Live]" = None
        self._attach_resources()

    # -- configuration -----------------------------------------------------
    def _build_headers(self, api_key: Optional[str] = None) -> Headers:
        key = self._api_key if api_key is None else api_key
        # Checked here, where every request's headers come from (REST, the sideband
        # handshake, replays, custom transports alike), so that offline tests refuse
        # what production would; never quoting a value. Once per client, or per
        # request when a key provider supplies the key.
        check_headers([("Authorization", "Bearer " + key)], "api_key")
        headers = {"Authorization": "Bearer " + key, "User-Agent": _USER_AGENT}
        if self._organization:
            check_headers([("OpenAI-Organization", self._organization)], "organization")
            headers["OpenAI-Organization"] = self._organization
        if self._project:
            check_headers([("OpenAI-Project", self._project)], "project")
            headers["OpenAI-Project"] = self._project
        check_headers(self._default_headers.items(), "default_headers")
        return Headers(headers).merged(self._default_headers)

    def _attach_resources(self) -> None:
        from ._resources import Calls, ClientSecrets, Translations

        self.calls = Calls(self)
        self.client_secrets = ClientSecrets(self)
        self.translations = Translations(self)
        self.__dict__.pop("webhooks", None)  # a with_options copy builds its own

    @functools.cached_property
    def webhooks(self) -> "Webhooks":
        """Webhook signatures (``unwrap``, ``verify_signature``) and webhook endpoint management.

        Built on first use (a cached attribute: it can still be replaced, as before): a process that only
        calls the REST API never imports it.

        Example::

            event = client.webhooks.unwrap(request.body, request.headers)
        """
        from ._webhook_resources import Webhooks

        return Webhooks(self)

    @property
    def base_url(self) -> str:
        """The API root without a trailing slash, e.g. ``https://api.openai.com/v1``.

        Example::

            RealtimeClient("sk-x", base_url="http://127.0.0.1:8080/v1/").base_url  # no trailing slash
        """
        return self._base_url

    @property
    def timeout(self) -> Timeout:
        """The default :class:`Timeout` of every call."""
        return self._timeout

    @property
    def strict(self) -> bool:
        """Whether request dicts are checked strictly (unknown keys refused) by default; see ``strict=``.

        Example::

            RealtimeClient("sk-x", strict=False).strict  # False: unknown keys are forwarded
        """
        return self._strict

    @property
    def retry_policy(self) -> RetryPolicy:
        """The default :class:`RetryPolicy` of every call."""
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

        With a key provider, the key it returns now decides (the provider is called).

        Example::

            RealtimeClient("ek_abc").is_ephemeral_key  # True
        """
        return self._current_api_key().startswith("ek_")

    def _current_api_key(self) -> str:
        """The static key, or a fresh one from the provider (validated; never echoed)."""
        provider = self._api_key_provider
        if provider is None:
            return self._api_key
        with self._api_key_lock:
            # One call at a time: a provider need not be thread-safe.
            key = provider()
            if not isinstance(key, str) or not key.strip():
                # Name the type only: whatever came back may be a secret.
                raise ConfigurationError(
                    "api_key provider: expected it to return a non-empty string, got %s"
                    % ("an empty string" if isinstance(key, str) else type(key).__name__)
                )
            key = key.strip()
            self._api_key = key
            if key not in self._recent_api_keys:
                self._recent_api_keys.append(key)
                # Every error, log line and fixture of the process hides it, as the static key.
                register_secret(key)
        return key

    @property
    def transport(self) -> Transport:
        """The transport, created on first use (so ``requests`` loads only when needed)."""
        transport = self._transport
        if transport is None:
            with self._transport_lock:
                if self._transport is None:
                    from ._requests_transport import RequestsTransport

                    self._transport = RequestsTransport(max_response_bytes=self._max_response_bytes)
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

    @property
    def live(self) -> "Live":
        """The Live API's REST control plane: ``create``, and ``sessions.accept/refer/reject/hangup/fork/...``.

        Loaded on first use (the Live models are not imported before). See docs/live.md.

        Example::

            answer = client.live.create(session={"model": "gpt-live-1"}, transport={"type": "webrtc", "sdp": offer})
        """
        if self._live is None:
            from .live import Live

            self._live = Live(self)
        return self._live

    def with_options(
        self,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry_policy: Optional[RetryPolicy] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        strict: Optional[bool] = None,
        default_query: Optional[Mapping[str, Any]] = None,
    ) -> "RealtimeClient":
        """A copy with other defaults, sharing this client's transport (and its connections).

        The copy does not close the shared transport; close the original.

        Example::

            impatient = client.with_options(timeout=3, max_retries=0)
        """
        # type(self): a subclass (AzureRealtimeClient) stays one, with its own headers.
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._transport = self.transport
        clone._owns_transport = False
        clone._realtime = None
        clone._live = None
        if not isinstance(timeout, NotGiven):
            clone._timeout = Timeout.of(timeout)
        if strict is not None:
            if not isinstance(strict, bool):
                raise ConfigurationError("strict: expected True or False, got %s" % short_repr(strict))
            clone._strict = strict
        policy = retry_policy or self._retry_policy
        clone._retry_policy = _with_max_retries(policy, max_retries)
        if default_query:
            clone._default_query = dict(self._default_query, **default_query)
        if default_headers:
            clone._default_headers = dict(self._default_headers, **default_headers)
            clone._headers = clone._build_headers()
            clone._merged_headers = {}
        clone._attach_resources()
        return clone

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Close the transport (a no-op on clones from :meth:`with_options`)."""
        if self._owns_transport and self._transport is not None:
            self._transport.close()

    def __enter__(self) -> "RealtimeClient":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        # Never the key, not even a prefix: reprs end up in logs and tracebacks.
        return "<%s base_url=%r api_key=<redacted>>" % (type(self).__name__, self._base_url)

    # -- the seam every resource and connection goes through --------------------
    def _base_headers(self, accept: Optional[str], content_type: Optional[str]) -> Headers:
        # The client's headers plus Accept/Content-Type, merged once per pair and
        # reused (every call of an endpoint asks for the same pair): a merge is
        # the largest part of building a request.
        key = (accept, content_type)
        if self._api_key_provider is None:
            cached = self._merged_headers.get(key)
            if cached is not None:
                return cached
        headers = []
        if accept is not None:
            headers.append(("Accept", accept))
        if content_type is not None:
            headers.append(("Content-Type", content_type))
        if self._api_key_provider is not None:
            return self._build_headers(self._current_api_key()).merged(headers)
        merged = self._headers.merged(headers)
        if len(self._merged_headers) < _MAX_MERGED_HEADERS:
            # Bounded: a multipart Content-Type carries a fresh boundary on every call.
            self._merged_headers[key] = merged
        return merged

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
        """The request for ``method`` on ``base_url + path``, with this client's headers.

        The client's headers (``Authorization``, organization, project, user
        agent, ``default_headers``) come first, then ``Accept`` and
        ``Content-Type``, then ``extra_headers`` (a value of None removes that
        header). ``query`` is URL-encoded. Resources build every request here;
        use it with :meth:`send` for an endpoint this library does not wrap.

        Example::

            request = client.build_request("GET", "/realtime/calls/rtc_1", query={"include": ["sip"]})
            response = client.send(request)
        """
        merged = self._base_headers(accept, content_type)
        if extra_headers:
            if not isinstance(extra_headers, _AbcMapping):
                raise RequestValidationError(
                    [
                        "extra_headers: expected a mapping of header names to values, got %s"
                        % type(extra_headers).__name__
                    ]
                )
            check_headers([(k, v) for k, v in extra_headers.items() if v is not None], "extra_headers")
            # Caller headers win; a header set to None is removed.
            removed = {k.lower() for k, v in extra_headers.items() if v is None}
            merged = merged.merged([(k, v) for k, v in extra_headers.items() if v is not None])
            if removed:
                merged = Headers([(k, v) for k, v in merged.items() if k.lower() not in removed])
        url = self._base_url + path
        if self._default_query:
            query = dict(self._default_query, **dict(query or {}))
        if query:
            encoded = _encode_query(query)
            if encoded:
                url += ("&" if "?" in url else "?") + encoded
        return HttpRequest(method, url, merged, body)

    def send(
        self,
        request: HttpRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry_mode: RetryMode = RetryMode.ALWAYS,
    ) -> HttpResponse:
        """Send ``request`` with this client's retries; return the 2xx response or raise.

        A 4xx/5xx answer raises the matching :class:`~realtime_sync.errors.APIStatusError`
        once retries are exhausted; no answer raises ``APIConnectionError`` /
        ``APITimeoutError``. ``retry_mode`` says when a failed attempt may be
        repeated (:class:`RetryMode`; ``UNSENT`` for requests that must not be
        acted on twice).

        Example::

            response = client.send(client.build_request("POST", "/realtime/calls/rtc_1/hangup", accept="*/*"))
        """
        timeout_, policy = self._call_options(timeout, max_retries)
        return self._send_with_retries(request, timeout_, policy, _check_mode(retry_mode), self._send_bounded)

    def _send_bounded(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        # The same limit for any transport (a custom one may not enforce it while reading).
        transport = self._transport
        if transport is None:
            transport = self.transport
        response = transport.send(request, timeout=timeout)
        if len(response.body) > self._max_response_bytes:
            raise response_too_large(response, self._max_response_bytes, request)
        return response

    def send_streamed(
        self,
        request: HttpRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry_mode: RetryMode = RetryMode.ALWAYS,
    ) -> StreamedHttpResponse:
        """:meth:`send` for large bodies: the 2xx response is returned before its body is read.

        Read the body in chunks with ``iter_bytes()`` and close the response
        (``with`` does it). Retries cover the attempt up to the response
        headers; a connection lost while reading the body raises
        ``APIConnectionError`` from the iterator. A transport without
        ``send_streamed`` is called through ``send`` (the body then arrives as
        one chunk, held in memory).

        Example::

            request = client.build_request("GET", "/live/sessions/s_1/content", accept="application/binary")
            with client.send_streamed(request) as response:
                for chunk in response.iter_bytes():
                    out.write(chunk)
        """
        timeout_, policy = self._call_options(timeout, max_retries)
        transport = self.transport
        streamed = getattr(transport, "send_streamed", None)
        if callable(streamed):
            send: Callable[..., StreamedHttpResponse] = streamed
        else:

            def send(request: HttpRequest, *, timeout: Timeout) -> StreamedHttpResponse:
                return StreamedHttpResponse.of(transport.send(request, timeout=timeout))

        return self._send_with_retries(request, timeout_, policy, _check_mode(retry_mode), send)

    def _secrets_of(self, request: HttpRequest) -> Tuple[str, ...]:
        # The key this request carried, the latest one, and the provider's recent
        # answers (copied first: another thread may be adding to them).
        recent = list(self._recent_api_keys)
        return tuple(key for key in [_bearer(request), self._api_key, *recent] if key)

    def _call_options(self, timeout: TimeoutArg, max_retries: MaxRetriesArg) -> Tuple[Timeout, RetryPolicy]:
        if timeout.__class__ is NotGiven and max_retries.__class__ is NotGiven:  # the common call: no options
            return self._timeout, self._retry_policy
        effective_timeout = self._timeout if isinstance(timeout, NotGiven) else Timeout.of(timeout)
        return effective_timeout, _with_max_retries(self._retry_policy, max_retries)

    def _send_with_retries(
        self,
        request: HttpRequest,
        timeout: Timeout,
        policy: RetryPolicy,
        retry_mode: RetryMode,
        send: Callable[..., R],
    ) -> R:
        method = request.method
        url = request.url
        path = url[len(self._base_url) :] if url.startswith(self._base_url) else url
        retry_index = 0
        # Whether an earlier attempt may have reached the server and acted.
        may_have_acted = False
        while True:
            attempt = retry_index + 1
            try:
                response = send(request, timeout=timeout)
            except APIConnectionError as exc:
                if exc.request is None:
                    exc.request = request
                may_have_acted = may_have_acted or exc.request_sent
                delay = None
                if retry_mode is not RetryMode.UNSENT or not exc.request_sent:
                    delay = policy.delay_for_error(retry_index, exc)
                log.debug(
                    "%s %s -> %s (attempt %d of %d)%s",
                    method,
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
                if log.isEnabledFor(DEBUG):  # (one call fewer than log.debug on the hot path)
                    log.debug("%s %s -> %d (attempt %d)", method, path, status, attempt)
                return response
            complete = _complete(response, self._max_response_bytes)
            if retry_mode is RetryMode.HANGUP and may_have_acted and status == 404 and _is_gone(complete):
                # An earlier attempt reached the server and hung up; the call
                # is gone, which is what the caller asked for.
                log.debug("%s %s -> 404 not found on retry %d: already hung up", method, path, retry_index)
                done = HttpResponse(200, complete.headers, b"")
                if isinstance(response, HttpResponse):
                    return done
                return StreamedHttpResponse.of(done)
            delay = None
            if retry_mode is not RetryMode.UNSENT or _refused_by_openai(complete):
                delay = policy.delay_for_response(retry_index, complete)
            log.debug(
                "%s %s -> %d (attempt %d of %d, request id %s)%s",
                method,
                path,
                status,
                attempt,
                policy.max_retries + 1,
                complete.headers.get("x-request-id"),
                "" if delay is None else "; retrying in %.2fs" % delay,
            )
            if delay is None:
                raise status_error_from_response(complete, request, secrets=self._secrets_of(request))
            # The server answered; whatever it did, it did it.
            may_have_acted = True
            policy.sleep(delay)
            retry_index += 1


def _bearer(request: HttpRequest) -> str:
    value = request.headers.get("Authorization") or ""
    return value[7:].strip() if value[:7].lower() == "bearer " else ""


def _complete(response: Union[HttpResponse, StreamedHttpResponse], limit: int) -> HttpResponse:
    # A non-2xx answer as a whole HttpResponse: reading it frees the connection of
    # a streamed attempt before a retry. An error body is small; one that is not
    # (a hostile server) is cut at ``limit``: the status is what decides.
    if isinstance(response, HttpResponse):
        return response
    kept: List[bytes] = []
    size = 0
    with response:
        for chunk in response.iter_bytes():
            kept.append(chunk)
            size += len(chunk)
            if size > limit:
                break
    return HttpResponse(response.status_code, response.headers, b"".join(kept)[:limit])


def _refused_by_openai(response: HttpResponse) -> bool:
    """True when the answer proves the request was not acted on (what ``RetryMode.UNSENT`` needs).

    Only OpenAI itself saying "not now" proves that: a 429 or 503, or an
    explicit ``x-should-retry: true``, on an answer carrying ``x-request-id``
    (OpenAI's own answers do; a proxy's or gateway's do not). A 502/504 is a
    gateway reporting that the upstream failed or was slow, which is exactly
    when the upstream may already have accepted the call; a 500, 408 or 409
    does not say whether anything happened either.
    """
    headers = response.headers
    if not headers.get("x-request-id"):
        return False
    override = headers.get("x-should-retry")
    if override is not None:
        return bool(override == "true")
    return response.status_code in (429, 503)


def _encode_query(query: Any) -> str:
    # Checked here, where every request is built: a raw AttributeError, ValueError (an int too
    # long for str()), RecursionError or UnicodeEncodeError from flatten/urlencode names nothing.
    if not isinstance(query, Mapping):
        raise RequestValidationError(
            ["extra_query: expected a mapping of names to values, got %s" % type(query).__name__]
        )
    try:
        return urlencode(flatten(query))
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError) as exc:
        raise RequestValidationError(["extra_query: cannot be encoded in a URL (%s)" % type(exc).__name__]) from None


def _with_max_retries(policy: RetryPolicy, max_retries: MaxRetriesArg) -> RetryPolicy:
    if isinstance(max_retries, NotGiven) or max_retries is None:
        return policy
    return policy.replace(max_retries=max_retries)


def _check_mode(retry_mode: RetryMode) -> RetryMode:
    if not isinstance(retry_mode, RetryMode):
        # A typo must not silently mean "always" (the most permissive mode).
        raise TypeError("retry_mode: expected a RetryMode, got %r" % (retry_mode,))
    return retry_mode


def _is_gone(response: HttpResponse) -> bool:
    # A 404 saying the call or session does not exist (any more). Realtime
    # documents "call_id_not_found"; the Live API's code for a gone session is
    # undocumented (unverified), so any "..._not_found" code counts
    # ("session_not_found", "session_id_not_found"...). A 404 without such a
    # code does not: it may come from a proxy or a wrong base URL.
    try:
        error = status_error_from_response(response)
    except Exception:  # pragma: no cover - defensive: never mask the real outcome
        return False
    code = error.code
    return isinstance(error, NotFoundError) and isinstance(code, str) and code.endswith("_not_found")
