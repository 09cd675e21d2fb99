"""A canary API key never shows up where it must not: messages, reprs, debug logs, recorded fixtures.

Every scenario runs against the real loopback server with the real
``RequestsTransport`` (and, for fixtures, ``FixtureTransport`` recording
through it), and fails if the canary appears anywhere it could be read.
"""

import base64
import io
import json
import logging
import pickle
import socket
import traceback

import pytest
from _server import Reply, error_reply

from realtime_sync import (
    APIConnectionError,
    APIError,
    RealtimeClient,
    RequestsTransport,
    RetryPolicy,
    Timeout,
)
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.transport import HttpRequest

SESSION = {"type": "realtime", "model": "gpt-realtime"}
OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
ORG, PROJECT = "org-canaryORG0123456789", "proj_canaryPROJ0123456789"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def every_text_of(exc):
    """Everything a user, a log handler or a traceback could show for ``exc``."""
    texts = [str(exc), repr(exc), "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))]
    cause = exc
    while cause is not None:
        texts += [str(cause), repr(cause), repr(getattr(cause, "args", ()))]
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, APIError):
        texts += [repr(exc.request), str(exc.request)]
        if exc.request is not None:
            # The values themselves, not only the masked repr: error trackers walk exception attributes.
            texts += [repr(exc.request.headers), str(exc.request.headers), repr(list(exc.request.headers.items()))]
            texts += [exc.request.url, exc.request.body.decode("latin-1")]
        texts.append(pickle.dumps(exc.request).decode("latin-1"))
        response = getattr(exc, "response", None)
        texts += [repr(response), str(response), repr(getattr(exc, "body", None))]
        if response is not None:
            texts += [repr(response.headers)]
        texts.append(repr(vars(exc)))
    return texts


def assert_no_canary(texts, key):
    for text in texts:
        assert key not in text, text
        assert key[8:] not in text, text  # not even most of it


