"""Webhook verification and parsing: the reference test vectors and every way a delivery can be refused."""

import base64
import dataclasses
import json
import subprocess
import sys
from typing import Any, Dict

import pytest
from _strategies import unicode_text
from hypothesis import given
from hypothesis import strategies as st

from realtime_sync import (
    ConfigurationError,
    Headers,
    InvalidWebhookSignatureError,
    RealtimeSyncError,
    RequestValidationError,
    webhooks,
)
from realtime_sync.webhooks import (
    InvalidWebhookPayloadError,
    RealtimeCallIncomingData,
    RealtimeCallIncomingEvent,
    UnknownWebhookEvent,
)

# Reference §9.4, byte for byte.
SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="
RAW_KEY = b"test-signing-key-for-realtime-0001"
PLAIN_SECRET = "plain-secret"
WEBHOOK_ID = "wh_test_0001"
TIMESTAMP = 1767225660
SIGNATURE = "v1,yx5/7PDhmDICB1ZH7PNxNGfJnSSXf7IJivzMd0QUrE0="
PLAIN_SIGNATURE = "v1,fGYhww2oVviNcXDc2ggBitVHzR2Wj/Vr49MUrqHOJbU="
BODY = (
    b'{"id":"evt_test_0001","object":"event","created_at":1767225600,"type":"realtime.call.incoming",'
    b'"data":{"call_id":"rtc_test_0001","sip_headers":[{"name":"From","value":"\\"Alice\\" '
    b'<sip:+15550100@example.net>;tag=abc"},{"name":"To","value":"<sip:+15550199@sip.api.openai.com>"},'
    b'{"name":"Call-ID","value":"a84b4c76e66710@pc33.example.net"}],"sip_media_security":"srtp"}}'
)


def headers(
    signature: str = SIGNATURE, timestamp: str = str(TIMESTAMP), webhook_id: str = WEBHOOK_ID
) -> Dict[str, str]:
    return {"webhook-id": webhook_id, "webhook-timestamp": timestamp, "webhook-signature": signature}


def refused(body: Any = BODY, hdrs: Any = None, secret: Any = SECRET, **kwargs: Any) -> str:
    """Verify expecting a refusal; return the message after checking it leaks no secret."""
    kwargs.setdefault("now", TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError) as info:
        webhooks.verify(body, headers() if hdrs is None else hdrs, secret, **kwargs)
    message = str(info.value)
    for leak in (SECRET, SECRET[6:], PLAIN_SECRET, RAW_KEY.decode()):
        assert leak not in message
    return message


# --------------------------------------------------------------------------- the reference vectors


def test_reference_vector_verifies() -> None:
    assert webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP) is None


def test_reference_vector_unwraps_into_a_typed_event() -> None:
    event = webhooks.unwrap(BODY, headers(), SECRET, now=TIMESTAMP)
    assert isinstance(event, RealtimeCallIncomingEvent)
    assert (event.id, event.object, event.created_at, event.type) == (
        "evt_test_0001",
        "event",
        1767225600,
        "realtime.call.incoming",
    )
    assert event.data.call_id == "rtc_test_0001"
    assert event.data.sip_headers == (
        ("From", '"Alice" <sip:+15550100@example.net>;tag=abc'),
        ("To", "<sip:+15550199@sip.api.openai.com>"),
        ("Call-ID", "a84b4c76e66710@pc33.example.net"),
    )
    assert event.data.sip_media_security == "srtp"
    assert event.raw == json.loads(BODY)
    assert event.data.raw == json.loads(BODY)["data"]


def test_plain_secret_vector_uses_the_secret_bytes_undecoded() -> None:
    webhooks.verify(BODY, headers(PLAIN_SIGNATURE), PLAIN_SECRET, now=TIMESTAMP)
    assert "does not match" in refused(hdrs=headers(SIGNATURE), secret=PLAIN_SECRET)
    assert "does not match" in refused(hdrs=headers(PLAIN_SIGNATURE), secret=SECRET)


def test_bytes_secret_is_the_raw_key() -> None:
    webhooks.verify(BODY, headers(), RAW_KEY, now=TIMESTAMP)
    webhooks.verify(BODY, headers(PLAIN_SIGNATURE), PLAIN_SECRET.encode(), now=TIMESTAMP)


