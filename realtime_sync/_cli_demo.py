"""``realtime-sync demo``: the whole product, step by step, offline by default.

The steps (:func:`run_steps`) are shared by the command and by
``scripts/record_demo_fixture.py``, which records the shipped fixture
(``realtime_sync/data/demo.json``) through ``FixtureTransport`` against the
project's loopback test server, so the two cannot drift apart.

Offline, the client's transport is a ``FixtureTransport`` in replay mode
whose ``inner`` transport refuses to send anything: the demo cannot touch the
network without ``--live``, whatever the environment says.
"""

import argparse
import json
import os
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from ._cli_shared import EXIT_AUTH, EXIT_OK, CommandError, Output, mask_secret, mask_secrets, utc
from .errors import APIConnectionError
from .transport import HttpRequest, HttpResponse, Timeout

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient
    from .transport import Transport

__all__ = [
    "BROWSER_SESSION",
    "DEMO_FIXTURE",
    "DEMO_RESOURCE",
    "DEMO_WEBHOOK_SECRET",
    "OFFER_SDP",
    "REFER_TARGET",
    "SIP_CALL_ID",
    "SIP_SESSION",
    "incoming_call_webhook",
    "run_demo_command",
    "run_steps",
]

#: The fixture shipped with the package and replayed by ``realtime-sync demo`` (package data).
DEMO_RESOURCE = "data/demo.json"
#: Its path in a source tree or an unzipped install (what the recording script writes).
DEMO_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "demo.json")

#: A public, demo-only signing secret (base64 of ``realtime-sync-demo-signing-key``).
DEMO_WEBHOOK_SECRET = "whsec_cmVhbHRpbWUtc3luYy1kZW1vLXNpZ25pbmcta2V5"

#: The pending SIP call the demo's signed webhook announces.
SIP_CALL_ID = "rtc_demo_sip_0001"

#: Where the demo transfers the SIP call (a SIP REFER).
REFER_TARGET = "tel:+14155550123"

# Only offline: the fixture ignores Authorization (redacted when recorded).
_OFFLINE_KEY = "sk-demo-offline-0000"
_OFFLINE_BASE_URL = "https://api.openai.com/v1"

#: The browser's session: what the ephemeral key is minted for.
BROWSER_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are a concise support agent.",
    "audio": {"output": {"voice": "marin"}},
}

#: The phone call's session: G.711 mu-law both ways, server VAD.
SIP_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "Greet the caller, then ask how you can help.",
    "audio": {
        "input": {"format": {"type": "audio/pcmu"}, "turn_detection": {"type": "server_vad"}},
        "output": {"format": {"type": "audio/pcmu"}, "voice": "marin"},
    },
}

#: A browser's WebRTC SDP offer (what ``RTCPeerConnection.createOffer()`` gives).
OFFER_SDP = (
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=mid:0\r\n"
    "a=sendrecv\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
)


class _NoNetwork:
    """The ``inner`` transport of the offline demo: it never sends anything."""

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        raise APIConnectionError(
            "the offline demo does not use the network (%s %s is not in the fixture); "
            "use --live to call the real API" % (request.method, _path(request.url)),
            request=request,
        )

    def close(self) -> None:
        pass


class _Tap:
    """Passes requests through and keeps each exchange, to show what went over the wire."""

    def __init__(self, inner: "Transport") -> None:
        self.inner = inner
        self.exchanges: List[Tuple[HttpRequest, Union[HttpResponse, BaseException]]] = []

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        try:
            response = self.inner.send(request, timeout=timeout)
        except BaseException as exc:
            self.exchanges.append((request, exc))
            raise
        self.exchanges.append((request, response))
        return response

    def take(self) -> List[Tuple[HttpRequest, Union[HttpResponse, BaseException]]]:
        taken, self.exchanges = self.exchanges, []
        return taken

    def close(self) -> None:
        self.inner.close()


# --------------------------------------------------------------------------------------------------------------------
# Display


