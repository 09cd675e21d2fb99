"""The Django side of the Live API: ``LiveOfferView`` and ``answer_incoming_call``, through Django's test client."""

import json
import os
import threading
import time
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

import _fakes  # noqa: E402
from _fakes import like_the_api  # noqa: E402
from data import ANSWER_SDP, LIVE_CREATE_ANSWER, LIVE_SESSION_ID  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

from realtime_sync import HttpRequest, HttpResponse, webhooks  # noqa: E402
from realtime_sync.contrib.django import (  # noqa: E402
    DEFAULT_LIVE_DATA_CHANNEL,
    LiveOfferView,
    WebhookView,
    answer_incoming_call,
    reset_client,
)
from realtime_sync.errors import APITimeoutError  # noqa: E402
from realtime_sync.live.models import LiveSessionConfig  # noqa: E402

CANARY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
WEBHOOK_SECRET = "whsec_" + "Y2FuYXJ5LXdlYmhvb2stc2VjcmV0LURPLU5PVC1MRUFL"
OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
LIVE_SESSION = {"model": "gpt-live-1", "instructions": "Server-side instructions."}
SIP_HEADERS = [{"name": "From", "value": "<sip:+15550100@example.net>"}, {"name": "To", "value": "<sip:+1>"}]
REALTIME_EVENT = {
    "id": "evt_rt",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_in_1", "sip_headers": SIP_HEADERS},
}
LIVE_EVENT = {
    "id": "evt_live",
    "object": "event",
    "created_at": 1767225600,
    "type": "live.transport.incoming",
    "data": {"session_id": "live_in_1", "type": "sip", "sip_headers": SIP_HEADERS},
}
LEGACY_LIVE_EVENT = dict(LIVE_EVENT, id="evt_legacy", type="live.call.incoming", data={"session_id": "live_in_1"})


class FakeTransport(_fakes.FakeTransport):
    def __init__(self) -> None:
        super().__init__(default=like_the_api)


sessions: List[str] = []
outcomes: List[Any] = []


def on_live_call(surface: Any) -> Any:
    def handler(event: Any, request: Any) -> None:
        outcomes.append(answer_incoming_call(event, surface=surface, session={"model": "gpt-live-1"}))

    return handler


def failing_on_session(request: Any, session_id: str) -> None:
    raise RuntimeError("could not store the session")


urlpatterns = [
    path("live/", LiveOfferView(session=LIVE_SESSION, on_session=lambda request, sid: sessions.append(sid))),
    path("live/default/", LiveOfferView()),
    path("live/open/", LiveOfferView(data_channel={"allowed_client_events": "all", "allowed_server_events": "all"})),
    path("live/own-client/", LiveOfferView(session=dict(LIVE_SESSION, client={"data_channel": {}}))),
    path("live/model/", LiveOfferView(session=LiveSessionConfig(model="gpt-live-1", store=True))),
    path("live/failing-hook/", LiveOfferView(on_session=failing_on_session)),
    path("live/quick/", LiveOfferView(deadline=0.2)),
    path("live/anonymous/", LiveOfferView(login_required=False)),
    path("webhook/live/", WebhookView(on_live_call("live"))),
    path("webhook/realtime/", WebhookView(on_live_call("realtime"))),
]


@pytest.fixture
def fake() -> FakeTransport:
    return FakeTransport()


@pytest.fixture(autouse=True)
def project(settings: Any, fake: FakeTransport) -> Iterator[None]:
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
    settings.REALTIME_SYNC = {"API_KEY": CANARY, "WEBHOOK_SECRET": WEBHOOK_SECRET, "TRANSPORT": fake, "MAX_RETRIES": 0}
    sessions.clear()
    outcomes.clear()
    caches["default"].clear()
    yield
    reset_client()


@pytest.fixture
def user_client(db: Any) -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create(username="ada"))
    return client


def post_offer(client: Client, url: str = "/live/", offer: str = OFFER) -> Any:
    return client.post(url, data=offer, content_type="application/sdp")


def sent_json(fake: FakeTransport, index: int = 0) -> Dict[str, Any]:
    result: Dict[str, Any] = json.loads(fake.requests[index].body)
    return result


