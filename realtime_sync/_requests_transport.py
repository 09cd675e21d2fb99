"""The ``requests`` transport: the only module in realtime_sync that imports requests."""

from __future__ import annotations

import re
import threading
import zlib
from http.cookiejar import CookieJar
from typing import Any, Dict, Iterator, Optional, Tuple, cast

import requests
import requests.adapters
import requests.cookies
import requests.exceptions
import requests.sessions
import urllib3
import urllib3.connection
import urllib3.exceptions
from requests.cookies import RequestsCookieJar
from requests.structures import CaseInsensitiveDict

from ._text import short_repr
from .errors import APIConnectionError, APITimeoutError, ConfigurationError, response_too_large
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    Headers,
    HttpRequest,
    HttpResponse,
    StreamedHttpResponse,
    Timeout,
    check_headers,
)

__all__ = ["RequestsTransport"]

_PREPARE_REQUEST = requests.Session.prepare_request
# requests' own merges, as prepare_request runs them (Any: untyped in some releases of the stubs).
_merge_cookies: Any = requests.cookies.merge_cookies
_merge_setting: Any = requests.sessions.merge_setting

#: Entries per cache of a transport (prepared URLs, origins, header templates): far more than the
#: endpoints of both surfaces; a cache that fills up (a call id in every URL, a fresh multipart
#: boundary in every Content-Type) starts over.
_CACHE_SIZE = 256

# Everything after scheme://authority that requests' requote_uri and urllib3's parse_url (every
# version from 1.24: percent-encoding of invalid characters, dot-segment removal) leave exactly as
# it is: "/"-separated segments of unreserved characters, sub-delimiters, ":", "@" and escapes,
# none empty or starting with "." (so no "." or ".." segment), then optionally a non-empty query.
_STABLE_REST = re.compile(
    r"(?:/[A-Za-z0-9\-_~!$&'()*+,;=:@%][A-Za-z0-9\-_~!$&'()*+,;=:@%.]*)*/?(?:\?[A-Za-z0-9\-_~!$&'()*+,;=:@%./?]+)?"
)
# An escape they would change: a "%" not followed by two upper-case hex digits (urllib3 >= 1.25
# upper-cases them, or encodes the "%"), or one of an unreserved character (requote_uri decodes it).
_UNSTABLE_ESCAPE = re.compile(r"%(?![0-9A-F]{2})|%(?:3[0-9]|[46][1-9A-F]|[57][0-9A]|2[DE]|5F|7E)")
# scheme://authority whose prepared form cannot depend on what follows it: no "%" (requote_uri
# quotes the whole URL differently once any escape in it is invalid), no query or fragment before
# the first "/", no whitespace or backslash (which parsers treat each their own way).
_PLAIN_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*://[^/?#%\\\s]+")


def _bounded_put(cache: Dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _requests_prepared_url(url: str) -> str:
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, None)
    return str(prepared.url)


#: TCP_NODELAY, as urllib3 sets it on every direct connection.
_NO_DELAY = list(urllib3.connection.HTTPConnection.default_socket_options)


class _Adapter(requests.adapters.HTTPAdapter):
    # The transport's own session's adapter. urllib3 turns Nagle's algorithm back on for
    # connections to an HTTP(S) proxy, and a request's headers and body go out in two writes
    # (urllib3 2; http.client under urllib3 1): the body then waits for the proxy's delayed ACK
    # of the headers (40 ms on Linux, 200 ms on Windows) on every call with a body. A user's own
    # session is left as it is.
    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        if not proxy.lower().startswith("socks"):
            proxy_kwargs.setdefault("socket_options", _NO_DELAY)
        return super().proxy_manager_for(proxy, **proxy_kwargs)


