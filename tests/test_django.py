"""The Django integration, end to end through Django's test client.

Runs under whatever Django settings are active (the example project's when
run together with ``examples/django_app``); when none are, it configures a
minimal project itself. Everything a test needs beyond the installed apps
(URLs, middleware, REALTIME_SYNC) is set per test through pytest-django's
``settings`` fixture.
"""

import json
import logging
import os
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Set

import pytest

django = pytest.importorskip("django")
pytest.importorskip("pytest_django")

from django.conf import settings as django_settings  # noqa: E402

if not django_settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    django_settings.configure(
        SECRET_KEY="tests-only-not-a-secret",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()

import _fakes  # noqa: E402
from _fakes import like_the_api  # noqa: E402
from _server import LoopbackServer, Reply  # noqa: E402
from data import ANSWER_SDP, CLIENT_SECRET_REALTIME  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.cache.backends.base import DEFAULT_TIMEOUT  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

from realtime_sync import (  # noqa: E402
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    HttpRequest,
    HttpResponse,
    Timeout,
    webhooks,
)
from realtime_sync.contrib.django import (  # noqa: E402
    CLAIMED,
    DONE,
    IN_PROGRESS,
    UNKNOWN,
    CacheDeliveryStore,
    ClientSecretView,
    SdpProxyView,
    WebhookView,
    get_client,
    realtime_setting,
    reset_client,
    webhook_view,
)
from realtime_sync.webhooks import RealtimeCallIncomingEvent, UnknownWebhookEvent  # noqa: E402

CANARY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
WEBHOOK_SECRET = (
    "whsec_" + "Y2FuYXJ5LXdlYmhvb2stc2VjcmV0LURPLU5PVC1MRUFL"
)  # base64 of canary-webhook-secret-DO-NOT-LEAK
OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SESSION = {"type": "realtime", "model": "gpt-realtime", "instructions": "Server-side instructions."}
CALL_EVENT = {
    "id": "evt_1",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {
        "call_id": "rtc_in_1",
        "sip_headers": [{"name": "From", "value": "<sip:+15550100@example.net>"}, {"name": "To", "value": "<sip:+1>"}],
        "sip_media_security": "srtp",
    },
}


# --------------------------------------------------------------------------- a fake transport


class FakeTransport(_fakes.FakeTransport):
    """The shared in-memory transport (tests/_fakes.py), answering like the API unless scripted."""

    def __init__(self) -> None:
        super().__init__(default=like_the_api)


def respond(status: int, body: Any = b"", headers: Optional[Dict[str, str]] = None) -> Callable[..., HttpResponse]:
    payload = json.dumps(body).encode() if isinstance(body, dict) else body
    hdrs = dict(headers or {}, **({"Content-Type": "application/json"} if isinstance(body, dict) else {}))
    return lambda request: HttpResponse(status, hdrs, payload)


def time_out(request: HttpRequest) -> HttpResponse:
    raise APITimeoutError(request=request)


# --------------------------------------------------------------------------- the project under test

received: List[Any] = []


def record(event: Any, request: Any) -> None:
    received.append(event)


def accept_calls(event: Any, request: Any) -> None:
    received.append(event)
    get_client().calls.accept(event.data.call_id, session=SESSION)


def explode(event: Any, request: Any) -> None:
    received.append(event)
    raise RuntimeError("handler failed")


@webhook_view
def decorated(event: Any, request: Any) -> None:
    """Docstring kept."""
    received.append(("decorated", event))


call_ids: List[str] = []


def failing_on_call(request: Any, call_id: str) -> None:
    raise RuntimeError("could not store the call")


def per_user_session(request: Any) -> Dict[str, Any]:
    return {"type": "realtime", "model": "gpt-realtime", "instructions": "Talk to %s." % request.user.get_username()}


urlpatterns = [
    path("webhook/", WebhookView(record)),
    path("webhook/accept/", WebhookView(accept_calls)),
    path("webhook/explode/", WebhookView(explode)),
    path("webhook/by-type/", WebhookView({"realtime.call.incoming": record})),
    path("webhook/no-dedupe/", WebhookView(record, dedupe=False)),
    path("webhook/own-secret/", WebhookView(record, secret="plain-view-secret")),
    path("webhook/decorated/", decorated),
    path("webhook/strict/", webhook_view(tolerance=0)(record)),
    # Handlers of the delivery-semantics tests, defined with them below.
    path("webhook/gated/", WebhookView(lambda event, request: gated(event, request))),
    path("webhook/killed/", WebhookView(lambda event, request: killed_once(event, request))),
    path("webhook/accept-wrapped/", WebhookView(lambda event, request: timed_out_then_hung_up(event, request))),
    path("secret/", ClientSecretView()),
    path("secret/per-user/", ClientSecretView(session_factory=per_user_session)),
    path("secret/expiring/", ClientSecretView(session=SESSION, expires_after={"anchor": "created_at", "seconds": 120})),
    path("secret/anonymous/", ClientSecretView(login_required=False)),
    path("sdp/", SdpProxyView(session=SESSION, on_call=lambda request, call_id: call_ids.append(call_id))),
    path("sdp/default-session/", SdpProxyView()),
    path("sdp/failing-hook/", SdpProxyView(on_call=failing_on_call)),
    path("sdp/quick/", SdpProxyView(deadline=0.2, on_call=lambda request, call_id: call_ids.append(call_id))),
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


@pytest.fixture
def fake() -> FakeTransport:
    return FakeTransport()


@pytest.fixture(autouse=True)
def project(settings: Any, fake: FakeTransport) -> Iterator[None]:
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = MIDDLEWARE
    settings.REALTIME_SYNC = {"API_KEY": CANARY, "WEBHOOK_SECRET": WEBHOOK_SECRET, "TRANSPORT": fake, "MAX_RETRIES": 0}
    received.clear()
    call_ids.clear()
    caches["default"].clear()
    yield
    reset_client()


@pytest.fixture
def no_leaks(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="realtime_sync")
    yield caplog
    for secret in (CANARY, WEBHOOK_SECRET, WEBHOOK_SECRET[6:], "canary-webhook-secret", "plain-view-secret"):
        assert secret not in caplog.text


def meta(headers: Dict[str, str]) -> Dict[str, str]:
    """Headers as Django test-client keyword arguments (works on Django 3.2, which lacks headers=)."""
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}


def deliver(
    client: Client,
    url: str = "/webhook/",
    payload: Any = CALL_EVENT,
    *,
    webhook_id: str = "wh_1",
    secret: str = WEBHOOK_SECRET,
    body: Optional[bytes] = None,
    **extra: Any,
) -> Any:
    raw = body if body is not None else json.dumps(payload).encode()
    signed = webhooks.sign(raw, secret, webhook_id=webhook_id)
    signed.update(extra.pop("override", {}))
    return client.post(url, data=raw, content_type="application/json", **meta(signed), **extra)


# --------------------------------------------------------------------------- webhooks


def test_signed_call_is_dispatched_as_a_typed_event(client: Client, no_leaks: Any) -> None:
    response = deliver(client)
    assert response.status_code == 200
    assert response.content == b""
    [event] = received
    assert isinstance(event, RealtimeCallIncomingEvent)
    assert event.data.call_id == "rtc_in_1"
    assert event.data.sip_header("from") == "<sip:+15550100@example.net>"


def test_handler_accepts_the_call_through_the_shared_client(client: Client, fake: FakeTransport) -> None:
    assert deliver(client, "/webhook/accept/").status_code == 200
    [accept] = fake.requests
    assert accept.url == "https://api.openai.com/v1/realtime/calls/rtc_in_1/accept"
    assert accept.headers["authorization"] == "Bearer " + CANARY
    assert json.loads(accept.body) == SESSION


def test_bad_signature_is_a_logged_400(client: Client, no_leaks: Any) -> None:
    response = deliver(client, secret="whsec_" + "d3Jvbmcta2V5")
    assert response.status_code == 400
    assert response.json() == {"error": "invalid webhook signature"}
    assert received == []
    [log] = [r for r in no_leaks.records if r.name == "realtime_sync.django"]
    assert log.levelno == logging.WARNING
    assert "wh_1" in log.getMessage() and "does not match" in log.getMessage()


def test_unauthenticated_webhook_id_is_logged_shortened(client: Client, no_leaks: Any) -> None:
    response = deliver(client, secret="whsec_" + "d3Jvbmcta2V5", webhook_id="wh_" + "A" * 5000)
    assert response.status_code == 400
    [log] = [r for r in no_leaks.records if r.name == "realtime_sync.django"]
    assert "'wh_AAAA" in log.getMessage() and "A" * 100 not in log.getMessage()


def test_tampered_body_is_refused(client: Client) -> None:
    raw = json.dumps(CALL_EVENT).encode()
    signed = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_t")
    response = client.post(
        "/webhook/", data=raw.replace(b"rtc_in_1", b"rtc_in_2"), content_type="application/json", **meta(signed)
    )
    assert response.status_code == 400
    assert received == []


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_a_400(client: Client, missing: str, no_leaks: Any) -> None:
    raw = json.dumps(CALL_EVENT).encode()
    signed = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_m")
    del signed[missing]
    response = client.post("/webhook/", data=raw, content_type="application/json", **meta(signed))
    assert response.status_code == 400
    assert "missing %s header" % missing in no_leaks.text


def test_a_5000_digit_timestamp_is_a_400_not_a_crash(client: Client, no_leaks: Any) -> None:
    # Unsigned input: Python refuses int() of more than 4300 digits; the view must not answer 500.
    response = deliver(client, override={"webhook-timestamp": "1" * 5000})
    assert response.status_code == 400
    assert response.json() == {"error": "invalid webhook signature"}
    assert "Invalid webhook timestamp format" in no_leaks.text
    assert received == []


def test_stale_and_future_deliveries_are_refused(client: Client, settings: Any) -> None:
    import time

    now = int(time.time())
    assert deliver(client, override={"webhook-timestamp": str(now - 301)}).status_code == 400
    assert deliver(client, override={"webhook-timestamp": str(now + 301)}).status_code == 400
    # Tolerance from settings.
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_TOLERANCE=3600)
    raw = json.dumps(CALL_EVENT).encode()
    old = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_old", timestamp=now - 1800)
    assert client.post("/webhook/", data=raw, content_type="application/json", **meta(old)).status_code == 200


