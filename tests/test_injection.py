"""Values that must never reach the wire: refused with RequestValidationError before anything is sent.

Multipart field names and values, header names and values (every way into the
request: the client's settings, per-call headers, the sideband handshake),
path ids and ids parsed from server answers.
"""

from typing import Any

import pytest
from _fakes import FakeTransport

from realtime_sync import RealtimeClient
from realtime_sync.errors import RequestValidationError
from realtime_sync.transport import HttpResponse

OFFER = "v=0\r\ns=-\r\n"


def client_with(transport: FakeTransport, **kw: Any) -> RealtimeClient:
    return RealtimeClient("sk-test-key-0000", base_url="https://h/v1", transport=transport, **kw)


# -- multipart (issue 15, item 11) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        'x"\r\nContent-Type: text/evil\r\n\r\ninjected\r\n--',
        "a\r\nX-Injected: 1",
        "a\nb",
        'quote"d',
        "nul\x00",
        "tab\tin",
        "back\\slash",
        "del\x7f",
    ],
)
def test_a_multipart_field_name_cannot_add_part_headers(name: str) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError) as info:
        client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={name: "v"})
    assert "field name" in str(info.value)
    assert transport.requests == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": [float("-inf")]}, object()])
def test_a_multipart_value_that_is_not_json_is_refused(value: Any) -> None:
    transport = FakeTransport()
    client = client_with(transport)
    with pytest.raises(RequestValidationError, match=r"extra_body\['x'\]"):
        client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={"x": value})
    assert transport.requests == []


def test_ordinary_multipart_extra_fields_still_go_out() -> None:
    transport = FakeTransport(HttpResponse(201, {"content-type": "application/sdp"}, b"v=0\r\n"))
    client = client_with(transport)
    client.calls.create(sdp=OFFER, session={"type": "realtime"}, extra_body={"tracing": {"x": 1.5}, "note": "hi"})
    body = transport.requests[0].body
    assert b'Content-Disposition: form-data; name="tracing"\r\n\r\n{"x":1.5}\r\n' in body
    assert b'name="note"\r\n\r\nhi\r\n' in body
