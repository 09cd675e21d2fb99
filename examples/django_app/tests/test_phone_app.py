"""The example project end to end: signed webhooks in, recorded Realtime API calls out, all offline."""

import json
import re
from typing import Any, Callable, List

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from phone.offline import DEMO_WEBHOOK_SECRET, FIXTURE, ReplayTransport
from phone.scenarios import as_meta, incoming_call, signed_delivery

from realtime_sync import HttpRequest, HttpResponse, Timeout, webhooks
from realtime_sync.contrib.django import get_client
from realtime_sync.fixtures import FixtureTransport

Played = Callable[[], List[str]]

BROWSER_OFFER = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n"
)
REFERENCE_BODY = (  # reference §9.4, byte for byte
    b'{"id":"evt_test_0001","object":"event","created_at":1767225600,"type":"realtime.call.incoming",'
    b'"data":{"call_id":"rtc_test_0001","sip_headers":[{"name":"From","value":"\\"Alice\\" '
    b'<sip:+15550100@example.net>;tag=abc"},{"name":"To","value":"<sip:+15550199@sip.api.openai.com>"},'
    b'{"name":"Call-ID","value":"a84b4c76e66710@pc33.example.net"}],"sip_media_security":"srtp"}}'
)


def deliver(client: Client, scenario: str, webhook_id: str = "") -> Any:
    body, headers = signed_delivery(scenario, DEMO_WEBHOOK_SECRET, webhook_id)
    return client.post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))


def test_the_support_scenario_is_the_reference_event() -> None:
    body, _ = signed_delivery("support", DEMO_WEBHOOK_SECRET)
    assert body == REFERENCE_BODY


def test_signed_incoming_call_is_accepted(client: Client, replay: FixtureTransport, played: Played) -> None:
    response = deliver(client, "support")
    assert response.status_code == 200
    assert played() == ["POST /v1/realtime/calls/rtc_test_0001/accept"]
    accept = replay.interactions[0]["request"]["json"]
    assert accept["type"] == "realtime" and accept["audio"]["input"]["format"] == {"type": "audio/pcmu"}


def test_retried_delivery_does_not_accept_twice(client: Client, replay: FixtureTransport, played: Played) -> None:
    assert deliver(client, "support", "wh_same").status_code == 200
    # A second accept would find no unplayed recording and fail with FixtureMismatchError.
    assert deliver(client, "support", "wh_same").status_code == 200
    assert played() == ["POST /v1/realtime/calls/rtc_test_0001/accept"]


def log_lines(caplog: pytest.LogCaptureFixture) -> List[str]:
    return [record.getMessage() for record in caplog.records if record.name == "phone.calls"]


def test_second_call_from_the_same_caller_hangs_up_the_first(
    client: Client, replay: FixtureTransport, caplog: pytest.LogCaptureFixture, played: Played
) -> None:
    caplog.set_level("INFO", logger="phone.calls")
    assert deliver(client, "support").status_code == 200
    assert deliver(client, "support-again").status_code == 200
    # The new call is answered first, then the old one is hung up (played() lists them in file order).
    assert [line for line in log_lines(caplog) if "call" in line] == [
        "Accepted call rtc_test_0001 from +15550100 on realtime",
        "Accepted call rtc_test_0003 from +15550100 on realtime",
        "Hanging up call rtc_test_0001: +15550100 called again",
    ]
    assert played() == [
        "POST /v1/realtime/calls/rtc_test_0001/accept",
        "POST /v1/realtime/calls/rtc_test_0003/accept",
        "POST /v1/realtime/calls/rtc_test_0001/hangup",
    ]


def test_sales_line_is_answered_then_referred(client: Client, replay: FixtureTransport, played: Played) -> None:
    assert deliver(client, "sales").status_code == 200
    assert played() == [
        "POST /v1/realtime/calls/rtc_sales_0001/accept",
        "POST /v1/realtime/calls/rtc_sales_0001/refer",
    ]


class TransferFails:
    """The recorded API, except that every refer fails (a 500 from OpenAI itself)."""

    def __init__(self, recorded: FixtureTransport) -> None:
        self.recorded = recorded

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        if request.url.endswith("/refer"):
            body = b'{"error": {"message": "The server had an error.", "type": "server_error"}}'
            return HttpResponse(500, {"Content-Type": "application/json", "x-request-id": "req_refer"}, body)
        return self.recorded.send(request, timeout=timeout)

    def close(self) -> None:
        self.recorded.close()


def test_a_failed_transfer_does_not_accept_the_call_twice(
    client: Client, replay: FixtureTransport, settings: Any, caplog: pytest.LogCaptureFixture, played: Played
) -> None:
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=TransferFails(replay))
    # Had the handler raised, the claim would be released and OpenAI's redelivery would accept again.
    assert deliver(client, "sales", "wh_sales").status_code == 200
    assert deliver(client, "sales", "wh_sales").status_code == 200
    assert played() == ["POST /v1/realtime/calls/rtc_sales_0001/accept"]
    assert "Could not transfer call rtc_sales_0001" in caplog.text


@pytest.mark.parametrize(
    "scenario, status_code",
    [("blocked", 603), ("wrong-number", 404)],
)
def test_rejected_calls(
    client: Client, replay: FixtureTransport, scenario: str, status_code: int, played: Played
) -> None:
    assert deliver(client, scenario).status_code == 200
    call_id = incoming_call(scenario)["data"]["call_id"]
    assert played() == ["POST /v1/realtime/calls/%s/reject" % call_id]
    recorded = [it for it in replay.interactions if it["request"]["path"].endswith(call_id + "/reject")]
    assert recorded[0]["request"]["json"] == {"status_code": status_code}


