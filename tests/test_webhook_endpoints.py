"""``client.webhooks`` endpoint management on the loopback server: exact requests, pagination, retries, secrets."""

import json
import logging
from pathlib import Path
from typing import Any, Iterator

import pytest
from _fakes import Sleeps
from _server import (
    WEBHOOK_ENDPOINTS,
    WEBHOOK_EVENT_TYPES,
    WEBHOOK_ROTATED_SECRET,
    WEBHOOK_SIGNING_SECRET,
    LoopbackServer,
    Recorded,
    Reply,
    default_handler,
)

from realtime_sync import RealtimeClient, RetryPolicy, SyncCursorPage
from realtime_sync.errors import (
    APIConnectionError,
    APIResponseValidationError,
    NotFoundError,
    RequestValidationError,
)
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.models import WebhookEndpoint, WebhookEndpointWithSecret

URL = "https://example.com/openai/webhook/"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


def client_for(srv: LoopbackServer, **kwargs: Any) -> RealtimeClient:
    sleeps = kwargs.pop("sleeps", Sleeps())
    policy = RetryPolicy(kwargs.pop("max_retries", 2), sleep=sleeps, random=lambda: 0.0)
    return RealtimeClient("sk-test-key-0001", base_url=srv.url, retry_policy=policy, timeout=5, **kwargs)


def only(srv: LoopbackServer) -> Recorded:
    assert len(srv.requests) == 1, srv.requests
    return srv.requests[0]


def test_create_sends_the_sdks_body_and_returns_the_secret(server: LoopbackServer) -> None:
    endpoint = client_for(server).webhooks.create(
        name="phone \u00e9", url=URL, event_types=["realtime.call.incoming", "live.transport.incoming"]
    )
    req = only(server)
    assert (req.method, req.target) == ("POST", "/v1/webhook_endpoints")
    assert req.headers["content-type"] == "application/json"
    assert req.headers["accept"] == "application/json"
    assert req.headers["authorization"] == "Bearer sk-test-key-0001"
    assert req.json() == {
        "event_types": ["realtime.call.incoming", "live.transport.incoming"],
        "name": "phone \u00e9",
        "url": URL,
    }
    assert isinstance(endpoint, WebhookEndpointWithSecret) and isinstance(endpoint, WebhookEndpoint)
    assert endpoint.signing_secret == WEBHOOK_SIGNING_SECRET
    assert (endpoint.id, endpoint.name, endpoint.url) == ("we_new", "phone \u00e9", URL)
    assert endpoint.event_types == ["realtime.call.incoming", "live.transport.incoming"]
    assert WEBHOOK_SIGNING_SECRET not in repr(endpoint) and WEBHOOK_SIGNING_SECRET[6:] not in repr(endpoint)


def test_event_types_is_an_open_enum_and_a_tuple_is_a_list(server: LoopbackServer) -> None:
    client_for(server).webhooks.create(name="n", url=URL, event_types=("brand.new.event",))
    assert only(server).json()["event_types"] == ["brand.new.event"]


@pytest.mark.parametrize(
    "kwargs, problem",
    [
        ({"event_types": "realtime.call.incoming"}, "event_types: expected a list"),
        ({"event_types": [1]}, "event_types[0]"),
        ({"name": None}, "name"),
        ({"url": b"https://x"}, "url: expected a string"),
    ],
)
def test_bad_create_input_is_refused_before_sending(server: LoopbackServer, kwargs: Any, problem: str) -> None:
    arguments = dict({"name": "n", "url": URL, "event_types": ["batch.completed"]}, **kwargs)
    with pytest.raises(RequestValidationError) as info:
        client_for(server).webhooks.create(**arguments)
    assert problem in str(info.value)
    assert server.requests == []


def test_retrieve_is_a_get_without_a_body(server: LoopbackServer) -> None:
    endpoint = client_for(server).webhooks.retrieve("we_0003")
    req = only(server)
    assert (req.method, req.target, req.body) == ("GET", "/v1/webhook_endpoints/we_0003", b"")
    assert "content-type" not in req.headers
    assert endpoint == WebhookEndpoint(**WEBHOOK_ENDPOINTS[2])  # type: ignore[arg-type]
    assert not hasattr(endpoint, "signing_secret")
    assert endpoint.signing_secret_hint == "whsec_...0003"


