"""A Flask phone line answered by the Realtime API, with realtime_sync.contrib.flask.

* ``POST /openai/webhook/``: OpenAI posts ``realtime.call.incoming`` here; each call is
  accepted once, however often (and on however many workers) the webhook is delivered.
* ``POST /realtime/client-secret/`` and ``POST /realtime/calls/``: a logged-in browser
  gets an ephemeral key, or lets the server create its WebRTC call (the key and the call
  id stay on the server).

Without ``OPENAI_API_KEY`` the app runs **offline**: the client replays
``recordings/flask_calls.json`` and webhooks are signed with a demo secret. With
``REDIS_URL`` set, deliveries are de-duplicated in Redis (several workers); otherwise in
this process only.

    flask --app app run                     # then: python send_test_call.py
"""

import os
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from flask import Flask, jsonify, request, session

from realtime_sync import HttpRequest, HttpResponse, Timeout
from realtime_sync.contrib.flask import get_client, realtime_blueprint
from realtime_sync.fixtures import FixtureTransport
from realtime_sync.webhook_delivery import DeliveryStore, MemoryDeliveryStore

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "recordings" / "flask_calls.json"
#: Offline only: authenticates against the replayed fixture, never a real key.
DEMO_API_KEY = "sk-offline-flask-demo"
#: Offline only: signs and verifies the demo's webhooks (base64 of "flask-example-demo-secret").
DEMO_WEBHOOK_SECRET = "whsec_Zmxhc2stZXhhbXBsZS1kZW1vLXNlY3JldA=="

SUPPORT_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are Example Corp's phone support. Greet the caller and ask how you can help.",
    "audio": {"output": {"voice": "marin"}},
}
BROWSER_SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are the voice assistant of Example Corp's website. Be brief.",
}


def on_incoming_call(event: Any) -> None:
    """``realtime.call.incoming``: answer with the support session (a short request: the caller is waiting)."""
    get_client().calls.accept(event.data.call_id, session=SUPPORT_SESSION, timeout=10)


def remember_call(call_id: str) -> None:
    """The SDP proxy's hook: the call id stays in the server-side session, never in the page."""
    session["realtime_call_id"] = call_id


class ReplayTransport:
    """Offline mode: answers every request from the fixture, as often as asked."""

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        replayer = FixtureTransport(FIXTURE, record_mode="none", env_override=False)
        try:
            return replayer.send(request, timeout=timeout)
        finally:
            replayer.close()

    def close(self) -> None:
        pass


def delivery_store() -> DeliveryStore:
    url = os.environ.get("REDIS_URL")
    if url:
        from realtime_sync.contrib.redis import RedisDeliveryStore

        return RedisDeliveryStore.from_url(url)
    return MemoryDeliveryStore()  # one process (flask run): fine for the demo


def create_app(config: Optional[Mapping[str, Any]] = None) -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("FLASK_SECRET_KEY", "example-only-insecure-key-change-me")
    if os.environ.get("OPENAI_API_KEY"):
        app.config["OPENAI_API_KEY"] = os.environ["OPENAI_API_KEY"]
        app.config["OPENAI_WEBHOOK_SECRET"] = os.environ.get("OPENAI_WEBHOOK_SECRET")
    else:
        app.config.update(
            OPENAI_API_KEY=DEMO_API_KEY,
            OPENAI_WEBHOOK_SECRET=os.environ.get("OPENAI_WEBHOOK_SECRET") or DEMO_WEBHOOK_SECRET,
            REALTIME_SYNC_TRANSPORT=ReplayTransport(),
            REALTIME_SYNC_MAX_RETRIES=0,
        )
    app.config.update(config or {})

    app.register_blueprint(
        realtime_blueprint(
            webhook_handler={"realtime.call.incoming": on_incoming_call},
            store=delivery_store(),
            authorize=lambda: "user" in session,
            session=BROWSER_SESSION,
            expires_after={"anchor": "created_at", "seconds": 600},
            on_call=remember_call,
        )
    )

    @app.post("/login")
    def login() -> Any:
        # A stand-in for your real login: the browser endpoints only need "someone is logged in".
        session["user"] = request.form.get("name") or "guest"
        return jsonify({"user": session["user"]})

    @app.post("/realtime/hangup/")
    def hangup() -> Any:
        call_id = session.pop("realtime_call_id", None)
        if call_id is None:
            return jsonify({"ended": False})
        get_client().calls.hangup(call_id)
        return jsonify({"ended": True})

    return app
