"""Generated bad input and hostile answers: only the library's own errors (issue 15, item 13).

Hypothesis drives every public method of the resources with arbitrary arguments,
against an in-memory fake transport that answers either like the API or with
arbitrary statuses, headers and bodies; ``webhooks.verify``/``unwrap`` with
arbitrary bodies, headers, secrets and tolerances (and signed arbitrary
payloads, so parsing runs too); ``FixtureTransport`` loading arbitrary and
mutated fixture files; ``RealtimeClient`` construction; sideband event parsing
and a sideband connection over an in-memory connector. Any exception that is
not a ``RealtimeSyncError`` fails the test.

Budget: a fixed seed and a fixed number of examples. The core run does
``CORE_EXAMPLES`` per test (150 in all); the tests marked ``fuzz`` do
10,500 in all and run only with ``REALTIME_SYNC_FUZZ=1`` (``tox -e fuzz``).
"""

import base64
import inspect
import json
import os
import sys
import tempfile
import threading
from typing import Any, Callable, Dict, List, Optional

import hypothesis.version
import pytest
from _strategies import unicode_text
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from realtime_sync import RealtimeClient, RealtimeSyncError, RetryPolicy, webhooks
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.sideband import RecvTimeout
from realtime_sync.sideband.events import parse_client_event, parse_server_event
from realtime_sync.transport import HttpRequest, HttpResponse, Timeout

SEED = 20261206
CORE_EXAMPLES = 25
FUZZ_ON = os.environ.get("REALTIME_SYNC_FUZZ") == "1"
fuzz = pytest.mark.skipif(not FUZZ_ON, reason="10,500 generated inputs: run with REALTIME_SYNC_FUZZ=1 (tox -e fuzz)")

COMMON: Dict[str, Any] = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
SECRET = "whsec_" + base64.b64encode(b"fuzz-signing-key-0123456789abcdef").decode()


def nested(depth: int, leaf: Any = 1) -> Any:
    value: Any = leaf
    for _ in range(depth):
        value = [value]
    return value


# -- values ----------------------------------------------------------------------------------------------------------


# What users and servers get wrong: the edge values named in the issue, and then anything.
EDGES = st.sampled_from(
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        -1,
        0,
        2**63,
        "5",
        "",
        " ",
        ".",
        "..",
        "%2e%2e",
        "rtc_1",
        "a/b",
        "\r\n",
        "x\r\nInjected: 1",
        "\x00",
        "\ud800",
        "\udfff",
        "ek_fuzz0123456789",
        "sk-fuzz-0123456789abcdef0123",
        "\u2603",
        "é" * 300,
        b"bytes",
        b"\xff\xfe",
        True,
        False,
        None,
        (),
        (1, 2),
        (1, 2, 3),
        [],
        {},
        {"type": "realtime"},
        {"type": "realtime", "model": "gpt-realtime"},
        {"type": "transcription"},
        {"anchor": "created_at", "seconds": 600},
        {"seconds": float("nan")},
        object(),
        {1, 2},
    ]
)
# Built lazily (hypothesis describes its strategies with repr): ints too long for str() and
# %d (Python's 4300-digit limit) and lists nested past any recursion limit.
HUGE = st.sampled_from([5000, -5000]).map(lambda e: 10**e if e > 0 else -(10**-e))
DEEP = st.sampled_from([150, 2000]).map(nested)
SCALARS = st.one_of(
    HUGE,
    DEEP,
    DEEP.map(lambda deep: {"a": deep}),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    unicode_text(max_size=12),
    st.binary(max_size=12),
    EDGES,
)
KEYS = st.one_of(
    unicode_text(max_size=10), st.sampled_from(["type", "model", "session", "\ud800", "ek_k", ""]), st.integers()
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4), st.tuples(children, children)
    ),
    max_leaves=12,
)
JSON_EDGES = EDGES.filter(lambda v: isinstance(v, (str, int, float, bool, type(None))))
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), unicode_text(max_size=12), JSON_EDGES),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(unicode_text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)


# -- an in-memory transport: like the API, or hostile ------------------------------------------------------------------

API_ANSWERS: Dict[str, bytes] = {
    "client_secrets": json.dumps(
        {"value": "ek_fuzz_secret_01", "expires_at": 1767226200, "session": {"type": "realtime", "id": "sess_1"}}
    ).encode(),
}


