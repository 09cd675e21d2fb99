"""The webhook endpoints' models: ``client.webhooks`` endpoint management (``/webhook_endpoints``).

Part of :mod:`realtime_sync.models` (every name here is importable from there), in a module of its own so
that a process which never manages an endpoint never builds these classes (import time, issue 19).
Receiving webhooks needs none of this: :mod:`realtime_sync.webhooks` is standard library only.
"""

from typing import List, Literal, Optional, Union

import attrs

from .._redaction import masked_repr
from . import ESSENTIAL, Model

__all__ = [
    "DeletedWebhookEndpoint",
    "WebhookEndpoint",
    "WebhookEndpointCreateRequest",
    "WebhookEndpointEventType",
    "WebhookEndpointList",
    "WebhookEndpointRotateSecretRequest",
    "WebhookEndpointTestRequest",
    "WebhookEndpointTestResult",
    "WebhookEndpointUpdateRequest",
    "WebhookEndpointWithSecret",
    "WebhookEventTypeList",
]

#: The event types an endpoint can subscribe to: the official SDK's list plus the Live API's
#: transport events (its list lacks them). Open: any other string is sent as it is.
WebhookEndpointEventType = Union[
    Literal[
        "batch.completed",
        "batch.failed",
        "batch.expired",
        "batch.cancelled",
        "response.completed",
        "response.failed",
        "response.cancelled",
        "response.incomplete",
        "eval.run.succeeded",
        "eval.run.failed",
        "eval.run.canceled",
        "fine_tuning.job.succeeded",
        "fine_tuning.job.failed",
        "fine_tuning.job.cancelled",
        "realtime.call.incoming",
        "live.transport.incoming",
        "live.transport.connected",
        "video.completed",
        "video.failed",
        "agent.environment.ready",
        "agent.environment.failed",
        "agent.environment.suspended",
        "agent.environment.expired",
        "agent.session.created",
        "agent.session.action_required",
        "agent.session.in_progress",
        "agent.session.idle",
        "agent.session.failed",
        "safety.alert.created",
    ],
    str,
]


@attrs.frozen
class WebhookEndpointCreateRequest(Model):
    """Body of ``POST /webhook_endpoints``: all three fields required."""

    event_types: List[WebhookEndpointEventType]
    name: str
    url: str


@attrs.frozen
class WebhookEndpointUpdateRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}``: only the fields given change (``event_types`` is the whole new set)."""

    event_types: Optional[List[WebhookEndpointEventType]] = None
    name: Optional[str] = None
    url: Optional[str] = None


@attrs.frozen
class WebhookEndpointRotateSecretRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}/rotate_secret`` (``{}``: the old secret stops at once)."""

    keep_old_secret_active_for_24_hours: Optional[bool] = None


@attrs.frozen
class WebhookEndpointTestRequest(Model):
    """Body of ``POST /webhook_endpoints/{id}/test``: the event type of the sample delivery."""

    event_type: WebhookEndpointEventType


@attrs.frozen(kw_only=True)
class WebhookEndpoint(Model):
    """A webhook endpoint; ``signing_secret_hint`` is the server's masked hint, never the secret."""

    id: str = attrs.field(metadata=ESSENTIAL)
    created_at: Optional[int] = None
    event_types: Optional[List[str]] = None
    name: Optional[str] = None
    object: Optional[str] = None
    signing_secret_hint: Optional[str] = None
    url: Optional[str] = None
    updated_at: Optional[int] = None


@attrs.frozen(kw_only=True)
class WebhookEndpointWithSecret(WebhookEndpoint):
    """An endpoint with its ``signing_secret`` (masked in the repr): only from create and rotate_secret."""

    signing_secret: str = attrs.field(repr=masked_repr, metadata=ESSENTIAL)


@attrs.frozen(kw_only=True)
class WebhookEndpointList(Model):
    """One page of ``GET /webhook_endpoints``."""

    data: List[WebhookEndpoint]
    first_id: Optional[str] = None
    last_id: Optional[str] = None
    has_more: Optional[bool] = None
    object: Optional[str] = None


@attrs.frozen(kw_only=True)
class DeletedWebhookEndpoint(Model):
    """The answer of ``DELETE /webhook_endpoints/{id}``."""

    id: str
    deleted: bool
    object: Optional[str] = None


@attrs.frozen(kw_only=True)
class WebhookEndpointTestResult(Model):
    """The answer of ``POST /webhook_endpoints/{id}/test``: ``status_code`` is what your endpoint answered."""

    event_type: Optional[str] = None
    object: Optional[str] = None
    status_code: Optional[int] = None
    success: Optional[bool] = None
    webhook_endpoint_id: Optional[str] = None


@attrs.frozen(kw_only=True)
class WebhookEventTypeList(Model):
    """The answer of ``GET /webhook_event_types``: the types this project may subscribe to."""

    data: List[str]
    object: Optional[str] = None