def test_tolerance_and_clock_of_the_view(rf: Any) -> None:
    raw = json.dumps(CALL_EVENT).encode()
    signed = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_clock", timestamp=1767225660)
    view = WebhookView(record, clock=lambda: 1767225660 + 60, tolerance=60, dedupe=False)
    request = rf.post("/", data=raw, content_type="application/json", **meta(signed))
    assert view(request).status_code == 200
    view.clock = lambda: 1767225660 + 61
    assert view(request).status_code == 400


def test_strict_decorated_view_has_zero_tolerance_for_an_old_delivery(client: Client) -> None:
    import time

    stale = str(int(time.time()) - 5)
    raw = json.dumps(CALL_EVENT).encode()
    signed = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_s", timestamp=int(stale))
    assert client.post("/webhook/strict/", data=raw, content_type="application/json", **meta(signed)).status_code == 400


def test_only_post(client: Client) -> None:
    assert client.get("/webhook/").status_code == 405
    assert client.put("/webhook/").status_code == 405


def test_webhook_is_csrf_exempt_but_browser_views_are_not(settings: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert deliver(strict).status_code == 200
    assert strict.post("/secret/anonymous/").status_code == 403
    assert strict.post("/sdp/", data=OFFER, content_type="application/sdp").status_code == 403


def test_retried_delivery_is_handled_once(client: Client) -> None:
    assert deliver(client, webhook_id="wh_retry").status_code == 200
    assert deliver(client, webhook_id="wh_retry").status_code == 200
    assert len(received) == 1
    assert deliver(client, webhook_id="wh_other").status_code == 200
    assert len(received) == 2


def test_dedupe_can_be_turned_off(client: Client) -> None:
    deliver(client, "/webhook/no-dedupe/", webhook_id="wh_x")
    deliver(client, "/webhook/no-dedupe/", webhook_id="wh_x")
    assert len(received) == 2


def test_failed_handler_releases_the_delivery_for_the_retry(no_leaks: Any) -> None:
    client = Client(raise_request_exception=False)
    assert deliver(client, "/webhook/explode/", webhook_id="wh_boom").status_code == 500
    assert deliver(client, "/webhook/explode/", webhook_id="wh_boom").status_code == 500
    assert len(received) == 2  # the retry ran the handler again


def test_handler_exception_propagates(client: Client) -> None:
    with pytest.raises(RuntimeError, match="handler failed"):
        deliver(client, "/webhook/explode/")


def test_handlers_by_type_ignore_other_types(client: Client) -> None:
    other = dict(CALL_EVENT, type="live.transport.incoming", data={"session_id": "s"})
    assert deliver(client, "/webhook/by-type/", other, webhook_id="wh_o").status_code == 200
    assert received == []
    assert deliver(client, "/webhook/by-type/", webhook_id="wh_o2").status_code == 200
    assert len(received) == 1


def test_unknown_event_type_reaches_a_catch_all_handler(client: Client) -> None:
    other = {"id": "evt_9", "type": "realtime.call.ended", "created_at": 1, "data": {"call_id": "rtc_9", "x": [1]}}
    assert deliver(client, payload=other).status_code == 200
    [event] = received
    assert isinstance(event, UnknownWebhookEvent)
    assert event.data == {"call_id": "rtc_9", "x": [1]}


def test_signed_but_malformed_payload_is_a_400(client: Client, no_leaks: Any) -> None:
    assert deliver(client, body=b"not json").status_code == 400
    bad = dict(CALL_EVENT, data={"sip_headers": []})
    response = deliver(client, payload=bad, webhook_id="wh_bad")
    assert response.status_code == 400
    assert "data.call_id" in no_leaks.text
    assert received == []


def test_decorator_keeps_the_docstring(client: Client) -> None:
    assert isinstance(decorated, WebhookView)
    assert decorated.__doc__ == "Docstring kept."
    assert deliver(client, "/webhook/decorated/").status_code == 200
    assert received[0][0] == "decorated"


def test_secret_from_the_view_wins(client: Client) -> None:
    assert deliver(client, "/webhook/own-secret/").status_code == 400
    assert deliver(client, "/webhook/own-secret/", secret="plain-view-secret").status_code == 200


def test_secret_from_top_level_setting_then_environment(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REALTIME_SYNC = {"API_KEY": CANARY}
    settings.OPENAI_WEBHOOK_SECRET = "top-level-secret"
    assert deliver(client, secret="top-level-secret", webhook_id="wh_a").status_code == 200
    del settings.OPENAI_WEBHOOK_SECRET
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "env-secret")
    assert deliver(client, secret="top-level-secret", webhook_id="wh_b").status_code == 400
    assert deliver(client, secret="env-secret", webhook_id="wh_c").status_code == 200


def test_no_secret_anywhere_is_a_server_error(settings: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": CANARY}
    with pytest.raises(ConfigurationError, match="OPENAI_WEBHOOK_SECRET"):
        deliver(Client())


def test_cache_store_claims_once_and_hashes_keys(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "hooks": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hooks"},
    }
    store = CacheDeliveryStore("hooks", timeout=60)
    odd_id = "wh with spaces and ünïcode " + "x" * 300
    assert store.claim(odd_id, "t1", 60) == CLAIMED
    assert store.claim(odd_id, "t2", 60) == IN_PROGRESS
    assert store.claim("wh_2", "t3", 60) == CLAIMED
    store.release(odd_id, "t2")  # not the holder: nothing happens
    assert store.claim(odd_id, "t2", 60) == IN_PROGRESS
    store.release(odd_id, "t1")
    assert store.claim(odd_id, "t4", 60) == CLAIMED
    store.finish(odd_id, "t4", DONE)
    assert store.claim(odd_id, "t5", 60) == DONE
    store.release(odd_id, "t4")  # a finished delivery is not released
    assert store.claim(odd_id, "t5", 60) == DONE
    store.finish("wh_2", "t3", UNKNOWN)
    assert store.claim("wh_2", "t6", 60) == UNKNOWN
    assert caches["default"].get(store._key("wh_2")) is None
    assert caches["hooks"].get(store._key("wh_2")) == "u"
    assert len(store._key(odd_id)) < 100
    with pytest.raises(ValueError, match="state"):
        store.finish("wh_2", "t3", "in_progress")  # type: ignore[arg-type]


def test_custom_store_is_used(client: Client, rf: Any) -> None:
    class Recording:
        def __init__(self) -> None:
            self.calls: List[Any] = []

        def claim(self, webhook_id: str, token: str, lease: float) -> str:
            self.calls.append(("claim", webhook_id, lease))
            self.token = token
            return "claimed"

        def finish(self, webhook_id: str, token: str, state: str) -> None:
            self.calls.append(("finish", webhook_id, token == self.token, state))

        def release(self, webhook_id: str, token: str) -> None:
            self.calls.append(("release", webhook_id, token == self.token))

    store = Recording()
    raw = json.dumps(CALL_EVENT).encode()

    def request() -> Any:
        signed = webhooks.sign(raw, webhook_id="wh_c", secret=WEBHOOK_SECRET)
        return rf.post("/", data=raw, content_type="application/json", **meta(signed))

    # Called directly (no Django handler around it), the view answers the handler's error as a JSON 500.
    failed = WebhookView(explode, store=store, lease=30)(request())
    assert failed.status_code == 500 and json.loads(failed.content) == {"error": "internal server error"}
    assert WebhookView(record, store=store, lease=30)(request()).status_code == 200
    assert store.calls == [
        ("claim", "wh_c", 30),
        ("release", "wh_c", True),
        ("claim", "wh_c", 30),
        ("finish", "wh_c", True, "done"),
    ]


def test_a_store_answering_something_else_is_a_503(rf: Any, no_leaks: Any) -> None:
    class Confused:
        def claim(self, webhook_id: str, token: str, lease: float) -> str:
            return "maybe"

        def finish(self, webhook_id: str, token: str, state: str) -> None:
            raise AssertionError("not reached")

        def release(self, webhook_id: str, token: str) -> None:
            raise AssertionError("not reached")

    raw = json.dumps(CALL_EVENT).encode()
    request = rf.post("/", data=raw, content_type="application/json", **meta(webhooks.sign(raw, WEBHOOK_SECRET)))
    assert WebhookView(record, store=Confused())(request).status_code == 503  # type: ignore[arg-type]
    assert received == []
    assert "'maybe'" in no_leaks.text


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "60", True])
def test_lease_and_deadline_must_be_positive_seconds(bad: Any, settings: Any, user_client: Client) -> None:
    with pytest.raises(ConfigurationError, match="lease"):
        WebhookView(record, lease=bad)
    with pytest.raises(ConfigurationError, match="deadline"):
        SdpProxyView(deadline=bad)
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_CLAIM_LEASE=bad, SDP_PROXY_DEADLINE=bad)
    with pytest.raises(ConfigurationError, match="WEBHOOK_CLAIM_LEASE"):
        deliver(Client())
    with pytest.raises(ConfigurationError, match="SDP_PROXY_DEADLINE"):
        user_client.post("/sdp/", data=OFFER, content_type="application/sdp")