class FuzzTransport:
    """Answers each request from ``answers`` (cycled), or like the API when empty; never sleeps."""

    def __init__(self, answers: Optional[List[HttpResponse]] = None) -> None:
        self.answers = list(answers or [])
        self.sent = 0

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        self.sent += 1
        if self.sent > 20:
            # A generated max_retries can be huge: a 400 is never retried.
            return HttpResponse(400, {"content-type": "application/json"}, b'{"error": {"message": "enough"}}')
        if self.answers:
            return self.answers[(self.sent - 1) % len(self.answers)]
        path = request.url.split("/v1", 1)[-1]
        if path.endswith("/client_secrets"):
            return HttpResponse(200, {"content-type": "application/json"}, API_ANSWERS["client_secrets"])
        if path == "/realtime/calls":
            headers = {"content-type": "application/sdp", "location": "/v1/realtime/calls/rtc_fuzz"}
            return HttpResponse(201, headers, b"v=0\r\n")
        return HttpResponse(200, {"content-type": "application/json"}, b"{}")

    def close(self) -> None:
        pass


def make_client(transport: Any = None) -> RealtimeClient:
    return RealtimeClient(
        "sk-fuzz-key-0123456789",
        transport=transport or FuzzTransport(),
        retry_policy=RetryPolicy(2, sleep=lambda seconds: None),
        webhook_secret=SECRET,
    )


def public_methods(client: RealtimeClient) -> List[Callable[..., Any]]:
    """Every public method of every resource (``client.calls.accept``, ``client.live.sessions.fork``...)."""
    found: List[Callable[..., Any]] = []
    seen = set()

    def walk(obj: Any, depth: int) -> None:
        for name in sorted(dir(obj)):
            if name.startswith("_"):
                continue
            value = getattr(obj, name)
            if inspect.ismethod(value) and name != "connect":  # WebSockets: check_sideband, in memory
                key = (type(obj).__name__, name)
                if key not in seen:
                    seen.add(key)
                    found.append(value)
            elif depth < 2 and type(value).__module__.startswith("realtime_sync") and not inspect.isclass(value):
                walk(value, depth + 1)

    for resource in ("calls", "client_secrets", "translations", "live", "webhooks"):
        walk(getattr(client, resource), 0)
    return found


METHOD_NAMES = ["%s.%s" % (type(m.__self__).__name__, m.__name__) for m in public_methods(make_client())]


def outcome(func: Callable[[], Any]) -> None:
    """Run ``func``: returning or raising a library error is fine; anything else fails the test."""
    try:
        result = func()
        close = getattr(result, "close", None)
        if callable(close):
            close()
    except RealtimeSyncError:
        pass


# -- the checks -----------------------------------------------------------------------------------------------------


def check_resource_methods(data: Any, hostile: bool) -> None:
    answers = None
    if hostile:
        answers = data.draw(
            st.lists(
                st.builds(
                    HttpResponse,
                    st.one_of(st.integers(100, 599), st.sampled_from([200, 201, 204, 400, 404, 429, 500, 502])),
                    st.dictionaries(
                        st.sampled_from(["content-type", "location", "x-request-id", "retry-after", "x-should-retry"]),
                        st.one_of(
                            unicode_text(max_size=30),
                            st.sampled_from(["application/json", "application/sdp", "/v1/realtime/calls/..", "inf"]),
                        ),
                        max_size=4,
                    ),
                    st.one_of(
                        st.binary(max_size=40),
                        JSONISH.map(lambda v: json.dumps(v).encode()),
                        st.sampled_from([b"[" * 5000, b'{"value": ' * 300, API_ANSWERS["client_secrets"]]),
                    ),
                ),
                min_size=1,
                max_size=3,
            ),
            label="answers",
        )
    client = make_client(FuzzTransport(answers))
    methods = public_methods(client)
    method = methods[data.draw(st.integers(0, len(methods) - 1), label="method")]
    args: List[Any] = []
    kwargs: Dict[str, Any] = {}
    for param in inspect.signature(method).parameters.values():
        required = param.default is inspect.Parameter.empty
        if not required and not data.draw(st.booleans(), label="give " + param.name):
            continue
        value = data.draw(VALUES, label=param.name)
        if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            args.append(value)
        else:
            kwargs[param.name] = value
    outcome(lambda: method(*args, **kwargs))