def test_forged_webhook_is_refused_and_nothing_is_sent(
    client: Client, replay: FixtureTransport, played: Played
) -> None:
    body, headers = signed_delivery("support", "whsec_" + "Zm9yZ2Vk")
    response = client.post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))
    assert response.status_code == 400
    assert played() == []


@pytest.fixture
def user_client(client: Client, django_user_model: Any, db: Any) -> Client:
    client.force_login(django_user_model.objects.create_user(username="grace", password="x"))
    return client


def test_browser_client_secret(user_client: Client, replay: FixtureTransport, played: Played) -> None:
    response = user_client.post("/realtime/client-secret/")
    assert response.status_code == 200
    assert set(response.json()) == {"value", "expires_at"}
    assert response.json()["expires_at"] == 1767226200
    assert played() == ["POST /v1/realtime/client_secrets"]


def test_browser_call_through_the_sdp_proxy_then_hangup(
    user_client: Client, replay: FixtureTransport, played: Played
) -> None:
    response = user_client.post("/realtime/calls/", data=BROWSER_OFFER, content_type="application/sdp")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/sdp"
    assert response.content.startswith(b"v=0\r\n")
    assert user_client.session["realtime_call_id"] == "rtc_web_0001"
    assert b"rtc_web_0001" not in response.content
    response = user_client.post("/realtime/hangup/")
    assert response.json() == {"ended": True}
    assert played() == ["POST /v1/realtime/calls", "POST /v1/realtime/calls/rtc_web_0001/hangup"]
    assert user_client.post("/realtime/hangup/").json() == {"ended": False}


def test_browser_views_need_a_login(client: Client, replay: FixtureTransport, db: Any, played: Played) -> None:
    assert client.post("/realtime/client-secret/").status_code == 403
    assert client.post("/realtime/calls/", data=BROWSER_OFFER, content_type="application/sdp").status_code == 403
    page = client.get("/")  # the page loads; the calls it makes are refused (the browser test shows the 403)
    assert page.status_code == 200 and b"Not logged in" in page.content
    assert played() == []


def test_voice_page(user_client: Client) -> None:
    page = user_client.get("/").content.decode()
    # Each mode's endpoint, the CSRF header, response.ok checked; never a key (tests/test_browser.py runs it).
    assert '"/realtime/calls/"' in page and '"/live/sessions/"' in page and '"/realtime/client-secret/"' in page
    assert "X-CSRFToken" in page and "response.ok" in page
    assert 'OPENAI_BASE = "https://api.openai.com/v1"' in page and "sk-" not in page


def test_simulate_call_command_runs_offline(
    capsys: pytest.CaptureFixture[str], replay: FixtureTransport, played: Played
) -> None:
    call_command("simulate_call", "blocked")
    assert "(blocked, webhook-id wh_rtc_blocked_0001) -> 200" in capsys.readouterr().out
    assert played() == ["POST /v1/realtime/calls/rtc_blocked_0001/reject"]


def test_offline_mode_replays_as_often_as_asked(settings: Any) -> None:
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT="phone.offline.ReplayTransport")
    client = get_client()
    assert isinstance(client.transport, ReplayTransport)
    for _ in range(3):
        client.calls.reject("rtc_blocked_0001", status_code=603)


def test_offline_settings_never_hold_a_real_key(settings: Any) -> None:
    assert settings.OFFLINE is True
    assert settings.REALTIME_SYNC["API_KEY"] == "sk-offline-demo"
    transport = ReplayTransport()
    url = "https://api.openai.com/v1/realtime/calls/rtc_wrong_0001/reject"
    request = HttpRequest("POST", url, {"Content-Type": "application/json"}, b'{"status_code":404}')
    assert transport.send(request, timeout=Timeout()).status_code == 200


def test_recording_holds_no_secret() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert "sk-offline-demo" not in text and DEMO_WEBHOOK_SECRET not in text
    assert json.loads(text)["format"] == 1


def test_project_checks_pass() -> None:
    call_command("check")


def test_project_checks_catch_a_misspelled_setting(settings: Any) -> None:
    from django.core.management.base import SystemCheckError

    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, WEBHOOK_SECRT="whsec_x")
    with pytest.raises(SystemCheckError, match=r"realtime_sync.E001.*did you mean 'WEBHOOK_SECRET'"):
        call_command("check")


def test_sendtestwebhook_reaches_the_phone_line(
    capsys: pytest.CaptureFixture[str], replay: FixtureTransport, played: Played
) -> None:
    # The sample call comes from +15550100 to the support line: the handler accepts it (recorded for rtc_test_0001).
    call_command("sendtestwebhook", "--call-id", "rtc_test_0001")
    out = capsys.readouterr().out
    assert re.match(
        r"POST /openai/webhook/ \(realtime.call.incoming, call rtc_test_0001, webhook-id wh_[0-9a-f]{24}\) -> 200", out
    )
    assert played() == ["POST /v1/realtime/calls/rtc_test_0001/accept"]
    # A call id OpenAI does not know: the accept fails, the endpoint answers 500, the command says so.
    with pytest.raises(CommandError, match=r"-> 500 \{\"error\": \"internal server error\"\}"):
        call_command("sendtestwebhook", "--call-id", "rtc_unknown_0001")


def test_reference_vector_verifies_with_its_own_secret() -> None:
    # The same event as the "support" scenario, signed by the reference's secret at its frozen time.
    headers = {
        "webhook-id": "wh_test_0001",
        "webhook-timestamp": "1767225660",
        "webhook-signature": "v1,yx5/7PDhmDICB1ZH7PNxNGfJnSSXf7IJivzMd0QUrE0=",
    }
    secret = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="
    event = webhooks.unwrap(REFERENCE_BODY, headers, secret, now=1767225660)
    assert event.data.call_id == "rtc_test_0001"