def test_sign_reproduces_both_vectors() -> None:
    assert webhooks.sign(BODY, SECRET, webhook_id=WEBHOOK_ID, timestamp=TIMESTAMP) == headers()
    assert webhooks.sign(BODY, PLAIN_SECRET, webhook_id=WEBHOOK_ID, timestamp=TIMESTAMP) == headers(PLAIN_SIGNATURE)


def test_sign_defaults_to_a_fresh_id_and_now() -> None:
    first, second = webhooks.sign(BODY, SECRET), webhooks.sign(BODY, SECRET)
    assert first["webhook-id"].startswith("wh_") and first["webhook-id"] != second["webhook-id"]
    webhooks.verify(BODY, first, SECRET)
    webhooks.verify(BODY, second, SECRET)


def test_str_body_is_verified_as_its_utf8_bytes() -> None:
    webhooks.verify(BODY.decode("utf-8"), headers(), SECRET, now=TIMESTAMP)
    webhooks.verify(bytearray(BODY), headers(), SECRET, now=TIMESTAMP)
    webhooks.verify(memoryview(BODY), headers(), SECRET, now=TIMESTAMP)


def test_non_ascii_body_is_signed_as_utf8() -> None:
    body = '{"type":"x","data":{"name":"Zoë ☎"}}'
    signed = webhooks.sign(body, PLAIN_SECRET, webhook_id="wh_u", timestamp=TIMESTAMP)
    webhooks.verify(body.encode("utf-8"), signed, PLAIN_SECRET, now=TIMESTAMP)
    refused(body.encode("latin-1", "replace"), signed, PLAIN_SECRET)


def test_parsed_json_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidWebhookSignatureError, match="raw request body"):
        webhooks.verify(json.loads(BODY), headers(), SECRET, now=TIMESTAMP)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- refusals


def test_tampered_body_is_refused() -> None:
    message = refused(BODY.replace(b"rtc_test_0001", b"rtc_test_0002"))
    assert message.startswith("The given webhook signature does not match the expected signature")


def test_reserialised_json_is_refused() -> None:
    refused(json.dumps(json.loads(BODY)).encode())


def test_tampered_id_or_timestamp_is_refused() -> None:
    refused(hdrs=headers(webhook_id="wh_test_0002"))
    refused(hdrs=headers(timestamp=str(TIMESTAMP + 1)))


def test_wrong_secret_is_refused() -> None:
    refused(secret="whsec_" + base64.b64encode(b"another-key").decode())


@pytest.mark.parametrize("offset", [0, 1, 299, 300])
def test_timestamp_within_tolerance_either_side_is_accepted(offset: int) -> None:
    webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP + offset)
    webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP - offset)


def test_fractional_clock_is_floored() -> None:
    webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP + 300.99)


def test_stale_timestamp_is_refused() -> None:
    message = refused(now=TIMESTAMP + 301)
    assert message.startswith("Webhook timestamp is too old")
    assert "301 s" in message


def test_future_timestamp_is_refused() -> None:
    message = refused(now=TIMESTAMP - 301)
    assert message.startswith("Webhook timestamp is too new")


def test_custom_tolerance() -> None:
    webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP + 3600, tolerance=3600)
    assert "too old" in refused(now=TIMESTAMP + 11, tolerance=10)
    assert "too new" in refused(now=TIMESTAMP - 1, tolerance=0)
    webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP, tolerance=0)


@pytest.mark.parametrize("tolerance", [-1, float("nan"), "300", True])
def test_bad_tolerance_is_a_value_error(tolerance: Any) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        webhooks.verify(BODY, headers(), SECRET, now=TIMESTAMP, tolerance=tolerance)


def test_time_is_checked_against_the_real_clock_by_default() -> None:
    # The vector was signed in 2026-01; the real clock is far from it either way.
    with pytest.raises(InvalidWebhookSignatureError, match=r"too (old|new)"):
        webhooks.verify(BODY, headers(), SECRET)
    fresh = webhooks.sign(BODY, SECRET, webhook_id=WEBHOOK_ID)
    webhooks.verify(BODY, fresh, SECRET)


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_a_signature_error_naming_it(name: str) -> None:
    hdrs = headers()
    del hdrs[name]
    message = refused(hdrs=hdrs)
    assert message == "missing %s header" % name
    with pytest.raises(ValueError):  # code written for the official SDK's ValueError still works
        webhooks.verify(BODY, hdrs, SECRET, now=TIMESTAMP)


