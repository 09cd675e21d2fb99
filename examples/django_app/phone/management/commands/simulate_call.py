"""``manage.py simulate_call support [--surface live]``: deliver a signed incoming-call webhook, as OpenAI would."""

import os
import urllib.error
import urllib.request
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from phone.scenarios import SCENARIOS, SURFACES, as_meta, signed_delivery
from realtime_sync.contrib.django import realtime_setting


class Command(BaseCommand):
    help = (
        "Post a signed realtime.call.incoming (or, with --surface live, live.transport.incoming) webhook to this"
        " project (in-process, or to --url)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("scenario", choices=sorted(SCENARIOS), help="which sample call to deliver")
        parser.add_argument(
            "--url", help="POST to a running server instead, e.g. http://127.0.0.1:8000/openai/webhook/"
        )
        parser.add_argument("--webhook-id", default="", help="the webhook-id header (repeat one to see deduplication)")
        parser.add_argument(
            "--surface",
            choices=SURFACES,
            default="realtime",
            help="which of the call's two webhooks: realtime.call.incoming (default) or live.transport.incoming",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        secret = realtime_setting("WEBHOOK_SECRET") or os.environ.get("OPENAI_WEBHOOK_SECRET")
        if not secret:
            raise CommandError("No webhook secret: set OPENAI_WEBHOOK_SECRET (or run offline, without OPENAI_API_KEY).")
        body, headers = signed_delivery(options["scenario"], secret, options["webhook_id"], surface=options["surface"])
        if options["url"]:
            request = urllib.request.Request(
                options["url"], data=body, method="POST", headers=dict(headers, **{"Content-Type": "application/json"})
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            target = options["url"]
        else:
            response = Client().post("/openai/webhook/", data=body, content_type="application/json", **as_meta(headers))
            status = response.status_code
            target = "/openai/webhook/"
        self.stdout.write(
            "POST %s (%s, webhook-id %s) -> %d" % (target, options["scenario"], headers["webhook-id"], status)
        )
        if status != 200:
            raise CommandError("the webhook was not accepted (HTTP %d)" % status)
