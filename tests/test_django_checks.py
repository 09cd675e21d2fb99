"""The Django integration's configuration surface: system checks, class-based views, one JSON error shape,
the ``sendtestwebhook`` management command (issue 17). Real Django through pytest-django."""

import io
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List

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

from _fakes import FakeTransport, like_the_api  # noqa: E402
from data import ANSWER_SDP  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from realtime_sync import ConfigurationError, HttpRequest, HttpResponse, webhooks  # noqa: E402
from realtime_sync.contrib.django import (  # noqa: E402
    CacheDeliveryStore,
    ClientSecretView,
    LiveOfferView,
    SdpProxyView,
    WebhookView,
    reset_client,
)
from realtime_sync.contrib.django.checks import check_realtime_sync, webhook_routes  # noqa: E402
from realtime_sync.contrib.django.management.commands import sendtestwebhook  # noqa: E402
from realtime_sync.webhook_delivery import MemoryDeliveryStore  # noqa: E402

SECRET = "whsec_" + "Y2hlY2tzLXRlc3Qtc2VjcmV0"  # base64 of checks-test-secret
KEY = "sk-checks-canary-0123456789abcdef"
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
EVENT = {
    "id": "evt_c",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_c_1", "sip_headers": []},
}
handled: List[Any] = []


def record(event: Any, request: Any) -> None:
    handled.append(("function", event.data.call_id))


class PhoneWebhook(WebhookView):
    """The subclass style: handle() overridden, options as class attributes."""

    lease = 30

    def handle(self, event: Any, request: Any) -> None:
        handled.append(("subclass", event.data.call_id, self.request is request))


class RememberingProxy(SdpProxyView):
    remembered: List[str] = []

    def on_call(self, request: Any, call_id: str) -> None:
        RememberingProxy.remembered.append(call_id)


class ExplodingSecret(ClientSecretView):
    def get_session(self, request: Any) -> Any:
        raise RuntimeError("session store down")


webhook_urls = [path("hook/", WebhookView.as_view(handler=record))]

urlpatterns = [
    path("instance/", WebhookView(record)),
    path("as-view/", WebhookView.as_view(handler={"realtime.call.incoming": record})),
    path("subclass/", PhoneWebhook.as_view()),
    path("subclass-instance/", PhoneWebhook()),
    path("nested/", include(webhook_urls)),
    path("decorated/", csrf_exempt(WebhookView.as_view(handler=record))),
    path("sdp/", RememberingProxy.as_view()),
    path("sdp/plain/", SdpProxyView()),
    path("secret/", ClientSecretView.as_view(login_required=False)),
    path("secret/exploding/", ExplodingSecret.as_view(login_required=False)),
]


@pytest.fixture
def fake() -> FakeTransport:
    return FakeTransport(default=like_the_api)


@pytest.fixture(autouse=True)
def project(settings: Any, fake: FakeTransport) -> Iterator[None]:
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "checks"}}
    settings.REALTIME_SYNC = {"API_KEY": KEY, "WEBHOOK_SECRET": SECRET, "TRANSPORT": fake, "MAX_RETRIES": 0}
    handled.clear()
    RememberingProxy.remembered.clear()
    caches["default"].clear()
    yield
    reset_client()


def deliver(client: Client, url: str, webhook_id: str = "wh_c1") -> Any:
    raw = json.dumps(EVENT).encode()
    signed = webhooks.sign(raw, SECRET, webhook_id=webhook_id)
    meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in signed.items()}
    return client.post(url, data=raw, content_type="application/json", **meta)


def ids(messages: List[Any]) -> List[str]:
    return sorted(m.id for m in messages)


# --------------------------------------------------------------------------- system checks


def test_a_well_configured_project_with_a_shared_cache_passes(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}
    assert check_realtime_sync() == []