def test_webhook_view_rejects_a_non_callable_handler() -> None:
    with pytest.raises(TypeError, match="handler"):
        WebhookView("not callable")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- client secret view


@pytest.fixture
def user_client(client: Client, django_user_model: Any, db: Any) -> Client:
    # No password: hashing one (PBKDF2) costs ~0.4 s per test, and force_login needs none.
    client.force_login(django_user_model.objects.create_user(username="ada"))
    return client


def test_client_secret_for_a_logged_in_user(user_client: Client, fake: FakeTransport, no_leaks: Any) -> None:
    response = user_client.post("/secret/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"value": CLIENT_SECRET_REALTIME["value"], "expires_at": 1767226200}
    [sent] = fake.requests
    assert sent.url == "https://api.openai.com/v1/realtime/client_secrets"
    assert json.loads(sent.body) == {"session": {"type": "realtime", "model": "gpt-realtime"}}
    assert CANARY not in response.content.decode()


def test_client_secret_session_from_settings_factory_and_expiry(
    user_client: Client, fake: FakeTransport, settings: Any
) -> None:
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, SESSION=SESSION)
    user_client.post("/secret/")
    user_client.post("/secret/per-user/")
    user_client.post("/secret/expiring/")
    bodies = [json.loads(r.body) for r in fake.requests]
    assert bodies[0] == {"session": SESSION}
    assert bodies[1]["session"]["instructions"] == "Talk to ada."
    assert bodies[2] == {"session": SESSION, "expires_after": {"anchor": "created_at", "seconds": 120}}


