"""Behaviour that a mutation test (mutmut 3, issue 15) showed no other test would notice breaking.

Each test names the mutant it kills. They go through public APIs only (the client, webhooks,
FixtureTransport, RetryPolicy), so they keep working when the code behind them moves.
"""

import json
from pathlib import Path
from typing import Any, Dict

import pytest
from _fakes import FakeTransport, Sleeps, like_the_api
from data import CLIENT_SECRET_REALTIME

from realtime_sync import (
    APIConnectionError,
    APITimeoutError,
    HttpResponse,
    RealtimeClient,
    RetryPolicy,
    webhooks,
)
from realtime_sync.errors import FixtureError, InvalidWebhookSignatureError
from realtime_sync.fixtures import RECORD_MODE_ENV, FixtureTransport

KEY = "sk-regress-0123456789abcdef"
SESSION = {"type": "realtime", "model": "gpt-realtime"}

# -- webhooks ----------------------------------------------------------------------------------------------------------

SECRET = "whsec_" + "cmVncmVzc2lvbi10ZXN0LXNlY3JldC0wMDAx"
NOW = 1767225600
CALL = {
    "id": "evt_1",
    "object": "event",
    "created_at": NOW,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_1", "sip_headers": [{"name": "From", "value": "<sip:+1@x>"}]},
}


def signed(payload: Dict[str, Any], timestamp: int = NOW) -> "tuple[bytes, Dict[str, str]]":
    body = json.dumps(payload).encode()
    return body, webhooks.sign(body, SECRET, webhook_id="wh_1", timestamp=timestamp)


def test_unwrap_passes_its_tolerance_on() -> None:
    # Mutant: unwrap() calls verify() without tolerance (the 300 s default applies).
    body, headers = signed(CALL, timestamp=NOW - 3600)
    event = webhooks.unwrap(body, headers, SECRET, tolerance=3600, now=NOW)
    assert event.id == "evt_1"
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        webhooks.unwrap(body, headers, SECRET, tolerance=3599, now=NOW)
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        webhooks.unwrap(body, headers, SECRET, now=NOW)  # the default is 300 s


def test_a_call_without_sip_headers_has_an_empty_tuple_not_none() -> None:
    # Mutant: the sip_headers default becomes None; lookups and loops would then crash.
    payload = dict(CALL, data={"call_id": "rtc_1"})
    body, headers = signed(payload)
    event = webhooks.unwrap(body, headers, SECRET, now=NOW)
    assert event.data.sip_headers == ()
    assert event.data.sip_header("from") is None
    assert event.data.sip_header_values("via") == []
    assert list(event.data.sip_headers) == []


@pytest.mark.parametrize("form", ["mapping", "pairs", "bytes-pairs"])
def test_django_meta_style_headers_verify_in_every_form(form: str) -> None:
    # Mutant: the HTTP_WEBHOOK_* spelling is matched only in a mapping, not in (name, value) pairs.
    body, headers = signed(CALL)
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    meta.update({"CONTENT_TYPE": "application/json", "REMOTE_ADDR": "127.0.0.1"})
    given: Any = {
        "mapping": meta,
        "pairs": list(meta.items()),
        "bytes-pairs": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in meta.items()],
    }[form]
    webhooks.verify(body, given, SECRET, now=NOW)
    assert webhooks.unwrap(body, given, SECRET, now=NOW).data.call_id == "rtc_1"
    assert webhooks.header_value(given, "webhook-id") == "wh_1"
    # The same pairs, one signature byte changed, must not verify.
    tampered = [(k, v.replace("v1,", "v1,A") if "SIGNATURE" in str(k).upper() else v) for k, v in meta.items()]
    with pytest.raises(InvalidWebhookSignatureError):
        webhooks.verify(body, tampered, SECRET, now=NOW)


# -- the retry policy --------------------------------------------------------------------------------------------------


def policy(**kw: Any) -> RetryPolicy:
    kw.setdefault("random", lambda: 0.0)
    return RetryPolicy(**kw)


