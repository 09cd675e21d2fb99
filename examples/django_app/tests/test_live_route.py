"""One SIP call, two webhooks: ``realtime.call.incoming`` and ``live.transport.incoming`` are answered once.

OpenAI posts both for every SIP call (reference live-api.md: the first successful accept decides the
surface). The line answers on the surface whose webhook arrives first, with the same routing on both, and
leaves the twin alone, whatever the order, redeliveries included. Offline: the API answers from
phone/recordings/phone_calls.json (each recorded interaction replays once: a second answer would fail).
"""

import json
import threading
from typing import Any, Callable, Dict, List

import pytest
from django.core.management import call_command
from django.test import Client
from phone.conversation import LOCAL_CALLS
from phone.offline import DEMO_WEBHOOK_SECRET
from phone.scenarios import as_meta, call_id, signed_delivery

from realtime_sync import HttpRequest, HttpResponse, Timeout
from realtime_sync.fixtures import FixtureTransport

Played = Callable[[], List[str]]
ORDERS = [("realtime", "live"), ("live", "realtime")]
SAFETY = 10.0


def deliver(client: Client, scenario: str, surface: str, webhook_id: str = "", sip_call_id: bool = True) -> int:
    body, headers = signed_delivery(scenario, DEMO_WEBHOOK_SECRET, webhook_id, surface=surface, sip_call_id=sip_call_id)
    response = client.post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))
    return int(response.status_code)


def api(scenario: str, surface: str, verb: str) -> str:
    """The request that ``verb`` sends for scenario ``scenario``'s call on ``surface``."""
    base = "/v1/live/sessions/" if surface == "live" else "/v1/realtime/calls/"
    return "POST %s%s/%s" % (base, call_id(scenario, surface), verb)


def handed_over() -> List[str]:
    """Every call id put on the worker's queue since the test began (``replay`` emptied it)."""
    calls = []
    while True:
        found = LOCAL_CALLS.get(0)
        if found is None:
            return calls
        calls.append(found)


def openai_error(status: int, code: str, request_id: str = "req_test") -> HttpResponse:
    body = json.dumps({"error": {"message": "test answer", "type": "invalid_request_error", "code": code}})
    headers = {"Content-Type": "application/json"}
    if request_id:
        headers["x-request-id"] = request_id  # OpenAI's own answer; without it, a gateway's
    return HttpResponse(status, headers, body.encode())


class Scripted:
    """The recorded API, except the answers given here, used up first, for the requests to these paths."""

    def __init__(self, recorded: FixtureTransport, answers: Dict[str, List[HttpResponse]]) -> None:
        self.recorded = recorded
        self.answers = answers

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        queued = self.answers.get(request.url.split("/v1", 1)[1], [])
        return queued.pop(0) if queued else self.recorded.send(request, timeout=timeout)

    def close(self) -> None:
        self.recorded.close()


@pytest.mark.parametrize("first, second", ORDERS)
def test_both_webhooks_of_a_call_answer_it_once_in_either_order(
    client: Client, replay: FixtureTransport, played: Played, first: str, second: str, caplog: Any
) -> None:
    caplog.set_level("INFO", logger="phone.calls")
    assert deliver(client, "support", first) == 200
    assert deliver(client, "support", second) == 200
    # OpenAI's redeliveries (same webhook-id): done, not run again; the twin with any webhook-id: still left alone.
    assert deliver(client, "support", first) == 200
    assert deliver(client, "support", second) == 200
    assert deliver(client, "support", second, webhook_id="wh_another_delivery") == 200
    assert played() == [api("support", first, "accept")]  # a second accept would find no recording left
    assert handed_over() == [call_id("support", first)]
    twin = "Call %s is the %s twin of call %s" % (call_id("support", second), second, call_id("support", first))
    assert caplog.text.count(twin) == 2


@pytest.mark.parametrize(
    "scenario, verbs, body",
    [
        ("blocked", ["reject"], {"status_code": 603}),
        ("wrong-number", ["reject"], {"status_code": 404}),
        ("sales", ["accept", "refer"], {"target_uri": "sip:sales@pbx.example.com"}),
    ],
)
def test_the_live_route_routes_as_the_realtime_route(
    client: Client, replay: FixtureTransport, played: Played, scenario: str, verbs: List[str], body: Any
) -> None:
    assert deliver(client, scenario, "live") == 200
    assert deliver(client, scenario, "realtime") == 200  # the twin
    assert played() == [api(scenario, "live", verb) for verb in verbs]
    last = [it for it in replay.interactions if "POST " + it["request"]["path"] == api(scenario, "live", verbs[-1])]
    assert last[0]["request"]["json"] == body
    assert handed_over() == []  # only support calls go to the worker


