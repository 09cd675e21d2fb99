"""An offline stand-in for the OpenAI Realtime API that completes real WebRTC calls over loopback.

For the voice page (``/``) without an API key, by hand and in the browser test::

    pip install aiortc aiohttp                              # Python 3.11+
    python -m phone.standin                                 # http://127.0.0.1:8765/v1, keep it running
    OPENAI_BASE_URL=http://127.0.0.1:8765/v1 python manage.py runserver

It answers what the page's three modes need, as the real API does (reference
§12): ``POST /v1/realtime/client_secrets`` (server side, with the server's
key) mints an ``ek_`` key; ``POST /v1/realtime/calls`` takes the browser's
SDP offer, either from ``SdpProxyView`` (multipart, the server's key) or
straight from the browser (raw ``application/sdp``, an ``ek_`` key, with the
CORS answers a browser needs), and answers with a *real* SDP answer from an
aiortc peer connection, which then connects, opens the ``oai-events`` data
channel, sends ``session.created`` and answers every client event; and
``POST /v1/live/sessions`` (``LiveOfferView``, JSON in and out) the same way. Only
127.0.0.1 is used: aioice's host addresses are patched to it, and the
offer's candidates on other addresses are dropped.
"""

import asyncio
import json
import secrets
import socket
import threading
from typing import Any, Dict, List, Optional, Tuple

import aioice.ice
from aiohttp import web
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack

# aioice leaves 127.0.0.1 out of its host candidates; loopback is all this stand-in may use.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, OpenAI-Beta",
    "Access-Control-Max-Age": "600",
}


def loopback_only(sdp: str) -> str:
    """The offer without candidates on other addresses (and without mDNS names): no traffic leaves 127.0.0.1."""
    kept = [line for line in sdp.splitlines() if not line.startswith("a=candidate:") or " 127.0.0.1 " in line]
    return "\r\n".join(kept) + "\r\n"


class StandIn:
    """The stand-in server in a thread of its own (start/stop), with what it saw, for tests and by hand."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.requests: List[Dict[str, Any]] = []  # method, path, headers, origin, body (text)
        self.events_received: List[Dict[str, Any]] = []  # client events over the data channel
        self.states: List[str] = []  # connection states of the stand-in's peer connections
        self.fail_next: List[Tuple[int, Dict[str, Any]]] = []  # (status, body) answers for the next calls
        self.call_ids: List[str] = []
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._pcs: List[RTCPeerConnection] = []
        self._ready = threading.Event()
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return "http://%s:%d/v1" % (self.host, self.port)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "StandIn":
        self._thread = threading.Thread(target=self._run, name="openai-standin", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the stand-in did not start")
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.run_until_complete(self._serve())
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_route("OPTIONS", "/v1/realtime/calls", self._preflight)
        app.router.add_post("/v1/realtime/calls", self._create_call)
        app.router.add_post("/v1/realtime/client_secrets", self._client_secret)
        app.router.add_post("/v1/realtime/calls/{call_id}/hangup", self._hangup)
        app.router.add_post("/v1/live/sessions", self._create_live_session)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def _shutdown(self) -> None:
        for pc in self._pcs:
            await pc.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------------ endpoints

    def _record(self, request: web.Request, body: str) -> None:
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "headers": {k.lower(): v for k, v in request.headers.items()},
                "body": body,
            }
        )

    async def _preflight(self, request: web.Request) -> web.Response:
        self._record(request, "")
        return web.Response(status=204, headers=CORS)

    async def _client_secret(self, request: web.Request) -> web.Response:
        body = await request.text()
        self._record(request, body)
        session = json.loads(body or "{}").get("session") or {}
        secret = {
            "value": "ek_standin_" + secrets.token_hex(12),
            "expires_at": 4102444800,
            "session": dict(session, id="sess_standin", object="realtime.session"),
        }
        return web.json_response(secret, headers={"x-request-id": "req_standin_secret"})

    async def _hangup(self, request: web.Request) -> web.Response:
        self._record(request, "")
        return web.Response(status=200, headers={"x-request-id": "req_standin_hangup"})

    async def _create_call(self, request: web.Request) -> web.Response:
        from_browser = "origin" in {k.lower() for k in request.headers}
        extra = CORS if from_browser else {}
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            offer = ""
            while True:
                part = await reader.next()
                if part is None:
                    break
                text = await part.text()  # type: ignore[union-attr]
                if part.name == "sdp":  # type: ignore[union-attr]
                    offer = text
        else:
            offer = await request.text()
        self._record(request, offer)
        if self.fail_next:
            status, error = self.fail_next.pop(0)
            return web.json_response(error, status=status, headers=dict(extra, **{"x-request-id": "req_standin_err"}))
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"error": {"message": "Missing bearer"}}, status=401, headers=extra)
        answer = await self._answer(offer)
        call_id = "rtc_standin_%s" % secrets.token_hex(8)
        self.call_ids.append(call_id)
        headers = dict(extra, **{"Location": "/v1/realtime/calls/" + call_id, "x-request-id": "req_standin_call"})
        return web.Response(status=201, text=answer, content_type="application/sdp", headers=headers)

    async def _create_live_session(self, request: web.Request) -> web.Response:
        body = await request.text()
        self._record(request, body)
        if self.fail_next:
            status, error = self.fail_next.pop(0)
            return web.json_response(error, status=status, headers={"x-request-id": "req_standin_err"})
        sent = json.loads(body)
        answer = await self._answer(sent["transport"]["sdp"])
        session_id = "live_standin_%s" % secrets.token_hex(8)
        self.call_ids.append(session_id)
        result = {"session": {"id": session_id}, "transport": {"type": "webrtc", "sdp": answer}}
        return web.json_response(result, headers={"x-request-id": "req_standin_live"})

    async def _answer(self, offer: str) -> str:
        pc = RTCPeerConnection()
        self._pcs.append(pc)

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            self.states.append(pc.connectionState)

        @pc.on("datachannel")
        def on_channel(channel: Any) -> None:
            def greet() -> None:
                channel.send(json.dumps({"type": "session.created", "event_id": "event_standin_1"}))

            if channel.readyState == "open":
                greet()
            else:
                channel.on("open", greet)

            @channel.on("message")
            def on_message(message: Any) -> None:
                try:
                    event = json.loads(message)
                except ValueError:
                    event = {"type": "(not JSON)", "raw": str(message)[:100]}
                self.events_received.append(event)
                reply = {"type": "response.done", "event_id": "event_standin_2", "for": event.get("type")}
                channel.send(json.dumps(reply))

        @pc.on("track")
        def on_track(track: Any) -> None:
            pass  # the browser's (fake) microphone; nothing listens

        pc.addTrack(AudioStreamTrack())  # the model's "voice": silence
        await pc.setRemoteDescription(RTCSessionDescription(sdp=loopback_only(offer), type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        return pc.localDescription.sdp


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    standin = StandIn(port=args.port).start()
    print("OpenAI stand-in at %s (Ctrl-C to stop)" % standin.url)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
