"""RequestsTransport builds the PreparedRequest itself; the bytes on the wire are requests' own.

Every request here is sent twice through the real loopback server: once by a transport on a plain
``requests.Session`` (the transport's own preparation) and once by a transport on a Session
subclass that overrides ``prepare_request`` (which the transport must then call, as it did before
the fast path), configured alike. The server keeps each request as it arrived (request line,
header lines in order, body), and the two must be identical, for many methods, paths, queries
and bodies, with and without session headers, cookies, proxies, auth, params and hooks.
Which path was taken is observed, not assumed: a profiler hook counts ``prepare_request`` calls.
"""

import socket
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from realtime_sync import RealtimeClient, RequestsTransport
from realtime_sync.errors import APIConnectionError, RequestValidationError
from realtime_sync.transport import HttpRequest, HttpResponse, Timeout

OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
T = Timeout(5, 5)


class FullPrepare(requests.Session):
    """A Session subclass overriding prepare_request (as a user's might): the transport must call it."""

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        return super().prepare_request(request)


class PrepareCounter:
    """Counts calls of requests.Session.prepare_request in this thread (a profiler hook: nothing patched)."""

    def __init__(self) -> None:
        self.calls = 0
        self._code = requests.Session.prepare_request.__code__

    def _hook(self, frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code is self._code:
            self.calls += 1

    def __enter__(self) -> "PrepareCounter":
        self._previous = sys.getprofile()
        sys.setprofile(self._hook)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        sys.setprofile(self._previous)


class _Captured(Exception):
    """Raised by the capturing transport below: the client built its request, nothing more is needed."""


class Capture:
    """A transport (the Transport protocol) keeping the requests the client builds, to replay them."""

    def __init__(self) -> None:
        self.requests: List[HttpRequest] = []

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        self.requests.append(request)
        raise _Captured()

    def close(self) -> None:
        pass


def built_by_the_client(base_url: str, key: str) -> List[HttpRequest]:
    """Requests as the client's resources build them: JSON, multipart, SDP, empty bodies, quoted ids."""
    capture = Capture()
    client = RealtimeClient(key, base_url=base_url, transport=capture, organization="org_1", project="proj_1")
    ephemeral = RealtimeClient("ek_abc123", base_url=base_url, transport=capture)
    calls: List[Callable[[], Any]] = [
        lambda: client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"}),
        lambda: client.client_secrets.create(
            session={"type": "realtime", "instructions": "héllo \u2603"},
            extra_query={"a b": "ü&=", "list": [1, 2], "flag": True},
            extra_headers={"X-Trace": "t1", "OpenAI-Project": None},
        ),
        lambda: client.calls.accept("rtc_a b/ü%?#", session={"type": "realtime", "model": "gpt-realtime"}),
        lambda: client.calls.hangup("rtc_1"),
        lambda: client.calls.reject("rtc_2", status_code=486),
        lambda: client.calls.refer("rtc_3", target_uri="tel:+14155550123"),
        lambda: client.calls.create(sdp=OFFER, session={"type": "realtime", "model": "gpt-realtime"}),
        lambda: ephemeral.calls.create(sdp=OFFER),
    ]
    for call in calls:
        with pytest.raises(_Captured):
            call()
    built = list(capture.requests)
    for method, path, query, body in [
        ("GET", "/realtime/calls/rtc_1", {"include": ["sip", "x y"]}, b""),
        ("DELETE", "/webhook_endpoints/we_1", None, b""),
        ("PUT", "/some/endpoint", None, b'{"a":1}'),
        ("PATCH", "/some/endpoint", {"q": "1"}, b'{"b":2}'),
        ("GET", "/p\u00e4th with space/x", {"z": "ü"}, b""),  # quoted by requests
        ("GET", "/a/../b/./c", None, b""),  # dot-segments: urllib3 >= 1.25 removes them
        ("GET", "/%c3%a4/%41%7e/%zz", None, b""),  # escapes requests or urllib3 rewrite
        ("GET", "/x//y/[z]", None, b""),
        ("GET", "/x?", None, b""),
        ("POST", "/x?a=1&b=%2F", None, b"\x00\xff binary"),
    ]:
        built.append(client.build_request(method, path, body=body, accept="*/*", query=query))
    built.append(HttpRequest("GET", base_url + "/x#fragment", {"Accept": "*/*"}))
    return built


def configure(session: requests.Session, name: str, server: Any, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    """Apply one scenario's configuration to ``session``; the same for both sides."""
    seen: Dict[str, Any] = {"hooks": 0}
    if name == "session headers":
        session.headers["X-Corp-Tag"] = "abc"
        session.headers["accept"] = "text/html"  # ours wins, at requests' position, with our casing
        session.headers["Accept-Encoding"] = None  # removed, as requests removes None
        session.headers["Cookie"] = "from=header"
    elif name == "cookies":
        session.cookies.set("sid", "s1")
        session.cookies.set("pref", "dark", path="/v1/realtime")
        session.cookies.set("elsewhere", "no", domain="example.com")  # never sent to 127.0.0.1
    elif name == "cookies from the server":
        pass  # set by the warm-up answer below
    elif name in ("proxies from the environment", "international proxied host"):
        monkeypatch.setenv("HTTP_PROXY", server.origin)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
    elif name == "session proxies":
        session.proxies = {"http": server.origin}
    elif name == "trust_env off":
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would fail if used
        session.trust_env = False
    elif name == "session auth":
        session.auth = ("user", "secret")
    elif name == "session params":
        session.params = {"p": "1", "q": "x y"}
    elif name == "response hooks":

        def hook(response: requests.Response, **kwargs: Any) -> None:
            seen["hooks"] += 1

        session.hooks["response"].append(hook)
    elif name == "mounted adapter":
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=2, max_retries=0)
        session.mount("http://127.0.0.1", adapter)
    return seen


#: Scenario -> whether the transport builds the request itself for a plain Session so configured.
SCENARIOS = {
    "plain": True,
    "session headers": True,
    "cookies": True,
    "cookies from the server": True,
    "proxies from the environment": True,
    "international proxied host": True,
    "session proxies": True,
    "trust_env off": True,
    "mounted adapter": True,
    "session auth": False,
    "session params": False,
    "response hooks": False,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_same_bytes_on_the_wire_as_requests_prepare_request(scenario, loopback, canary_key, monkeypatch):
    base = loopback.url
    if scenario in ("proxies from the environment", "session proxies"):
        base = "http://API.Example.invalid:80/v1"  # through the loopback server playing a proxy
    elif scenario == "international proxied host":
        base = "http://b\u00fccher.example/v1"  # IDNA
    built = built_by_the_client(base, canary_key)
    if scenario != "plain":
        # Every shape against every configuration is the plain scenario's job; the others take one of each
        # kind (JSON plain and with a query and odd headers, a quoted id, an empty body, multipart, SDP, a GET with a
        # query, binary with a bare "?", a fragment): the suite's time, not their coverage, is what is cut.
        built = [built[i] for i in (0, 1, 2, 3, 6, 7, 8, -2, -1)]
    sides: Dict[str, Tuple[requests.Session, Dict[str, Any]]] = {}
    for side, session in (("fast", requests.Session()), ("full", FullPrepare())):
        sides[side] = (session, configure(session, scenario, loopback, monkeypatch))
    wire: Dict[str, List[bytes]] = {"fast": [], "full": []}
    counted: Dict[str, int] = {}
    for side, (session, _) in sides.items():
        transport = RequestsTransport(session)
        if scenario == "cookies from the server":
            loopback.respond(200, b"{}", {"Set-Cookie": "sid=from-server; Path=/v1"})
            transport.send(HttpRequest("GET", base + "/login"), timeout=T)
        with PrepareCounter() as counter:
            for _ in range(2):  # the second round is served from the transport's caches
                for request in built:
                    before = len(loopback.requests)
                    transport.send(request, timeout=T)  # any status: the request is what is compared
                    assert len(loopback.requests) == before + 1
                    wire[side].append(loopback.requests[-1].raw)
        counted[side] = counter.calls
    for index, (fast, full) in enumerate(zip(wire["fast"], wire["full"])):
        assert fast == full, (scenario, index)
    assert len(wire["fast"]) == len(wire["full"]) == 2 * len(built)
    # The rule of docs/transports.md, observed.
    assert counted["full"] == len(wire["full"])
    assert counted["fast"] == (0 if SCENARIOS[scenario] else len(wire["fast"]))
    first = wire["fast"][0]
    assert b"\r\nAuthorization: Bearer " + canary_key.encode() + b"\r\n" in first  # never session.auth
    if scenario == "session params":
        assert first.split(b"\r\n")[0].split(b" ")[1].endswith(b"?p=1&q=x+y")
    if scenario == "response hooks":
        assert sides["fast"][1]["hooks"] == sides["full"][1]["hooks"] == len(wire["fast"])
    if scenario.startswith("cookies"):
        assert b"\r\nCookie: " in first and b"elsewhere" not in b"".join(wire["fast"])
        assert sorted(c.name for c in sides["fast"][0].cookies) == sorted(c.name for c in sides["full"][0].cookies)
    if "prox" in scenario:
        assert first.startswith(b"POST http://"), first[:80]


def test_the_server_sees_the_bytes_the_fast_path_builds(loopback, canary_key):
    # Not only "the same as requests": the exact request, header by header, in requests' order.
    request = built_by_the_client(loopback.url, canary_key)[0]
    with requests.Session() as session:
        RequestsTransport(session).send(request, timeout=T)
    head, _, body = loopback.requests[-1].raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /v1/realtime/client_secrets HTTP/1.1"
    names = [line.split(b":", 1)[0] for line in lines[1:]]
    assert names == [
        b"Host",
        b"User-Agent",
        b"Accept-Encoding",
        b"Accept",
        b"Connection",
        b"Authorization",
        b"OpenAI-Organization",
        b"OpenAI-Project",
        b"Content-Type",
        b"Content-Length",
    ]
    assert body == request.body
    assert b"Content-Length: %d" % len(request.body) in lines


def test_changes_to_the_session_after_the_first_call_are_seen(loopback, canary_key):
    request = built_by_the_client(loopback.url, canary_key)[3]  # hangup: an empty POST
    session = requests.Session()
    transport = RequestsTransport(session)
    transport.send(request, timeout=T)
    session.headers["X-Late"] = "1"
    session.cookies.set("late", "2")
    transport.send(request, timeout=T)
    del session.headers["X-Late"]
    session.cookies.clear()
    transport.send(request, timeout=T)
    session.headers = requests.structures.CaseInsensitiveDict({"X-Replaced": "3"})
    transport.send(request, timeout=T)
    first, second, third, fourth = (r.raw for r in loopback.requests)
    assert b"X-Late" not in first and b"Cookie" not in first
    assert b"\r\nX-Late: 1\r\n" in second and b"\r\nCookie: late=2\r\n" in second
    assert third == first
    assert b"\r\nX-Replaced: 3\r\n" in fourth and b"python-requests" not in fourth
    # Switching to a configuration the transport leaves to requests, and back.
    session.params = {"late": "1"}
    transport.send(request, timeout=T)
    session.params = {}
    transport.send(request, timeout=T)
    assert loopback.requests[-2].target.endswith("/hangup?late=1")
    assert loopback.requests[-1].target.endswith("/hangup")


def test_bad_headers_are_refused_before_anything_is_sent_on_both_paths(loopback):
    for session in (requests.Session(), FullPrepare()):
        transport = RequestsTransport(session)
        bad = HttpRequest("POST", loopback.url + "/x", {"X-Name": "a\r\nInjected: 1"})
        for _ in range(2):  # not cached as checked
            with pytest.raises(RequestValidationError) as caught:
                transport.send(bad, timeout=T)
            assert "headers['X-Name']" in str(caught.value)
        # The session's own headers are checked too: a library error naming the header, never its
        # value, not a raw ValueError from http.client (requests 2.20) or a retryable connection error.
        for name, value in [("X-Bad", "v\r\nInjected: 1"), ("X-Bad", "trailing\n"), ("Bad Name", "value-0123")]:
            session.headers[name] = value
            with pytest.raises(RequestValidationError) as refused:
                transport.send(HttpRequest("POST", loopback.url + "/x"), timeout=T)
            assert "session.headers" in str(refused.value) and value not in str(refused.value)
            del session.headers[name]
        session.headers["X-Removed"] = None  # requests' way to drop a header: fine
        session.headers["X-Bytes"] = b"fine"
        transport.send(HttpRequest("POST", loopback.url + "/x"), timeout=T)
    assert [r.target for r in loopback.requests] == ["/v1/x", "/v1/x"]
    assert "x-removed" not in loopback.requests[0].headers and loopback.requests[0].headers["x-bytes"] == "fine"


def test_invalid_urls_fail_as_requests_fails_them(loopback):
    for url in ["http:///v1/x", "http://[::1/v1", "ftp//nowhere", "http://*.example/v1/x", "http://a b/v1"]:
        outcomes = []
        for session in (requests.Session(), FullPrepare()):
            # Whatever requests makes of it (urllib3 1.24 raises a bare ValueError for "[::1"), alike.
            with pytest.raises(Exception) as caught:
                RequestsTransport(session).send(HttpRequest("GET", url), timeout=Timeout(0.5, 0.5))
            outcomes.append((type(caught.value), str(caught.value)))
        assert outcomes[0] == outcomes[1], url
    assert loopback.requests == []


def test_threads_share_one_transport(loopback, canary_key):
    built = built_by_the_client(loopback.url, canary_key)[:4]
    transport = RequestsTransport()
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                for request in built:
                    transport.send(request, timeout=T)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(loopback.requests) == 4 * 5 * len(built)
    by_target: Dict[str, set] = {}
    for seen in loopback.requests:
        by_target.setdefault(seen.target, set()).add(seen.raw)
    assert all(len(variants) == 1 for variants in by_target.values())


# ---------------------------------------------------------------------------------------------------
# The prepared URL, over many generated URLs: no socket (a Session whose send keeps the request).


class _Kept(Exception):
    pass


class Keep(requests.Session):
    """Keeps the PreparedRequest it is asked to send (overriding send only: the fast path still applies)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: Optional[requests.PreparedRequest] = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.kept = request
        raise _Kept()


class KeepFull(Keep):
    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        return super().prepare_request(request)


def prepared_both_ways(request: HttpRequest, fast: RequestsTransport, full: RequestsTransport) -> Iterator[Any]:
    for transport in (fast, full):
        session = transport.session
        assert isinstance(session, Keep)
        session.kept = None
        try:
            transport.send(request, timeout=T)
        except _Kept:
            kept = session.kept
            assert kept is not None
            yield ("prepared", kept.method, kept.url, list(kept.headers.items()), kept.body, kept.hooks)
        except APIConnectionError as exc:
            yield ("error", str(exc))


ORIGINS = [
    "http://127.0.0.1:8080",
    "https://api.openai.com",
    "HTTP://API.Example.COM:443",
    "http://user:p%40ss@example.com",
    "http://[::1]:8000",
    "http://b\u00fccher.example",
    "https://xn--bcher-kva.example",
    "http://example.com:",
    "localhost:8000",
    "  http://example.com",
    "http://exa mple.com",
    "http://example.com?q=1",
]
PATH_PIECES = list("aZ09-._~!$&'()*+,;=:@/?#%[] \\\"<>^`{|}\u00e4\u2603") + ["%41", "%2F", "%c3", "%7E", "..", "//"]
PATH_TEXT = st.lists(st.sampled_from(PATH_PIECES), max_size=16).map("".join)


@pytest.fixture(scope="module")
def transports() -> Iterator[Tuple[RequestsTransport, RequestsTransport]]:
    fast, full = RequestsTransport(Keep()), RequestsTransport(KeepFull())
    yield fast, full
    fast.session.close()
    full.session.close()


@given(origin=st.sampled_from(ORIGINS), path=PATH_TEXT, method=st.sampled_from(["GET", "POST", "DELETE"]))
def test_generated_urls_are_prepared_exactly_as_requests_prepares_them(transports, origin, path, method):
    fast, full = transports
    request = HttpRequest(method, origin + "/" + path, {"Accept": "*/*", "Content-Type": "text/plain"}, b"")
    mine, theirs = prepared_both_ways(request, fast, full)
    assert mine == theirs


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v1/realtime/calls/rtc_%C3%A4%2F1/accept",
        "http://127.0.0.1:8080/v1/x?a=%5B%5D&b=c+d",
        "http://127.0.0.1:8080/v1/%41",
        "http://127.0.0.1:8080/v1/%7e",
        "http://127.0.0.1:8080/v1/.well-known/x",
        "http://127.0.0.1:8080/v1/x/..",
        "http://127.0.0.1:8080/v1/x?",
        "http://127.0.0.1:8080/v1/x?#",
        "http://127.0.0.1:8080//v1",
        "http://127.0.0.1:8080/",
        "http://127.0.0.1:8080",
        "http://127.0.0.1:8080/v1/%",
        "http://127.0.0.1:8080/v1/%zz?%41",
        "http://127.0.0.1:8080/v1/\u00e4?\u00fc",
        "http://127.0.0.1:8080/v1/a b",
        "http://127.0.0.1:8080/v1/x?y=http://z/",
    ],
)
def test_tricky_urls_are_prepared_exactly_as_requests_prepares_them(transports, url):
    fast, full = transports
    for method, body in (("GET", b""), ("POST", b"{}"), ("POST", b"")):
        for _ in range(2):  # first computed, then cached
            mine, theirs = prepared_both_ways(HttpRequest(method, url, {"Accept": "*/*"}, body), fast, full)
            assert mine == theirs


def test_a_requests_cache_session_keeps_working(loopback, canary_key):
    # requests-cache's CachedSession overrides send and request, not prepare_request: the transport
    # builds the request itself and CachedSession.send answers the repeat from its cache.
    requests_cache = pytest.importorskip("requests_cache", reason="requests-cache is installed in tox -e py313")
    session = requests_cache.CachedSession(backend="memory", allowable_methods=("GET", "POST"), expire_after=60)
    with PrepareCounter() as counter, RealtimeClient(
        canary_key, base_url=loopback.url, transport=RequestsTransport(session)
    ) as client:
        answers = [
            client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"}) for _ in range(3)
        ]
        other = client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime-2"})
    assert counter.calls == 0
    assert len(loopback.requests) == 2  # the repeats came from the cache
    assert answers[0].value == answers[1].value == answers[2].value
    assert other.value  # parsed as any answer
    assert [r.json()["session"]["model"] for r in loopback.requests] == ["gpt-realtime", "gpt-realtime-2"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-length": "999", "accept": "*/*"},  # requests rewrites the value at the given position
        {"Content-Length": "5"},  # kept as given for an empty body, as requests keeps it
        {"Transfer-Encoding": "chunked", "Content-Type": "application/sdp"},
        {"cookie": "a=1", "user-agent": "mine/1.0", "CONNECTION": "close"},
        {"Accept-Encoding": "identity", "Host": "elsewhere.example"},
    ],
)
@pytest.mark.parametrize("method,body", [("GET", b""), ("GET", b"x"), ("POST", b""), ("DELETE", b"{}"), ("HEAD", b"")])
def test_request_headers_are_merged_exactly_as_requests_merges_them(transports, headers, method, body):
    fast, full = transports
    for session in (fast.session, full.session):
        session.cookies.set("sid", "s1")
        session.headers["X-Session"] = "1"
    try:
        request = HttpRequest(method, "http://127.0.0.1:8080/v1/x", headers, body)
        mine, theirs = prepared_both_ways(request, fast, full)
        assert mine == theirs
        assert mine[0] == "prepared"
    finally:
        for session in (fast.session, full.session):
            session.cookies.clear()
            del session.headers["X-Session"]


def test_the_own_session_talks_to_a_proxy_without_nagle(loopback, monkeypatch):
    # urllib3 turns Nagle's algorithm on for proxy connections and writes headers and body
    # separately: the body waited for the proxy's delayed ACK (40 ms here) on every call.
    monkeypatch.setenv("HTTP_PROXY", loopback.origin)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with RequestsTransport() as transport:
        for _ in range(2):
            transport.send(HttpRequest("POST", "http://api.example.invalid/v1/x", {}, b"{}"), timeout=T)
        (manager,) = transport.session.get_adapter("http://api.example.invalid/").proxy_manager.values()
        pools = [manager.pools[key] for key in manager.pools.keys()]  # noqa: SIM118 (no __iter__)
        sockets = [c.sock for pool in pools for c in list(pool.pool.queue) if c is not None and c.sock is not None]
        assert sockets and all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in sockets)
    assert [r.target for r in loopback.requests] == ["http://api.example.invalid/v1/x"] * 2
    assert loopback.connections == 1