def test_ids_are_one_percent_encoded_segment(server: LoopbackServer) -> None:
    with pytest.raises(NotFoundError):
        client_for(server).webhooks.retrieve("we a/b?c")
    assert only(server).target == "/v1/webhook_endpoints/we%20a%2Fb%3Fc"


@pytest.mark.parametrize("method", ["retrieve", "update", "delete", "rotate_secret", "test"])
def test_empty_or_dot_ids_are_refused_with_the_sdks_message(server: LoopbackServer, method: str) -> None:
    webhooks = client_for(server).webhooks
    kwargs = {"event_type": "batch.completed"} if method == "test" else {}
    with pytest.raises(ValueError, match="Expected a non-empty value for `webhook_endpoint_id` but received ''"):
        getattr(webhooks, method)("", **kwargs)
    for bad in (".", "..", None, 7):
        with pytest.raises(RequestValidationError, match="webhook_endpoint_id"):
            getattr(webhooks, method)(bad, **kwargs)
    assert server.requests == []


def test_update_sends_only_what_is_given(server: LoopbackServer) -> None:
    webhooks = client_for(server).webhooks
    updated = webhooks.update("we_0001", name="renamed")
    assert server.requests[0].method == "POST" and server.requests[0].target == "/v1/webhook_endpoints/we_0001"
    assert server.requests[0].json() == {"name": "renamed"}
    assert updated.name == "renamed" and updated.updated_at == 1767229200
    webhooks.update("we_0001", event_types=["batch.failed"], url=URL, extra_body={"future_knob": True})
    assert server.requests[1].json() == {"event_types": ["batch.failed"], "url": URL, "future_knob": True}


def test_list_iterates_every_page(server: LoopbackServer) -> None:
    page = client_for(server).webhooks.list(limit=2)
    assert isinstance(page, SyncCursorPage)
    assert [e.id for e in page.data] == ["we_0001", "we_0002"] and page.has_more is True
    assert [e.id for e in page] == [e["id"] for e in WEBHOOK_ENDPOINTS]
    assert [(r.method, r.query) for r in server.requests] == [
        ("GET", {"limit": "2"}),
        ("GET", {"after": "we_0002", "limit": "2"}),
        ("GET", {"after": "we_0004", "limit": "2"}),
    ]
    last = list(page.iter_pages())[-1]  # fetches pages 2 and 3 again: pages are not cached
    assert len(server.requests) == 5
    assert [e.id for e in last.data] == ["we_0005"] and not last.has_next_page()
    with pytest.raises(RuntimeError, match="No next page expected"):
        last.get_next_page()


def test_list_defaults_and_options(server: LoopbackServer) -> None:
    page = client_for(server).webhooks.list(
        after="we_0003", extra_query={"order": "desc"}, extra_headers={"X-Trace": "t1"}
    )
    req = only(server)
    assert req.target == "/v1/webhook_endpoints?order=desc&after=we_0003"
    assert req.headers["x-trace"] == "t1"
    assert [e.id for e in page] == ["we_0004", "we_0005"]
    assert len(server.requests) == 1  # has_more was false: no second request


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": True}, {"limit": "5"}, {"after": 5}])
def test_bad_list_arguments_are_refused_before_sending(server: LoopbackServer, kwargs: Any) -> None:
    with pytest.raises(RequestValidationError):
        client_for(server).webhooks.list(**kwargs)
    assert server.requests == []


def test_a_server_that_repeats_a_cursor_cannot_loop_forever(server: LoopbackServer) -> None:
    page_body = {"object": "list", "data": [WEBHOOK_ENDPOINTS[0]], "has_more": True}
    server.default = lambda req: Reply(200, page_body)
    with pytest.raises(APIResponseValidationError, match="twice"):
        list(client_for(server).webhooks.list())
    assert len(server.requests) == 2


