"""The Flask blueprint (issue 17): the three endpoints with the Django views' guarantees, through Flask's test client.

Skipped with the reason where Flask is not installed (the ``test`` extra installs it on every supported Python).
"""

import json
import logging
import threading
from typing import Any, Iterator, List, Optional

import pytest

flask = pytest.importorskip("flask", reason="Flask is not installed (pip install 'realtime_sync[flask]')")

from _fakes import FakeTransport, like_the_api  # noqa: E402
from _server import LoopbackServer  # noqa: E402
from data import ANSWER_SDP, CLIENT_SECRET_REALTIME  # noqa: E402

from realtime_sync import (  # noqa: E402
    APITimeoutError,
    ConfigurationError,
    HttpRequest,
    HttpResponse,
    RealtimeClient,
    webhooks,
)
from realtime_sync.contrib.flask import get_client, realtime_blueprint  # noqa: E402
from realtime_sync.webhook_delivery import CLAIMED, DONE, IN_PROGRESS, MemoryDeliveryStore  # noqa: E402

KEY = "sk-flask-canary-0123456789abcdef"
SECRET = "whsec_" + "Zmxhc2stdGVzdC1zZWNyZXQtY2FuYXJ5"  # base64 of flask-test-secret-canary
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
SESSION = {"type": "realtime", "model": "gpt-realtime", "instructions": "Server-side only."}
EVENT = {
    "id": "evt_f",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_flask_1", "sip_headers": [{"name": "From", "value": "<sip:+15550100@example.net>"}]},
}


class Project:
    """One Flask app with the blueprint, a fake OpenAI and what the hooks saw."""

    def __init__(self, **options: Any) -> None:
        self.transport = FakeTransport(default=like_the_api)
        self.handled: List[str] = []
        self.calls: List[str] = []
        self.logged_in = False
        self.app = flask.Flask("flask_project")
        self.app.config.update(OPENAI_API_KEY=KEY, OPENAI_WEBHOOK_SECRET=SECRET, REALTIME_SYNC_TRANSPORT=self.transport)
        self.app.config["REALTIME_SYNC_MAX_RETRIES"] = 0
        defaults = {
            "webhook_handler": {"realtime.call.incoming": self.accept},
            "store": MemoryDeliveryStore(),
            "authorize": lambda: self.logged_in,
            "session": SESSION,
            "on_call": self.calls.append,
        }
        defaults.update(options)
        self.app.register_blueprint(realtime_blueprint(**defaults))
        self.client = self.app.test_client()

    def accept(self, event: Any) -> None:
        self.handled.append(event.data.call_id)
        get_client().calls.accept(event.data.call_id, session=SESSION)

    def deliver(self, webhook_id: str = "wh_f1", secret: str = SECRET, body: Optional[bytes] = None) -> Any:
        raw = body if body is not None else json.dumps(EVENT).encode()
        headers = webhooks.sign(raw, secret, webhook_id=webhook_id)
        return self.client.post("/openai/webhook/", data=raw, headers=headers, content_type="application/json")

    def offer(self, body: str = OFFER, content_type: str = "application/sdp") -> Any:
        return self.client.post("/realtime/calls/", data=body.encode(), content_type=content_type)


@pytest.fixture
def project() -> Iterator[Project]:
    yield Project()


@pytest.fixture
def no_leaks(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="realtime_sync")
    yield caplog
    for secret in (KEY, SECRET, SECRET[6:]):
        assert secret not in caplog.text


# --------------------------------------------------------------------------- webhooks


def test_a_signed_call_is_accepted_once(project: Project, no_leaks: Any) -> None:
    response = project.deliver()
    assert (response.status_code, response.data) == (200, b"")
    assert project.deliver().status_code == 200  # OpenAI's redelivery
    assert project.handled == ["rtc_flask_1"]
    assert project.transport.paths == ["/realtime/calls/rtc_flask_1/accept"]
    assert project.transport.requests[0].headers["authorization"] == "Bearer " + KEY


def test_verification_is_on_the_raw_body(project: Project, no_leaks: Any) -> None:
    # Same JSON, other whitespace: a re-serialised body would verify, the raw one must not.
    raw = json.dumps(EVENT).encode()
    headers = webhooks.sign(raw, SECRET, webhook_id="wh_raw")
    spaced = json.dumps(EVENT, indent=1).encode()
    response = project.client.post("/openai/webhook/", data=spaced, headers=headers, content_type="application/json")
    assert (response.status_code, response.json) == (400, {"error": "invalid webhook signature"})
    assert response.headers["Cache-Control"] == "no-store"
    assert project.deliver(secret="whsec_" + "b3RoZXI=").status_code == 400
    assert project.handled == [] and project.transport.requests == []