# --------------------------------------------------------------------------- LiveOfferView


def test_offer_in_answer_out_and_the_session_id_stays_on_the_server(user_client: Client, fake: FakeTransport) -> None:
    response = post_offer(user_client)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/sdp"
    assert response["Cache-Control"] == "no-store"
    assert response.content == ANSWER_SDP.encode()
    assert LIVE_SESSION_ID.encode() not in response.content
    assert sessions == [LIVE_SESSION_ID]
    [sent] = fake.requests
    assert (sent.method, sent.url) == ("POST", "https://api.openai.com/v1/live/sessions")
    assert sent.headers["accept"] == "application/json"
    assert sent_json(fake) == {
        "session": dict(LIVE_SESSION, client={"data_channel": DEFAULT_LIVE_DATA_CHANNEL}),
        "transport": {"type": "webrtc", "sdp": OFFER},
    }


def test_default_session_and_data_channel_from_settings(
    user_client: Client, fake: FakeTransport, settings: Any
) -> None:
    assert post_offer(user_client, "/live/default/").status_code == 201
    channel = {"allowed_client_events": ["session.input_audio.mute"], "allowed_server_events": "all"}
    settings.REALTIME_SYNC = dict(
        settings.REALTIME_SYNC, LIVE_SESSION={"model": "gpt-live-2", "store": True}, LIVE_DATA_CHANNEL=channel
    )
    assert post_offer(user_client, "/live/default/", OFFER + "a=x\r\n").status_code == 201
    assert sent_json(fake, 0)["session"] == {
        "model": "gpt-live-1",
        "client": {"data_channel": DEFAULT_LIVE_DATA_CHANNEL},
    }
    assert sent_json(fake, 1)["session"] == {"model": "gpt-live-2", "store": True, "client": {"data_channel": channel}}


def test_data_channel_of_the_view_a_session_with_its_own_client_and_a_model(
    user_client: Client, fake: FakeTransport
) -> None:
    assert post_offer(user_client, "/live/open/").status_code == 201
    assert post_offer(user_client, "/live/own-client/", OFFER + "a=1\r\n").status_code == 201
    assert post_offer(user_client, "/live/model/", OFFER + "a=2\r\n").status_code == 201
    assert sent_json(fake, 0)["session"]["client"] == {
        "data_channel": {"allowed_client_events": "all", "allowed_server_events": "all"}
    }
    assert sent_json(fake, 1)["session"]["client"] == {"data_channel": {}}  # the server's own choice is kept
    assert sent_json(fake, 2)["session"] == {
        "model": "gpt-live-1",
        "store": True,
        "client": {"data_channel": DEFAULT_LIVE_DATA_CHANNEL},
    }


def test_a_bad_data_channel_setting_is_a_configuration_error(
    user_client: Client, fake: FakeTransport, settings: Any
) -> None:
    from realtime_sync import ConfigurationError

    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, LIVE_DATA_CHANNEL="all")
    with pytest.raises(ConfigurationError, match="LIVE_DATA_CHANNEL"):
        post_offer(user_client, "/live/default/")
    assert fake.requests == []


@pytest.mark.parametrize(
    "body, status", [(b"", 400), (b"hello", 400), (b"v=0\r\n\xff", 400), (b"v=0\r\n" * 20000, 413)]
)
def test_bad_offers_are_refused_before_calling_openai(
    user_client: Client, fake: FakeTransport, body: bytes, status: int
) -> None:
    response = user_client.post("/live/", data=body, content_type="application/sdp")
    assert response.status_code == status
    assert "error" in response.json()
    assert fake.requests == []


def test_login_and_post_are_required(client: Client, fake: FakeTransport, db: Any) -> None:
    assert post_offer(client).status_code == 403
    assert client.get("/live/").status_code == 405
    assert fake.requests == []


def test_a_retried_offer_gets_the_same_answer_not_a_second_session(
    user_client: Client, fake: FakeTransport, db: Any
) -> None:
    first, second = post_offer(user_client), post_offer(user_client)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.content == second.content == ANSWER_SDP.encode()
    assert len(fake.requests) == 1 and sessions == [LIVE_SESSION_ID]
    # Another user posting the same offer is another request.
    from django.contrib.auth.models import User

    other = Client()
    other.force_login(User.objects.create(username="grace"))
    assert post_offer(other).status_code == 201
    assert len(fake.requests) == 2