def test_delete_is_a_delete(server: LoopbackServer) -> None:
    deleted = client_for(server).webhooks.delete("we_0002")
    req = only(server)
    assert (req.method, req.target, req.body) == ("DELETE", "/v1/webhook_endpoints/we_0002", b"")
    assert req.headers["content-type"] == "application/json"  # as the SDK sends it
    assert (deleted.id, deleted.deleted, deleted.object) == ("we_0002", True, "webhook_endpoint.deleted")


def test_rotate_secret(server: LoopbackServer) -> None:
    webhooks = client_for(server).webhooks
    rotated = webhooks.rotate_secret("we_0001")
    assert server.requests[0].target == "/v1/webhook_endpoints/we_0001/rotate_secret"
    assert server.requests[0].body == b"{}"
    assert rotated.signing_secret == WEBHOOK_ROTATED_SECRET and WEBHOOK_ROTATED_SECRET not in repr(rotated)
    webhooks.rotate_secret("we_0001", keep_old_secret_active_for_24_hours=True)
    assert server.requests[1].json() == {"keep_old_secret_active_for_24_hours": True}
    with pytest.raises(RequestValidationError, match="keep_old_secret_active_for_24_hours"):
        webhooks.rotate_secret("we_0001", keep_old_secret_active_for_24_hours="yes")  # type: ignore[arg-type]
    assert len(server.requests) == 2


def test_test_sends_a_sample_event(server: LoopbackServer) -> None:
    result = client_for(server).webhooks.test("we_0004", event_type="realtime.call.incoming")
    req = only(server)
    assert (req.method, req.target, req.json()) == (
        "POST",
        "/v1/webhook_endpoints/we_0004/test",
        {"event_type": "realtime.call.incoming"},
    )
    assert (result.webhook_endpoint_id, result.event_type, result.status_code, result.success) == (
        "we_0004",
        "realtime.call.incoming",
        200,
        True,
    )


def test_event_types_list(server: LoopbackServer) -> None:
    types = client_for(server).webhooks.event_types.list()
    req = only(server)
    assert (req.method, req.target) == ("GET", "/v1/webhook_event_types")
    assert types.data == WEBHOOK_EVENT_TYPES and types.object == "list"


def test_unknown_endpoint_is_a_not_found_error(server: LoopbackServer) -> None:
    with pytest.raises(NotFoundError, match="we_9999"):
        client_for(server).webhooks.delete("we_9999")


# --------------------------------------------------------------------------- retries


def test_gets_are_retried_after_a_dropped_connection(server: LoopbackServer) -> None:
    sleeps = Sleeps()
    server.respond(action="close")
    server.respond(503)
    assert client_for(server, sleeps=sleeps).webhooks.retrieve("we_0001").id == "we_0001"
    assert len(server.requests) == 3 and len(sleeps) == 2


@pytest.mark.parametrize("call", ["create", "rotate_secret"])
def test_create_and_rotate_are_never_repeated_once_sent(server: LoopbackServer, call: str) -> None:
    webhooks = client_for(server).webhooks
    server.respond(action="close")  # the request reached the server; its answer was lost
    with pytest.raises(APIConnectionError):
        if call == "create":
            webhooks.create(name="n", url=URL, event_types=["batch.completed"])
        else:
            webhooks.rotate_secret("we_0001")
    assert len(server.requests) == 1


def test_create_is_retried_on_an_explicit_retryable_status(server: LoopbackServer) -> None:
    # OpenAI's own 429 (it carries x-request-id): the request was certainly not acted on.
    body = {"error": {"message": "slow down", "type": "rate_limit", "param": None, "code": None}}
    server.respond(429, body, {"x-request-id": "req_429"})
    endpoint = client_for(server).webhooks.create(name="n", url=URL, event_types=["batch.completed"])
    assert endpoint.id == "we_new" and len(server.requests) == 2


# --------------------------------------------------------------------------- secrets


def test_signing_secrets_never_reach_the_log(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="realtime_sync")
    webhooks = client_for(server).webhooks
    created = webhooks.create(name="n", url=URL, event_types=["batch.completed"])
    rotated = webhooks.rotate_secret(created.id if created.id != "we_new" else "we_0001")
    text = caplog.text + repr(created) + repr(rotated) + str(created) + str(rotated)
    for secret in (WEBHOOK_SIGNING_SECRET, WEBHOOK_ROTATED_SECRET):
        assert secret not in text and secret[6:20] not in text
    assert "POST /webhook_endpoints" in caplog.text


