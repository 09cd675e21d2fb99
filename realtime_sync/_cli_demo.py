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
import hashlib
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
    "LIVE_BROWSER_SESSION",
    "LIVE_DEMO_FIXTURE",
    "LIVE_DEMO_RESOURCE",
    "LIVE_SIP_SESSION",
    "LIVE_SIP_SESSION_ID",
    "incoming_call_webhook",
    "incoming_live_call_webhook",
    "run_live_steps",
    "run_demo_command",
    "run_steps",
]

#: The fixture shipped with the package and replayed by ``realtime-sync demo`` (package data).
DEMO_RESOURCE = "data/demo.json"
#: Its path in a source tree or an unzipped install (what the recording script writes).
DEMO_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "demo.json")
#: The Live API's fixture, replayed by ``realtime-sync demo --surface live``.
LIVE_DEMO_RESOURCE = "data/demo_live.json"
LIVE_DEMO_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "demo_live.json")

#: A public, demo-only signing secret (base64 of ``realtime-sync-demo-signing-key``).
DEMO_WEBHOOK_SECRET = "whsec_cmVhbHRpbWUtc3luYy1kZW1vLXNpZ25pbmcta2V5"

#: The pending SIP call the demo's signed webhook announces.
SIP_CALL_ID = "rtc_demo_sip_0001"

#: Where the demo transfers the SIP call (a SIP REFER).
REFER_TARGET = "tel:+14155550123"

#: The Live demo's pending SIP call (its ``live.transport.incoming`` twin of ``rtc_...``).
LIVE_SIP_SESSION_ID = "live_demo_sip_0001"

#: The browser's Live session: the page may send nothing on the data channel and sees only transcripts.
LIVE_BROWSER_SESSION: Dict[str, Any] = {
    "model": "gpt-live-1",
    "instructions": "You are a concise support agent.",
    "audio": {"output": {"voice": "marin"}},
    "client": {
        "data_channel": {
            "allowed_client_events": [],
            "allowed_server_events": [{"type": "session.output_transcript.delta"}],
        }
    },
    "store": True,
}

#: The phone call's Live session (sent wrapped, with ``type: "live"``).
LIVE_SIP_SESSION: Dict[str, Any] = {
    "model": "gpt-live-1",
    "instructions": "Greet the caller, then ask how you can help.",
    "audio": {"output": {"voice": "cedar"}},
}

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
        if mtype.startswith(("audio/", "video/", "application/octet-stream", "application/binary")):
            # Binary (a recording): never decoded, only described.
            self.text("(%d bytes of %s, not shown)" % (len(body), mtype))
            return
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