# Each fault: how the server misbehaves, then the call made (always with retries allowed).
FAULTS = {
    "refused": (None, lambda c: c.calls.hangup("rtc_1")),
    "read-timeout": (Reply(200, b"", delay=3.0), lambda c: c.calls.accept("rtc_1", session=SESSION)),
    "reset": (Reply(200, b"x", action="reset"), lambda c: c.calls.refer("rtc_1", target_uri="tel:+1")),
    "truncated": (Reply(200, b'{"value":', action="truncate"), lambda c: c.calls.reject("rtc_1")),
    "401": (
        error_reply(401, "Incorrect API key provided: sk-can***cdef.", code="invalid_api_key"),
        lambda c: c.client_secrets.create(session=SESSION),
    ),
    "404": (error_reply(404, "Call not found.", code="call_id_not_found"), lambda c: c.calls.hangup("rtc_x")),
    "502-html": (Reply(502, "<html><title>502 Bad Gateway</title></html>", {"Content-Type": "text/html"}), None),
    "invalid-json": (Reply(200, b"{not json", {"Content-Type": "application/json"}), None),
    "wrong-shape": (Reply(200, {"value": 1}), None),
    "redirect": (Reply(307, b"", {"Location": "http://127.0.0.1:1/v1/elsewhere"}), None),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_no_exception_text_contains_the_key(loopback, canary_key, fault):
    reply, call = FAULTS[fault]
    call = call or (lambda c: c.client_secrets.create(session=SESSION))
    url = loopback.url if reply is not None else "http://127.0.0.1:%d/v1" % closed_port()
    if reply is not None:
        loopback.default = lambda req: reply
    policy = RetryPolicy(1, sleep=lambda s: None)
    # Only the read-timeout fault may time out. Any other fault gets a read timeout no loaded machine
    # reaches: a 404 to a hangup whose first attempt timed out means "already hung up" (success), so
    # a short one made the 404 case pass the call instead of raising (CI, every tox env at once).
    read_timeout = 0.3 if fault == "read-timeout" else 30
    with RealtimeClient(
        canary_key,
        base_url=url,
        organization=ORG,
        project=PROJECT,
        retry_policy=policy,
        timeout=(5, read_timeout),
    ) as client:
        with pytest.raises(APIError) as info:
            call(client)
        assert_no_canary(every_text_of(info.value), canary_key)
        for secret in (ORG, PROJECT):
            assert secret not in repr(info.value.request)
            assert secret not in repr(list(info.value.request.headers.items()))
        assert info.value.request.headers["Authorization"] == "<redacted>"


def test_reprs_of_everything_a_user_holds(loopback, canary_key):
    transport = RequestsTransport()
    with RealtimeClient(canary_key, base_url=loopback.url, organization=ORG, transport=transport) as client:
        secret = client.client_secrets.create(session=SESSION)
        answer = client.calls.create(sdp=OFFER, session=SESSION)
        clone = client.with_options(timeout=3, max_retries=0)
        objects = [
            client,
            clone,
            transport,
            transport.session,
            client.transport,
            client.retry_policy,
            client.timeout,
            client.calls,
            client.client_secrets,
            secret,
            secret.session,
            answer,
        ]
        texts = [repr(o) for o in objects] + [str(o) for o in objects]
        assert_no_canary(texts, canary_key)
        assert ORG not in repr(client)
        # The client secret the server minted is masked too (it is a bearer token).
        assert secret.value not in repr(secret)


def test_debug_logs_of_realtime_sync_and_urllib3_never_contain_the_key(loopback, canary_key, caplog):
    loopback.add(lambda req: error_reply(500, "boom"))
    loopback.add(lambda req: error_reply(429, "slow down"))
    loopback.add(lambda req: Reply(200, b"", delay=3.0))
    policy = RetryPolicy(3, sleep=lambda s: None)
    with caplog.at_level(logging.DEBUG):  # the root logger: every library's debug output
        with RealtimeClient(canary_key, base_url=loopback.url, retry_policy=policy, timeout=(5, 0.8)) as client:
            client.calls.hangup("rtc_1")  # 500, 429, timeout, then 200
            client.client_secrets.create(session=SESSION)
            client.calls.create(sdp=OFFER)
        refused_url = "http://127.0.0.1:%d/v1" % closed_port()
        with RealtimeClient(canary_key, base_url=refused_url, max_retries=0) as client, pytest.raises(
            APIConnectionError
        ):
            client.calls.hangup("rtc_1")
    names = {record.name for record in caplog.records}
    assert "realtime_sync" in names and any(name.startswith("urllib3") for name in names), names
    # urllib3 logs the request line: the path is there, the key is not.
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/v1/realtime/calls/rtc_1/hangup" in line for line in urllib3_lines), urllib3_lines
    attempts = [r.getMessage() for r in caplog.records if r.name == "realtime_sync"]
    assert any("attempt 4" in line for line in attempts), attempts
    assert_no_canary([caplog.text] + [r.getMessage() for r in caplog.records], canary_key)
    assert_no_canary([repr(r.args) for r in caplog.records], canary_key)
    assert "Bearer" not in caplog.text
    # Nothing put the key on the wire anywhere but the Authorization header.
    for req in loopback.requests:
        assert canary_key not in req.path and canary_key not in json.dumps(req.query)
        assert [k for k, v in req.headers.items() if canary_key in v] == ["authorization"]


def test_a_recorded_fixture_never_contains_the_key(loopback, canary_key, tmp_path):
    # The server echoes the Authorization header back, as a confused proxy might.
    def echo_key(req):
        body = {"error": {"message": "bad header %s" % req.headers["authorization"], "type": "x", "code": None}}
        return Reply(400, body, {"x-echo": req.headers["authorization"], "x-request-id": "req_echo"})

    loopback.add(lambda req: error_reply(500, "boom"))  # a retry is recorded too
    path = tmp_path / "flow.json"
    policy = RetryPolicy(2, sleep=lambda s: None)
    with FixtureTransport(path, record_mode="once", env_override=False) as transport:
        client = transport.client(
            api_key=canary_key, base_url=loopback.url, organization=ORG, project=PROJECT, retry_policy=policy
        )
        client.client_secrets.create(session=SESSION)
        client.calls.create(sdp=OFFER, session=SESSION)
        client.calls.accept("rtc_1", session=SESSION)
        client.calls.refer("rtc_1", target_uri="tel:+14155550123")
        client.calls.hangup("rtc_1")
        loopback.add(echo_key)
        with pytest.raises(APIError):
            client.calls.reject("rtc_1", max_retries=0)
    text = path.read_text(encoding="utf-8")
    assert len(json.loads(text)["interactions"]) == 7
    assert canary_key not in text and canary_key[8:] not in text
    assert "Bearer sk-" not in text
    # Replaying the file with the key elsewhere works without it.
    with FixtureTransport(path, env_override=False) as replay:
        replay.client(retry_policy=policy).calls.hangup("rtc_1")


def test_client_with_a_malformed_key_fails_without_showing_it(loopback, canary_key):
    for bad in (canary_key + "\n", canary_key + "\r\nX-Injected: 1", canary_key + "\u2019"):
        try:  # refused when the client is built (the headers are checked once, there) or when it sends
            with RealtimeClient(bad, base_url=loopback.url, max_retries=0) as client:
                client.calls.hangup("rtc_1")
        except Exception as exc:  # whatever the error, it must not quote the key
            assert_no_canary(every_text_of(exc), canary_key)
    assert all("x-injected" not in req.headers for req in loopback.requests)


@pytest.mark.parametrize(
    "status, content_type, template",
    [
        (400, "application/json", '{"error": {"message": "bad header: Bearer %s", "code": "x"}}'),
        (401, "application/json", '{"message": "Authorization: Bearer %s"}'),
        (502, "text/html", "<html><title>Bad Gateway</title><pre>Authorization: Bearer %s</pre></html>"),
        (500, "text/plain", "upstream said: Bearer %s"),
    ],
    ids=["json-error", "json-top-level", "html", "text"],
)
def test_a_server_echoing_the_key_does_not_put_it_in_the_exception(
    loopback, canary_key, status, content_type, template
):
    loopback.respond(status, template % canary_key, {"Content-Type": content_type})
    with RealtimeClient(canary_key, base_url=loopback.url, max_retries=0) as client, pytest.raises(APIError) as info:
        client.calls.hangup("rtc_1")
    assert info.value.status_code == status
    assert_no_canary(every_text_of(info.value) + [repr(info.value.body), info.value.message], canary_key)


def test_timeout_and_connection_errors_name_no_headers(canary_key):
    # The transport alone, with a header that would be secret if it were shown.
    with RequestsTransport() as transport:
        request = HttpRequest(
            "POST", "http://127.0.0.1:%d/v1/x" % closed_port(), {"Authorization": "Bearer " + canary_key}
        )
        with pytest.raises(APIConnectionError) as info:
            transport.send(request, timeout=Timeout(1, 1))
    assert_no_canary(every_text_of(info.value), canary_key)


# -- a server or proxy echoing the key in some encoding (issue 15, item 9) ------------------------------------------


def _json_escaped(key):
    return "".join("\\u%04x" % ord(c) for c in key)


def _percent(key):
    return "".join("%%%02X" % ord(c) for c in key)


def _basic(key):
    return base64.b64encode(("user:" + key).encode()).decode()


ENCODINGS = {
    # name: (the key as the server writes it, where: "json" body, "text" body or "header")
    "json-escaped": (_json_escaped, "json"),
    "json-escaped-first-char": (lambda k: "\\u%04x" % ord(k[0]) + k[1:], "json"),
    "percent": (_percent, "text"),
    "percent-in-json": (_percent, "json"),
    "double-percent": (lambda k: _percent(k).replace("%", "%25"), "text"),
    "base64-basic": (_basic, "text"),
    "base64-urlsafe": (lambda k: base64.urlsafe_b64encode(k.encode()).decode(), "text"),
    "html-entities": (lambda k: "".join("&#%d;" % ord(c) for c in k), "text"),
    "upper-case": (str.upper, "text"),
    "hex": (lambda k: k.encode().hex(), "text"),
    "request-id-header": (lambda k: k, "header"),
    "request-id-header-percent": (_percent, "header"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_an_echoed_key_is_scrubbed_after_decoding_in_every_exception_field(loopback, canary_key, encoding):
    encode, where = ENCODINGS[encoding]
    echoed = encode(canary_key)
    headers = {"x-request-id": "req_123", "x-echo": "Bearer " + echoed}
    if where == "json":
        body = ('{"error": {"message": "bad key %s", "type": "invalid_request_error", "code": "k"}}' % echoed).encode()
        headers["Content-Type"] = "application/json"
    elif where == "text":
        body = ("upstream rejected Authorization: Bearer %s" % echoed).encode()
        headers["Content-Type"] = "text/plain"
    else:
        body, headers["x-request-id"] = b"", echoed
    loopback.respond(400, body, headers)
    with RealtimeClient(canary_key, base_url=loopback.url, max_retries=0) as client, pytest.raises(APIError) as info:
        client.calls.hangup("rtc_1")
    exc = info.value
    texts = every_text_of(exc) + [
        exc.message,
        repr(exc.body),
        repr(exc.request_id),
        exc.response.body.decode("utf-8", "replace"),
        repr(list(exc.response.headers.items())),
        repr(exc.response.request_id),
    ]
    assert_no_canary(texts, canary_key)
    for text in texts:
        assert echoed not in text and echoed[8:] not in text, text
    assert exc.status_code == 400
    if where == "json":
        # Scrubbed after decoding: the body is still the server's error object, minus the key.
        assert exc.code == "k" and exc.body["message"] == "bad key <redacted>"
        assert json.loads(exc.response.body)["error"]["message"] == "bad key <redacted>"
    if where == "header":
        assert exc.request_id == "<redacted>"


def test_an_echoed_key_is_scrubbed_from_a_response_that_does_not_parse(loopback, canary_key):
    loopback.respond(200, '{"value": 12, "note": "%s"}' % _json_escaped(canary_key), {"x-request-id": canary_key})
    with RealtimeClient(canary_key, base_url=loopback.url, max_retries=0) as client, pytest.raises(APIError) as info:
        client.client_secrets.create(session=SESSION)
    exc = info.value
    texts = every_text_of(exc) + [repr(exc.body), repr(exc.request_id), repr(getattr(exc, "errors", None))]
    texts.append(exc.response.body.decode("utf-8"))
    assert_no_canary(texts, canary_key)
    assert _json_escaped(canary_key) not in "".join(texts)


def test_a_request_id_echoing_the_key_stays_out_of_the_debug_log(loopback, canary_key, caplog):
    loopback.respond(500, b"", {"x-request-id": canary_key})
    loopback.respond(503, b"", {"x-request-id": "req_" + _percent(canary_key)})
    policy = RetryPolicy(2, sleep=lambda s: None)
    with caplog.at_level(logging.DEBUG, logger="realtime_sync"), RealtimeClient(
        canary_key, base_url=loopback.url, retry_policy=policy
    ) as client:
        client.calls.hangup("rtc_1")
    lines = [r.getMessage() for r in caplog.records if r.name == "realtime_sync"]
    assert any("request id <redacted>" in line for line in lines), lines
    assert_no_canary([caplog.text, *lines], canary_key)
    assert _percent(canary_key) not in caplog.text


def test_the_cli_one_line_error_and_traceback_hide_an_echoed_key(loopback, canary_key, monkeypatch):
    from realtime_sync import cli

    monkeypatch.setenv("OPENAI_API_KEY", canary_key)
    for verbose in ([], ["-v"]):
        loopback.respond(
            401,
            '{"error": {"message": "Incorrect API key provided: %s"}}' % _json_escaped(canary_key),
            {"Content-Type": "application/json", "x-request-id": base64.b64encode(canary_key.encode()).decode()},
        )
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            ["--base-url", loopback.url, "--max-retries", "0", "call", "hangup", "rtc_1", *verbose],
            stdout=out,
            stderr=err,
        )
        assert code == cli.EXIT_AUTH
        assert "Incorrect API key provided: <redacted>" in err.getvalue()
        assert_no_canary([out.getvalue(), err.getvalue()], canary_key)
        assert _json_escaped(canary_key) not in err.getvalue()


def test_a_logger_of_the_library_scrubs_arguments_and_tracebacks(canary_key, caplog):
    from realtime_sync._redaction import library_logger, register_secret

    register_secret(canary_key)
    log = library_logger("realtime_sync.test")
    with caplog.at_level(logging.DEBUG, logger="realtime_sync"):
        log.info("token %s and %r", _percent(canary_key), {"k": canary_key})
        try:
            raise ValueError("boom " + canary_key)
        except ValueError:
            log.exception("failed")
    assert "token <redacted>" in caplog.text and "ValueError: boom <redacted>" in caplog.text
    assert_no_canary([caplog.text], canary_key)


def test_a_key_from_a_provider_is_hidden_like_a_static_key(loopback):
    provided = "provided-key-without-a-prefix-0123456789"  # no sk- pattern: only the registry knows it
    loopback.respond(
        200, b"not json: " + provided.encode(), {"Content-Type": "application/json", "x-request-id": provided}
    )
    with RealtimeClient(lambda: provided, base_url=loopback.url, max_retries=0) as client, pytest.raises(
        APIError
    ) as info:
        client.client_secrets.create(session=SESSION)
    assert_no_canary(every_text_of(info.value) + [repr(info.value.request_id), repr(info.value.body)], provided)
