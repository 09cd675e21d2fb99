"""``client.webhooks.unwrap`` / ``verify_signature`` and ``RealtimeClient(webhook_secret=...)``, as in the SDK."""

import json
import time

import pytest

from realtime_sync import ConfigurationError, InvalidWebhookSignatureError, RealtimeClient, webhooks

SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="
OTHER = "whsec_b3RoZXItc2VjcmV0LW9mLXRoZS1zYW1lLWxlbmd0aC0wMDA="
BODY = json.dumps(
    {
        "id": "evt_c1",
        "object": "event",
        "created_at": 1767225600,
        "type": "live.transport.incoming",
        "data": {"session_id": "live_1", "type": "sip", "sip_headers": [{"name": "From", "value": "<sip:a@b>"}]},
    }
).encode()


def client(**kwargs: object) -> RealtimeClient:
    return RealtimeClient("sk-test", base_url="http://127.0.0.1:9/v1", **kwargs)  # type: ignore[arg-type]


def test_unwrap_with_the_clients_secret() -> None:
    event = client(webhook_secret=SECRET).webhooks.unwrap(BODY, webhooks.sign(BODY, SECRET))
    assert isinstance(event, webhooks.LiveTransportIncomingEvent)
    assert event.data.session_id == "live_1" and event.data.sip_headers[0].name == "From"


def test_the_secret_comes_from_the_environment_when_the_client_is_created(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    c = client()
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET")
    assert c.webhook_secret == SECRET
    c.webhooks.verify_signature(BODY, webhooks.sign(BODY, SECRET))
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", OTHER)
    assert client(webhook_secret=SECRET).webhook_secret == SECRET  # an explicit secret wins


def test_an_explicit_secret_wins_over_the_clients() -> None:
    c = client(webhook_secret=OTHER)
    headers = webhooks.sign(BODY, SECRET)
    with pytest.raises(InvalidWebhookSignatureError):
        c.webhooks.unwrap(BODY, headers)
    assert c.webhooks.unwrap(BODY, headers, secret=SECRET).id == "evt_c1"
    c.webhooks.verify_signature(BODY, headers, secret=SECRET)


def test_no_secret_anywhere_is_a_value_error_with_the_sdks_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "")  # empty counts as unset
    c = client()
    assert c.webhook_secret is None
    for call in (c.webhooks.unwrap, c.webhooks.verify_signature):
        with pytest.raises(ConfigurationError) as info:
            call(BODY, webhooks.sign(BODY, SECRET))
        assert isinstance(info.value, ValueError)
        assert "OPENAI_WEBHOOK_SECRET" in str(info.value) and "webhook_secret=" in str(info.value)


def test_verify_signature_tolerance() -> None:
    c = client(webhook_secret=SECRET)
    old = webhooks.sign(BODY, SECRET, timestamp=int(time.time()) - 120)
    c.webhooks.verify_signature(BODY, old)  # default 300 s
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        c.webhooks.verify_signature(BODY, old, tolerance=60)
    future = webhooks.sign(BODY, SECRET, timestamp=int(time.time()) + 120)
    with pytest.raises(InvalidWebhookSignatureError, match="too new"):
        c.webhooks.verify_signature(BODY, future, tolerance=60)
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        c.webhooks.unwrap(BODY, webhooks.sign(BODY, SECRET, timestamp=int(time.time()) - 400))


@pytest.mark.parametrize("drop", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_refused_as_a_bad_signature(drop: str) -> None:
    headers = webhooks.sign(BODY, SECRET)
    del headers[drop]
    with pytest.raises(InvalidWebhookSignatureError, match=drop) as info:
        client(webhook_secret=SECRET).webhooks.unwrap(BODY, headers)
    assert isinstance(info.value, ValueError)


def test_tampered_body_and_str_payload() -> None:
    c = client(webhook_secret=SECRET)
    headers = webhooks.sign(BODY, SECRET)
    assert c.webhooks.unwrap(BODY.decode(), headers).id == "evt_c1"  # str payloads, as the SDK accepts
    with pytest.raises(InvalidWebhookSignatureError, match="does not match"):
        c.webhooks.unwrap(BODY.replace(b"live_1", b"live_2"), headers)


def test_the_secret_never_shows_in_a_repr_or_a_message() -> None:
    c = client(webhook_secret=SECRET)
    assert SECRET not in repr(c) and SECRET[6:] not in repr(c)
    assert c.with_options(max_retries=0).webhook_secret == SECRET
    with pytest.raises(InvalidWebhookSignatureError) as info:
        c.webhooks.unwrap(BODY, webhooks.sign(BODY, OTHER))
    assert SECRET not in str(info.value) and SECRET[6:] not in str(info.value)


def test_a_non_string_secret_is_refused_when_the_client_is_created() -> None:
    with pytest.raises(ConfigurationError, match="webhook_secret: expected a string"):
        client(webhook_secret=b"whsec_x")