class RequestsTransport:
    """Sends requests through a ``requests.Session``, yours or its own.

    Pass your own session to keep its proxies, CA bundle, client certificates
    and mounted adapters; the transport then never closes it. Connections are
    pooled and reused. Redirects are not followed: the Realtime API does not
    redirect, and a redirect from a proxy must not silently turn a POST into a
    GET or carry the Authorization header elsewhere.

    Thread-safety: ``requests.Session`` is shared across threads here (its
    connection pool is thread-safe; we never mutate session state per call).

    Memory: ``send`` reads at most ``max_response_bytes`` of body (after
    decompression) and raises ``APIResponseValidationError`` beyond that,
    checking ``Content-Length`` first and counting while reading, so a huge
    answer is never held in memory. ``send_streamed`` is not limited.

    Example::

        session = requests.Session()
        session.verify = "/etc/ssl/corp-ca.pem"
        session.proxies = {"https": "http://proxy.internal:3128"}
        client = RealtimeClient(transport=RequestsTransport(session))
    """

    def __init__(
        self,
        session: "Optional[requests.Session]" = None,
        *,
        pool_maxsize: int = 32,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
            raise ConfigurationError(
                "max_response_bytes: expected a positive whole number, got %s" % short_repr(max_response_bytes)
            )
        self.max_response_bytes = max_response_bytes
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            # Enough pooled connections for a threaded WSGI server sharing one client.
            adapter = _Adapter(pool_connections=4, pool_maxsize=pool_maxsize)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self._session = session
        self._closed = False
        self._lock = threading.Lock()
        # Work requests would repeat on every call, done once (see _prepare); each cache is a plain
        # dict, bounded, whose entries are pure functions of their keys, so threads may share it.
        self._settings: Dict[Any, Dict[str, Any]] = {}
        self._urls: Dict[str, str] = {}
        self._origins: Dict[str, str] = {}
        self._templates: Dict[int, Tuple[Headers, Any, Any, Any]] = {}

    @property
    def session(self) -> "requests.Session":
        """The underlying ``requests.Session``."""
        return self._session

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        """Send one request; any HTTP status comes back as a response.

        Example::

            transport.send(HttpRequest("POST", url, headers, b"{}"), timeout=Timeout(5, 30))
        """
        # Streamed, so the size limit is enforced while reading, not after.
        resp = self._open(request, timeout)
        headers = _headers_of(resp)
        limit = self.max_response_bytes
        try:
            if _declared_length(headers) > limit:
                raise response_too_large(HttpResponse(resp.status_code, headers), limit, request)
            # The whole body is read now, so a reset mid-body surfaces here as
            # a connection error rather than later in the caller.
            chunks = []
            received = 0
            for chunk in _decoded_chunks(resp, headers):
                received += len(chunk)
                if received > limit:
                    raise response_too_large(HttpResponse(resp.status_code, headers), limit, request)
                chunks.append(chunk)
            body = b"".join(chunks)
        except (requests.exceptions.RequestException, OSError) as exc:
            resp.close()
            raise _connection_error(exc, request, timeout) from exc
        except BaseException:
            resp.close()  # the rest of the body is not read: the connection is not reused
            raise
        missing = _missing_bytes(request.method, resp, headers, len(body))
        if missing:
            # urllib3 < 2 does not enforce Content-Length: a connection closed
            # mid-body would otherwise come back as a short, "successful" body.
            raise _short_body(missing, request)
        return HttpResponse(resp.status_code, headers, body)

    def send_streamed(self, request: HttpRequest, *, timeout: Timeout) -> StreamedHttpResponse:
        """Send one request; return as soon as the headers arrived, the body to be read in chunks.

        ``timeout.read`` bounds each wait for the next chunk, not the whole
        download. Close the response (or read it to the end) to give the
        connection back to the pool.

        Example::

            with transport.send_streamed(HttpRequest("GET", url, headers), timeout=Timeout(5, 30)) as response:
                for chunk in response.iter_bytes():
                    out.write(chunk)
        """
        resp = self._open(request, timeout)
        headers = _headers_of(resp)
        return StreamedHttpResponse(
            resp.status_code, headers, _chunks(resp, headers, request, timeout), close=resp.close
        )

    def _open(self, request: HttpRequest, timeout: Timeout) -> Any:
        session = self._session
        try:
            prepared = self._prepare(request, session)
            # What Session.request does, minus re-reading the environment on every call; streamed, so
            # that send() can bound the body while reading it.
            settings = self._environment(prepared.url or "")
            return session.send(prepared, timeout=timeout.as_tuple(), allow_redirects=False, **settings)
        except (requests.exceptions.RequestException, OSError) as exc:
            raise _connection_error(exc, request, timeout) from exc

    def _prepare(self, request: HttpRequest, session: Any) -> Any:
        # The PreparedRequest that session.prepare_request(Request(..., auth=_keep_authorization)) makes,
        # built directly: the URL prepared once per URL (or per origin), the session's headers merged
        # with ours and validated once per headers object, the cookie jar copied only when it holds
        # cookies. Anything this does not reproduce takes requests' own path (docs/transports.md has
        # the rule); tests/test_transport_fast_path.py checks the bytes on the wire are the same.
        method = request.method
        url = request.url
        if (
            getattr(session.prepare_request, "__func__", None) is not _PREPARE_REQUEST
            or session.auth is not None
            or session.params
            or type(session.hooks) is not dict
            or session.hooks.get("response") != []
            or type(session.headers) is not CaseInsensitiveDict
            or not isinstance(session.cookies, CookieJar)
            or type(method) is not str
            or type(url) is not str
        ):
            return self._prepare_fully(request, session)
        session_headers = session.headers
        jar = session.cookies
        request_headers = request.headers
        entry = self._templates.get(id(request_headers))
        if (
            entry is None
            or entry[0] is not request_headers
            or entry[1] is not session_headers
            or entry[2] != session_headers._store
        ):
            entry = None
            # The client checked these where it built the request; a request built by hand is
            # checked here, before requests sees it: requests' own error quotes the offending
            # value (the API key, for Authorization).
            check_headers(request_headers.items())
        prepared: Any = requests.PreparedRequest()
        prepared.method = method
        prepared.url = self._prepared_url(url)  # before the headers, as requests: its errors come first
        if entry is None:
            entry = self._template(request_headers, session_headers)
        headers: Any = CaseInsensitiveDict()
        headers._store = entry[3]._store.copy()  # what .copy() gives, without re-lowering every name
        prepared.headers = headers
        if len(jar):
            # requests copies the session's cookies into a jar of the request's own, then asks it
            # for the Cookie header (the jar decides which cookies this URL gets).
            prepared.prepare_cookies(_merge_cookies(RequestsCookieJar(), jar))
        else:
            prepared._cookies = RequestsCookieJar()  # an empty jar of its own, as requests gives it
        body = request.body
        if body:
            prepared.body = body
            headers["Content-Length"] = str(len(body))
        elif method not in ("GET", "HEAD") and headers.get("Content-Length") is None:
            headers["Content-Length"] = "0"
        return prepared

    def _prepare_fully(self, request: HttpRequest, session: Any) -> Any:
        check_headers(request.headers.items())
        _check_session_headers(session.headers)
        return session.prepare_request(
            requests.Request(
                request.method,
                request.url,
                headers=dict(request.headers.items()),
                data=request.body or {},
                # A truthy auth stops requests from applying ~/.netrc
                # credentials over our Authorization header (trust_env stays on
                # so HTTPS_PROXY and REQUESTS_CA_BUNDLE keep working).
                auth=_keep_authorization,
            )
        )

    def _template(self, request_headers: Headers, session_headers: Any) -> Tuple[Headers, Any, Any, Any]:
        # The prepared headers for this headers object and this state of session.headers, made by
        # requests' own merge and validation (so the order, the casing and the errors are its own).
        _check_session_headers(session_headers)
        prepared = requests.PreparedRequest()
        prepared.prepare_headers(
            _merge_setting(dict(request_headers.items()), session_headers, dict_class=CaseInsensitiveDict)
        )
        # Keyed by identity: the client hands the same Headers object for every call of one
        # (accept, content type) pair; the entry keeps it alive, so its id is not reused.
        entry = (request_headers, session_headers, session_headers._store.copy(), prepared.headers)
        _bounded_put(self._templates, id(request_headers), entry)
        return entry

    def _prepared_url(self, url: str) -> str:
        prepared = self._urls.get(url)
        if prepared is None:
            prepared = self._origin_plus_path(url) or _requests_prepared_url(url)
            _bounded_put(self._urls, url, prepared)
        return prepared

    def _origin_plus_path(self, url: str) -> str:
        # Per-call URLs (a call id in the path) miss the cache above. When everything after
        # scheme://authority is made of characters requests and urllib3 leave as they are (no
        # dot-segment, no fragment, no escape they would decode or recase), the prepared URL is
        # the prepared origin (IDNA, case, userinfo: requests' work, done once) plus that rest.
        start = url.find("://")
        cut = url.find("/", start + 3) if start > 0 else -1
        if cut <= start + 3 or not _STABLE_REST.fullmatch(url, cut) or _UNSTABLE_ESCAPE.search(url, cut):
            return ""
        origin_url = url[:cut]
        origin = self._origins.get(origin_url)
        if origin is None:
            origin = ""
            if _PLAIN_ORIGIN.fullmatch(origin_url):
                try:
                    prepared = _requests_prepared_url(origin_url + "/")
                except Exception:  # requests' own error comes from the whole URL instead
                    prepared = ""
                if prepared.endswith("/"):
                    origin = prepared[:-1]
            _bounded_put(self._origins, origin_url, origin)
        return origin + url[cut:] if origin else ""

    def _environment(self, url: str) -> Dict[str, Any]:
        # requests scans every environment variable (proxies, no_proxy, CA bundle) on each call,
        # ~100 us; do it once per scheme + host and session configuration instead (so a proxy
        # variable changed after the first call to a host is not seen by this transport).
        session = self._session
        key = (
            "/".join(url.split("/", 3)[:3]),  # scheme://host:port
            session.trust_env,
            repr(session.proxies),
            repr(session.verify),
            repr(session.cert),
            session.stream,
        )
        settings = self._settings.get(key)
        if settings is None:
            settings = dict(session.merge_environment_settings(url, {}, None, None, None), stream=True)
            self._settings[key] = settings
        return settings

    def close(self) -> None:
        """Close the session if this transport created it."""
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


def _check_session_headers(headers: Any) -> None:
    # The user's Session may carry headers of its own. Checked like ours, before anything is sent:
    # otherwise a bad one is a raw ValueError from http.client (requests 2.20) or an
    # InvalidHeader that reads as a connection error and may be retried (newer requests).
    # None removes a header in requests' merge; bytes values are allowed by requests.
    pairs = []
    for name, value in headers.items():
        if value is None:
            continue
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        pairs.append((name.decode("latin-1") if isinstance(name, bytes) else name, value))
    check_headers(pairs, "session.headers")


def _connection_error(exc: BaseException, request: HttpRequest, timeout: Timeout) -> APIConnectionError:
    if isinstance(exc, requests.exceptions.Timeout):
        # ConnectTimeout means the request never left; ReadTimeout means
        # the server may have acted on it.
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            message = "Request timed out: no connection within %s s." % (timeout.connect,)
            return APITimeoutError(message, request=request, request_sent=False)
        message = "Request timed out: no answer within %s s." % (timeout.read,)
        return APITimeoutError(message, request=request, request_sent=True)
    if _is_body_read_timeout(exc):
        # requests reports a read timeout *while reading the body* as
        # a plain ConnectionError; it is a timeout all the same.
        message = "Request timed out: the answer stopped arriving for %s s." % (timeout.read,)
        return APITimeoutError(message, request=request, request_sent=True)
    # ConnectionError, ChunkedEncodingError (truncated body), SSLError,
    # ProxyError, ContentDecodingError... all mean "no usable answer".
    return APIConnectionError(
        "Connection error: %s." % _describe(exc), request=request, request_sent=not _never_connected(exc)
    )


def _short_body(missing: int, request: HttpRequest) -> APIConnectionError:
    return APIConnectionError(
        "Connection error: the response body ended %d bytes early." % missing, request=request, request_sent=True
    )


#: Bytes per chunk of a streamed body: large enough to keep per-chunk overhead
#: negligible, small enough to bound memory (a recording is never held whole).
STREAM_CHUNK_SIZE = 64 * 1024


def _chunks(resp: Any, headers: Headers, request: HttpRequest, timeout: Timeout) -> Iterator[bytes]:
    received = 0
    try:
        for chunk in resp.iter_content(chunk_size=STREAM_CHUNK_SIZE):
            received += len(chunk)
            yield chunk
    except (requests.exceptions.RequestException, OSError) as exc:
        raise _connection_error(exc, request, timeout) from exc
    missing = _missing_bytes(request.method, resp, headers, received)
    if missing:
        raise _short_body(missing, request)


def _headers_of(resp: Any) -> Headers:
    # One copy of the response headers, shared by the checks below and the HttpResponse. requests
    # keeps (name, value) pairs under the lower-cased names: taken as they are, without a lookup
    # per name (a custom adapter may hand any mapping instead).
    headers = resp.headers
    if type(headers) is CaseInsensitiveDict:
        return Headers(cast(Any, headers)._store.values())
    return Headers(headers.items())


def _declared_length(headers: Headers) -> int:
    # Content-Length counts encoded bytes; for an encoded body only the count while reading decides.
    if (headers.get("Content-Encoding") or "identity").strip().lower() != "identity":
        return -1
    try:
        return int(headers.get("Content-Length") or -1)
    except ValueError:
        return -1


def _keep_authorization(prepared: Any) -> Any:
    return prepared


def _is_body_read_timeout(exc: BaseException) -> bool:
    return isinstance(exc, requests.exceptions.ConnectionError) and any(
        isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in exc.args
    )


# urllib3 before 2.6 decompresses each raw read whole (CVE-2025-66471): 64 KiB of a
# gzip bomb becomes tens of MB in one chunk, before max_response_bytes can look
# at it. There the body is inflated here, at most one chunk's worth of output at a time.
_INFLATES_WHOLE_READS = tuple(
    int(part)
    for part in re.findall(r"\d+", urllib3.__version__)[:2]  # type: ignore[attr-defined]
) < (2, 6)
_CHUNK = 65536


def _decoded_chunks(resp: Any, headers: Headers) -> Iterator[bytes]:
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    if not (_INFLATES_WHOLE_READS and encoding in ("gzip", "x-gzip", "deflate")):
        return iter(resp.iter_content(_CHUNK))
    return _bounded_inflate(resp.raw.stream(_CHUNK, decode_content=False), encoding)


def _bounded_inflate(raw: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    # wbits as urllib3's decoders: gzip framing, or zlib framing with a raw-deflate fallback.
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    first = True
    try:
        for data in raw:
            if first and wbits == zlib.MAX_WBITS and data:
                try:
                    inflater.copy().decompress(data, 1)
                except zlib.error:
                    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent as raw deflate
            first = first and not data
            while data:
                out = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
                if out:
                    yield out
        tail = inflater.flush()
        if tail:
            yield tail
    # The errors requests' iter_content raises for the same failures, so that the
    # caller maps them as for any other body.
    except zlib.error as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except urllib3.exceptions.SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc


def _missing_bytes(method: str, resp: Any, headers: Headers, length: int) -> int:
    status = resp.status_code
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return 0
    declared = headers.get("Content-Length")
    try:
        expected = int(declared) if declared is not None else -1
    except ValueError:
        return 0
    if expected < 0:
        return 0
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding == "identity":
        received = length
    else:
        # Content-Length counts the encoded bytes; ask urllib3 how many it read.
        tell = getattr(resp.raw, "tell", None)
        if not callable(tell):
            return 0
        try:
            received = int(tell())
        except Exception:  # pragma: no cover - a custom adapter's raw object
            return 0
    return max(expected - received, 0)


def _never_connected(exc: BaseException) -> bool:
    # requests wraps urllib3's MaxRetryError(reason=NewConnectionError) for a
    # refused or unreachable host: nothing was sent.
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError) or isinstance(
        exc, requests.exceptions.ConnectTimeout
    )


# The root causes an on-call engineer needs to tell apart, in words.
_ROOT_CAUSES = {
    "ConnectionRefusedError": "connection refused",
    "ConnectionResetError": "connection reset by the server",
    "ConnectionAbortedError": "connection aborted",
    "BrokenPipeError": "the server closed the connection while we were sending",
    "RemoteDisconnected": "the server closed the connection without answering",
    "IncompleteRead": "the answer was cut short",
    "NameResolutionError": "the host name could not be resolved",
    "gaierror": "the host name could not be resolved",
    "SSLCertVerificationError": "the server's TLS certificate was not accepted",
    "SSLError": "TLS failed",
}


def _describe(exc: BaseException) -> str:
    # Only class names and fixed phrases: never str() of the underlying errors,
    # which can quote URLs or header values. requests wraps the real cause a few
    # levels deep (ConnectionError -> MaxRetryError.reason -> NewConnectionError
    # -> ConnectionRefusedError), so walk down to it.
    outer = type(exc).__name__
    seen = set()
    stack = [exc]
    names = []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names.append(type(current).__name__)
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        nested += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        stack.extend(e for e in nested if isinstance(e, BaseException))
    for name in reversed(names):
        if name in _ROOT_CAUSES:
            return "%s (%s, %s)" % (_ROOT_CAUSES[name], outer, name)
    return outer