def test_recorded_fixture_has_no_signing_secret_and_replays(tmp_path: Path, server: LoopbackServer) -> None:
    path = tmp_path / "endpoints.json"

    def flow(client: RealtimeClient) -> Any:
        webhooks = client.webhooks
        created = webhooks.create(name="n", url=URL, event_types=["realtime.call.incoming"])
        listed = [e.id for e in webhooks.list(limit=3)]
        rotated = webhooks.rotate_secret("we_0001", keep_old_secret_active_for_24_hours=True)
        tested = webhooks.test("we_0001", event_type="realtime.call.incoming")
        deleted = webhooks.delete("we_0001")
        return created, listed, rotated, tested, deleted

    with FixtureTransport(path, "all") as transport:
        live = flow(transport.client(api_key="sk-test-key-0001", base_url=server.url))
    text = path.read_text(encoding="utf-8")
    for secret in (WEBHOOK_SIGNING_SECRET, WEBHOOK_ROTATED_SECRET, WEBHOOK_SIGNING_SECRET[6:], "sk-test-key-0001"):
        assert secret not in text
    assert "whsec_REDACTED_1" in text and "whsec_REDACTED_2" in text
    assert "whsec_...0001" in text  # a hint is not a secret
    seen = len(server.requests)
    with FixtureTransport(path, require_all_played=True) as transport:
        replayed = flow(transport.client(base_url="https://example.invalid/v1"))
    assert len(server.requests) == seen == 6
    assert replayed[0].signing_secret == "whsec_REDACTED_1" and replayed[2].signing_secret == "whsec_REDACTED_2"
    assert replayed[1] == live[1] == [e["id"] for e in WEBHOOK_ENDPOINTS]
    assert replayed[3:] == live[3:]
    assert json.loads(text)  # a valid JSON document


def test_default_handler_still_answers_realtime(server: LoopbackServer) -> None:
    # The webhook routes are added in front of the Realtime ones, not instead of them.
    assert default_handler is server.default
    client_for(server).calls.hangup("rtc_1")
    assert only(server).target == "/v1/realtime/calls/rtc_1/hangup"


# --------------------------------------------------------------------------- raw and streaming responses


def test_with_raw_response_shows_the_http_answer(server: LoopbackServer) -> None:
    webhooks = client_for(server).webhooks
    raw = webhooks.with_raw_response.create(name="n", url=URL, event_types=["batch.completed"])
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req_v1_webhook_endpoints"
    assert raw.method == "POST" and raw.url.endswith("/v1/webhook_endpoints")
    endpoint = raw.parse()
    assert isinstance(endpoint, WebhookEndpointWithSecret) and endpoint.id == "we_new"
    assert raw.json()["signing_secret"] == WEBHOOK_SIGNING_SECRET  # the raw body, asked for explicitly
    assert WEBHOOK_SIGNING_SECRET not in repr(raw)
    page = webhooks.with_raw_response.list(limit=2)
    assert page.json()["has_more"] is True
    assert [e.id for e in page.parse()] == [e["id"] for e in WEBHOOK_ENDPOINTS]
    types = webhooks.event_types.with_raw_response.list()
    assert types.parse().data == WEBHOOK_EVENT_TYPES and types.status_code == 200
    deleted = webhooks.with_raw_response.delete("we_0002")
    assert deleted.parse().deleted is True and deleted.method == "DELETE"


def test_with_streaming_response(server: LoopbackServer) -> None:
    webhooks = client_for(server).webhooks
    with webhooks.with_streaming_response.retrieve("we_0001") as response:
        assert response.status_code == 200
        assert response.parse().id == "we_0001"
    with webhooks.event_types.with_streaming_response.list() as response:
        assert response.json()["data"] == WEBHOOK_EVENT_TYPES


def test_raw_response_of_a_refused_call_raises_like_the_plain_call(server: LoopbackServer) -> None:
    with pytest.raises(NotFoundError):
        client_for(server).webhooks.with_raw_response.retrieve("we_9999")