def test_no_headers_at_all() -> None:
    assert refused(hdrs={}) == "missing webhook-signature header"
    assert refused(hdrs=[]) == "missing webhook-signature header"


def test_rotated_secrets_any_listed_signature_verifies() -> None:
    other = "v1,bm90LXRoZS1zaWc="
    webhooks.verify(BODY, headers(other + " " + SIGNATURE), SECRET, now=TIMESTAMP)
    webhooks.verify(BODY, headers(SIGNATURE + " " + other), SECRET, now=TIMESTAMP)
    webhooks.verify(BODY, headers("  %s \t %s  " % (other, SIGNATURE)), SECRET, now=TIMESTAMP)
    # The same header checked by the old and the new secret during a rotation.
    both = PLAIN_SIGNATURE + " " + SIGNATURE
    webhooks.verify(BODY, headers(both), SECRET, now=TIMESTAMP)
    webhooks.verify(BODY, headers(both), PLAIN_SECRET, now=TIMESTAMP)
    assert "checked 2 signatures" in refused(hdrs=headers(other + " v1,also-wrong"))


def test_signature_tokens_follow_the_official_sdk() -> None:
    # A bare token (no "v1,") is compared as is; another version never matches.
    webhooks.verify(BODY, headers(SIGNATURE[3:]), SECRET, now=TIMESTAMP)
    refused(hdrs=headers("v2," + SIGNATURE[3:]))
    refused(hdrs=headers("v1," + SIGNATURE))


def test_empty_or_garbage_signature_header() -> None:
    assert refused(hdrs=headers("")) == "the webhook-signature header contains no signatures"
    assert refused(hdrs=headers("   ")) == "the webhook-signature header contains no signatures"
    refused(hdrs=headers("v1,ünïcode✓ v1,\x00"))  # no TypeError from compare_digest


@pytest.mark.parametrize(
    "timestamp", ["abc", "", " 1767225660", "1767225660 ", "+1767225660", "-5", "1_767_225_660", "1767225660.0", "١٢٣"]
)
def test_bad_timestamp_format(timestamp: str) -> None:
    message = refused(hdrs=headers(timestamp=timestamp))
    assert message.startswith("Invalid webhook timestamp format")
    assert repr(timestamp) in message


def test_huge_timestamp_value_is_shortened_in_the_message() -> None:
    message = refused(hdrs=headers(timestamp="x" * 5000))
    assert len(message) < 300


# --------------------------------------------------------------------------- headers in every shape


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda h: {k.title(): v for k, v in h.items()}, id="title-case dict"),
        pytest.param(lambda h: {k.upper(): v for k, v in h.items()}, id="upper-case dict"),
        pytest.param(lambda h: Headers({k.title(): v for k, v in h.items()}), id="Headers"),
        pytest.param(lambda h: {"HTTP_" + k.upper().replace("-", "_"): v for k, v in h.items()}, id="WSGI/META"),
        pytest.param(lambda h: list(h.items()), id="pairs"),
        pytest.param(lambda h: [(k.encode(), v.encode()) for k, v in h.items()], id="ASGI bytes pairs"),
        pytest.param(lambda h: dict({"Content-Type": "application/json"}, **h), id="with other headers"),
    ],
)
def test_header_shapes(shape: Any) -> None:
    hdrs = shape(headers())
    webhooks.verify(BODY, hdrs, SECRET, now=TIMESTAMP)
    assert webhooks.unwrap(BODY, hdrs, SECRET, now=TIMESTAMP).id == "evt_test_0001"


def test_django_style_case_insensitive_mapping() -> None:
    django_http = pytest.importorskip("django.http.request")
    meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers().items()}
    webhooks.verify(BODY, django_http.HttpHeaders(meta), SECRET, now=TIMESTAMP)


# --------------------------------------------------------------------------- secrets


def test_secret_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    webhooks.verify(BODY, headers(), now=TIMESTAMP)
    assert webhooks.unwrap(BODY, headers(), now=TIMESTAMP).id == "evt_test_0001"
    # An explicit secret wins over the environment.
    refused(secret=PLAIN_SECRET)


@pytest.mark.parametrize("env", [None, ""])
def test_no_secret_anywhere_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch, env: Any) -> None:
    if env is not None:
        monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", env)
    with pytest.raises(ConfigurationError, match="OPENAI_WEBHOOK_SECRET"):
        webhooks.verify(BODY, headers(), now=TIMESTAMP)