def test_the_live_accept_carries_the_delegated_tool(client: Client, replay: FixtureTransport, played: Played) -> None:
    assert deliver(client, "support", "live") == 200
    session = next(it for it in replay.interactions if it["request"]["path"].endswith("live_test_0001/accept"))
    sent = session["request"]["json"]["session"]
    assert sent["type"] == "live" and sent["model"] == "gpt-live-1"
    assert [tool["name"] for tool in sent["delegation"]["responses"]["tools"]] == ["lookup_order"]


def test_calling_again_hangs_up_the_previous_call_on_its_own_surface(
    client: Client, replay: FixtureTransport, played: Played
) -> None:
    assert deliver(client, "support", "realtime") == 200
    assert deliver(client, "support-again", "live") == 200  # answered on Live; the first call is Realtime's
    assert deliver(client, "support", "live") == 200  # the twins come late: left alone
    assert deliver(client, "support-again", "realtime") == 200
    assert played() == [
        api("support", "realtime", "accept"),
        api("support", "realtime", "hangup"),
        api("support-again", "live", "accept"),
    ]
    assert handed_over() == ["rtc_test_0001", "live_test_0003"]


def test_twins_arriving_at_once_on_two_workers_answer_the_call_once(replay: FixtureTransport, played: Played) -> None:
    statuses: List[int] = []
    start = threading.Barrier(2)

    def webhook(surface: str) -> None:
        start.wait(SAFETY)
        statuses.append(deliver(Client(), "support", surface))

    threads = [threading.Thread(target=webhook, args=(surface,)) for surface in ("realtime", "live")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SAFETY)
    assert statuses == [200, 200]
    assert len(played()) == 1 and played()[0] in (
        api("support", "realtime", "accept"),
        api("support", "live", "accept"),
    )
    assert handed_over() == [played()[0].split("/")[-2]]


def test_a_failed_first_attempt_keeps_the_call_for_its_own_redelivery(
    replay: FixtureTransport, played: Played, settings: Any
) -> None:
    client = Client(raise_request_exception=False)  # the answer OpenAI gets, not the exception
    # OpenAI answers the Live accept 500 (not accepted): the view answers 500, OpenAI delivers again later.
    failing = {"/live/sessions/live_test_0001/accept": [openai_error(500, "server_error")]}
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=Scripted(replay, failing))
    assert deliver(client, "support", "live") == 500
    assert deliver(client, "support", "realtime") == 200  # meanwhile the twin: left alone
    assert deliver(client, "support", "live") == 200  # the redelivery answers the call
    assert played() == [api("support", "live", "accept")]
    assert handed_over() == ["live_test_0001"]


def test_an_accept_with_an_unknown_outcome_is_never_repeated_on_the_twin(
    replay: FixtureTransport, played: Played, settings: Any
) -> None:
    client = Client(raise_request_exception=False)
    # A gateway's 504 (no x-request-id): the accept may have landed. Neither the redelivery nor the twin accepts.
    gateway = {"/realtime/calls/rtc_test_0001/accept": [openai_error(504, "gateway_timeout", request_id="")]}
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=Scripted(replay, gateway))
    assert deliver(client, "support", "realtime") == 500
    assert deliver(client, "support", "realtime") == 200  # the redelivery: recorded unknown, not run again
    assert deliver(client, "support", "live") == 200
    assert played() == []
    assert handed_over() == []


@pytest.mark.parametrize("scenario, verb", [("support", "accept"), ("blocked", "reject")])
def test_without_a_sip_call_id_the_twin_is_answered_and_openai_refuses_it(
    client: Client, replay: FixtureTransport, played: Played, settings: Any, caplog: Any, scenario: str, verb: str
) -> None:
    # The twins cannot be matched: both are answered, OpenAI takes the first (what the losing
    # surface gets back is not documented: any OpenAI error answer), and the refusal is logged, not raised.
    caplog.set_level("INFO")
    lost = {"/live/sessions/%s/%s" % (call_id(scenario, "live"), verb): [openai_error(409, "conflict")]}
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=Scripted(replay, lost))
    assert deliver(client, scenario, "realtime", sip_call_id=False) == 200
    assert deliver(client, scenario, "live", sip_call_id=False) == 200
    assert played() == [api(scenario, "realtime", verb)]
    assert handed_over() == (["rtc_test_0001"] if scenario == "support" else [])
    assert "has no SIP Call-ID" in caplog.text and "was refused" in caplog.text


def test_simulate_call_delivers_the_live_webhook(capsys: Any, replay: FixtureTransport, played: Played) -> None:
    call_command("simulate_call", "blocked", "--surface", "live")
    assert "(blocked, webhook-id wh_live_blocked_0001) -> 200" in capsys.readouterr().out
    assert played() == [api("blocked", "live", "reject")]
