"""``manage.py sendtestwebhook``: post a signed test webhook to this project's own endpoint, as OpenAI would.

Like Django's ``sendtestemail``: it checks the endpoint end to end (the secret,
the signature on the raw body, the de-duplication store, the handler) without
waiting for a phone call. By default it finds the route of the project's
``WebhookView`` and delivers in-process; ``URL`` posts over HTTP to a running
server instead. Each run uses a fresh random ``webhook-id`` (a fixed id would be
de-duplicated after the first run: the handler would not run again).
"""

import json
import os
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Tuple

from django.core.management.base import BaseCommand, CommandError

from realtime_sync.contrib.django import realtime_setting
from realtime_sync.contrib.django.checks import webhook_routes
from realtime_sync.webhook_delivery import require_secret
from realtime_sync.webhooks import sign

EVENT_TYPES = ("realtime.call.incoming", "live.transport.incoming")


def sample_event(event_type: str, call_id: Optional[str] = None) -> Dict[str, Any]:
    """A test delivery of ``event_type``, shaped as OpenAI posts it, with a test call id."""
    suffix = os.urandom(8).hex()
    headers = [
        {"name": "From", "value": '"realtime_sync test" <sip:+15550100@example.invalid>;tag=%s' % suffix[:8]},
        {"name": "To", "value": "<sip:+15550199@sip.api.openai.com>"},
        {"name": "Call-ID", "value": "%s@example.invalid" % suffix},
    ]
    if event_type == "live.transport.incoming":
        data: Dict[str, Any] = {"session_id": call_id or "live_test_" + suffix, "type": "sip", "sip_headers": headers}
    else:
        data = {"call_id": call_id or "rtc_test_" + suffix, "sip_headers": headers, "sip_media_security": "srtp"}
    return {
        "id": "evt_test_" + suffix,
        "object": "event",
        "created_at": int(time.time()),
        "type": event_type,
        "data": data,
    }


class Command(BaseCommand):  # type: ignore[misc]
    help = (
        "Post a signed test webhook (a realtime.call.incoming by default) to this project's WebhookView, in-process,"
        " or to URL over HTTP. The handler runs for real: with a test call id OpenAI does not know, an accept in it"
        " fails (404), which the endpoint answers 500."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "url",
            nargs="?",
            help="http(s)://host/path/ of a running server, or a path of this project served in-process"
            " (default: the route of the project's WebhookView)",
        )
        parser.add_argument("--event-type", choices=EVENT_TYPES, default=EVENT_TYPES[0], help="the sample's type")
        parser.add_argument("--call-id", help="the sample's call (or Live session) id (default: a test id)")
        parser.add_argument("--body", help="send this file's bytes instead of the sample event")
        parser.add_argument(
            "--webhook-id", help="the webhook-id to sign (default: a fresh random wh_... id; repeat one to see dedupe)"
        )
        parser.add_argument(
            "--secret", help="the signing secret (default: REALTIME_SYNC['WEBHOOK_SECRET'] or $OPENAI_WEBHOOK_SECRET)"
        )
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a URL (30)")

    def handle(self, *args: Any, **options: Any) -> None:
        configured = options["secret"] or realtime_setting("WEBHOOK_SECRET")
        try:
            secret = require_secret(configured, 'REALTIME_SYNC["WEBHOOK_SECRET"] (or settings.OPENAI_WEBHOOK_SECRET)')
        except Exception as exc:
            raise CommandError(str(exc)) from None
        if options["body"]:
            try:
                with open(options["body"], "rb") as f:
                    body = f.read()
            except OSError as exc:
                raise CommandError("--body: cannot read %s (%s)" % (options["body"], exc.strerror)) from None
            what = options["body"]
        else:
            event = sample_event(options["event_type"], options["call_id"])
            body = json.dumps(event, separators=(",", ":")).encode("utf-8")
            what = "%s, call %s" % (event["type"], event["data"].get("call_id") or event["data"].get("session_id"))
        try:
            headers = sign(body, secret, webhook_id=options["webhook_id"])
        except Exception as exc:  # an unusable secret; the message never repeats it
            raise CommandError(str(exc)) from None
        target = options["url"] or self._default_route()
        if target.startswith(("http://", "https://")):
            status, answer = self._post_http(target, body, headers, options["timeout"])
        else:
            status, answer = self._post_in_process(target, body, headers)
        line = "POST %s (%s, webhook-id %s) -> %d" % (target, what, headers["webhook-id"], status)
        if answer:
            line += " " + answer
        if not 200 <= status < 300:
            raise CommandError(line)
        self.stdout.write(line)

    def _default_route(self) -> str:
        routes = webhook_routes()
        if not routes:
            raise CommandError("no WebhookView in the URLconf: pass the endpoint's URL or path")
        if len(routes) > 1:
            raise CommandError("several WebhookView routes (%s): pass the one to test" % ", ".join(routes))
        if any(c in routes[0] for c in "<^$(["):
            raise CommandError("the WebhookView route %s has parameters: pass a concrete path or URL" % routes[0])
        return routes[0]

    def _post_in_process(self, path: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, str]:
        from django.test import RequestFactory
        from django.urls import Resolver404, resolve

        try:
            match = resolve(path)
        except Resolver404:
            raise CommandError("%s is not a route of this project" % path) from None
        meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
        request = RequestFactory().post(path, data=body, content_type="application/json", **meta)
        response = match.func(request, *match.args, **match.kwargs)
        return response.status_code, _short(response.content)

    def _post_http(self, url: str, body: bytes, headers: Dict[str, str], timeout: float) -> Tuple[int, str]:
        request = urllib.request.Request(
            url, data=body, method="POST", headers=dict(headers, **{"Content-Type": "application/json"})
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, _short(response.read(2048))
        except urllib.error.HTTPError as exc:
            return exc.code, _short(exc.read(2048))
        except (urllib.error.URLError, OSError) as exc:
            raise CommandError("could not reach %s: %s" % (url, getattr(exc, "reason", exc))) from None


def _short(content: bytes) -> str:
    text = content.decode("utf-8", "replace").strip()
    return text if len(text) <= 200 else text[:197] + "..."