def test_a_repeat_while_the_first_is_still_waiting_gets_409(client: Client, fake: FakeTransport) -> None:
    # login_required=False: the first request runs in another thread, which does not see the test's database.
    arrived, release = threading.Event(), threading.Event()

    def slow(request: HttpRequest) -> HttpResponse:
        arrived.set()
        release.wait(5)
        return like_the_api(request)

    fake.script.append(slow)
    results: List[Any] = []
    worker = threading.Thread(target=lambda: results.append(post_offer(Client(), "/live/anonymous/")))
    worker.start()
    assert arrived.wait(5)
    repeat = post_offer(client, "/live/anonymous/")
    release.set()
    worker.join(5)
    assert repeat.status_code == 409
    assert results[0].status_code == 201
    assert len(fake.requests) == 1


def test_upstream_failures_answer_502_or_504_and_a_retry_creates_again(
    user_client: Client, fake: FakeTransport
) -> None:
    error = {"error": {"message": "boom", "type": "server_error", "code": None}}
    fake.script.append(
        lambda request: HttpResponse(500, {"Content-Type": "application/json"}, json.dumps(error).encode())
    )

    def time_out(request: HttpRequest) -> HttpResponse:
        raise APITimeoutError(request=request)

    fake.script.append(time_out)
    assert post_offer(user_client).status_code == 502
    assert post_offer(user_client).status_code == 504
    assert post_offer(user_client).status_code == 201  # the failed attempts did not keep the offer claimed
    assert len(fake.requests) == 3
    assert CANARY.encode() not in b"".join(r.body for r in fake.requests)


def test_the_deadline_answers_504_and_a_late_session_is_hung_up(user_client: Client, fake: FakeTransport) -> None:
    release = threading.Event()

    def stalled(request: HttpRequest) -> HttpResponse:
        release.wait(5)
        return HttpResponse(200, {"Content-Type": "application/json"}, json.dumps(LIVE_CREATE_ANSWER).encode())

    fake.script.append(stalled)
    started = time.monotonic()
    response = post_offer(user_client, "/live/quick/")
    assert response.status_code == 504
    assert time.monotonic() - started < 4
    release.set()
    deadline = time.monotonic() + 30  # the hang-up runs on the create's thread: slow on a loaded machine
    while len(fake.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake.paths == ["/live/sessions", "/live/sessions/%s/hangup" % LIVE_SESSION_ID]


def test_a_failing_hook_hangs_up_and_propagates(user_client: Client, fake: FakeTransport) -> None:
    with pytest.raises(RuntimeError, match="could not store the session"):
        post_offer(user_client, "/live/failing-hook/")
    assert fake.paths == ["/live/sessions", "/live/sessions/%s/hangup" % LIVE_SESSION_ID]


# --------------------------------------------------------------------------- one call, two webhooks


def deliver(client: Client, url: str, payload: Any, webhook_id: str) -> Any:
    raw = json.dumps(payload).encode()
    signed = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id=webhook_id)
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in signed.items()}
    return client.post(url, data=raw, content_type="application/json", **extra)


@pytest.mark.parametrize(
    "url, accepted_path",
    [
        ("/webhook/live/", "/live/sessions/live_in_1/accept"),
        ("/webhook/realtime/", "/realtime/calls/rtc_in_1/accept"),
    ],
)
def test_both_webhooks_of_one_call_accept_it_once_on_the_chosen_surface(
    client: Client, fake: FakeTransport, url: str, accepted_path: str
) -> None:
    assert deliver(client, url, REALTIME_EVENT, "wh_rt").status_code == 200
    assert deliver(client, url, LIVE_EVENT, "wh_live").status_code == 200
    assert fake.paths == [accepted_path]
    assert sorted(outcomes, key=str) == [None, True]
    if url == "/webhook/live/":
        assert sent_json(fake) == {"session": {"model": "gpt-live-1", "type": "live"}}


