"""The project's own views: a browser voice page and a hang-up button."""

import json
import logging

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.utils.html import escape

from realtime_sync import NotFoundError
from realtime_sync.contrib.django import get_client, realtime_setting

log = logging.getLogger(__name__)

#: The voice page: no build step, no framework. Three ways in, none with the API key in the page:
#: "proxy" posts the SDP offer to SdpProxyView (the server creates the call; the call id stays on the
#: server); "key" gets an ephemeral key from ClientSecretView and posts the offer to OpenAI itself;
#: "live" posts the offer to LiveOfferView (the Live API's browser path; the session id stays on the server).
PAGE = """<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Talk to Example Corp</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  #error { color: #a00; font-weight: 600; min-height: 1.4em; }
  #events { background: #f4f4f4; padding: .5rem; max-height: 20rem; overflow: auto; font-size: 13px; }
</style>
<h1>Talk to Example Corp</h1>
<p id="who">%(who)s</p>
<p>
  <button id="start-proxy">Talk (the server creates the call)</button>
  <button id="start-key">Talk (ephemeral key)</button>
  <button id="start-live">Talk (Live API)</button>
  <button id="stop" disabled>Hang up</button>
</p>
<p>Connection: <strong id="state">not started</strong></p>
<p id="error" role="alert"></p>
<h2>Data channel events</h2>
<pre id="events"></pre>
<audio id="remote" autoplay></audio>
<script>
const CSRF = %(csrf)s;
const OPENAI_BASE = %(openai_base)s;  // only the ephemeral-key mode talks to OpenAI directly
const $ = (id) => document.getElementById(id);
window.voice = {state: "not started", events: [], error: null};
let pc = null;
let mode = null;

function log(direction, event) {
  window.voice.events.push({direction: direction, type: event.type});
  $("events").textContent += direction + " " + JSON.stringify(event) + "\\n";
}

function fail(err) {
  const message = (err && err.message) || String(err);
  window.voice.error = message;
  $("error").textContent = "Could not start the call: " + message;
  if (pc) { pc.close(); }
  $("stop").disabled = true;
}

async function readError(response) {
  // Errors are JSON: {"error": "..."} from this site, {"error": {"message": ...}} from OpenAI.
  let message = response.statusText || "error";
  try {
    const body = await response.json();
    if (body && body.error) {
      message = typeof body.error === "string" ? body.error : (body.error.message || message);
    }
  } catch (e) { /* not JSON: keep the status text */ }
  return response.status + ": " + message;
}

function iceGathered(connection, ms) {
  // One POST carries the offer, so wait (briefly) for its candidates.
  if (connection.iceGatheringState === "complete") { return Promise.resolve(); }
  return new Promise((resolve) => {
    const done = () => { if (connection.iceGatheringState === "complete") { resolve(); } };
    connection.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, ms);
  });
}

async function start(how) {
  mode = how;
  window.voice = {state: "starting", events: [], error: null, mode: how};
  $("error").textContent = "";
  $("events").textContent = "";
  try {
    pc = new RTCPeerConnection();
    pc.onconnectionstatechange = () => {
      window.voice.state = pc.connectionState;
      $("state").textContent = pc.connectionState;
    };
    pc.ontrack = (e) => { $("remote").srcObject = e.streams[0]; };
    const mic = await navigator.mediaDevices.getUserMedia({audio: true});
    mic.getTracks().forEach((track) => pc.addTrack(track, mic));
    const channel = pc.createDataChannel("oai-events");
    channel.onmessage = (e) => log("<-", JSON.parse(e.data));
    channel.onopen = () => {
      const event = {type: "response.create"};
      channel.send(JSON.stringify(event));
      log("->", event);
    };
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, 2000);
    const offer = pc.localDescription.sdp;
    let response;
    if (how === "proxy" || how === "live") {
      // The server adds its API key and session config; the call (or Live session) id stays on the server.
      response = await fetch(how === "proxy" ? "/realtime/calls/" : "/live/sessions/", {
        method: "POST", body: offer,
        headers: {"Content-Type": "application/sdp", "X-CSRFToken": CSRF},
      });
    } else {
      const minted = await fetch("/realtime/client-secret/", {method: "POST", headers: {"X-CSRFToken": CSRF}});
      if (!minted.ok) { throw new Error(await readError(minted)); }
      const secret = await minted.json();
      response = await fetch(OPENAI_BASE + "/realtime/calls", {
        method: "POST", body: offer,
        headers: {"Content-Type": "application/sdp", "Authorization": "Bearer " + secret.value},
      });
    }
    if (!response.ok) { throw new Error(await readError(response)); }  // never an error body as SDP
    await pc.setRemoteDescription({type: "answer", sdp: await response.text()});
    $("stop").disabled = false;
  } catch (err) {
    fail(err);
  }
}

$("start-proxy").onclick = () => start("proxy");
$("start-key").onclick = () => start("key");
$("start-live").onclick = () => start("live");
$("stop").onclick = async () => {
  if (mode === "proxy") {
    await fetch("/realtime/hangup/", {method: "POST", headers: {"X-CSRFToken": CSRF}});
  }
  pc.close();
  window.voice.state = "closed";
  $("state").textContent = "closed";
  $("stop").disabled = true;
};
</script>
</html>
"""


def _js(value: str) -> str:
    # A JS string literal that cannot close the <script> element.
    return json.dumps(value).replace("</", "<\\/")


def index(request: HttpRequest) -> HttpResponse:
    """The voice page. Anyone may load it; the two endpoints it calls need a logged-in user (403 otherwise)."""
    user = request.user
    who = (
        "Logged in as %s." % escape(user.get_username())
        if user.is_authenticated
        else 'Not logged in: <a href="/admin/login/?next=/">log in</a> first, or the call is refused.'
    )
    base = realtime_setting("BASE_URL") or "https://api.openai.com/v1"
    page = PAGE % {"csrf": _js(get_token(request)), "openai_base": _js(str(base).rstrip("/")), "who": who}
    return HttpResponse(page)


def hangup(request: HttpRequest) -> HttpResponse:
    """End the browser's call, using the call id kept in the session."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required"}, status=403)
    call_id = request.session.pop("realtime_call_id", None)
    if call_id is None:
        return JsonResponse({"ended": False})
    try:
        get_client().calls.hangup(call_id)
    except NotFoundError:
        log.info("Call %s had already ended", call_id)
    return JsonResponse({"ended": True})