def check_webhooks(data: Any) -> None:
    payload = data.draw(st.one_of(JSONISH, st.just({"type": "realtime.call.incoming", "data": {"call_id": "rtc_1"}})))
    body: Any = json.dumps(payload).encode()
    headers: Any = webhooks.sign(body, SECRET, webhook_id="wh_fuzz", timestamp=data.draw(st.integers(0, 10**11)))
    if data.draw(st.booleans(), label="tamper body"):
        body = data.draw(VALUES, label="body")
    if data.draw(st.booleans(), label="tamper headers"):
        headers = data.draw(
            st.one_of(
                VALUES,
                st.dictionaries(
                    st.sampled_from(["webhook-id", "webhook-timestamp", "webhook-signature", "HTTP_WEBHOOK_ID"]),
                    VALUES,
                ),
            ),
            label="headers",
        )
    secret = data.draw(st.one_of(st.just(SECRET), VALUES), label="secret")
    tolerance = data.draw(st.one_of(st.just(2**41), VALUES), label="tolerance")
    kwargs = {"tolerance": tolerance} if data.draw(st.booleans(), label="give tolerance") else {}
    for func in (webhooks.verify, webhooks.unwrap):
        outcome(lambda: func(body, headers, secret, **kwargs))  # noqa: B023
    outcome(lambda: make_client().webhooks.unwrap(body, headers))
    outcome(lambda: webhooks.sign(body, secret, timestamp=data.draw(VALUES, label="timestamp")))


FIXTURE_DIR = tempfile.mkdtemp(prefix="realtime_sync-fuzz-")
_fixture_lock = threading.Lock()
VALID_FIXTURE: Dict[str, Any] = {
    "format": 1,
    "interactions": [
        {
            "request": {"method": "POST", "path": "/v1/realtime/calls/rtc_1/hangup", "headers": {}},
            "response": {"status": 200, "headers": {"x-request-id": "req_1"}},
        },
        {
            "request": {
                "method": "POST",
                "path": "/v1/realtime/client_secrets",
                "headers": {"content-type": "application/json"},
                "json": {},
            },
            "response": {"status": 200, "headers": {"content-type": "application/json"}, "json": {"value": "ek_1"}},
        },
    ],
}
PATHS = [
    ["format"],
    ["interactions"],
    ["interactions", 0],
    ["interactions", 0, "request"],
    ["interactions", 0, "request", "method"],
    ["interactions", 0, "request", "path"],
    ["interactions", 0, "request", "headers"],
    ["interactions", 0, "request", "json"],
    ["interactions", 0, "request", "multipart"],
    ["interactions", 0, "request", "query"],
    ["interactions", 0, "response"],
    ["interactions", 0, "response", "status"],
    ["interactions", 0, "response", "headers"],
    ["interactions", 0, "response", "headers", "x-request-id"],
    ["interactions", 0, "response", "text"],
    ["interactions", 0, "response", "base64"],
    ["interactions", 1, "response", "json"],
    ["interactions", 1, "response", "json", "value"],
    ["interactions", 1, "request", "json"],
]


