"""The ``requests`` transport: the only module in realtime_sync that imports requests."""

import threading
from typing import Any, Optional

import requests
import requests.adapters
import requests.exceptions
import urllib3.exceptions

from .errors import APIConnectionError, APITimeoutError
from .transport import HttpRequest, HttpResponse, Timeout

__all__ = ["RequestsTransport"]


class RequestsTransport:
    """Sends requests through a ``requests.Session``, yours or its own.

    Pass your own session to keep its proxies, CA bundle, client certificates
    and mounted adapters; the transport then never closes it. Connections are
    pooled and reused. Redirects are not followed: the Realtime API does not
    redirect, and a redirect from a proxy must not silently turn a POST into a
    GET or carry the Authorization header elsewhere.

    Thread-safety: ``requests.Session`` is shared across threads here (its
    connection pool is thread-safe; we never mutate session state per call).

    Example::

        session = requests.Session()
        session.verify = "/etc/ssl/corp-ca.pem"
        session.proxies = {"https": "http://proxy.internal:3128"}
        client = RealtimeClient(transport=RequestsTransport(session))
    """

    def __init__(self, session: "Optional[requests.Session]" = None, *, pool_maxsize: int = 32) -> None:
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            # Enough pooled connections for a threaded WSGI server sharing one client.
            adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self._session = session
        self._closed = False
        self._lock = threading.Lock()

    @property
    def session(self) -> "requests.Session":
        """The underlying ``requests.Session``.

        Example::

            transport.session.headers  # inspect, but prefer configuring before use
        """
        return self._session

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        """Send one request; any HTTP status comes back as a response.

        Example::

            transport.send(HttpRequest("POST", url, headers, b"{}"), timeout=Timeout(5, 30))
        """
        try:
            resp = self._session.request(
                request.method,
                request.url,
                headers=dict(request.headers.items()),
                data=request.body or None,
                timeout=timeout.as_tuple(),
                allow_redirects=False,
                # A truthy auth stops requests from applying ~/.netrc
                # credentials over our Authorization header (trust_env stays on
                # so HTTPS_PROXY and REQUESTS_CA_BUNDLE keep working).
                auth=_keep_authorization,
            )
            # .content reads the whole body now, so a reset mid-body surfaces
            # here as a connection error rather than later in the caller.
            body = resp.content
        except requests.exceptions.Timeout as exc:
            # ConnectTimeout means the request never left; ReadTimeout means
            # the server may have acted on it.
            sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
            raise APITimeoutError(request=request, request_sent=sent) from exc
        except (requests.exceptions.RequestException, OSError) as exc:
            # ConnectionError, ChunkedEncodingError (truncated body), SSLError,
            # ProxyError, ContentDecodingError... all mean "no usable answer".
            raise APIConnectionError(
                "Connection error: %s." % _describe(exc), request=request, request_sent=not _never_connected(exc)
            ) from exc
        return HttpResponse(resp.status_code, resp.headers.items(), body)

    def close(self) -> None:
        """Close the session if this transport created it.

        Example::

            transport.close()
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> "RequestsTransport":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<RequestsTransport %s session>" % ("own" if self._owns_session else "user")


def _keep_authorization(prepared: Any) -> Any:
    return prepared


def _never_connected(exc: BaseException) -> bool:
    # requests wraps urllib3's MaxRetryError(reason=NewConnectionError) for a
    # refused or unreachable host: nothing was sent.
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError) or isinstance(
        exc, requests.exceptions.ConnectTimeout
    )


def _describe(exc: BaseException) -> str:
    # The class name says what happened (ConnectionError, ChunkedEncodingError,
    # SSLError...). The str() of requests' errors can embed the full URL, which
    # is fine, but never headers; still we keep it short.
    return type(exc).__name__
