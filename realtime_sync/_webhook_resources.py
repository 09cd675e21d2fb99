"""``client.webhooks``: the official SDK's webhook surface on the client.

``unwrap`` and ``verify_signature`` use the client's ``webhook_secret`` and
delegate to :mod:`realtime_sync.webhooks` (imported on first use, as
``client.realtime`` imports the sideband: the verifier stays standard-library
only and a client that never sees a webhook never loads it).
"""

from typing import TYPE_CHECKING, Optional

from .errors import ConfigurationError

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient
    from .webhooks import Body, HeadersLike, WebhookEvent

__all__ = ["Webhooks"]

# The official SDK's wording, so users searching for it find the same fix.
_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, "
    "on the client class, RealtimeClient(webhook_secret='123'), or passed to this function"
)


class Webhooks:
    """``client.webhooks``: verify and parse deliveries with the client's ``webhook_secret``.

    Same names, signatures and exceptions as the official SDK's
    ``client.webhooks``; the module-level :mod:`realtime_sync.webhooks`
    functions do the work.

    Example::

        client = RealtimeClient(webhook_secret="whsec_...")
        event = client.webhooks.unwrap(request.body, request.headers)
    """

    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client

    def _secret(self, secret: Optional[str]) -> str:
        if secret is None:
            secret = self._client.webhook_secret
        if secret is None:
            raise ConfigurationError(_NO_SECRET)
        return secret

    def unwrap(self, payload: "Body", headers: "HeadersLike", *, secret: Optional[str] = None) -> "WebhookEvent":
        """Verify ``payload`` (the raw body) against ``headers``, then parse it into a typed event.

        ``secret`` defaults to the client's ``webhook_secret`` (itself from
        ``OPENAI_WEBHOOK_SECRET`` when the client was created). Raises
        :class:`~realtime_sync.errors.InvalidWebhookSignatureError` for a
        delivery to refuse, :class:`~realtime_sync.errors.ConfigurationError`
        (a ``ValueError``, as the SDK's) when there is no secret, and
        :class:`~realtime_sync.webhooks.InvalidWebhookPayloadError` for a
        signed body that is not a valid event. Tolerance: 300 s either way.

        Example::

            event = client.webhooks.unwrap(request.body, request.headers)
            if isinstance(event, webhooks.RealtimeCallIncomingEvent):
                client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})
        """
        from . import webhooks

        return webhooks.unwrap(payload, headers, self._secret(secret))

    def verify_signature(
        self,
        payload: "Body",
        headers: "HeadersLike",
        *,
        secret: Optional[str] = None,
        tolerance: int = 300,
    ) -> None:
        """Check that ``payload`` was signed by OpenAI; return ``None`` or raise.

        ``tolerance`` is the accepted age (and clock skew into the future), in
        seconds. Exceptions as :meth:`unwrap`.

        Example::

            client.webhooks.verify_signature(request.body, request.headers, tolerance=60)
        """
        from . import webhooks

        webhooks.verify(payload, headers, self._secret(secret), tolerance=tolerance)
