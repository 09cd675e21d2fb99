"""``AzureRealtimeClient``: Azure OpenAI's v1 API with an API key or an Entra ID token, never contacting Azure.

Every request goes to tests/_azure_stand_in.py, which refuses Azure's way (401,
404) whatever does not have Azure's path and auth header shape.
"""

import itertools
import json
import logging
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
from _azure_stand_in import AzureStandIn
from _fakes import Sleeps
from _server import LoopbackServer
from _ws_server import ServerSide, WebSocketServer
from test_secrets import assert_no_canary, every_text_of

import realtime_sync
from realtime_sync import (
    AuthenticationError,
    AzureRealtimeClient,
    ConfigurationError,
    NotFoundError,
    RealtimeClient,
    RetryPolicy,
    webhooks,
)
from realtime_sync.fixtures import FixtureTransport

SESSION = {"type": "realtime", "model": "my-gpt-realtime-deployment"}
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
KEY = "azure-canary-key-0123456789abcdef-DO-NOT-LEAK"
TOKEN = "eyJ0eXAiOiJKV1Qi.azure-canary-token-0001-DO-NOT-LEAK"
SDK_EXCLUSIVE = (
    "The `api_key`, `azure_ad_token` and `azure_ad_token_provider` arguments are mutually exclusive; "
    "Only one can be passed at a time"
)


class RotatingTokens:
    """An Entra ID stand-in: a new canary token per call; refuses to be entered by two threads at once."""

    def __init__(self, prefix: str = "eyJ.azure-canary-rotating-") -> None:
        self.prefix = prefix
        self.issued: List[str] = []
        self._counter = itertools.count(1)
        self._inside = False
        self._lock = threading.Lock()

    def __call__(self) -> str:
        assert not self._inside, "the provider was called concurrently"
        self._inside = True
        try:
            token = "%s%04d-DO-NOT-LEAK" % (self.prefix, next(self._counter))
            self.issued.append(token)
            return token
        finally:
            self._inside = False


class Issued(set):  # type: ignore[type-arg]
    """The stand-in's accepted credentials: whatever a provider has issued so far."""

    def __init__(self, provider: RotatingTokens) -> None:
        super().__init__()
        self.provider = provider

    def __contains__(self, item: object) -> bool:
        return item in self.provider.issued


MODES = ["api-key", "static-token", "token-provider", "key-provider"]


def credentials(mode: str) -> Dict[str, Any]:
    """(AzureRealtimeClient credential kwargs, stand-in auth, accepted credentials) for ``mode``."""
    if mode == "api-key":
        return {"kwargs": {"api_key": KEY}, "auth": "api-key", "accepted": {KEY}, "secrets": [KEY]}
    if mode == "static-token":
        return {"kwargs": {"azure_ad_token": TOKEN}, "auth": "bearer", "accepted": {TOKEN}, "secrets": [TOKEN]}
    provider = RotatingTokens("eyJ.azure-canary-rotating-" if mode == "token-provider" else "azure-canary-key-rot-")
    name = "azure_ad_token_provider" if mode == "token-provider" else "api_key"
    auth = "bearer" if mode == "token-provider" else "api-key"
    return {"kwargs": {name: provider}, "auth": auth, "accepted": Issued(provider), "secrets": provider.issued}