def test_a_server_delay_of_exactly_120_s_is_honoured_and_one_above_is_not() -> None:
    # Mutants: "> MAX_SERVER_DELAY" as ">=", and "<= MAX_SERVER_DELAY" as "<".
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after": "120"})) == 120.0
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after-ms": "120000"})) == 120.0
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after": "120.5"})) is None
    assert policy().delay_for_response(0, HttpResponse(429, {"retry-after-ms": "120001"})) is None


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"retry-after-ms": "soon", "retry-after": "3"}, 3.0),  # unparsable ms: the seconds header decides
        ({"retry-after-ms": "soon"}, 0.5),  # nothing usable: backoff
        ({"retry-after-ms": "inf", "retry-after": "2"}, 2.0),
        ({"retry-after-ms": "nan"}, 0.5),
        ({"retry-after": "inf"}, 0.5),  # not "wait forever", and not "give up"
        ({"retry-after": "-inf"}, 0.5),
        ({"retry-after": "nan"}, 0.5),
        ({"retry-after": "0"}, 0.5),
        ({"retry-after": "-5"}, 0.5),
    ],
)
def test_unusable_server_delays_fall_back_to_backoff(headers: Dict[str, str], expected: float) -> None:
    assert policy().delay_for_response(0, HttpResponse(503, headers)) == expected


def test_replace_keeps_every_other_setting() -> None:
    # Mutant: replace(max_retries=...) builds a policy from the defaults, dropping the rest.
    sleep, rand = Sleeps(), (lambda: 0.5)
    original = RetryPolicy(2, initial_delay=0.1, max_delay=0.3, jitter=0.5, sleep=sleep, random=rand)
    changed = original.replace(max_retries=5)
    assert changed.max_retries == 5
    assert (changed.initial_delay, changed.max_delay, changed.jitter) == (0.1, 0.3, 0.5)
    assert changed.sleep is sleep and changed.random is rand
    assert [changed.backoff(n) for n in range(3)] == pytest.approx([0.075, 0.15, 0.225])


def test_a_per_call_max_retries_keeps_the_clients_sleep_and_delays() -> None:
    # The same mutant, seen from a call: a dropped sleep would really sleep (and record nothing).
    sleeps = Sleeps()
    retry = RetryPolicy(0, initial_delay=0.01, max_delay=0.02, jitter=0, sleep=sleeps)
    fake = FakeTransport(HttpResponse(503), HttpResponse(503), HttpResponse(503), default=like_the_api)
    with RealtimeClient(KEY, base_url="https://api.test/v1", transport=fake, retry_policy=retry) as client:
        client.calls.hangup("rtc_1", max_retries=3)
    assert sleeps == [0.01, 0.02, 0.02]
    assert len(fake.requests) == 4


# -- the send loop and the error defaults ------------------------------------------------------------------------------


def test_a_transport_error_without_a_request_gets_the_request_that_failed() -> None:
    # Mutant: the client no longer fills in exc.request for a custom transport's bare error.
    fake = FakeTransport(default=APIConnectionError("the line is down", request_sent=False))
    client = RealtimeClient(KEY, base_url="https://api.test/v1", transport=fake, max_retries=0)
    with client, pytest.raises(APIConnectionError) as info:
        client.calls.refer("rtc_1", target_uri="tel:+14155550123")
    assert (info.value.request.method, info.value.request.body) == (fake.requests[0].method, fake.requests[0].body)
    assert info.value.request.url == "https://api.test/v1/realtime/calls/rtc_1/refer"


def test_connection_errors_say_the_request_may_have_been_sent_unless_told_otherwise() -> None:
    # Mutant: request_sent defaults to False. A custom transport raising a bare error would
    # then let the client repeat an accept that may have landed.
    assert APIConnectionError().request_sent is True
    assert APIConnectionError("x").request_sent is True
    assert APITimeoutError().request_sent is True
    for error in (APIConnectionError("reset"), APITimeoutError("read timed out")):
        sleeps = Sleeps()
        fake = FakeTransport(default=error)
        retry = RetryPolicy(3, sleep=sleeps)
        client = RealtimeClient(KEY, base_url="https://api.test/v1", transport=fake, retry_policy=retry)
        with client, pytest.raises(APIConnectionError):
            client.calls.accept("rtc_1", session=SESSION)
        assert len(fake.requests) == 1 and sleeps == []  # sent once, never repeated


