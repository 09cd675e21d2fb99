"""The official SDK (``openai``, pinned in tox env ``sdk``) against our webhook events.

Marker ``sdk``: skipped when ``openai`` is not importable (the core suite never
installs it; it needs Python >= 3.10 and is never a dependency).
"""

import importlib.util
import json
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from _webhook_samples import SDK_EVENTS, leaf_paths, read, sample_data

from realtime_sync import webhooks

pytestmark = pytest.mark.sdk
openai = pytest.importorskip("openai", reason="the official SDK is not installed (tox -e sdk installs it)")

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_dGVzdC1zaWduaW5nLWtleS1mb3ItcmVhbHRpbWUtMDAwMQ=="


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "list_sdk_webhook_events", ROOT / "scripts" / "list_sdk_webhook_events.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_list_is_what_the_installed_sdk_says() -> None:
    committed = json.loads((ROOT / "tests" / "data" / "sdk_webhook_events.json").read_text(encoding="utf-8"))
    assert load_generator().sdk_webhook_events() == committed, (
        "the SDK's webhook events changed: regenerate tests/data/sdk_webhook_events.json"
        " (see scripts/list_sdk_webhook_events.py) and type the new events in realtime_sync.webhooks"
    )


@pytest.mark.parametrize("sdk", [e for e in SDK_EVENTS if e["in_union"]], ids=lambda e: e["type"])
def test_sdk_unwrap_and_ours_read_the_same_delivery_the_same_way(sdk: Dict[str, Any]) -> None:
    data = sample_data(sdk["data_fields"])
    payload = {"id": "evt_sdk", "object": "event", "created_at": 1767225600, "type": sdk["type"], "data": data}
    body = json.dumps(payload).encode("utf-8")
    headers = webhooks.sign(body, SECRET, timestamp=int(time.time()))
    theirs = openai.OpenAI(api_key="sk-test", webhook_secret=SECRET).webhooks.unwrap(body, headers)
    ours = webhooks.unwrap(body, headers, SECRET)
    assert type(theirs).__name__ == sdk["sdk_class"]
    assert type(ours).__name__ == sdk["sdk_class"].replace("WebhookEvent", "Event")
    assert (ours.id, ours.created_at, ours.type, ours.object) == (
        theirs.id,
        theirs.created_at,
        theirs.type,
        theirs.object,
    )
    for path in leaf_paths(sdk["data_fields"]):
        assert read(ours.data, path) == read(theirs.data, path), path


def _outcome(resource: Any, method: str, body: Any, headers: Any, secret: Any) -> str:
    try:
        event = getattr(resource, method)(body, headers, secret=secret)
    except ValueError as exc:  # every refusal is a ValueError in both
        return "refused:" + ("no secret" if "OPENAI_WEBHOOK_SECRET" in str(exc) else "delivery")
    return "ok:%s" % (event.id if event is not None else None)


def _deliveries() -> Dict[str, Any]:
    from realtime_sync import webhooks as ours

    body = json.dumps({"id": "evt_cmp", "created_at": 1, "type": "batch.completed", "data": {"id": "b"}}).encode()
    now = int(time.time())
    fresh = ours.sign(body, SECRET, timestamp=now)
    rotated = dict(fresh, **{"webhook-signature": "v1,AAAA " + fresh["webhook-signature"]})
    return {
        "valid": (body, fresh),
        "str payload": (body.decode(), fresh),
        "rotated secrets": (body, rotated),
        "tampered": (body + b" ", fresh),
        "old": (body, ours.sign(body, SECRET, timestamp=now - 400)),
        "future": (body, ours.sign(body, SECRET, timestamp=now + 400)),
        "bad timestamp": (body, dict(fresh, **{"webhook-timestamp": "soon"})),
        "other secret": (body, ours.sign(body, "whsec_b3RoZXI=", timestamp=now)),
    }


@pytest.mark.parametrize("case", sorted(_deliveries()))
@pytest.mark.parametrize("secret_on", ["client", "call", "nowhere"])
def test_client_webhooks_accept_and_refuse_what_the_sdk_does(case: str, secret_on: str) -> None:
    from realtime_sync import RealtimeClient

    body, headers = _deliveries()[case]
    client_secret = SECRET if secret_on == "client" else None
    call_secret = SECRET if secret_on == "call" else None
    theirs = openai.OpenAI(api_key="sk-test", webhook_secret=client_secret).webhooks
    ours = RealtimeClient("sk-test", webhook_secret=client_secret).webhooks
    for method in ("unwrap", "verify_signature"):
        expected = _outcome(theirs, method, body, headers, call_secret)
        assert _outcome(ours, method, body, headers, call_secret) == expected, method


ENDPOINT_CALLS = [
    ("create", (), {"name": "phone \u00e9", "url": "https://example.com/h", "event_types": ["realtime.call.incoming"]}),
    ("retrieve", ("we_0002",), {}),
    ("retrieve", ("we a/b",), {}),
    ("update", ("we_0001",), {"name": "renamed"}),
    ("update", ("we_0001",), {"event_types": ["batch.failed"], "url": "https://x/y", "extra_body": {"k": 1}}),
    ("list", (), {"limit": 2}),
    ("list", (), {"after": "we_0003", "extra_query": {"order": "desc"}}),
    ("delete", ("we_0004",), {"extra_headers": {"X-Trace": "t"}}),
    ("rotate_secret", ("we_0001",), {}),
    ("rotate_secret", ("we_0001",), {"keep_old_secret_active_for_24_hours": True}),
    ("test", ("we_0001",), {"event_type": "batch.completed"}),
    ("event_types.list", (), {}),
]


def _wire(server: Any) -> List[Tuple[Any, ...]]:
    wire = []
    for req in server.requests:
        body = req.json() if req.body else None
        headers = tuple(req.headers.get(h) for h in ("authorization", "content-type", "accept", "x-trace"))
        wire.append((req.method, req.target.split("?")[0], sorted(req.query.items()), headers, body))
    return wire


def _read_back(result: Any) -> Any:
    if hasattr(result, "data") and hasattr(result, "has_more"):  # a page: every item, every page
        return [_read_back(item) for item in result]
    fields = (
        "id",
        "name",
        "url",
        "event_types",
        "signing_secret",
        "signing_secret_hint",
        "created_at",
        "updated_at",
        "deleted",
        "object",
        "status_code",
        "success",
        "event_type",
        "webhook_endpoint_id",
        "data",
    )
    return {f: getattr(result, f) for f in fields if getattr(result, f, None) is not None}


@pytest.mark.parametrize("method, args, kwargs", ENDPOINT_CALLS, ids=[c[0] for c in ENDPOINT_CALLS])
def test_endpoint_management_sends_and_reads_what_the_sdk_does(method: str, args: Any, kwargs: Any) -> None:
    from _server import LoopbackServer

    from realtime_sync import APIStatusError, RealtimeClient

    results = []
    wires = []
    for make in (
        lambda url: openai.OpenAI(api_key="sk-wire-0001", base_url=url, max_retries=0),
        lambda url: RealtimeClient("sk-wire-0001", base_url=url, max_retries=0),
    ):
        with LoopbackServer() as server:
            target = make(server.url).webhooks
            for part in method.split("."):
                target = getattr(target, part)
            try:
                results.append(_read_back(target(*args, **kwargs)))
            except (openai.APIStatusError, APIStatusError) as exc:
                results.append(("error", exc.status_code))
            wires.append(_wire(server))
    assert wires[1] == wires[0]
    assert results[1] == results[0]