def test_client_secret_requires_login_and_post(client: Client, fake: FakeTransport, db: Any) -> None:
    response = client.post("/secret/")
    assert response.status_code == 403
    assert response.json() == {"error": "authentication required"}
    assert client.get("/secret/").status_code == 405
    assert fake.requests == []
    assert client.post("/secret/anonymous/").status_code == 200


def test_client_secret_upstream_failure_is_a_502(user_client: Client, fake: FakeTransport, no_leaks: Any) -> None:
    fake.script.append(respond(500, {"error": {"message": "boom", "type": "server_error", "code": None}}))
    response = user_client.post("/secret/")
    assert response.status_code == 502
    assert response.json() == {"error": "could not create a client secret"}
    assert "Error code: 500" in no_leaks.text


# --------------------------------------------------------------------------- SDP proxy view


def test_an_upstream_echoing_the_key_json_escaped_stays_out_of_the_error_log(
    user_client: Client, fake: FakeTransport, no_leaks: Any
) -> None:
    escaped = "".join("\\u%04x" % ord(c) for c in CANARY)
    body = ('{"error": {"message": "Incorrect API key provided: %s", "code": "invalid_api_key"}}' % escaped).encode()
    fake.script.append(respond(401, body, {"Content-Type": "application/json", "x-request-id": CANARY}))
    response = user_client.post("/secret/")
    assert response.status_code == 502
    errors = [r.getMessage() for r in no_leaks.records if r.levelno >= logging.ERROR]
    assert any("Incorrect API key provided: <redacted>" in line for line in errors), errors
    assert escaped not in no_leaks.text and CANARY[8:] not in no_leaks.text


def test_sdp_proxy_returns_the_answer_and_keeps_the_call_id(
    user_client: Client, fake: FakeTransport, no_leaks: Any
) -> None:
    response = user_client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/sdp"
    assert response["Cache-Control"] == "no-store"
    assert response.content == ANSWER_SDP.encode()
    assert "Location" not in response
    assert b"rtc_test_0002" not in response.content
    assert call_ids == ["rtc_test_0002"]
    [sent] = fake.requests
    assert sent.url == "https://api.openai.com/v1/realtime/calls"
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert OFFER.encode() in sent.body
    assert json.dumps(SESSION, separators=(",", ":")).encode() in sent.body


