"""Every webhook event type the official SDK knows is typed here, checked against the committed list.

tests/data/sdk_webhook_events.json was generated from the official SDK by
scripts/list_sdk_webhook_events.py; tests/test_webhooks_sdk.py (marker ``sdk``)
checks it is still what the pinned SDK says.
"""

import dataclasses
import json
import typing
from typing import Any, Dict, List

import pytest
from _webhook_samples import SDK_EVENTS, SDK_LIST, expected, leaf_paths, read, sample_data

from realtime_sync import webhooks
from realtime_sync.webhooks import InvalidWebhookPayloadError, SipHeader, UnknownWebhookEvent

SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="
NOW = 1767225660


def unwrap(payload: Dict[str, Any]) -> webhooks.WebhookEvent:
    body = json.dumps(payload).encode("utf-8")
    headers = webhooks.sign(body, SECRET, webhook_id="wh_events", timestamp=NOW)
    return webhooks.unwrap(body, headers, SECRET, now=NOW)


def test_the_committed_list_is_the_sdk_3_51_0_one() -> None:
    assert SDK_LIST["openai_version"] == "3.51.0"
    assert SDK_LIST["union_size"] == 31 == sum(1 for e in SDK_EVENTS if e["in_union"])
    assert [e["type"] for e in SDK_EVENTS if not e["in_union"]] == ["safety_identifier.blocked"]


def test_every_sdk_event_type_is_typed_and_nothing_else() -> None:
    assert sorted(webhooks.EVENT_TYPES) == sorted(e["type"] for e in SDK_EVENTS)
    names = {e["type"]: e["sdk_class"].replace("WebhookEvent", "Event") for e in SDK_EVENTS}
    assert {t: cls.__name__ for t, cls in webhooks.EVENT_TYPES.items()} == names
    for cls in webhooks.EVENT_TYPES.values():
        assert cls.__name__ in webhooks.__all__
        assert "Example::" in (cls.__doc__ or "")


@pytest.mark.parametrize("sdk", SDK_EVENTS, ids=[e["type"] for e in SDK_EVENTS])
def test_every_sdk_field_is_read(sdk: Dict[str, Any]) -> None:
    data = sample_data(sdk["data_fields"])
    payload = {"id": "evt_1", "object": "event", "created_at": 1767225600, "type": sdk["type"], "data": data}
    event = unwrap(payload)
    assert type(event) is webhooks.EVENT_TYPES[sdk["type"]]
    assert not isinstance(event, UnknownWebhookEvent)
    assert (event.id, event.created_at, event.type, event.object) == ("evt_1", 1767225600, sdk["type"], "event")
    for path in leaf_paths(sdk["data_fields"]):
        assert read(event.data, path) == expected(data, path), path
    assert event.raw == payload and event.data.raw == data
    assert webhooks.parse_event(json.loads(json.dumps(event.raw))) == event
    assert hash(event) == hash(webhooks.parse_event(event.raw))
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.data.raw = {}  # type: ignore[misc]


def required_fields(cls: Any) -> List[str]:
    data_cls = typing.get_type_hints(cls)["data"]
    return [f.name for f in dataclasses.fields(data_cls) if f.default is dataclasses.MISSING and f.name != "raw"]


@pytest.mark.parametrize("sdk", SDK_EVENTS, ids=[e["type"] for e in SDK_EVENTS])
def test_only_the_id_is_required_and_added_fields_are_kept(sdk: Dict[str, Any]) -> None:
    cls = webhooks.EVENT_TYPES[sdk["type"]]
    (required,) = required_fields(cls)  # the one id you act on
    data = {required: "x_1", "added_later": {"k": [1]}}
    event = unwrap({"id": "evt_2", "created_at": 1, "type": sdk["type"], "data": data, "new": True})
    assert type(event) is cls
    assert getattr(event.data, required) == "x_1"
    assert event.object is None and event.raw["new"] is True and event.data.raw["added_later"] == {"k": [1]}
    for f in dataclasses.fields(event.data):
        if f.name not in (required, "raw"):
            assert getattr(event.data, f.name) in (None, ()), f.name
    del data[required]
    with pytest.raises(InvalidWebhookPayloadError) as info:
        unwrap({"id": "evt_2", "created_at": 1, "type": sdk["type"], "data": data})
    assert str(info.value) == "data.%s: expected a string, got null (or missing)" % required