class _Show:
    """Prints the steps readably; masks every secret it prints."""

    INDENT = "      "
    MAX_LINES = 40

    def __init__(self, out: Any, tap: Optional[_Tap]) -> None:
        self._write = out.line if hasattr(out, "line") else (lambda text="": None)
        self.tap = tap
        self.count = 0
        self.total = 6

    def title(self, text: str) -> None:
        self.count += 1
        self._write()
        self._write("[%d/%d] %s" % (self.count, self.total, text))

    def text(self, text: str, prefix: str = "") -> None:
        for line in text.splitlines() or [""]:
            self._write(self.INDENT + prefix + line)

    def code(self, text: str) -> None:
        self.text(text, "")

    def exchanges(self) -> None:
        if self.tap is None:
            return
        for request, outcome in self.tap.take():
            self.arrow(">>>", "%s %s" % (request.method, _path(request.url)))
            for name in ("content-type", "accept", "authorization"):
                value = request.headers.get(name)
                if value is not None:
                    self.text("%s: %s" % (_title_case(name), _mask_header(name, value)))
            self._body(request.headers.get("content-type"), request.body)
            if isinstance(outcome, BaseException):
                self.arrow("<<<", "no answer: %s: %s" % (type(outcome).__name__, outcome))
                continue
            self.arrow("<<<", "%d %s" % (outcome.status_code, _REASONS.get(outcome.status_code, "")))
            for name in ("content-type", "location", "x-request-id"):
                value = outcome.headers.get(name)
                if value is not None:
                    self.text("%s: %s" % (_title_case(name), value))
            self._body(outcome.headers.get("content-type"), outcome.body)

    def arrow(self, arrow: str, text: str) -> None:
        self._write("  %s %s" % (arrow, text))

    def result(self, text: str) -> None:
        self._write("  ==> " + text)

    def _body(self, content_type: Optional[str], body: bytes) -> None:
        if not body:
            self.text("(no body)")
            return
        mtype = (content_type or "").split(";", 1)[0].strip().lower()
        if mtype.startswith("multipart/"):
            for name, part_type, part_body in _multipart_parts(content_type or "", body):
                self.text('-- part "%s" (%s)' % (name, part_type or "text/plain"))
                self._body(part_type, part_body)
            return
        text = body.decode("utf-8", "replace")
        if mtype == "application/json" or mtype.endswith("+json"):
            try:
                text = _pretty(_mask_json(json.loads(text)), width=90)
            except ValueError:
                pass
        lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
        if len(lines) > self.MAX_LINES:
            more = len(lines) - self.MAX_LINES
            lines = [*lines[: self.MAX_LINES], "... (%d more lines)" % more]
        self.text("\n".join(lines))


_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 500: "Error"}


def _title_case(name: str) -> str:
    return "-".join(word.capitalize() for word in name.split("-"))


def _mask_header(name: str, value: str) -> str:
    if name == "authorization":
        scheme, _, token = value.partition(" ")
        return "%s %s" % (scheme, mask_secret(token))
    return value


def _mask_json(value: Any) -> Any:
    masked = mask_secrets(value)
    # The client secret itself lives at $.value, whatever it looks like.
    if isinstance(masked, dict) and isinstance(masked.get("value"), str):
        masked["value"] = mask_secret(masked["value"])
    return masked