def test_a_misspelled_key_says_did_you_mean(settings: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": KEY, "WEBHOOK_SECRT": SECRET}
    [message] = check_realtime_sync()
    assert message.id == "realtime_sync.E001" and message.level == 40
    assert "unknown key 'WEBHOOK_SECRT' (did you mean 'WEBHOOK_SECRET'?)" in message.msg
    assert SECRET not in message.msg + (message.hint or "")
    # The same words at run time.
    from realtime_sync.contrib.django import realtime_setting

    with pytest.raises(ConfigurationError, match="did you mean 'WEBHOOK_SECRET'"):
        realtime_setting("API_KEY")


def test_a_key_with_no_close_match_lists_the_known_ones(settings: Any) -> None:
    settings.REALTIME_SYNC = {"COLOUR": "blue"}
    [message] = check_realtime_sync()
    assert "unknown key 'COLOUR'; expected one of" in message.msg and "WEBHOOK_SECRET" in message.msg


def test_realtime_sync_must_be_a_dict(settings: Any) -> None:
    settings.REALTIME_SYNC = ["API_KEY"]
    assert ids(check_realtime_sync()) == ["realtime_sync.E001"]


def test_a_missing_webhook_secret_names_the_setting(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.REALTIME_SYNC = {"API_KEY": KEY}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}
    messages = check_realtime_sync()
    assert ids(messages) == ["realtime_sync.E003"]  # one message, however many routes
    assert 'REALTIME_SYNC["WEBHOOK_SECRET"]' in messages[0].hint and "OPENAI_WEBHOOK_SECRET" in messages[0].hint
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    assert check_realtime_sync() == []
    # At run time, the same names.
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET")
    with pytest.raises(ConfigurationError, match=r'REALTIME_SYNC\["WEBHOOK_SECRET"\].*OPENAI_WEBHOOK_SECRET'):
        deliver(Client(), "/instance/")


def test_an_unusable_secret_is_reported_without_repeating_it(settings: Any) -> None:
    settings.REALTIME_SYNC = {"API_KEY": KEY, "WEBHOOK_SECRET": "whsec_"}
    messages = check_realtime_sync()
    assert "realtime_sync.E003" in ids(messages)
    assert all("whsec_" not in m.msg.replace("'whsec_'", "") for m in messages)


def test_no_webhook_view_routed_needs_no_secret(settings: Any) -> None:
    settings.ROOT_URLCONF = "test_django_checks_browser_only"
    settings.REALTIME_SYNC = {"API_KEY": KEY}
    assert check_realtime_sync() == []


@pytest.mark.parametrize(
    "backend, expected",
    [
        ("django.core.cache.backends.locmem.LocMemCache", "realtime_sync.W001"),
        ("django.core.cache.backends.filebased.FileBasedCache", "realtime_sync.W001"),
        ("django.core.cache.backends.dummy.DummyCache", "realtime_sync.E005"),
    ],
)
def test_a_dedupe_cache_that_works_in_one_process_only(
    settings: Any, backend: str, expected: str, tmp_path: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    messages = check_realtime_sync()
    assert ids(messages) == [expected]
    assert "REALTIME_SYNC['WEBHOOK_DEDUPE_CACHE'] is 'default'" in messages[0].msg
    assert "Redis" in messages[0].hint


class TunedLocMem(LocMemCache):
    """A project's own subclass: still local memory."""


def test_a_subclass_of_locmem_is_still_one_process(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": __name__ + ".TunedLocMem"}}
    assert ids(check_realtime_sync()) == ["realtime_sync.W001"]


def test_a_dedupe_alias_missing_from_caches(settings: Any) -> None:
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_DEDUPE_CACHE="webhooks")
    [message] = check_realtime_sync()
    assert message.id == "realtime_sync.E004" and "'webhooks', which is not in CACHES" in message.msg


def test_a_memory_store_and_a_live_offer_cache_are_reported_too(settings: Any) -> None:
    settings.ROOT_URLCONF = "test_django_checks_stores"
    messages = check_realtime_sync()
    assert ids(messages) == ["realtime_sync.W001", "realtime_sync.W002"]
    assert "MemoryDeliveryStore" in messages[0].msg + messages[1].msg


@pytest.mark.parametrize("name", ["WEBHOOK_CLAIM_LEASE", "SDP_PROXY_DEADLINE", "WEBHOOK_DEDUPE_TIMEOUT"])
def test_seconds_settings_must_be_positive_numbers(settings: Any, name: str) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, **{name: "60"})
    [message] = check_realtime_sync()
    assert message.id == "realtime_sync.E002" and name in message.msg


def test_the_app_registers_the_checks(settings: Any) -> None:
    from django.apps import apps
    from django.core import checks

    from realtime_sync.contrib.django.apps import RealtimeSyncConfig

    config = RealtimeSyncConfig.create("realtime_sync.contrib.django")
    assert (config.label, config.name) == ("realtime_sync", "realtime_sync.contrib.django")
    config.apps = apps
    config.ready()
    assert check_realtime_sync in checks.registry.registry.get_checks()
    settings.REALTIME_SYNC = {"WEBHOOK_SECRT": SECRET}
    assert "realtime_sync.E001" in [m.id for m in checks.run_checks()]


# --------------------------------------------------------------------------- class-based views


@pytest.mark.parametrize("url", ["/instance/", "/as-view/", "/nested/hook/", "/decorated/"])
def test_every_style_verifies_claims_and_dispatches(client: Client, url: str) -> None:
    assert deliver(client, url).status_code == 200
    assert deliver(client, url).status_code == 200  # the same webhook-id: de-duplicated
    assert handled == [("function", "rtc_c_1")]


@pytest.mark.parametrize("url", ["/subclass/", "/subclass-instance/"])
def test_a_subclass_overrides_handle(client: Client, url: str) -> None:
    assert deliver(client, url).status_code == 200
    assert handled == [("subclass", "rtc_c_1", True)]


def test_as_view_is_csrf_exempt_and_post_only() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert deliver(strict, "/as-view/").status_code == 200
    response = strict.get("/as-view/")
    assert (response.status_code, response["Allow"], response.json()) == (
        405,
        "POST",
        {"error": "method not allowed: use POST"},
    )


def test_subclass_options_and_as_view_options_are_checked_at_url_time() -> None:
    assert PhoneWebhook().lease == 30 and PhoneWebhook(lease=5).lease == 5
    with pytest.raises(TypeError, match="handler"):
        WebhookView.as_view()
    with pytest.raises(TypeError, match="invalid keyword"):
        WebhookView.as_view(handler=record, colour="blue")
    with pytest.raises(ConfigurationError, match="deadline"):
        SdpProxyView.as_view(deadline=-1)
    assert LiveOfferView(remember=5).remember == 5 and LiveOfferView().remember == 300


def test_each_request_gets_its_own_view_instance(client: Client) -> None:
    view = PhoneWebhook()
    assert not hasattr(view, "request")
    deliver(client, "/subclass-instance/")
    assert not hasattr(view, "request")  # the shared instance never holds a request


def test_the_default_store_follows_the_setting() -> None:
    view = WebhookView(record)
    assert isinstance(view.store, CacheDeliveryStore) and view.store.cache_alias == "default"
    assert WebhookView(record, dedupe=False).store is None


# --------------------------------------------------------------------------- one JSON error shape


def test_a_subclass_on_call_method_keeps_the_call_id_server_side(
    client: Client, django_user_model: Any, db: Any
) -> None:
    client.force_login(django_user_model.objects.create_user(username="grace"))
    response = client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert response.status_code == 201 and response.content == ANSWER_SDP.encode()
    assert RememberingProxy.remembered == ["rtc_test_0002"]


def test_anonymous_browser_gets_the_documented_json_403(client: Client, db: Any) -> None:
    response = client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert (response.status_code, response.json()) == (403, {"error": "authentication required"})
    assert response["Cache-Control"] == "no-store"


def no_location(request: HttpRequest) -> HttpResponse:
    return HttpResponse(201, {"Content-Type": "application/sdp", "x-request-id": "req_1"}, ANSWER_SDP.encode())


def test_an_answer_without_location_is_a_502_not_a_201(
    client: Client, fake: FakeTransport, django_user_model: Any, db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(django_user_model.objects.create_user(username="grace"))
    fake.script.append(no_location)
    response = client.post("/sdp/", data=OFFER, content_type="application/sdp")
    assert (response.status_code, response.json()) == (502, {"error": "OpenAI did not say which call it created"})
    assert RememberingProxy.remembered == []
    assert "without a usable Location header" in caplog.text


def test_an_unexpected_error_is_reported_then_answered_as_json() -> None:
    reported: List[Any] = []
    from django.core.signals import got_request_exception

    def receiver(sender: Any, request: Any = None, **kwargs: Any) -> None:
        reported.append(sender)

    got_request_exception.connect(receiver)
    try:
        response = Client(raise_request_exception=False).post("/secret/exploding/")
    finally:
        got_request_exception.disconnect(receiver)
    assert (response.status_code, response.json()) == (500, {"error": "internal server error"})
    assert response["Content-Type"] == "application/json"
    assert reported == [ExplodingSecret]
    # The test client re-raises it by default, as for any view's exception.
    with pytest.raises(RuntimeError, match="session store down"):
        Client().post("/secret/exploding/")


@pytest.mark.parametrize("url", ["/instance/", "/secret/", "/sdp/plain/"])
def test_every_error_of_every_view_is_json(client: Client, url: str, db: Any) -> None:
    for response in (client.get(url), client.put(url), client.post(url, data=b"x", content_type="text/plain")):
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/json", (url, response.status_code)
            assert set(response.json()) == {"error"}


def test_a_body_above_django_upload_limit_is_a_json_413(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = deliver(client, "/instance/")
    assert (response.status_code, response.json()) == (413, {"error": "request body too large"})
    assert handled == []


def test_a_csrf_failure_can_be_json_too(settings: Any, client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/secret/")["Content-Type"].startswith("text/html")  # Django's own page by default
    settings.CSRF_FAILURE_VIEW = "realtime_sync.contrib.django.csrf_failure"
    response = strict.post("/secret/")
    assert response.status_code == 403
    assert response.json() == {"error": "CSRF verification failed: CSRF cookie not set."}


# --------------------------------------------------------------------------- sendtestwebhook


class Endpoint(BaseHTTPRequestHandler):
    received: List[Dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        Endpoint.received.append({"headers": headers, "body": body})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    Endpoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/openai/webhook/" % server.server_address[1]
    server.shutdown()
    server.server_close()


def run_command(*args: str) -> str:
    out = io.StringIO()
    # The command object itself: these settings need not install the app (examples/django_app calls it by name).
    call_command(sendtestwebhook.Command(), *args, stdout=out)
    return out.getvalue()


def test_sendtestwebhook_posts_a_signed_random_id_over_http(endpoint: str) -> None:
    first = run_command(endpoint)
    second = run_command(endpoint)
    assert first.startswith("POST %s (realtime.call.incoming, call rtc_test_" % endpoint) and "-> 200" in first
    a, b = Endpoint.received
    assert a["headers"]["webhook-id"] != b["headers"]["webhook-id"]
    # OpenAI's signature over the exact bytes sent.
    event = webhooks.unwrap(a["body"], a["headers"], SECRET)
    assert event.type == "realtime.call.incoming" and event.data.call_id.startswith("rtc_test_")
    assert SECRET not in first + second


def test_sendtestwebhook_finds_the_route_and_delivers_in_process(settings: Any) -> None:
    settings.ROOT_URLCONF = "test_django_checks_one_webhook"
    out = run_command("--webhook-id", "wh_fixed", "--call-id", "rtc_mine")
    assert out.strip() == "POST /openai/webhook/ (realtime.call.incoming, call rtc_mine, webhook-id wh_fixed) -> 200"
    assert handled == [("function", "rtc_mine")]
    run_command("--webhook-id", "wh_fixed", "--call-id", "rtc_mine")
    assert handled == [("function", "rtc_mine")]  # a repeated id is de-duplicated: why the default is random


def test_sendtestwebhook_live_event_and_failures(settings: Any, endpoint: str, tmp_path: Any) -> None:
    out = run_command(endpoint, "--event-type", "live.transport.incoming")
    assert "live.transport.incoming, call live_test_" in out
    assert json.loads(Endpoint.received[0]["body"])["data"]["type"] == "sip"
    with pytest.raises(CommandError, match="several WebhookView routes"):
        run_command()
    with pytest.raises(CommandError, match="-> 400"):
        run_command("/instance/", "--secret", "whsec_" + "b3RoZXI=")
    settings.REALTIME_SYNC = {"API_KEY": KEY}
    with pytest.raises(CommandError, match=r'REALTIME_SYNC\["WEBHOOK_SECRET"\]'):
        run_command(endpoint)


def test_sendtestwebhook_sends_a_body_file_byte_for_byte(endpoint: str, tmp_path: Any) -> None:
    body = tmp_path / "event.json"
    body.write_bytes(b'{"id": "evt_x",  "object": "event", "created_at": 1, "type": "x.y", "data": {}}\n')
    run_command(endpoint, "--body", str(body))
    assert Endpoint.received[0]["body"] == body.read_bytes()


def test_webhook_routes_lists_each_route(settings: Any) -> None:
    assert webhook_routes() == [
        "/instance/",
        "/as-view/",
        "/subclass/",
        "/subclass-instance/",
        "/nested/hook/",
        "/decorated/",
    ]


# URLconfs of single tests, as modules of their own (Django imports ROOT_URLCONF by name).
def _module(name: str, patterns: List[Any]) -> None:
    import sys
    import types

    module = types.ModuleType(name)
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[name] = module


_module("test_django_checks_browser_only", [path("sdp/", SdpProxyView()), path("secret/", ClientSecretView())])
_module(
    "test_django_checks_stores",
    [path("hook/", WebhookView(record, store=MemoryDeliveryStore())), path("live/", LiveOfferView())],
)
_module("test_django_checks_one_webhook", [path("openai/webhook/", WebhookView(record))])