@pytest.mark.parametrize("secret", ["", b"", 42, "\ud800", "key-\udfff", "whsec_\ud800"])
def test_unusable_secret_is_a_configuration_error(secret: Any) -> None:
    # A lone surrogate (found by tox -e fuzz) was a raw UnicodeEncodeError.
    with pytest.raises(ConfigurationError, match="webhook secret"):
        webhooks.verify(BODY, headers(), secret, now=TIMESTAMP)
    with pytest.raises(ConfigurationError, match="webhook secret"):
        webhooks.sign(BODY, secret)


def test_a_webhook_id_that_cannot_be_signed_is_a_validation_error() -> None:
    with pytest.raises(RequestValidationError, match="webhook_id"):
        webhooks.sign(BODY, SECRET, webhook_id="wh_\ud800")


@pytest.mark.parametrize("secret", ["whsec_abc", "whsec_", "whsec_===="])
def test_bad_whsec_base64_is_a_configuration_error_that_hides_the_secret(secret: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        webhooks.verify(BODY, headers(), secret, now=TIMESTAMP)
    assert "whsec_" in str(info.value)
    assert secret not in str(info.value) or secret == "whsec_"


def test_whsec_decoding_is_lenient_like_the_sdk() -> None:
    # Characters outside the base64 alphabet are skipped, as base64.b64decode does.
    webhooks.verify(BODY, headers(), SECRET[:10] + "\n" + SECRET[10:], now=TIMESTAMP)


# --------------------------------------------------------------------------- events


def signed(payload: Any) -> Dict[str, Any]:
    body = json.dumps(payload).encode()
    return {"body": body, "headers": webhooks.sign(body, SECRET, webhook_id="wh_x", timestamp=TIMESTAMP)}


def unwrap(payload: Any) -> webhooks.WebhookEvent:
    delivery = signed(payload)
    return webhooks.unwrap(delivery["body"], delivery["headers"], SECRET, now=TIMESTAMP)


def test_unknown_event_type_keeps_everything() -> None:
    payload = {
        "id": "evt_2",
        "object": "event",
        "created_at": 1767225601,
        "type": "video.completed",
        "data": {"session_id": "sess_1", "nested": {"a": [1, 2]}},
        "brand_new": True,
    }
    event = unwrap(payload)
    assert isinstance(event, UnknownWebhookEvent)
    assert (event.type, event.id, event.created_at, event.object) == (
        "video.completed",
        "evt_2",
        1767225601,
        "event",
    )
    assert event.data == {"session_id": "sess_1", "nested": {"a": [1, 2]}}
    assert event.raw == payload


def test_unknown_event_with_odd_fields_still_parses() -> None:
    event = unwrap({"type": "future.thing", "id": 7, "created_at": "soon", "data": [1]})
    assert isinstance(event, UnknownWebhookEvent)
    assert (event.id, event.created_at, event.data) == (None, None, [1])
    assert event.raw["id"] == 7


def test_unknown_fields_of_a_known_event_are_kept() -> None:
    payload = json.loads(BODY)
    payload["new_top_level"] = {"x": 1}
    payload["data"]["caller_country"] = "US"
    payload["data"]["sip_media_security"] = "zrtp"  # an open enum: unknown values parse
    event = unwrap(payload)
    assert isinstance(event, RealtimeCallIncomingEvent)
    assert event.raw["new_top_level"] == {"x": 1}
    assert event.data.raw["caller_country"] == "US"
    assert event.data.sip_media_security == "zrtp"


def test_optional_fields_of_a_known_event() -> None:
    payload = json.loads(BODY)
    del payload["object"]
    del payload["data"]["sip_media_security"]
    event = unwrap(payload)
    assert isinstance(event, RealtimeCallIncomingEvent)
    assert event.object is None
    assert event.data.sip_media_security is None


def test_sip_header_lookup_is_case_insensitive_and_keeps_duplicates() -> None:
    data = RealtimeCallIncomingData(
        call_id="rtc_1",
        sip_headers=(("Via", "SIP/2.0/TLS a"), ("From", "<sip:a@b>"), ("via", "SIP/2.0/TLS b")),
    )
    assert data.sip_header("FROM") == "<sip:a@b>"
    assert data.sip_header("via") == "SIP/2.0/TLS a"
    assert data.sip_header_values("VIA") == ["SIP/2.0/TLS a", "SIP/2.0/TLS b"]
    assert data.sip_header("X-Missing") is None
    assert data.sip_header("X-Missing", "n/a") == "n/a"
    assert data.sip_header_values("X-Missing") == []


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda p: p.pop("id"), "id: expected a string"),
        (lambda p: p.update(created_at="yesterday"), "created_at: expected Unix seconds"),
        (lambda p: p.update(created_at=True), "created_at: expected Unix seconds"),
        (lambda p: p.update(object=1), "object: expected a string"),
        (lambda p: p.update(data=None), "data: expected an object"),
        (lambda p: p["data"].pop("call_id"), "data.call_id: expected a string, got null (or missing)"),
        (lambda p: p["data"].update(sip_headers={"From": "x"}), "data.sip_headers: expected an array"),
        (lambda p: p["data"]["sip_headers"].append("From: x"), "data.sip_headers[3]: expected an object"),
        (lambda p: p["data"]["sip_headers"][1].pop("value"), "data.sip_headers[1].value: expected a string"),
        (lambda p: p["data"].update(sip_media_security=1), "data.sip_media_security: expected a string"),
    ],
)
def test_malformed_known_event_names_the_field(mutate: Any, path: str) -> None:
    payload = json.loads(BODY)
    mutate(payload)
    with pytest.raises(InvalidWebhookPayloadError) as info:
        unwrap(payload)
    assert path in str(info.value)
    assert isinstance(info.value, RealtimeSyncError) and isinstance(info.value, ValueError)


