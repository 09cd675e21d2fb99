"""The transport value objects: Headers, Timeout, HttpRequest, HttpResponse."""

import pytest

from realtime_sync.transport import Headers, HttpRequest, HttpResponse, Timeout


def test_headers_are_case_insensitive_and_keep_given_names():
    h = Headers({"Content-Type": "application/sdp", "X-Request-Id": "req_1"})
    assert h["content-type"] == "application/sdp"
    assert h.get("X-REQUEST-ID") == "req_1"
    assert "x-request-id" in h and "missing" not in h
    assert list(h) == ["Content-Type", "X-Request-Id"]
    assert h == {"content-type": "application/sdp", "x-request-id": "req_1"}


def test_headers_merge_later_wins_case_insensitively():
    h = Headers({"Accept": "*/*", "User-Agent": "a"}).merged({"accept": "application/json"})
    assert dict(h.items()) == {"User-Agent": "a", "accept": "application/json"}
    assert len(h) == 2


def test_headers_repr_masks_secrets():
    h = Headers({"Authorization": "Bearer sk-secret", "OpenAI-Project": "proj_secret", "Accept": "*/*"})
    assert "sk-secret" not in repr(h) and "proj_secret" not in repr(h)
    assert "*/*" in repr(h)


def test_request_and_response_are_immutable_and_repr_is_safe():
    req = HttpRequest("post", "http://x/v1/a", {"Authorization": "Bearer sk-secret"}, b'{"value":"ek_1"}')
    assert req.method == "POST"
    with pytest.raises(AttributeError):
        req.url = "http://evil"  # type: ignore[misc]
    assert "sk-secret" not in repr(req) and "ek_1" not in repr(req)
    resp = HttpResponse(201, [("X-Request-Id", "req_9")], b"v=0")
    assert resp.request_id == "req_9" and resp.headers["x-request-id"] == "req_9"
    with pytest.raises(AttributeError):
        resp.status_code = 200  # type: ignore[misc]


@pytest.mark.parametrize(
    "given, expected",
    [(10, (10.0, 10.0)), (2.5, (2.5, 2.5)), ((3, 20), (3.0, 20.0)), (None, (None, None)), (Timeout(1, 2), (1.0, 2.0))],
)
def test_timeout_of(given, expected):
    assert Timeout.of(given).as_tuple() == expected


@pytest.mark.parametrize("bad", [0, -1, "5", True, (1, 2, 3)])
def test_timeout_rejects_bad_values(bad):
    with pytest.raises(ValueError, match="timeout"):
        Timeout.of(bad)