_OPEN: List[RealtimeClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    # Closed after each test: no keep-alive connection (and server thread) outlives it.
    yield
    while _OPEN:
        _OPEN.pop().close()


def client_for(origin: str, kwargs: Dict[str, Any], **more: Any) -> AzureRealtimeClient:
    policy = RetryPolicy(more.pop("max_retries", 2), sleep=Sleeps(), random=lambda: 0.0)
    client = AzureRealtimeClient(azure_endpoint=origin, retry_policy=policy, timeout=5, **kwargs, **more)
    _OPEN.append(client)
    return client


def credential_of(headers: Dict[str, str], auth: str) -> Optional[str]:
    if auth == "api-key":
        return headers.get("api-key")
    value = headers.get("authorization", "")
    return value[7:] if value.startswith("Bearer ") else None


# -- REST, both auth modes -------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_the_control_plane_on_azure(mode: str) -> None:
    cred = credentials(mode)
    stand_in = AzureStandIn(cred["auth"], cred["accepted"])
    with LoopbackServer(stand_in.handler) as srv:
        client = client_for(srv.origin, cred["kwargs"])
        assert client.base_url == srv.origin + "/openai/v1"
        assert client.auth_header == ("api-key" if cred["auth"] == "api-key" else "Authorization")
        secret = client.client_secrets.create(session=SESSION)
        answer = client.calls.create(sdp=OFFER, session=SESSION)
        client.calls.accept("rtc_1", session=SESSION)
        client.calls.refer("rtc_1", target_uri="tel:+14155550123")
        client.calls.reject("rtc_2", status_code=486)
        client.calls.hangup("rtc_1")
    assert stand_in.refused == []
    assert secret.value and answer.sdp.startswith("v=0")
    paths = [r.path for r in srv.requests]
    assert paths == [
        "/openai/v1/realtime/client_secrets",
        "/openai/v1/realtime/calls",
        "/openai/v1/realtime/calls/rtc_1/accept",
        "/openai/v1/realtime/calls/rtc_1/refer",
        "/openai/v1/realtime/calls/rtc_2/reject",
        "/openai/v1/realtime/calls/rtc_1/hangup",
    ]
    for req in srv.requests:
        # Exactly one auth header, the right one; no api-version unless asked for.
        other = "authorization" if cred["auth"] == "api-key" else "api-key"
        assert other not in req.headers and credential_of(req.headers, cred["auth"])
        assert req.raw_query == ""
    assert srv.requests[0].json() == {"session": SESSION}
    assert srv.requests[1].headers["content-type"].startswith("multipart/form-data")  # a standard credential
    if mode.endswith("provider"):
        # Called once per request, each request carrying its own answer.
        sent = [credential_of(r.headers, cred["auth"]) for r in srv.requests]
        assert sent == cred["secrets"] and len(set(sent)) == 6


@pytest.mark.parametrize("mode", MODES)
def test_a_wrong_credential_is_refused_like_azure_and_scrubbed(mode: str) -> None:
    cred = credentials(mode)
    stand_in = AzureStandIn(cred["auth"], {"someone-elses-credential"})
    with LoopbackServer(stand_in.handler) as srv, pytest.raises(AuthenticationError) as info:
        client_for(srv.origin, cred["kwargs"]).calls.hangup("rtc_1")
    assert info.value.status_code == 401 and info.value.code == "401"
    assert "Access" in str(info.value) or "Unauthorized" in str(info.value)
    assert len(srv.requests) == 1  # a 401 is not retried
    for secret in cred["secrets"]:
        assert_no_canary(every_text_of(info.value), secret)


def test_the_stand_in_refuses_the_openai_shape() -> None:
    # What the stand-in is worth: a plain RealtimeClient (Bearer key, /v1 path) is refused both ways.
    stand_in = AzureStandIn("api-key", {KEY})
    with LoopbackServer(stand_in.handler) as srv:
        plain = RealtimeClient(KEY, base_url=srv.origin + "/openai/v1", max_retries=0)
        azure = AzureRealtimeClient(base_url=srv.url, api_key=KEY, max_retries=0)
        _OPEN.extend([plain, azure])
        with pytest.raises(AuthenticationError):
            plain.calls.hangup("rtc_1")
        with pytest.raises(NotFoundError) as info:
            azure.calls.hangup("rtc_1")  # a hangup's 404 from a wrong path is not "already gone"
    assert stand_in.refused == [
        (401, "/openai/v1/realtime/calls/rtc_1/hangup"),
        (404, "/v1/realtime/calls/rtc_1/hangup"),
    ]
    assert info.value.message.endswith("Resource not found")


def test_api_version_is_sent_with_every_request() -> None:
    stand_in = AzureStandIn("api-key", {KEY}, api_version="preview")
    with LoopbackServer(stand_in.handler) as srv:
        client = client_for(srv.origin, {"api_key": KEY}, api_version="preview", default_query={"tenant": "t1"})
        client.calls.hangup("rtc_1")
        client.client_secrets.create(session=SESSION)
        request = client.build_request("GET", "/realtime/calls", query={"limit": 2, "api-version": "other"})
    assert stand_in.refused == []
    assert all(r.raw_query == "api-version=preview&tenant=t1" for r in srv.requests)
    # api-version first, the client's default_query next; a per-call value wins.
    assert request.url.endswith("/openai/v1/realtime/calls?api-version=other&tenant=t1&limit=2")


def test_retries_reuse_the_token_and_threads_each_get_their_own() -> None:
    tokens = RotatingTokens()
    stand_in = AzureStandIn("bearer", Issued(tokens))
    with LoopbackServer(stand_in.handler) as srv:
        client = client_for(srv.origin, {"azure_ad_token_provider": tokens})
        srv.respond(503)
        srv.respond(action="close")
        client.calls.hangup("rtc_0")
        assert len(srv.requests) == 3 and len(tokens.issued) == 1
        assert {credential_of(r.headers, "bearer") for r in srv.requests} == {tokens.issued[0]}

        errors: List[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(5):
                    client.calls.hangup("rtc_%d_%d" % (n, i))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert errors == [] and stand_in.refused == []
    assert len(tokens.issued) == 21 and len(srv.requests) == 23
    assert len({credential_of(r.headers, "bearer") for r in srv.requests[3:]}) == 20


def test_key_provider_answers_go_to_the_request_of_their_thread() -> None:
    # The api-key header is filled from the answer of the thread that built the request.
    per_thread: Dict[str, str] = {}
    lock = threading.Lock()

    def provider() -> str:
        name = threading.current_thread().name
        with lock:
            per_thread.setdefault(name, "azure-key-of-%s-0123456789" % name)
        return per_thread[name]

    client = AzureRealtimeClient(azure_endpoint="https://r.openai.azure.com", api_key=provider)
    built: Dict[str, str] = {}

    def work() -> None:
        for _ in range(50):
            request = client.build_request("POST", "/realtime/calls/rtc_1/hangup")
            assert request.headers["api-key"] == per_thread[threading.current_thread().name]
            assert "Authorization" not in request.headers
        built[threading.current_thread().name] = "ok"

    threads = [threading.Thread(target=work, name="t%d" % n) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(built) == ["t0", "t1", "t2", "t3"]


@pytest.mark.parametrize("returned", ["", "   ", None, 42])
def test_a_provider_answering_nonsense_fails_before_sending(returned: Any, loopback: LoopbackServer) -> None:
    for name in ("azure_ad_token_provider", "api_key"):
        client = AzureRealtimeClient(base_url=loopback.url, **{name: lambda: returned})
        with pytest.raises(ConfigurationError, match=r"^%s: expected it to return a non-empty string" % name):
            client.calls.hangup("rtc_1")
    assert loopback.requests == []


def test_explicit_headers_are_kept() -> None:
    client = AzureRealtimeClient(azure_endpoint="https://r.openai.azure.com", api_key=KEY)
    request = client.build_request("GET", "/x", extra_headers={"api-key": "per-call-key-000001"})
    assert request.headers["api-key"] == "per-call-key-000001" and "Authorization" not in request.headers
    dropped = client.build_request("GET", "/x", extra_headers={"Authorization": None})
    assert dropped.headers["api-key"] == KEY and "Authorization" not in dropped.headers


def test_with_options_stays_azure() -> None:
    stand_in = AzureStandIn("api-key", {KEY}, api_version="preview")
    with LoopbackServer(stand_in.handler) as srv:
        base = client_for(srv.origin, {"api_key": KEY}, api_version="preview")
        clone = base.with_options(max_retries=0, default_headers={"X-Tenant": "t"}, default_query={"x": "1"})
        assert isinstance(clone, AzureRealtimeClient) and clone.api_version == "preview"
        clone.calls.hangup("rtc_1")
    assert stand_in.refused == [] and srv.requests[0].headers["x-tenant"] == "t"
    assert srv.requests[0].raw_query == "api-version=preview&x=1"


# -- the sideband --------------------------------------------------------------------
def _session_created(ws: ServerSide) -> None:
    ws.send_json({"type": "session.created", "event_id": "e1", "session": {"type": "realtime", "id": "s"}})


@pytest.mark.parametrize("mode", MODES)
def test_the_sideband_handshake_on_azure(mode: str) -> None:
    cred = credentials(mode)
    stand_in = AzureStandIn(cred["auth"], cred["accepted"], api_version="2025-08-28")
    with WebSocketServer(_session_created, gate=stand_in.gate) as srv:
        client = AzureRealtimeClient(
            azure_endpoint="http://127.0.0.1:%d" % srv.port, api_version="2025-08-28", **cred["kwargs"]
        )
        with client.realtime.connect(call_id="rtc_1") as conn:
            assert conn.recv_raw(timeout=5)
        srv.join()
    assert stand_in.refused == []
    side = srv.connections[0]
    assert side.path == "/openai/v1/realtime"
    assert side.query == {"api-version": "2025-08-28", "call_id": "rtc_1"}
    other = "authorization" if cred["auth"] == "api-key" else "api-key"
    assert other not in side.headers
    assert credential_of(side.headers, cred["auth"]) == (cred["secrets"][-1])


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_sideband_handshake_is_scrubbed(mode: str) -> None:
    cred = credentials(mode)
    stand_in = AzureStandIn(cred["auth"], {"someone-elses-credential"})
    with WebSocketServer(gate=stand_in.gate) as srv:
        client = AzureRealtimeClient(azure_endpoint="http://127.0.0.1:%d" % srv.port, **cred["kwargs"])
        with pytest.raises(AuthenticationError) as info:
            client.realtime.connect(call_id="rtc_1")
    assert stand_in.refused == [(401, "/openai/v1/realtime")]
    assert cred["secrets"]
    for secret in cred["secrets"]:
        assert_no_canary(every_text_of(info.value), secret)


# -- secrets elsewhere -----------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_no_log_repr_or_fixture_holds_the_credential(
    mode: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cred = credentials(mode)
    stand_in = AzureStandIn(cred["auth"], cred["accepted"])
    path = tmp_path / "azure.json"
    logs = caplog.at_level(logging.DEBUG, logger="realtime_sync")
    with logs, LoopbackServer(stand_in.handler) as srv, FixtureTransport(path, "all") as transport:
        client = client_for(srv.origin, cred["kwargs"], transport=transport)
        client.client_secrets.create(session=SESSION)
        client.calls.hangup("rtc_1")
        texts = [repr(client), str(client), repr(client.realtime)]
    recorded = path.read_text(encoding="utf-8")
    assert json.loads(recorded) and stand_in.refused == []
    texts += [recorded] + [record.getMessage() for record in caplog.records]
    assert cred["secrets"]
    for secret in cred["secrets"]:
        assert_no_canary(texts, secret)


# -- configuration -------------------------------------------------------------------
def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com/")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "preview")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-this-one-0001")
    client = AzureRealtimeClient()
    assert client.base_url == "https://my-resource.openai.azure.com/openai/v1"
    assert client.api_version == "preview" and client.auth_header == "api-key"
    request = client.build_request("POST", "/realtime/calls/rtc_1/hangup")
    assert (
        request.url == "https://my-resource.openai.azure.com/openai/v1/realtime/calls/rtc_1/hangup?api-version=preview"
    )
    assert request.headers["api-key"] == KEY and "Authorization" not in request.headers

    # The SDK's precedence: with no explicit credential, AZURE_OPENAI_AD_TOKEN wins over the key...
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", TOKEN)
    request = AzureRealtimeClient().build_request("GET", "/x")
    assert request.headers["Authorization"] == "Bearer " + TOKEN and "api-key" not in request.headers
    # ...and an explicit credential wins over both.
    request = AzureRealtimeClient(api_key="explicit-key-00000001").build_request("GET", "/x")
    assert request.headers["api-key"] == "explicit-key-00000001" and "Authorization" not in request.headers
    # Explicit arguments win over the environment.
    explicit = AzureRealtimeClient(azure_endpoint="https://other.openai.azure.com", api_version="2025-08-28")
    assert explicit.base_url == "https://other.openai.azure.com/openai/v1" and explicit.api_version == "2025-08-28"


def test_empty_environment_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "")
    client = AzureRealtimeClient(azure_endpoint="https://r.openai.azure.com")
    assert client.auth_header == "api-key" and client.api_version is None
    assert "?" not in client.build_request("GET", "/x").url


@pytest.mark.parametrize(
    "given",
    [
        {"api_key": KEY, "azure_ad_token": TOKEN},
        {"api_key": KEY, "azure_ad_token_provider": lambda: TOKEN},
        {"azure_ad_token": TOKEN, "azure_ad_token_provider": lambda: TOKEN},
        {"api_key": lambda: KEY, "azure_ad_token": TOKEN, "azure_ad_token_provider": lambda: TOKEN},
    ],
)
def test_credentials_are_mutually_exclusive(given: Dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError) as info:
        AzureRealtimeClient(azure_endpoint="https://r.openai.azure.com", **given)
    assert str(info.value) == SDK_EXCLUSIVE
    assert_no_canary(every_text_of(info.value), KEY)
    assert_no_canary(every_text_of(info.value), TOKEN)


def test_configuration_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = "https://r.openai.azure.com"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-an-azure-credential-01")  # never used for Azure
    with pytest.raises(ConfigurationError, match=r"^Missing credentials\. Please pass one of `api_key`"):
        AzureRealtimeClient(azure_endpoint=endpoint)
    with pytest.raises(ConfigurationError, match=r"^Must provide one of the `base_url` or `azure_endpoint`"):
        AzureRealtimeClient(api_key=KEY)
    with pytest.raises(ConfigurationError, match=r"^base_url and azure_endpoint are mutually exclusive$"):
        AzureRealtimeClient(api_key=KEY, azure_endpoint=endpoint, base_url="https://gw.example.com/openai/v1")
    with pytest.raises(ConfigurationError, match=r"^azure_endpoint: expected an https:// URL"):
        AzureRealtimeClient(api_key=KEY, azure_endpoint="my-resource.openai.azure.com")
    not_callable = r"^azure_ad_token_provider: expected a callable returning a token, got str$"
    with pytest.raises(ConfigurationError, match=not_callable):
        AzureRealtimeClient(azure_endpoint=endpoint, azure_ad_token_provider=TOKEN)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError) as info:
        AzureRealtimeClient(azure_endpoint=endpoint, azure_ad_token=b"bytes-token-0000000001")  # type: ignore[arg-type]
    assert str(info.value) == "azure_ad_token: expected a non-empty string, got bytes"
    with pytest.raises(ConfigurationError, match=r"^api_key: expected a non-empty string or a callable"):
        AzureRealtimeClient(azure_endpoint=endpoint, api_key="  ")
    with pytest.raises(ConfigurationError, match=r"^api_version: expected a non-empty string"):
        AzureRealtimeClient(azure_endpoint=endpoint, api_key=KEY, api_version=20250828)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"^azure_deployment: expected a non-empty string"):
        AzureRealtimeClient(azure_endpoint=endpoint, api_key=KEY, azure_deployment="")