def test_integral_float_created_at_is_tolerated() -> None:
    payload = json.loads(BODY)
    payload["created_at"] = 1767225600.0
    event = unwrap(payload)
    assert event.created_at == 1767225600 and isinstance(event.created_at, int)


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"{}", b'{"type": 3}'])
def test_signed_body_that_is_not_an_event(body: bytes) -> None:
    hdrs = webhooks.sign(body, SECRET, webhook_id="wh_x", timestamp=TIMESTAMP)
    with pytest.raises(InvalidWebhookPayloadError):
        webhooks.unwrap(body, hdrs, SECRET, now=TIMESTAMP)


def test_unwrap_verifies_before_parsing() -> None:
    with pytest.raises(InvalidWebhookSignatureError):
        webhooks.unwrap(b"not json", headers(), SECRET, now=TIMESTAMP)


def test_parse_event_round_trips_raw() -> None:
    event = webhooks.unwrap(BODY, headers(), SECRET, now=TIMESTAMP)
    assert webhooks.parse_event(event.raw) == event
    assert webhooks.parse_event(json.loads(json.dumps(event.raw))) == event


def test_events_are_frozen_hashable_and_repr_is_short() -> None:
    event = webhooks.unwrap(BODY, headers(), SECRET, now=TIMESTAMP)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.id = "evt_other"  # type: ignore[misc]
    assert hash(event) == hash(webhooks.parse_event(event.raw))
    assert "raw=" not in repr(event)
    unknown = unwrap({"type": "x.y", "data": {"k": "v"}})
    assert hash(unknown) == hash(webhooks.parse_event(unknown.raw))


# --------------------------------------------------------------------------- properties


@given(body=st.binary(max_size=512), secret=unicode_text(min_size=1, max_size=40), flip=st.integers(min_value=0))
def test_sign_then_verify_round_trips_and_any_flipped_byte_fails(body: bytes, secret: str, flip: int) -> None:
    hdrs = webhooks.sign(body, "x" + secret, webhook_id="wh_p", timestamp=TIMESTAMP)
    webhooks.verify(body, hdrs, "x" + secret, now=TIMESTAMP)
    if body:
        index = flip % len(body)
        tampered = body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1 :]
        with pytest.raises(InvalidWebhookSignatureError):
            webhooks.verify(tampered, hdrs, "x" + secret, now=TIMESTAMP)


# --------------------------------------------------------------------------- import cost


def test_importing_webhooks_loads_no_third_party_package() -> None:
    code = (
        "import sys, realtime_sync.webhooks as w; w.verify; "
        "print(sorted(m for m in ('requests', 'attr', 'attrs', 'cattrs', 'django', 'urllib3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