def test_sdp_proxy_over_a_real_socket(user_client: Client, settings: Any) -> None:
    from _server import parse_multipart

    with LoopbackServer() as server:
        settings.REALTIME_SYNC = {"API_KEY": CANARY, "BASE_URL": server.url, "MAX_RETRIES": 0}
        response = user_client.post("/sdp/", data=OFFER, content_type="application/sdp")
        assert response.status_code == 201
        assert response.content == ANSWER_SDP.encode()
        assert call_ids == ["rtc_test_0002"]
        [sent] = server.requests
        assert sent.path == "/v1/realtime/calls"
        assert sent.headers["authorization"] == "Bearer " + CANARY
        parts = parse_multipart(sent.headers["content-type"], sent.body)
        assert [(p.name, p.content_type) for p in parts] == [
            ("sdp", "application/sdp"),
            ("session", "application/json"),
        ]
        assert parts[0].body == OFFER.encode()
        assert json.loads(parts[1].body) == SESSION


def test_sdp_proxy_default_session(user_client: Client, fake: FakeTransport) -> None:
    assert user_client.post("/sdp/default-session/", data=OFFER, content_type="application/sdp").status_code == 201
    assert b'{"type":"realtime","model":"gpt-realtime"}' in fake.requests[0].body


@pytest.mark.parametrize(
    "body, status",
    [
        (b"", 400),
        (b"hello", 400),
        (b'{"sdp": "v=0"}', 400),
        (b"v=0\r\n\xff\xfe", 400),
        (b"v=0\r\n" + b"a=x\r\n" * 20000, 413),
    ],
)
def test_sdp_proxy_refuses_bad_offers_before_calling_openai(
    user_client: Client, fake: FakeTransport, body: bytes, status: int
) -> None:
    assert user_client.post("/sdp/", data=body, content_type="application/sdp").status_code == status
    assert fake.requests == []


def test_sdp_proxy_requires_login_and_post(client: Client, fake: FakeTransport, db: Any) -> None:
    assert client.post("/sdp/", data=OFFER, content_type="application/sdp").status_code == 403
    assert client.get("/sdp/").status_code == 405
    assert fake.requests == []


def test_sdp_proxy_upstream_errors(user_client: Client, fake: FakeTransport, no_leaks: Any) -> None:
    fake.script.append(respond(400, {"error": {"message": "Invalid SDP.", "type": "invalid_request_error"}}))
    response = user_client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert (response.status_code, response.json()) == (502, {"error": "could not create the call"})
    fake.script.append(time_out)
    response = user_client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert (response.status_code, response.json()) == (504, {"error": "OpenAI did not answer in time"})
    assert call_ids == []
    assert "Invalid SDP." in no_leaks.text


def test_sdp_proxy_hangs_up_when_the_hook_fails(user_client: Client, fake: FakeTransport) -> None:
    with pytest.raises(RuntimeError, match="could not store the call"):
        user_client.post("/sdp/failing-hook/", data=OFFER, content_type="application/sdp")
    assert fake.paths == ["/realtime/calls", "/realtime/calls/rtc_test_0002/hangup"]


@pytest.mark.parametrize("status", [404, 500])
def test_sdp_proxy_hangup_failure_does_not_hide_the_hook_error(
    user_client: Client, fake: FakeTransport, status: int, no_leaks: Any
) -> None:
    fake.script.extend([like_the_api, respond(status, {"error": {}})])
    with pytest.raises(RuntimeError, match="could not store the call"):
        user_client.post("/sdp/failing-hook/", data=OFFER, content_type="application/sdp")
    assert fake.paths == ["/realtime/calls", "/realtime/calls/rtc_test_0002/hangup"]
    assert ("Could not hang up call rtc_test_0002" in no_leaks.text) == (status == 500)


def test_browser_view_takes_session_or_factory_not_both() -> None:
    with pytest.raises(TypeError):
        SdpProxyView(session=SESSION, session_factory=per_user_session)


# --------------------------------------------------------------------------- settings and the shared client


def test_shared_client_is_one_per_process_across_threads() -> None:
    seen: List[Any] = []
    barrier = threading.Barrier(8)

    def grab() -> None:
        barrier.wait()
        seen.append(get_client())

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1
    assert get_client() is seen[0]


def test_changing_settings_rebuilds_the_client(settings: Any, fake: FakeTransport) -> None:
    first = get_client()
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, BASE_URL="http://127.0.0.1:9/v1")
    second = get_client()
    assert second is not first
    assert second.base_url == "http://127.0.0.1:9/v1"


def test_api_key_precedence(settings: Any, fake: FakeTransport, monkeypatch: pytest.MonkeyPatch) -> None:
    def key_sent() -> str:
        get_client().calls.hangup("rtc_k")
        value: str = fake.requests[-1].headers["authorization"]
        return value

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    settings.REALTIME_SYNC = {"TRANSPORT": fake}
    assert key_sent() == "Bearer sk-from-env"
    settings.OPENAI_API_KEY = "sk-from-settings"
    assert key_sent() == "Bearer sk-from-settings"
    settings.REALTIME_SYNC = {"TRANSPORT": fake, "API_KEY": "sk-from-realtime-sync"}
    assert key_sent() == "Bearer sk-from-realtime-sync"


def test_no_api_key_is_a_configuration_error(settings: Any) -> None:
    settings.REALTIME_SYNC = {}
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        get_client()


def test_client_options_from_settings(settings: Any, fake: FakeTransport) -> None:
    settings.REALTIME_SYNC = {
        "API_KEY": CANARY,
        "TRANSPORT": fake,
        "BASE_URL": "https://eu.example.test/v1/",
        "TIMEOUT": 7,
        "MAX_RETRIES": 5,
        "ORGANIZATION": "org_1",
        "PROJECT": "proj_1",
    }
    client = get_client()
    assert (client.base_url, client.timeout, client.max_retries) == ("https://eu.example.test/v1", Timeout(7, 7), 5)
    client.calls.hangup("rtc_o")
    sent = fake.requests[0].headers
    assert (sent["openai-organization"], sent["openai-project"]) == ("org_1", "proj_1")