def _multipart_parts(content_type: str, body: bytes) -> List[Tuple[str, Optional[str], bytes]]:
    from ._multipart import parse

    parts = parse(content_type, body)
    if parts is None:
        return [("?", None, body)]
    return [(part.name or "?", part.content_type, part.data) for part in parts]


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def _pretty(value: Any, indent: int = 0, width: int = 100) -> str:
    """JSON, indented, but with every container that fits on one line kept on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = ["%s%s: %s" % (pad, json.dumps(k), _pretty(v, indent + 2, width)) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + _pretty(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


# --------------------------------------------------------------------------------------------------------------------
# The steps


def incoming_call_webhook(call_id: str, created_at: int) -> bytes:
    """The raw body of the ``realtime.call.incoming`` delivery the demo simulates."""
    event = {
        "id": "evt_demo_0001",
        "object": "event",
        "created_at": created_at,
        "type": "realtime.call.incoming",
        "data": {
            "call_id": call_id,
            "sip_headers": [
                {"name": "From", "value": '"Alice" <sip:+15550100@example.net>;tag=abc'},
                {"name": "To", "value": "<sip:+15550199@sip.api.openai.com>"},
                {"name": "Call-ID", "value": "a84b4c76e66710@pc33.example.net"},
            ],
            "sip_media_security": "srtp",
        },
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def run_steps(
    client: "RealtimeClient",
    out: Any = None,
    *,
    tap: Optional[_Tap] = None,
    sip_call_id: Optional[str] = SIP_CALL_ID,
    now: Optional[int] = None,
) -> Dict[str, Any]:
    """Run the six demo steps on ``client``, printing each through ``out`` (an ``Output``).

    ``sip_call_id`` is the SIP call the simulated webhook announces and the
    demo accepts, refers and hangs up. ``None`` (``--live`` without a ringing
    SIP call) skips accept and refer, which the API allows only for SIP
    calls, and hangs up the WebRTC call instead.

    Returns what the steps produced (call ids, the event), for tests and the
    recording script.
    """
    from . import webhooks

    show = _Show(out, tap)
    results: Dict[str, Any] = {}

    show.title("Mint an ephemeral key for a browser")
    show.code("session = %s" % _pretty(BROWSER_SESSION, width=90))
    show.code('client.client_secrets.create(session=session, expires_after={"anchor": "created_at", "seconds": 600})')
    secret = client.client_secrets.create(
        session=BROWSER_SESSION, expires_after={"anchor": "created_at", "seconds": 600}
    )
    show.exchanges()
    shown = mask_secret(secret.value)
    if "REDACTED" in shown:
        shown += " (the recorder never writes a real secret to a fixture)"
    show.result("secret.value = %s, expires at %s (%s)" % (shown, secret.expires_at, utc(secret.expires_at)))
    show.text("The browser uses this short-lived key; your real API key never leaves the server.")
    results["client_secret_expires_at"] = secret.expires_at

    show.title("Create a WebRTC call from the browser's SDP offer")
    show.code("call = client.calls.create(sdp=offer, session=session)")
    call = client.calls.create(sdp=OFFER_SDP, session=BROWSER_SESSION)
    show.exchanges()
    show.result("call_id = %s  (from Location: %s)" % (call.call_id, call.location))
    show.text("Send call.sdp (the SDP answer) back to the browser's RTCPeerConnection.")
    show.text("(Or let the browser post its raw offer itself, authenticated with the ephemeral key from step 1.)")
    results["webrtc_call_id"] = call.call_id

    target_call = sip_call_id or call.call_id or ""
    show.title("Receive and verify a signed realtime.call.incoming webhook")
    timestamp = int(time.time()) if now is None else now
    body = incoming_call_webhook(target_call, timestamp - 1)
    headers = webhooks.sign(body, DEMO_WEBHOOK_SECRET, webhook_id="wh_demo_0001", timestamp=timestamp)
    show.text("OpenAI posts to your webhook endpoint (here signed locally with a demo secret):")
    show.arrow(">>>", "POST https://your.server/openai/webhook  (from OpenAI)")
    show.text("Content-Type: application/json")
    for name, value in headers.items():
        show.text("%s: %s" % (_title_case(name), value))
    show._body("application/json", body)
    show.arrow("<<<", "200 OK  (your endpoint acknowledges quickly, then acts on the call)")
    show.code("event = webhooks.unwrap(request.body, request.headers, secret)")
    event = webhooks.unwrap(body, headers, DEMO_WEBHOOK_SECRET, now=timestamp)
    assert isinstance(event, webhooks.RealtimeCallIncomingEvent)  # we built it
    show.result(
        "signature valid: %s %s, call_id = %s, from %s"
        % (event.type, event.id, event.data.call_id, event.data.sip_header("From"))
    )
    tampered = body.replace(b"Alice", b"Mallory")
    try:
        webhooks.verify(tampered, headers, DEMO_WEBHOOK_SECRET, now=timestamp)
    except ValueError as exc:
        show.text("(the same delivery with a tampered body is refused: %s)" % exc)
    results["event"] = event
    call_id = event.data.call_id

    show.title("Accept the phone call with a session")
    if sip_call_id is None:
        show.text("skipped: accept works only on a ringing SIP call; pass --sip-call-id rtc_... to try it live")
    else:
        show.code("session = %s" % _pretty(SIP_SESSION, width=90))
        show.code("client.calls.accept(event.data.call_id, session=session)")
        client.calls.accept(call_id, session=SIP_SESSION)
        show.exchanges()
        show.result("accepted %s: the model is now talking to the caller" % call_id)

    show.title("Transfer the call to a phone number (SIP REFER)")
    if sip_call_id is None:
        show.text("skipped: refer works only on a SIP call")
    else:
        show.code("client.calls.refer(%r, target_uri=%r)" % (call_id, REFER_TARGET))
        client.calls.refer(call_id, target_uri=REFER_TARGET)
        show.exchanges()
        show.result("referred %s to %s" % (call_id, REFER_TARGET))

    show.title("Hang up")
    show.code("client.calls.hangup(%r)" % call_id)
    client.calls.hangup(call_id)
    show.exchanges()
    show.result("hung up %s" % call_id)
    results["sip_call_id"] = call_id
    return results


# --------------------------------------------------------------------------------------------------------------------
# The command


def run_demo_command(args: argparse.Namespace, out: Output, *, transport: "Optional[Transport]" = None) -> int:
    """``realtime-sync demo``: replay the shipped fixture, or ``--live`` against the API."""
    from ._client import RealtimeClient

    if out.as_json:
        raise CommandError("demo: --json is not supported; the demo prints a readable walk-through")
    live = bool(args.live)
    if not live and args.sip_call_id:
        raise CommandError("demo: --sip-call-id needs --live")
    if not live and args.record:
        raise CommandError("demo: --record needs --live (offline, the demo only replays)")
    if live and (args.fixture or args.replay):
        raise CommandError("demo: --live calls the real API; it cannot also replay a fixture")

    kwargs: Dict[str, Any] = {}
    if args.timeout is not None:
        kwargs["timeout"] = Timeout(connect=args.timeout, read=args.timeout)
    if args.max_retries is not None:
        kwargs["max_retries"] = args.max_retries

    if live:
        api_key = os.environ.get("OPENAI_API_KEY")
        if not api_key:
            raise CommandError("demo --live: no API key: set OPENAI_API_KEY", EXIT_AUTH)
        inner = transport
        if inner is None and args.record:
            from .fixtures import FixtureTransport

            inner = FixtureTransport(args.record, record_mode="all", env_override=False)
        if inner is None:
            from ._requests_transport import RequestsTransport

            inner = RequestsTransport()
        tap = _Tap(inner)
        client = RealtimeClient(api_key=api_key, base_url=args.base_url, transport=tap, **kwargs)
        out.line("realtime-sync demo --live: calling %s with your OPENAI_API_KEY" % client.base_url)
    else:
        fixture = args.fixture or args.replay
        inner = transport if transport is not None else _offline_transport(fixture)
        tap = _Tap(inner)
        client = RealtimeClient(api_key=_OFFLINE_KEY, base_url=_OFFLINE_BASE_URL, transport=tap, **kwargs)
        out.line("realtime-sync demo: offline, replaying %s" % _shown_path(fixture))
        out.line("Nothing leaves this machine; 'realtime-sync demo --live' does the same against the real API.")
    with client:
        results = run_steps(client, out, tap=tap, sip_call_id=args.sip_call_id if live else SIP_CALL_ID)
    out.line()
    if live and not args.sip_call_id:
        out.line("Done: ephemeral key minted, WebRTC call %s created and hung up." % results["webrtc_call_id"])
    else:
        out.line(
            "Done: ephemeral key minted, WebRTC call %s created, SIP call %s verified, accepted, referred and hung up."
            % (results["webrtc_call_id"], results["sip_call_id"])
        )
    return EXIT_OK


def _offline_transport(path: Optional[str]) -> "Transport":
    from .fixtures import FixtureTransport

    # Replay only, whatever REALTIME_SYNC_RECORD_MODE says, and an inner
    # transport that refuses to send: offline means offline.
    if path is None:
        return FixtureTransport.from_package_data(DEMO_RESOURCE, inner=_NoNetwork())
    if not os.path.exists(path):
        raise CommandError("demo: no such fixture file: %r" % path)
    return FixtureTransport(path, record_mode="none", inner=_NoNetwork(), env_override=False)


def _shown_path(path: Optional[str]) -> str:
    return "the fixture shipped in the package (realtime_sync/%s)" % DEMO_RESOURCE if path is None else path
