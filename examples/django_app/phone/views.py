"""The project's own views: a browser voice page and a hang-up button."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token

from realtime_sync import NotFoundError
from realtime_sync.contrib.django import get_client

log = logging.getLogger(__name__)

PAGE = """<!doctype html>
<meta charset="utf-8">
<title>Talk to Example Corp</title>
<button id="start">Start talking</button> <button id="stop" disabled>Hang up</button>
<audio id="remote" autoplay></audio>
<script>
const csrf = "%(csrf)s";
let pc = null;
document.getElementById("start").onclick = async () => {
  pc = new RTCPeerConnection();
  pc.ontrack = (e) => { document.getElementById("remote").srcObject = e.streams[0]; };
  const mic = await navigator.mediaDevices.getUserMedia({audio: true});
  mic.getTracks().forEach((t) => pc.addTrack(t, mic));
  pc.createDataChannel("oai-events");
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  // The server adds its API key and session config; the browser never sees either.
  const answer = await fetch("/realtime/calls/", {
    method: "POST", body: offer.sdp,
    headers: {"Content-Type": "application/sdp", "X-CSRFToken": csrf},
  });
  await pc.setRemoteDescription({type: "answer", sdp: await answer.text()});
  document.getElementById("stop").disabled = false;
};
document.getElementById("stop").onclick = async () => {
  await fetch("/realtime/hangup/", {method: "POST", headers: {"X-CSRFToken": csrf}});
  pc.close();
  document.getElementById("stop").disabled = true;
};
</script>
"""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A page that talks to the model over WebRTC through the SDP proxy."""
    return HttpResponse(PAGE % {"csrf": get_token(request)})


@login_required
def hangup(request: HttpRequest) -> HttpResponse:
    """End the browser's call, using the call id kept in the session."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    call_id = request.session.pop("realtime_call_id", None)
    if call_id is None:
        return JsonResponse({"ended": False})
    try:
        get_client().calls.hangup(call_id)
    except NotFoundError:
        log.info("Call %s had already ended", call_id)
    return JsonResponse({"ended": True})