def test_a_signed_but_malformed_payload_is_a_json_400(project: Project) -> None:
    response = project.deliver(body=b"[1, 2]")
    assert (response.status_code, response.json) == (400, {"error": "invalid webhook payload"})


def test_other_event_types_are_acknowledged_and_ignored(project: Project) -> None:
    other = dict(EVENT, type="batch.completed", data={"id": "batch_1"})
    assert project.deliver(body=json.dumps(other).encode()).status_code == 200
    assert project.handled == []


def test_a_failed_handler_releases_the_claim_and_is_a_json_500() -> None:
    attempts: List[str] = []

    def flaky(event: Any) -> None:
        attempts.append(event.id)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    project = Project(webhook_handler=flaky)
    assert project.deliver().status_code == 500
    assert project.deliver().status_code == 200  # the redelivery runs the handler again
    assert attempts == ["evt_f", "evt_f"]


def test_an_unhandled_error_propagates_under_testing_as_flask_does() -> None:
    project = Project(webhook_handler=lambda event: 1 / 0)
    project.app.testing = True
    with pytest.raises(ZeroDivisionError):
        project.deliver()


def test_an_accept_that_timed_out_is_never_repeated(no_leaks: pytest.LogCaptureFixture) -> None:
    project = Project()

    def time_out(request: HttpRequest) -> HttpResponse:
        raise APITimeoutError(request=request)

    project.transport.script.append(time_out)
    assert project.deliver("wh_t").status_code == 500
    assert project.deliver("wh_t").status_code == 200  # unknown: answered, not run again
    assert project.transport.paths == ["/realtime/calls/rtc_flask_1/accept"]
    assert "outcome for call rtc_flask_1 is unknown" in no_leaks.text
    assert any(r.name == "realtime_sync.flask" for r in no_leaks.records)


def test_a_duplicate_while_the_first_is_in_its_handler_gets_409() -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(event: Any) -> None:
        entered.set()
        release.wait(5)

    project = Project(webhook_handler=slow)
    statuses: List[int] = []
    first = threading.Thread(target=lambda: statuses.append(project.deliver("wh_d").status_code))
    first.start()
    assert entered.wait(5)
    second = project.deliver("wh_d")
    assert (second.status_code, second.json) == (409, {"error": "this delivery is being handled; deliver again later"})
    release.set()
    first.join(5)
    assert statuses == [200]


class Broken:
    def claim(self, webhook_id: str, token: str, lease: float) -> str:
        raise ConnectionError("redis unreachable")

    def finish(self, webhook_id: str, token: str, state: str) -> None:
        raise AssertionError("never reached")

    def release(self, webhook_id: str, token: str) -> None:
        raise AssertionError("never reached")


def test_a_failing_store_is_a_503_never_already_handled(caplog: pytest.LogCaptureFixture) -> None:
    project = Project(store=Broken())
    response = project.deliver()
    assert (response.status_code, response.json) == (503, {"error": "delivery store unavailable; deliver again later"})
    assert project.handled == []
    assert "delivery store failed (ConnectionError: redis unreachable)" in caplog.text