@pytest.mark.parametrize(
    "event_type, data, message",
    [
        ("batch.completed", {"id": 5}, "data.id: expected a string, got a number"),
        ("batch.completed", None, "data: expected an object, got null (or missing)"),
        ("agent.session.created", {"id": "s", "environment_type": 3}, "data.environment_type: expected a string"),
        ("agent.session.created", {"id": "s", "connect": "u"}, "data.connect: expected an object, got a string"),
        ("agent.session.created", {"id": "s", "connect": {"remote_url": []}}, "data.connect.remote_url: expected a"),
        ("agent.session.action_required", {"id": "s", "required_action": {"type": 1}}, "data.required_action.type"),
        ("live.transport.incoming", {"session_id": "l", "sip_headers": {}}, "data.sip_headers: expected an array"),
        ("live.transport.incoming", {"session_id": "l", "sip_headers": [{"name": "A"}]}, "data.sip_headers[0].value"),
        ("live.transport.connected", {"session_id": "l", "type": False}, "data.type: expected a string, got a bool"),
        ("safety_identifier.blocked", {"safety_identifier": "u", "model": 1}, "data.model: expected a string"),
    ],
)
def test_a_field_of_the_wrong_json_type_is_named(event_type: str, data: Any, message: str) -> None:
    with pytest.raises(InvalidWebhookPayloadError) as info:
        unwrap({"id": "evt_3", "created_at": 1, "type": event_type, "data": data})
    assert message in str(info.value)


def test_open_string_values_pass_through() -> None:
    event = unwrap(
        {
            "id": "evt_4",
            "created_at": 1,
            "type": "live.transport.incoming",
            "data": {"session_id": "live_1", "type": "sip-over-carrier-pigeon", "sip_media_security": "zrtp"},
        }
    )
    assert isinstance(event, webhooks.LiveTransportIncomingEvent)
    assert (event.data.type, event.data.sip_media_security, event.data.sip_headers) == (
        "sip-over-carrier-pigeon",
        "zrtp",
        (),
    )


@pytest.mark.parametrize("event_type", ["realtime.call.incoming", "live.transport.incoming", "live.call.incoming"])
def test_sip_headers_are_named_tuples_in_order_with_duplicates(event_type: str) -> None:
    headers = [{"name": "Via", "value": "a"}, {"name": "From", "value": "<sip:x@y>"}, {"name": "via", "value": "b"}]
    id_field = "call_id" if event_type.startswith("realtime") else "session_id"
    event = unwrap({"id": "e", "created_at": 1, "type": event_type, "data": {id_field: "c", "sip_headers": headers}})
    sip = event.data.sip_headers  # type: ignore[union-attr]
    assert all(isinstance(h, SipHeader) for h in sip)
    assert [(h.name, h.value) for h in sip] == [("Via", "a"), ("From", "<sip:x@y>"), ("via", "b")]
    name, value = sip[1]
    assert (name, value) == ("From", "<sip:x@y>") and sip[1] == ("From", "<sip:x@y>")
    assert event.data.sip_header("VIA") == "a"  # type: ignore[union-attr]
    assert event.data.sip_header_values("via") == ["a", "b"]  # type: ignore[union-attr]


def test_live_call_incoming_is_the_deprecated_twin_of_transport_incoming() -> None:
    data = {"session_id": "live_9", "sip_headers": [{"name": "To", "value": "<sip:+1@x>"}]}
    old = unwrap({"id": "e1", "created_at": 1, "type": "live.call.incoming", "data": data})
    new = unwrap({"id": "e1", "created_at": 1, "type": "live.transport.incoming", "data": dict(data, type="sip")})
    assert isinstance(old, webhooks.LiveCallIncomingEvent) and isinstance(new, webhooks.LiveTransportIncomingEvent)
    assert type(old.data) is type(new.data) is webhooks.LiveTransportIncomingData
    assert (old.data.session_id, old.data.type, new.data.type) == ("live_9", None, "sip")
    assert old != new


def test_events_construct_with_their_type_by_default() -> None:
    event = webhooks.BatchCompletedEvent(id="evt_5", created_at=2, data=webhooks.ObjectIdData(id="batch_1"))
    assert event.type == "batch.completed" and event.object == "event"
    assert "batch_1" in repr(event) and "raw=" not in repr(event)
    data = webhooks.RealtimeCallIncomingData(call_id="rtc_1", sip_headers=(SipHeader("From", "a"),))
    assert data.sip_headers[0].name == "From"


def test_every_event_class_is_a_frozen_dataclass_with_its_own_type() -> None:
    for event_type, cls in webhooks.EVENT_TYPES.items():
        assert dataclasses.is_dataclass(cls) and cls.type == event_type  # type: ignore[attr-defined]
        data_cls = typing.get_type_hints(cls)["data"]
        assert dataclasses.is_dataclass(data_cls)
        event = cls(id="evt_t", created_at=1, data=None)
        assert event.type == event_type and repr(event).startswith(cls.__name__ + "(")
        with pytest.raises(dataclasses.FrozenInstanceError):
            event.type = "x"  # type: ignore[misc]
    a = webhooks.BatchCompletedEvent(id="e", created_at=1, data=webhooks.ObjectIdData(id="b"))
    b = webhooks.BatchFailedEvent(id="e", created_at=1, data=webhooks.ObjectIdData(id="b"))
    assert a != b and a == webhooks.BatchCompletedEvent(id="e", created_at=1, data=webhooks.ObjectIdData(id="b"))
