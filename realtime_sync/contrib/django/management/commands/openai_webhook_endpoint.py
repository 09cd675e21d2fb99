"""``manage.py openai_webhook_endpoint``: register this site's webhook endpoint with OpenAI.

Creates the endpoint OpenAI posts to (by default ``https://<site>/openai/webhook/``
for ``realtime.call.incoming``) with the settings' API key, unless one with the
same URL exists already, and says where its signing secret goes. The secret is
shown once by the API, so the command insists on being told where to put it:
``--secret-out FILE`` (created with mode 0600) or ``--show-secret``.
"""

from typing import Any, List, Optional

from django.core.management.base import BaseCommand, CommandError, CommandParser

from realtime_sync._secret_file import write_private
from realtime_sync.contrib.django import get_client
from realtime_sync.errors import APIError, RequestValidationError

DEFAULT_PATH = "/openai/webhook/"
DEFAULT_EVENT_TYPES = ["realtime.call.incoming"]


class Command(BaseCommand):  # type: ignore[misc]
    help = (
        "Register this site's webhook endpoint with OpenAI (POST /webhook_endpoints), once, and say where its "
        "signing secret goes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--site", metavar="HOST", help="the public host name: https://HOST/openai/webhook/")
        where.add_argument("--url", metavar="URL", help="the full HTTPS URL of the webhook view")
        parser.add_argument("--path", metavar="PATH", default=DEFAULT_PATH, help="with --site (default %(default)s)")
        parser.add_argument(
            "--event-type",
            metavar="TYPE",
            action="append",
            dest="event_types",
            help="an event type to deliver (repeat for several; default realtime.call.incoming)",
        )
        parser.add_argument("--name", metavar="NAME", help="the endpoint's name (default: the host)")
        secret = parser.add_mutually_exclusive_group(required=True)
        secret.add_argument("--show-secret", action="store_true", help="print the signing secret (shown once)")
        secret.add_argument("--secret-out", metavar="FILE", help="write the signing secret to FILE (mode 0600)")

    def handle(self, *args: Any, **options: Any) -> None:

        url = options["url"] or "https://%s/%s" % (options["site"].strip("/"), options["path"].lstrip("/"))
        if not url.startswith("https://"):
            raise CommandError("--url: OpenAI delivers webhooks to HTTPS URLs only, got %r" % url)
        event_types: List[str] = options["event_types"] or list(DEFAULT_EVENT_TYPES)
        name = options["name"] or url.split("/")[2]
        client = get_client()
        try:
            existing = next((e for e in client.webhooks.list() if e.url == url), None)
            if existing is not None:
                # Never a second endpoint for one URL: every delivery would arrive twice.
                self.stdout.write(
                    "%s is already registered as %s (%s); nothing created. For a new signing secret run "
                    "'realtime-sync webhook endpoints rotate-secret %s --secret-out FILE'."
                    % (url, existing.id, ", ".join(existing.event_types or []), existing.id)
                )
                return
            endpoint = client.webhooks.create(name=name, url=url, event_types=event_types)
        except (APIError, RequestValidationError) as exc:
            raise CommandError(str(exc)) from None
        secret = endpoint.signing_secret
        written: Optional[str] = options["secret_out"]
        if written:
            try:
                write_private(written, secret)
            except OSError as exc:
                raise CommandError(
                    "--secret-out: cannot write %r: %s; endpoint %s was created: run 'realtime-sync webhook "
                    "endpoints rotate-secret %s' for a new secret"
                    % (written, exc.strerror or exc, endpoint.id, endpoint.id)
                ) from None
        self.stdout.write("Registered %s as %s for %s." % (url, endpoint.id, ", ".join(event_types)))
        if written:
            self.stdout.write("The signing secret is in %s (hint %s)." % (written, endpoint.signing_secret_hint))
        else:
            self.stdout.write("Signing secret (shown once): %s" % secret)
        self.stdout.write(
            "Give it to every server that runs the webhook view: the OPENAI_WEBHOOK_SECRET environment variable, "
            "or settings.REALTIME_SYNC['WEBHOOK_SECRET'] (read from your secret store, not committed)."
        )