def test_base_url_and_deployment() -> None:
    client = AzureRealtimeClient(
        base_url="https://gateway.example.com/azure/openai/v1/", api_key=KEY, azure_deployment="my-gpt-realtime"
    )
    assert client.base_url == "https://gateway.example.com/azure/openai/v1"
    assert client.azure_deployment == "my-gpt-realtime"
    # The deployment does not change any path on the v1 API.
    url = client.build_request("POST", "/realtime/client_secrets").url
    assert url == "https://gateway.example.com/azure/openai/v1/realtime/client_secrets"


def test_webhooks_are_verified_the_same_way() -> None:
    secret = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItYXp1cmUtMDAwMDAwMQ=="
    body = json.dumps(
        {
            "id": "evt_1",
            "object": "event",
            "created_at": 1767225600,
            "type": "realtime.call.incoming",
            "data": {"call_id": "rtc_1", "sip_headers": [{"name": "From", "value": "<sip:a@b>"}]},
        }
    ).encode()
    client = AzureRealtimeClient(azure_endpoint="https://r.openai.azure.com", api_key=KEY, webhook_secret=secret)
    event = client.webhooks.unwrap(body, webhooks.sign(body, secret))
    assert isinstance(event, webhooks.RealtimeCallIncomingEvent) and event.data.call_id == "rtc_1"
    with pytest.raises(realtime_sync.InvalidWebhookSignatureError):
        client.webhooks.unwrap(body + b" ", webhooks.sign(body, secret))