def check_fixture_loading(data: Any) -> None:
    document: Any
    if data.draw(st.booleans(), label="mutate a valid file"):
        document = json.loads(json.dumps(VALID_FIXTURE))
        for _ in range(data.draw(st.integers(1, 3), label="mutations")):
            path = data.draw(st.sampled_from(PATHS), label="path")
            target = document
            try:
                for step in path[:-1]:
                    target = target[step]
                target[path[-1]] = data.draw(JSONISH, label="value")
            except (KeyError, IndexError, TypeError):
                pass
        text = json.dumps(document)
    else:
        text = data.draw(st.one_of(JSONISH.map(json.dumps), unicode_text(max_size=40)), label="file")
    raw = text.encode("utf-8", "surrogatepass")
    if data.draw(st.booleans(), label="raw bytes"):
        raw = data.draw(st.sampled_from([b"\xff\xfe", raw[: len(raw) // 2], b"[" * 3000, raw + b"\x80"]))
    with _fixture_lock:
        path = os.path.join(FIXTURE_DIR, "fixture.json")
        with open(path, "wb") as fh:
            fh.write(raw)

        def replay() -> None:
            with FixtureTransport(path, "none", env_override=False) as transport:
                client = transport.client(retry_policy=RetryPolicy(0))
                outcome(lambda: client.calls.hangup("rtc_1"))
                outcome(lambda: client.client_secrets.create())

        outcome(replay)


CLIENT_PARAMS = [
    name for name in inspect.signature(RealtimeClient.__init__).parameters if name not in ("self", "transport")
]


def check_client_construction(data: Any) -> None:
    kwargs = {
        name: data.draw(VALUES, label=name) for name in CLIENT_PARAMS if data.draw(st.booleans(), label="give " + name)
    }
    kwargs.setdefault("api_key", "sk-fuzz-key-0123456789")

    def build_and_call() -> None:
        client = RealtimeClient(transport=FuzzTransport(), **kwargs)
        client.with_options(max_retries=0).calls.hangup("rtc_1")
        repr(client)

    outcome(build_and_call)


class FuzzConnection:
    def __init__(self, messages: List[str]) -> None:
        self.messages = list(messages)
        self.sent: List[str] = []

    def send_text(self, text: str) -> None:
        self.sent.append(text)

    def recv_text(self, timeout: Optional[float] = None) -> str:
        if not self.messages:
            raise RecvTimeout(timeout or 0.0)
        return self.messages.pop(0)

    def close(self, code: int = 1000, reason: str = "") -> None:
        pass


class FuzzConnector:
    def __init__(self, messages: List[str]) -> None:
        self.messages = messages

    def connect(self, request: HttpRequest, *, timeout: Timeout) -> FuzzConnection:
        return FuzzConnection(self.messages)


def check_sideband(data: Any) -> None:
    value = data.draw(st.one_of(VALUES, JSONISH.map(json.dumps)), label="event")
    outcome(lambda: parse_server_event(value))
    outcome(lambda: parse_client_event(value))
    messages = data.draw(
        st.lists(st.one_of(unicode_text(max_size=30), JSONISH.map(json.dumps), st.just("[" * 5000)), max_size=3),
        label="frames",
    )
    kwargs = {name: data.draw(VALUES, label=name) for name in ("call_id", "model", "extra_query", "extra_headers")}
    kwargs = {k: v for k, v in kwargs.items() if data.draw(st.booleans(), label="give " + k)} or {"call_id": "rtc_1"}

    def session() -> None:
        with make_client().realtime.connect(connector=FuzzConnector(messages), **kwargs) as conn:
            for _ in range(len(messages)):
                outcome(lambda: conn.recv(timeout=0))
            outcome(lambda: conn.send(value))

    outcome(session)


# -- the tests: 150 examples in the core run, 10,500 under the fuzz marker -------------------------------------------

CHECKS: Dict[str, Callable[[Any], None]] = {
    "resource_methods": lambda data: check_resource_methods(data, hostile=False),
    "hostile_answers": lambda data: check_resource_methods(data, hostile=True),
    "webhooks": check_webhooks,
    "fixture_loading": check_fixture_loading,
    "client_construction": check_client_construction,
    "sideband": check_sideband,
}
FUZZ_EXAMPLES = {
    "resource_methods": 3000,
    "hostile_answers": 2000,
    "webhooks": 2000,
    "fixture_loading": 1500,
    "client_construction": 1000,
    "sideband": 1000,
}
assert sum(FUZZ_EXAMPLES.values()) >= 10000


# Before 6.92 (the newest release that still installs beside the attrs 21.3 floor, so the one
# in tox -e min-deps), hypothesis prints every drawn value with a pretty printer that raises on
# an int of over 4300 digits on Pythons with the int-to-str limit (3.8.14+). Every other env runs it.
old_hypothesis = pytest.mark.skipif(
    hypothesis.version.__version_info__ < (6, 92) and hasattr(sys, "get_int_max_str_digits"),
    reason="this hypothesis cannot print the huge ints the fuzz test draws (tox -e min-deps pins an old one)",
)


@old_hypothesis
@pytest.mark.parametrize("check", sorted(CHECKS))
def test_generated_input_raises_only_library_errors(check: str) -> None:
    @seed(SEED)
    @settings(max_examples=CORE_EXAMPLES, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        CHECKS[check](data)

    run()


@fuzz
@pytest.mark.fuzz
@pytest.mark.parametrize("check", sorted(CHECKS))
def test_fuzz_ten_thousand_inputs_raise_only_library_errors(check: str) -> None:
    @seed(SEED)
    @settings(max_examples=FUZZ_EXAMPLES[check], **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        CHECKS[check](data)

    run()


def test_every_resource_method_is_fuzzed() -> None:
    # A new public method is picked up by introspection; this names what is covered today.
    assert {"Calls.accept", "Calls.create", "Calls.hangup", "Calls.refer", "Calls.reject"} <= set(METHOD_NAMES)
    assert "ClientSecrets.create" in METHOD_NAMES and "Webhooks.unwrap" in METHOD_NAMES
    assert len(METHOD_NAMES) >= 15, METHOD_NAMES