# -- the fixture redactor ----------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_record_mode_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_MODE_ENV, raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def record(path: Path, fake: FakeTransport, call: Any, key: str = KEY) -> str:
    transport = FixtureTransport(path, "all", inner=fake)
    with transport, RealtimeClient(key, base_url="https://api.test/v1", transport=transport, max_retries=0) as client:
        call(client)
    return path.read_text(encoding="utf-8")


def json_response(body: Any, headers: Any = None) -> HttpResponse:
    return HttpResponse(200, dict({"content-type": "application/json"}, **(headers or {})), json.dumps(body).encode())


@pytest.mark.parametrize(
    "body",
    [
        dict(CLIENT_SECRET_REALTIME, value="cs-no-recognisable-prefix-1"),
        {"client_secret": {"value": "cs-no-recognisable-prefix-1", "expires_at": 1}, "session": {}},
    ],
    ids=["$.value", "$.client_secret.value"],
)
def test_both_default_secret_paths_are_redacted_whatever_the_value_looks_like(tmp_path: Path, body: Any) -> None:
    # Mutants: either default path dropped. The value has no ek_ prefix, so only the path rule catches it.
    fake = FakeTransport(default=json_response(body))
    text = record(tmp_path / "f.json", fake, lambda c: c.calls.hangup("rtc_1"))  # the rule applies to any JSON
    assert "cs-no-recognisable-prefix-1" not in text
    assert "ek_REDACTED_1" in text


def test_retry_headers_are_kept_so_replay_retries_the_same_way(tmp_path: Path) -> None:
    # Mutant: retry-after / retry-after-ms / x-should-retry dropped from the response header allow-list.
    path = tmp_path / "retries.json"
    first = HttpResponse(400, {"retry-after-ms": "250", "x-should-retry": "true"}, b"")
    second = HttpResponse(429, {"retry-after": "2"}, b"")
    fake = FakeTransport(first, second, default=like_the_api)
    sleeps = Sleeps()
    with FixtureTransport(path, "all", inner=fake) as transport:
        retry = RetryPolicy(2, sleep=sleeps)
        with RealtimeClient(KEY, base_url="https://api.test/v1", transport=transport, retry_policy=retry) as client:
            client.calls.hangup("rtc_1")
    assert sleeps == [0.25, 2.0]
    stored = [i["response"]["headers"] for i in json.loads(path.read_text())["interactions"]]
    assert stored[0] == {"retry-after-ms": "250", "x-should-retry": "true"}
    assert stored[1] == {"retry-after": "2"}
    replayed = Sleeps()
    with FixtureTransport(path, inner=FakeTransport(default=APIConnectionError("offline"))) as transport:
        retry = RetryPolicy(2, sleep=replayed)
        with RealtimeClient(KEY, base_url="https://api.test/v1", transport=transport, retry_policy=retry) as client:
            client.calls.hangup("rtc_1")
    assert replayed == [0.25, 2.0]


def test_a_bearer_token_of_the_minimum_length_is_hunted_everywhere(tmp_path: Path) -> None:
    # Mutants: MIN_KEY_LENGTH changed, or ">=" as ">". An 8-character key echoed in a body is redacted ...
    echo = json_response({"echo": "your key was sk-12345, right?"})
    text = record(tmp_path / "eight.json", FakeTransport(default=echo), lambda c: c.calls.hangup("rtc_1"), "sk-12345")
    assert "sk-12345" not in text and "<REDACTED:api_key>" in text
    # ... while a 7-character one is too short to hunt for (ordinary text is left alone).
    echo = json_response({"echo": "abc1234 is also a word"})
    text = record(tmp_path / "seven.json", FakeTransport(default=echo), lambda c: c.calls.hangup("rtc_1"), "abc1234")
    assert "abc1234 is also a word" in text


def test_the_environment_key_of_the_minimum_length_is_never_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same threshold for OPENAI_API_KEY, checked when saving: a binary body is stored byte-exact,
    # so a key inside one must stop the save rather than be written.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-98765")
    blob = HttpResponse(200, {"content-type": "application/octet-stream"}, b"\x00\xff sk-98765 \x80")
    with pytest.raises(FixtureError, match="OPENAI_API_KEY"):
        record(tmp_path / "env.json", FakeTransport(default=blob), lambda c: c.calls.hangup("rtc_1"), "sk-other-key")
    assert not (tmp_path / "env.json").exists()