def test_the_deprecated_live_event_is_answered_too(client: Client, fake: FakeTransport) -> None:
    assert deliver(client, "/webhook/live/", LEGACY_LIVE_EVENT, "wh_legacy").status_code == 200
    assert fake.paths == ["/live/sessions/live_in_1/accept"]


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_a_losing_accept_means_the_other_surface_has_the_call(client: Client, fake: FakeTransport, status: int) -> None:
    error = {"error": {"message": "Call already accepted.", "type": "invalid_request_error", "code": None}}
    body = json.dumps(error).encode()
    fake.script.append(
        lambda request: HttpResponse(status, {"Content-Type": "application/json", "x-request-id": "r"}, body)
    )
    assert deliver(client, "/webhook/live/", LIVE_EVENT, "wh_live").status_code == 200
    assert outcomes == [False]
    assert len(fake.requests) == 1  # not repeated


def test_openais_own_500_fails_the_delivery_so_the_call_is_accepted_on_redelivery(
    client: Client, fake: FakeTransport
) -> None:
    # A transient error answered with 200 would drop the call: nobody would accept it.
    error = {"error": {"message": "The server had an error.", "type": "server_error", "code": None}}
    fake.script.append(
        lambda request: HttpResponse(
            500, {"Content-Type": "application/json", "x-request-id": "r"}, json.dumps(error).encode()
        )
    )
    client = Client(raise_request_exception=False)
    assert deliver(client, "/webhook/live/", LIVE_EVENT, "wh_live").status_code == 500
    assert deliver(client, "/webhook/live/", LIVE_EVENT, "wh_live").status_code == 200  # OpenAI's redelivery
    assert outcomes == [True]
    assert fake.paths == ["/live/sessions/live_in_1/accept"] * 2


@pytest.mark.parametrize("status, headers", [(502, {"x-request-id": "r"}), (504, {}), (500, {})])
def test_a_gateway_or_proxy_answer_is_an_unknown_outcome_not_a_loss(
    client: Client, fake: FakeTransport, status: int, headers: Dict[str, str]
) -> None:
    headers = dict(headers, **{"Content-Type": "text/html"})
    fake.script.append(lambda request: HttpResponse(status, headers, b"<html>gateway</html>"))
    client = Client(raise_request_exception=False)
    assert deliver(client, "/webhook/live/", LIVE_EVENT, "wh_live").status_code == 500
    assert deliver(client, "/webhook/live/", LIVE_EVENT, "wh_live").status_code == 200  # OpenAI's redelivery
    assert outcomes == []  # the handler raised; the view recorded "unknown"
    assert len(fake.requests) == 1  # and never accepted twice


def test_other_events_and_a_wrong_surface_name(fake: FakeTransport) -> None:
    event = webhooks.unwrap(*_signed({"id": "evt_x", "created_at": 1, "type": "batch.completed", "data": {"id": "b"}}))
    assert answer_incoming_call(event, surface="live", session={"model": "m"}) is None
    live = webhooks.unwrap(*_signed(LIVE_EVENT))
    with pytest.raises(ValueError, match="surface"):
        answer_incoming_call(live, surface="sip", session={"model": "m"})  # type: ignore[arg-type]
    assert fake.requests == []


def _signed(payload: Any) -> Any:
    raw = json.dumps(payload).encode()
    headers = webhooks.sign(raw, WEBHOOK_SECRET, webhook_id="wh_x")
    return raw, headers, WEBHOOK_SECRET


class BrokenCache:
    """A cache backend whose server is down: every operation raises (as django-redis does by default)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def _down(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("cache server unreachable")

    add = get = set = delete = _down

    def close(self, **kwargs: Any) -> None:
        pass


def test_a_cache_outage_does_not_take_the_offer_path_down(
    user_client: Client, fake: FakeTransport, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CACHES = dict(settings.CACHES, broken={"BACKEND": "test_django_live.BrokenCache"})
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, LIVE_OFFER_CACHE="broken")
    response = post_offer(user_client)
    assert response.status_code == 201 and response.content == ANSWER_SDP.encode()
    assert len(fake.requests) == 1
    assert "LIVE_OFFER_CACHE" in caplog.text and "second Live session" in caplog.text