def incoming_live_call_webhook(session_id: str, created_at: int) -> bytes:
    """The raw body of the ``live.transport.incoming`` delivery the Live demo simulates."""
    event = {
        "id": "evt_demo_live_0001",
        "object": "event",
        "created_at": created_at,
        "type": "live.transport.incoming",
        "data": {
            "session_id": session_id,
            "type": "sip",
            "sip_headers": [
                {"name": "From", "value": '"Alice" <sip:+15550100@example.net>;tag=abc'},
                {"name": "To", "value": "<sip:+15550199@sip.api.openai.com>"},
            ],
            "sip_media_security": "srtp",
        },
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def run_live_steps(
    client: "RealtimeClient",
    out: Any = None,
    *,
    tap: Optional[_Tap] = None,
    sip_session_id: Optional[str] = LIVE_SIP_SESSION_ID,
    now: Optional[int] = None,
) -> Dict[str, Any]:
    """The Live API's demo steps (``demo --surface live``), printed through ``out``.

    ``sip_session_id`` is the ringing SIP call the simulated webhook announces;
    ``None`` (against the real API without one) skips accept and refer and
    hangs up nothing but the demo's own sessions.
    """
    from . import webhooks

    show = _Show(out, tap)
    results: Dict[str, Any] = {}

    show.title("Create a Live WebRTC session from the browser's SDP offer")
    show.text("The Live API has no ephemeral keys: your server creates the session with its own key.")
    show.code("session = %s" % _pretty(LIVE_BROWSER_SESSION, width=90))
    show.code('answer = client.live.create(session=session, transport={"type": "webrtc", "sdp": offer})')
    created = client.live.create(session=LIVE_BROWSER_SESSION, transport={"type": "webrtc", "sdp": OFFER_SDP})
    show.exchanges()
    show.result("session id = %s; send answer.transport.sdp back to the browser" % created.session.id)
    show.text("client.data_channel: the page may send no events and sees only the output transcript.")
    results["webrtc_session_id"] = created.session.id

    target = sip_session_id or created.session.id
    show.title("Receive and verify a signed live.transport.incoming webhook")
    timestamp = int(time.time()) if now is None else now
    body = incoming_live_call_webhook(target, timestamp - 1)
    headers = webhooks.sign(body, DEMO_WEBHOOK_SECRET, webhook_id="wh_demo_live_0001", timestamp=timestamp)
    show.text(
        "The same SIP call also arrives as realtime.call.incoming (an rtc_... id): answer it on one surface only."
    )
    show.arrow(">>>", "POST https://your.server/openai/webhook  (from OpenAI)")
    for name, value in headers.items():
        show.text("%s: %s" % (_title_case(name), value))
    show._body("application/json", body)
    show.code("event = webhooks.unwrap(request.body, request.headers, secret)")
    event = webhooks.unwrap(body, headers, DEMO_WEBHOOK_SECRET, now=timestamp)
    assert isinstance(event, webhooks.LiveTransportIncomingEvent)  # we built it
    show.result("signature valid: %s %s, session_id = %s" % (event.type, event.id, event.data.session_id))
    results["event"] = event
    session_id = event.data.session_id

    show.title("Accept the phone call on the Live surface")
    if sip_session_id is None:
        show.text("skipped: accept works only on a ringing SIP call")
    else:
        show.code(
            "client.live.sessions.accept(event.data.session_id, session=%s)" % _pretty(LIVE_SIP_SESSION, width=90)
        )
        client.live.sessions.accept(session_id, session=LIVE_SIP_SESSION)
        show.exchanges()
        show.result(
            "accepted %s (the body is wrapped, with type live; the first accept on either surface wins)" % session_id
        )

    show.title("Transfer the call (SIP REFER), then hang up")
    if sip_session_id is None:
        show.text("skipped: refer and hangup work only on a SIP call")
    else:
        show.code("client.live.sessions.refer(%r, target_uri=%r)" % (session_id, REFER_TARGET))
        client.live.sessions.refer(session_id, target_uri=REFER_TARGET)
        show.code("client.live.sessions.hangup(%r)" % session_id)
        client.live.sessions.hangup(session_id)
        show.exchanges()
        show.result("referred and hung up %s" % session_id)

    show.title("Fork the stored WebRTC session onto a new connection")
    show.code('client.live.sessions.fork(%r, transport={"type": "webrtc", "sdp": offer})' % created.session.id)
    forked = client.live.sessions.fork(created.session.id, transport={"type": "webrtc", "sdp": OFFER_SDP})
    show.exchanges()
    show.result("forked %s into %s" % (created.session.id, forked.session.id))
    results["fork_session_id"] = forked.session.id

    show.title("Download the stored session's recording")
    show.code("recording = client.live.sessions.download_recording(%r)" % created.session.id)
    recording = client.live.sessions.download_recording(created.session.id)
    show.exchanges()
    digest = hashlib.sha256(recording.content).hexdigest()[:16]
    show.result(
        "%d bytes (%s), sha256 %s..., exactly as stored" % (len(recording.content), recording.content_type, digest)
    )
    show.text("recording.write_to_file(path), or with_streaming_response.download_recording for large files.")
    results["recording_bytes"] = len(recording.content)
    results["sip_session_id"] = session_id
    return results


# --------------------------------------------------------------------------------------------------------------------
# The command


def run_demo_command(args: argparse.Namespace, out: Output, *, transport: "Optional[Transport]" = None) -> int:
    """``realtime-sync demo``: replay the shipped fixture, or ``--live`` against the API."""
    from ._client import RealtimeClient

    if out.as_json:
        raise CommandError("demo: --json is not supported; the demo prints a readable walk-through")
    live = bool(args.live)
    surface = getattr(args, "surface", None) or "realtime"
    if surface == "live" and args.sip_call_id:
        raise CommandError("demo: --sip-call-id is a Realtime call id; the Live demo takes none")
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
        resource = LIVE_DEMO_RESOURCE if surface == "live" else DEMO_RESOURCE
        inner = transport if transport is not None else _offline_transport(fixture, resource)
        tap = _Tap(inner)
        client = RealtimeClient(api_key=_OFFLINE_KEY, base_url=_OFFLINE_BASE_URL, transport=tap, **kwargs)
        out.line("realtime-sync demo: offline, replaying %s" % _shown_path(fixture, resource))
        out.line("Nothing leaves this machine; 'realtime-sync demo --live' does the same against the real API.")
    if surface == "live":
        with client:
            live_results = run_live_steps(client, out, tap=tap, sip_session_id=None if live else LIVE_SIP_SESSION_ID)
        out.line()
        out.line(
            "Done: Live session %s created, %s, forked into %s, recording downloaded (%d bytes)."
            % (
                live_results["webrtc_session_id"],
                "SIP call %s verified, accepted, referred and hung up" % live_results["sip_session_id"]
                if not live
                else "no SIP call (accept needs a ringing one)",
                live_results["fork_session_id"],
                live_results["recording_bytes"],
            )
        )
        return EXIT_OK
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


def _offline_transport(path: Optional[str], resource: str = DEMO_RESOURCE) -> "Transport":
    from .fixtures import FixtureTransport

    # Replay only, whatever REALTIME_SYNC_RECORD_MODE says, and an inner
    # transport that refuses to send: offline means offline.
    if path is None:
        return FixtureTransport.from_package_data(resource, inner=_NoNetwork())
    if not os.path.exists(path):
        raise CommandError("demo: no such fixture file: %r" % path)
    return FixtureTransport(path, record_mode="none", inner=_NoNetwork(), env_override=False)


def _shown_path(path: Optional[str], resource: str = DEMO_RESOURCE) -> str:
    return "the fixture shipped in the package (realtime_sync/%s)" % resource if path is None else path