def test_importing_the_package_does_not_load_azure() -> None:
    import subprocess
    import sys

    code = (
        "import sys, realtime_sync; assert 'realtime_sync._azure' not in sys.modules; realtime_sync.AzureRealtimeClient"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the official SDK, side by side (tox -e sdk) -----------------------------------------
@pytest.mark.sdk
@pytest.mark.parametrize("mode", ["api-key", "token-provider"])
def test_the_official_sdk_sends_the_same_to_the_v1_api(mode: str) -> None:
    openai = pytest.importorskip("openai", reason="the official SDK is not installed (tox -e sdk installs it)")
    kwargs: Dict[str, Any] = {"api_key": KEY} if mode == "api-key" else {"azure_ad_token_provider": lambda: TOKEN}
    auth = "api-key" if mode == "api-key" else "bearer"
    seen: Dict[str, List[Any]] = {}
    for name in ("ours", "sdk", "sdk-endpoint"):
        stand_in = AzureStandIn(auth, {KEY, TOKEN}, api_version="preview")
        with LoopbackServer(stand_in.handler) as srv:
            if name == "ours":
                client: Any = client_for(srv.origin, kwargs, api_version="preview", max_retries=0)
                secrets, calls = client.client_secrets, client.calls
            else:
                # The SDK reaches the v1 API with base_url; its azure_endpoint means {endpoint}/openai (pre-v1).
                where = {"base_url": srv.origin + "/openai/v1"} if name == "sdk" else {"azure_endpoint": srv.origin}
                sdk = openai.AzureOpenAI(api_version="preview", max_retries=0, **where, **kwargs)
                secrets, calls = sdk.realtime.client_secrets, sdk.realtime.calls
            for method, args in ((secrets.create, {"session": SESSION}), (calls.hangup, {"call_id": "rtc_1"})):
                try:
                    method(**args)
                except Exception as exc:  # the SDK's own NotFoundError for its pre-v1 path
                    assert name == "sdk-endpoint", exc
            sent = [(r.path, r.raw_query, credential_of(r.headers, auth)) for r in srv.requests]
            other = "authorization" if auth == "api-key" else "api-key"
            assert all(other not in r.headers for r in srv.requests)
            seen[name] = [sent, stand_in.refused]
    assert seen["ours"] == seen["sdk"]
    assert seen["ours"][1] == [] and seen["ours"][0][0] == (
        "/openai/v1/realtime/client_secrets",
        "api-version=preview",
        KEY if auth == "api-key" else TOKEN,
    )
    assert [status for status, _ in seen["sdk-endpoint"][1]] == [404, 404]