def test_no_secret_names_the_config_key(monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project()
    project.app.config["OPENAI_WEBHOOK_SECRET"] = None
    project.app.testing = True
    with pytest.raises(ConfigurationError, match=r"app.config\['OPENAI_WEBHOOK_SECRET'\].*OPENAI_WEBHOOK_SECRET"):
        project.deliver()
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    assert project.deliver().status_code == 200


def test_without_a_store_the_memory_store_is_used_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    project = Project(store=None)
    assert "de-duplicated in this process only" in caplog.text
    assert project.deliver().status_code == 200 and project.deliver().status_code == 200
    assert project.handled == ["rtc_flask_1"]
    undeduplicated = Project(dedupe=False)
    assert undeduplicated.deliver().status_code == 200 and undeduplicated.deliver().status_code == 200
    assert undeduplicated.handled == ["rtc_flask_1", "rtc_flask_1"]


def test_memory_store_states() -> None:
    now = [0.0]
    store = MemoryDeliveryStore(timeout=100, clock=lambda: now[0])
    assert store.claim("wh", "a", 10) == CLAIMED
    assert store.claim("wh", "b", 10) == IN_PROGRESS
    now[0] = 11  # the lease ran out: a redelivery may claim
    assert store.claim("wh", "b", 10) == CLAIMED
    store.release("wh", "a")  # not a's claim any more: kept
    assert store.claim("wh", "c", 10) == IN_PROGRESS
    store.finish("wh", "b", DONE)
    assert store.claim("wh", "c", 10) == DONE
    now[0] = 200
    assert store.claim("wh", "c", 10) == CLAIMED


# --------------------------------------------------------------------------- every answer is JSON


@pytest.mark.parametrize("path", ["/openai/webhook/", "/realtime/client-secret/", "/realtime/calls/"])
def test_only_post_and_json_405(project: Project, path: str) -> None:
    for method in ("get", "put", "delete"):
        response = getattr(project.client, method)(path)
        assert (response.status_code, response.json, response.headers["Allow"]) == (
            405,
            {"error": "method not allowed: use POST"},
            "POST",
        )


def test_a_body_above_max_content_length_is_a_json_413(project: Project) -> None:
    project.app.config["MAX_CONTENT_LENGTH"] = 100
    response = project.deliver()
    assert (response.status_code, set(response.json)) == (413, {"error"})
    assert project.handled == []


# --------------------------------------------------------------------------- the browser endpoints


def test_client_secret_for_an_authorised_browser(project: Project, no_leaks: Any) -> None:
    assert project.client.post("/realtime/client-secret/").json == {"error": "authentication required"}
    project.logged_in = True
    response = project.client.post("/realtime/client-secret/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json == {
        "value": CLIENT_SECRET_REALTIME["value"],
        "expires_at": CLIENT_SECRET_REALTIME["expires_at"],
    }
    assert KEY.encode() not in response.data
    [sent] = project.transport.requests
    assert json.loads(sent.body)["session"] == SESSION


def test_sdp_proxy_keeps_the_key_and_the_call_id_server_side(project: Project, no_leaks: Any) -> None:
    assert project.offer().status_code == 403
    project.logged_in = True
    response = project.offer()
    assert (response.status_code, response.mimetype, response.data) == (201, "application/sdp", ANSWER_SDP.encode())
    assert "Location" not in response.headers and b"rtc_" not in response.data and KEY.encode() not in response.data
    assert project.calls == ["rtc_test_0002"]
    assert project.transport.paths == ["/realtime/calls"]


def test_sdp_proxy_refuses_before_calling_openai(project: Project) -> None:
    project.logged_in = True
    assert project.offer(content_type="text/plain").status_code == 415
    assert project.offer("hello").json == {
        "error": "expected an SDP offer as the request body (Content-Type: application/sdp)"
    }
    assert project.offer("v=0\r\n" + "a=x\r\n" * 20000).status_code == 413
    assert project.transport.requests == []


def test_sdp_proxy_upstream_failures_are_json(project: Project, no_leaks: Any) -> None:
    project.logged_in = True

    def refused(request: HttpRequest) -> HttpResponse:
        body = b'{"error": {"message": "Invalid SDP.", "type": "invalid_request_error"}}'
        return HttpResponse(400, {"Content-Type": "application/json", "x-request-id": "req_1"}, body)

    def no_location(request: HttpRequest) -> HttpResponse:
        return HttpResponse(201, {"Content-Type": "application/sdp"}, ANSWER_SDP.encode())

    project.transport.script.extend([refused, no_location])
    assert (project.offer().status_code, project.offer().json) == (
        502,
        {"error": "OpenAI did not say which call it created"},
    )
    assert project.calls == []


def test_sdp_proxy_answers_504_at_its_deadline() -> None:
    with LoopbackServer() as server:
        server.respond(201, ANSWER_SDP.encode(), headers={"Location": "/v1/realtime/calls/rtc_late"}, delay=1.0)
        project = Project(deadline=0.2, client=RealtimeClient(KEY, base_url=server.url, max_retries=0))
        project.logged_in = True
        response = project.offer()
        assert (response.status_code, response.json) == (504, {"error": "OpenAI did not answer in time"})
        assert project.calls == []


def test_a_failing_on_call_hangs_the_call_up() -> None:
    def boom(call_id: str) -> None:
        raise RuntimeError("could not store it")

    project = Project(on_call=boom)
    project.logged_in = True
    assert project.offer().status_code == 500
    assert project.transport.paths == ["/realtime/calls", "/realtime/calls/rtc_test_0002/hangup"]


def test_paths_prefix_and_left_out_endpoints() -> None:
    project = Project(url_prefix="/voice", calls_path=None, webhook_handler=None)
    rules = sorted(str(rule) for rule in project.app.url_map.iter_rules() if rule.endpoint.startswith("realtime"))
    assert rules == ["/voice/realtime/client-secret/"]


def test_bad_options_are_refused_when_the_blueprint_is_built() -> None:
    with pytest.raises(ConfigurationError, match="deadline"):
        realtime_blueprint(deadline=0)
    with pytest.raises(TypeError, match="webhook_handler"):
        realtime_blueprint(webhook_handler="accept")
    with pytest.raises(TypeError, match="session or session_factory"):
        realtime_blueprint(session={}, session_factory=dict)