def make_fake() -> FakeTransport:
    transport = FakeTransport()
    made.append(transport)
    return transport


made: List[FakeTransport] = []
SHARED_FAKE = FakeTransport()


@pytest.mark.parametrize(
    "setting, expected",
    [
        (__name__ + ".make_fake", "factory"),
        (__name__ + ".SHARED_FAKE", "instance"),
        (make_fake, "factory"),
        (__name__ + ".FakeTransport", "class"),
        (FakeTransport, "class"),
    ],
)
def test_transport_setting_forms(settings: Any, setting: Any, expected: str) -> None:
    made.clear()
    settings.REALTIME_SYNC = {"API_KEY": CANARY, "TRANSPORT": setting}
    transport = get_client().transport
    if expected == "class":
        assert type(transport) is FakeTransport and transport is not SHARED_FAKE
    else:
        assert transport is (made[0] if expected == "factory" else SHARED_FAKE)


@pytest.mark.parametrize("setting", ["no.such.module.Transport", 42, object()])
def test_bad_transport_setting(settings: Any, setting: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": CANARY, "TRANSPORT": setting}
    with pytest.raises(ConfigurationError, match="TRANSPORT"):
        get_client()


def test_unknown_setting_key_is_refused(settings: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": CANARY, "WEBHOOK_SECRT": "typo"}
    with pytest.raises(ConfigurationError, match="WEBHOOK_SECRT"):
        realtime_setting("API_KEY")
    with pytest.raises(ConfigurationError, match="unknown setting"):
        realtime_setting("NOPE")


def test_core_package_never_imports_django() -> None:
    code = (
        "import sys, realtime_sync; realtime_sync.RealtimeClient; import realtime_sync.webhooks;"
        "print('django' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------- delivery semantics
#
# At most one accept per call across workers and redeliveries, and no call silently dropped when the
# delivery store fails. The stores below are real Django cache backends (LocMemCache subclasses) that
# misbehave the way production caches do.


class FlakyCache(LocMemCache):
    """A local-memory cache that can be taken down, with a manual clock for lease expiry.

    ``down`` names the operations that fail. By default a failure is swallowed the way
    ``PyMemcacheCache(OPTIONS={"ignore_exc": True})`` and django-redis ``IGNORE_EXCEPTIONS`` swallow
    it (``add`` answers False, ``get`` the default, ``set``/``delete`` nothing); with ``raising`` it
    raises, as a cache without error swallowing does.
    """

    down: Set[str] = set()
    raising = False
    now: Optional[float] = None  # None: the real clock

    def _is_down(self, operation: str) -> bool:
        if operation not in FlakyCache.down:
            return False
        if FlakyCache.raising:
            raise ConnectionError("cache server 10.0.0.7:11211 unreachable")
        return True

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        if self._is_down("add"):
            return False
        return bool(super().add(key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        if self._is_down("get"):
            return default
        return super().get(key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> None:
        if self._is_down("set"):
            return
        super().set(key, value, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        if self._is_down("delete"):
            return False
        return bool(super().delete(key, version))

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> Optional[float]:
        expiry: Optional[float] = super().get_backend_timeout(timeout)
        if expiry is None or FlakyCache.now is None:
            return expiry
        return expiry - time.time() + FlakyCache.now

    def _has_expired(self, key: str) -> bool:
        if FlakyCache.now is None:
            return bool(super()._has_expired(key))
        expiry = self._expire_info.get(key, -1)
        return expiry is not None and expiry <= FlakyCache.now


ALL_OPERATIONS = {"add", "get", "set", "delete"}


@pytest.fixture
def flaky(settings: Any) -> Iterator[Any]:
    """The dedupe store on a FlakyCache (up, real clock) for this test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "flaky": {"BACKEND": __name__ + ".FlakyCache", "LOCATION": "flaky"},
    }
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_DEDUPE_CACHE="flaky")
    FlakyCache.down, FlakyCache.raising, FlakyCache.now = set(), False, None
    caches["flaky"].clear()
    yield FlakyCache
    FlakyCache.down, FlakyCache.raising, FlakyCache.now = set(), False, None


def errors_logged(caplog: pytest.LogCaptureFixture) -> List[str]:
    """The ERRORs of the delivery rules (not the traceback logged for a handler's exception, answered 500)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "realtime_sync.django" and r.levelno >= logging.ERROR and "unhandled error" not in r.getMessage()
    ]


def accepts(paths: List[str]) -> List[str]:
    return [p for p in paths if p.endswith("/accept")]


# -- the store fails: 503, never "already handled"


@pytest.mark.parametrize(
    "down", [ALL_OPERATIONS, {"add", "get"}, {"get"}, {"add"}], ids=["all", "add+get", "get", "add"]
)
def test_an_outage_of_an_error_swallowing_cache_is_a_503_and_the_call_is_accepted_later(
    client: Client, fake: FakeTransport, flaky: Any, no_leaks: Any, down: Set[str]
) -> None:
    flaky.down = down
    response = deliver(client, "/webhook/accept/", webhook_id="wh_outage")
    assert response.status_code == 503  # OpenAI delivers it again; a 200 would lose the call
    assert fake.requests == []
    [error] = errors_logged(no_leaks)
    assert "wh_outage" in error and "delivery store failed" in error and "503" in error
    flaky.down = set()
    # Back up: the redelivery is handled at once (a claim stored before its read-back failed was dropped).
    assert deliver(client, "/webhook/accept/", webhook_id="wh_outage").status_code == 200
    assert deliver(client, "/webhook/accept/", webhook_id="wh_outage").status_code == 200
    assert accepts(fake.paths) == ["/realtime/calls/rtc_in_1/accept"]


def test_an_outage_of_a_raising_cache_is_a_503_too(
    client: Client, fake: FakeTransport, flaky: Any, no_leaks: Any
) -> None:
    flaky.down, flaky.raising = ALL_OPERATIONS, True
    response = deliver(client, "/webhook/accept/", webhook_id="wh_down")
    assert response.status_code == 503
    assert fake.requests == []
    assert "ConnectionError: cache server 10.0.0.7:11211 unreachable" in errors_logged(no_leaks)[0]
    flaky.down = set()
    assert deliver(client, "/webhook/accept/", webhook_id="wh_down").status_code == 200
    assert len(accepts(fake.paths)) == 1


def test_a_cache_that_stores_nothing_never_counts_as_handled(
    client: Client, fake: FakeTransport, settings: Any, no_leaks: Any
) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_DEDUPE_CACHE="dummy")
    assert deliver(client, "/webhook/accept/", webhook_id="wh_dummy").status_code == 503
    assert fake.requests == []
    assert "DummyCache" in errors_logged(no_leaks)[0]


def test_done_not_recorded_still_answers_200_and_a_duplicate_is_not_run_within_the_lease(
    client: Client, fake: FakeTransport, flaky: Any, no_leaks: Any
) -> None:
    flaky.down = {"set"}
    assert deliver(client, "/webhook/accept/", webhook_id="wh_set").status_code == 200  # the call was accepted
    [error] = errors_logged(no_leaks)
    assert "wh_set" in error and "did not record it" in error
    flaky.down = set()
    assert deliver(client, "/webhook/accept/", webhook_id="wh_set").status_code == 409
    assert len(accepts(fake.paths)) == 1


# -- in progress: duplicates are told to come back, and a killed worker's claim expires

gate_entered = threading.Event()
gate_proceed = threading.Event()
gate_fails: List[bool] = []


def gated(event: Any, request: Any) -> None:
    received.append(event)
    gate_entered.set()
    assert gate_proceed.wait(10)
    if gate_fails and gate_fails.pop(0):
        raise RuntimeError("handler failed")


dies_once: List[bool] = []


def killed_once(event: Any, request: Any) -> None:
    received.append(event)
    if dies_once and dies_once.pop(0):
        raise SystemExit(1)  # what a pre-forking server's worker timeout raises inside the handler


def test_a_duplicate_while_the_first_is_in_its_handler_gets_409_and_is_not_lost(client: Client) -> None:
    gate_entered.clear()
    gate_proceed.clear()
    gate_fails[:] = [True, False]
    first: List[int] = []

    def deliver_first() -> None:
        first.append(deliver(Client(raise_request_exception=False), "/webhook/gated/", webhook_id="wh_g").status_code)

    thread = threading.Thread(target=deliver_first)
    thread.start()
    try:
        assert gate_entered.wait(10)
        # The first is still in its handler: a 200 now would acknowledge a call that may yet fail.
        assert deliver(client, "/webhook/gated/", webhook_id="wh_g").status_code == 409
    finally:
        gate_proceed.set()
        thread.join(10)
    assert first == [500]  # the first failed: its claim is released
    assert deliver(client, "/webhook/gated/", webhook_id="wh_g").status_code == 200  # OpenAI's retry runs it
    assert deliver(client, "/webhook/gated/", webhook_id="wh_g").status_code == 200  # done: not run again
    assert len(received) == 2


@pytest.mark.parametrize("lease, configured", [(60, None), (5, 5)])
def test_a_killed_workers_claim_expires_with_its_lease(
    client: Client, flaky: Any, settings: Any, lease: int, configured: Optional[int]
) -> None:
    if configured is not None:
        settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_CLAIM_LEASE=configured)
    flaky.now = 1767225600.0
    dies_once[:] = [True]
    with pytest.raises(SystemExit):
        deliver(client, "/webhook/killed/", webhook_id="wh_k")
    assert deliver(client, "/webhook/killed/", webhook_id="wh_k").status_code == 409
    flaky.now += lease - 1
    assert deliver(client, "/webhook/killed/", webhook_id="wh_k").status_code == 409
    flaky.now += 1  # the lease is over, not the 3-day dedupe lifetime
    assert deliver(client, "/webhook/killed/", webhook_id="wh_k").status_code == 200
    assert deliver(client, "/webhook/killed/", webhook_id="wh_k").status_code == 200
    assert len(received) == 2
    flaky.now += 3 * 24 * 3600 - 1
    assert deliver(client, "/webhook/killed/", webhook_id="wh_k").status_code == 200
    assert len(received) == 2  # done is remembered for the dedupe lifetime


# -- unknown outcome: an accept that may have landed is never repeated through a redelivery


def test_an_accept_that_timed_out_is_not_repeated_by_a_redelivery(settings: Any, no_leaks: Any) -> None:
    client = Client(raise_request_exception=False)
    with LoopbackServer() as server:
        server.respond(200, b"", delay=1.0)  # OpenAI got the accept; its answer is late
        settings.REALTIME_SYNC = {
            "API_KEY": CANARY,
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "BASE_URL": server.url,
            "TIMEOUT": (5, 0.2),
            "MAX_RETRIES": 2,
        }
        assert deliver(client, "/webhook/accept/", webhook_id="wh_u").status_code == 500
        for _ in range(2):  # OpenAI's redeliveries
            assert deliver(client, "/webhook/accept/", webhook_id="wh_u").status_code == 200
        assert accepts([r.path for r in server.requests]) == ["/v1/realtime/calls/rtc_in_1/accept"]
    assert len(received) == 1
    [error] = errors_logged(no_leaks)
    assert "wh_u" in error and "call rtc_in_1 is unknown" in error and "APITimeoutError" in error


def unsent(request: HttpRequest) -> HttpResponse:
    raise APIConnectionError("Connection error: connection refused.", request=request, request_sent=False)


def reset_after_sending(request: HttpRequest) -> HttpResponse:
    raise APIConnectionError("Connection error: connection reset by the server.", request=request)


def timed_out_then_hung_up(event: Any, request: Any) -> None:
    received.append(event)
    try:
        get_client().calls.accept(event.data.call_id, session=SESSION)
    except APITimeoutError as exc:
        raise RuntimeError("could not accept") from exc


@pytest.mark.parametrize(
    "failure, url, unknown",
    [
        (time_out, "/webhook/accept/", True),
        (reset_after_sending, "/webhook/accept/", True),
        (respond(502, b"<html>502 Bad Gateway</html>"), "/webhook/accept/", True),
        (respond(504, b"<html>504 Gateway Time-out</html>"), "/webhook/accept/", True),
        (respond(503, b"<html>503 Service Unavailable</html>"), "/webhook/accept/", True),  # a proxy's
        (respond(500, {"error": {"message": "boom"}}, {"x-request-id": "req_1"}), "/webhook/accept/", False),
        (respond(503, {"error": {"message": "busy"}}, {"x-request-id": "req_2"}), "/webhook/accept/", False),
        (time_out, "/webhook/accept-wrapped/", True),  # the timeout is the cause of the handler's error
        (unsent, "/webhook/accept/", False),  # certainly not sent: the redelivery must accept
        (
            respond(400, {"error": {"message": "Bad session.", "type": "invalid_request_error"}}),
            "/webhook/accept/",
            False,
        ),
    ],
    ids=[
        "timeout",
        "reset",
        "502",
        "504",
        "proxy-503",
        "openai-500",
        "openai-503",
        "wrapped-timeout",
        "not-sent",
        "400",
    ],
)
def test_which_failures_keep_the_claim_as_unknown(
    fake: FakeTransport, no_leaks: Any, failure: Callable[..., HttpResponse], url: str, unknown: bool
) -> None:
    client = Client(raise_request_exception=False)
    fake.script.append(failure)
    assert deliver(client, url, webhook_id="wh_f").status_code == 500
    assert deliver(client, url, webhook_id="wh_f").status_code == 200
    assert len(accepts(fake.paths)) == (1 if unknown else 2)
    assert len(received) == (1 if unknown else 2)
    assert any("call rtc_in_1 is unknown" in e for e in errors_logged(no_leaks)) == unknown


def test_unknown_outcome_is_remembered_for_the_dedupe_lifetime(client: Client, fake: FakeTransport, flaky: Any) -> None:
    flaky.now = 1767225600.0
    fake.script.append(time_out)
    with pytest.raises(APITimeoutError):
        deliver(client, "/webhook/accept/", webhook_id="wh_l")
    flaky.now += 3 * 24 * 3600 - 1
    assert deliver(client, "/webhook/accept/", webhook_id="wh_l").status_code == 200
    assert len(accepts(fake.paths)) == 1


# -- SdpProxyView: a total deadline, no second create


def join_sdp_workers() -> None:
    for thread in threading.enumerate():
        if thread.name == "realtime_sync-sdp-create":
            thread.join(10)
            assert not thread.is_alive()


def test_sdp_proxy_answers_504_at_its_deadline_on_a_stalled_upstream(
    user_client: Client, settings: Any, no_leaks: Any
) -> None:
    released = threading.Event()

    def stalled(request: Any) -> Any:
        released.wait(10)  # the upstream holds its answer until the test lets it go
        return Reply(201, ANSWER_SDP, {"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_late"})

    with LoopbackServer() as server:
        server.add(stalled)
        settings.REALTIME_SYNC = {
            "API_KEY": CANARY,
            "BASE_URL": server.url,
            "TIMEOUT": (5, 60),  # the client alone would wait a minute, three times
            "MAX_RETRIES": 2,
            "SDP_PROXY_DEADLINE": 0.2,
        }
        try:
            response = user_client.post("/sdp/", data=OFFER, content_type="application/sdp")
            join_sdp_workers()  # its read timeout is capped by the deadline
        finally:
            released.set()
        assert response.status_code == 504
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": "OpenAI did not answer in time"}
        assert [r.path for r in server.requests] == ["/v1/realtime/calls"]  # created at most once
    assert call_ids == []
    assert "deadline" in no_leaks.text or "timed out" in no_leaks.text


def test_a_call_created_after_the_deadline_is_hung_up(user_client: Client, fake: FakeTransport, no_leaks: Any) -> None:
    released = threading.Event()

    def late(request: HttpRequest) -> HttpResponse:
        assert released.wait(10)
        return like_the_api(request)

    fake.script.append(late)
    try:
        response = user_client.post("/sdp/quick/", data=OFFER, content_type="application/sdp")
    finally:
        released.set()
    join_sdp_workers()
    assert response.status_code == 504
    assert fake.paths == ["/realtime/calls", "/realtime/calls/rtc_test_0002/hangup"]
    assert call_ids == []  # on_call never saw the abandoned call
    assert "rtc_test_0002 was created after the deadline" in no_leaks.text


def test_sdp_proxy_within_its_deadline_is_unchanged(user_client: Client, fake: FakeTransport) -> None:
    response = user_client.post("/sdp/quick/", data=OFFER, content_type="application/sdp")
    assert response.status_code == 201 and response.content == ANSWER_SDP.encode()
    assert call_ids == ["rtc_test_0002"]
    assert fake.requests[0].url.endswith("/realtime/calls")


def test_concurrent_duplicates_accept_the_call_once(fake: FakeTransport) -> None:
    barrier = threading.Barrier(12)
    statuses: List[int] = []

    def deliver_at_once() -> None:
        barrier.wait(10)
        statuses.append(deliver(Client(), "/webhook/accept/", webhook_id="wh_burst").status_code)

    threads = [threading.Thread(target=deliver_at_once) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(statuses) == 12 and set(statuses) <= {200, 409}
    assert accepts(fake.paths) == ["/realtime/calls/rtc_in_1/accept"]
    assert deliver(Client(), "/webhook/accept/", webhook_id="wh_burst").status_code == 200  # done by now
    assert len(accepts(fake.paths)) == 1
