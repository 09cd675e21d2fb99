"""``client.webhooks``: the official SDK's webhook surface on the client.

Endpoint management (``/webhook_endpoints``, ``/webhook_event_types``) goes
through the client's seam like every resource. ``unwrap`` and
``verify_signature`` use the client's ``webhook_secret`` and delegate to
:mod:`realtime_sync.webhooks` (imported on first use, as ``client.realtime``
imports the sideband: the verifier stays standard-library only and a client
that never sees a webhook never loads it).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence

from . import _serde
from ._pagination import SyncCursorPage
from ._resource import Resource, id_segment
from ._response import to_raw_response_wrapper, to_streamed_response_wrapper
from ._text import short_repr
from ._types import NOT_GIVEN, ExtraBody, ExtraHeaders, ExtraQuery, MaxRetriesArg, RetryMode, TimeoutArg
from .errors import ConfigurationError, RequestValidationError

# The endpoint models are imported by the methods that use them: a client that never manages an
# endpoint never builds them (about 20 M instructions of import time, issue 19).
if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient
    from .models import DeletedWebhookEndpoint as DeletedWebhookEndpoint
    from .models import WebhookEndpoint as WebhookEndpoint
    from .models import WebhookEndpointCreateRequest as WebhookEndpointCreateRequest
    from .models import WebhookEndpointEventType as WebhookEndpointEventType
    from .models import WebhookEndpointList as WebhookEndpointList
    from .models import WebhookEndpointRotateSecretRequest as WebhookEndpointRotateSecretRequest
    from .models import WebhookEndpointTestRequest as WebhookEndpointTestRequest
    from .models import WebhookEndpointTestResult as WebhookEndpointTestResult
    from .models import WebhookEndpointUpdateRequest as WebhookEndpointUpdateRequest
    from .models import WebhookEndpointWithSecret as WebhookEndpointWithSecret
    from .models import WebhookEventTypeList as WebhookEventTypeList
    from .webhooks import Body, HeadersLike, WebhookEvent

__all__ = [
    "WebhookEventTypes",
    "WebhookEventTypesWithRawResponse",
    "WebhookEventTypesWithStreamingResponse",
    "Webhooks",
    "WebhooksWithRawResponse",
    "WebhooksWithStreamingResponse",
]

# The official SDK's wording, so users searching for it find the same fix.
_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, "
    "on the client class, RealtimeClient(webhook_secret='123'), or passed to this function"
)


class WebhookEventTypes(Resource):
    """``client.webhooks.event_types``: the event types this project may subscribe to.

    Example::

        print(client.webhooks.event_types.list().data)
    """

    @functools.cached_property
    def with_raw_response(self) -> "WebhookEventTypesWithRawResponse":
        """``list`` returning the HTTP answer (:class:`~realtime_sync.RawResponse`), as in the SDK."""
        return WebhookEventTypesWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "WebhookEventTypesWithStreamingResponse":
        """``list`` returning a :class:`~realtime_sync.StreamingResponse` to use in ``with``."""
        return WebhookEventTypesWithStreamingResponse(self)

    def list(
        self,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEventTypeList":
        """``GET /webhook_event_types``.

        ``extra_body`` is accepted for the SDK's signature; a GET sends no body.

        Example::

            if "live.transport.incoming" in client.webhooks.event_types.list().data:
                ...
        """
        from .models._webhook_endpoints import WebhookEventTypeList

        request, response = self._request(
            "GET",
            "/webhook_event_types",
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
        )
        return self._parse(WebhookEventTypeList, request, response)


class Webhooks(Resource):
    """``client.webhooks``: manage webhook endpoints; verify and parse deliveries.

    Same names, signatures and exceptions as the official SDK's
    ``client.webhooks``. ``create`` and ``rotate_secret`` return the endpoint
    *with* its ``signing_secret`` (the only times the API shows it; masked in
    the repr); every other answer carries only ``signing_secret_hint``.
    ``unwrap`` / ``verify_signature`` use the client's ``webhook_secret``; the
    module-level :mod:`realtime_sync.webhooks` functions do the work.

    Retries: ``create`` and ``rotate_secret`` are repeated only when the server
    certainly did not act (a repeated create makes a second endpoint; a
    repeated rotation replaces the secret you were just given); the others
    follow the client's retry policy. A ``NotFoundError`` from a retried
    ``delete`` means an earlier attempt deleted it.

    Example::

        client = RealtimeClient(webhook_secret="whsec_...")
        event = client.webhooks.unwrap(request.body, request.headers)
        endpoint = client.webhooks.create(name="calls", url="https://example.com/openai/webhook/",
                                          event_types=["realtime.call.incoming"])
    """

    def __init__(self, client: "RealtimeClient") -> None:
        super().__init__(client)
        self.event_types = WebhookEventTypes(client)

    @functools.cached_property
    def with_raw_response(self) -> "WebhooksWithRawResponse":
        """The endpoint-management methods returning the HTTP answer (:class:`~realtime_sync.RawResponse`).

        Example::

            raw = client.webhooks.with_raw_response.create(name="n", url=url, event_types=["batch.completed"])
            print(raw.status_code, raw.headers.get("x-request-id"), raw.parse().id)
        """
        return WebhooksWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> "WebhooksWithStreamingResponse":
        """The endpoint-management methods returning a :class:`~realtime_sync.StreamingResponse` for ``with``."""
        return WebhooksWithStreamingResponse(self)

    # -- endpoint management -------------------------------------------------
    def create(
        self,
        *,
        event_types: "Sequence[WebhookEndpointEventType]",
        name: str,
        url: str,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEndpointWithSecret":
        """``POST /webhook_endpoints``: a new endpoint, returned with its ``signing_secret``.

        Store the secret now (``OPENAI_WEBHOOK_SECRET`` on the receiving
        server): the API never shows it again, only ``signing_secret_hint``.

        Example::

            endpoint = client.webhooks.create(
                name="phone", url="https://example.com/openai/webhook/", event_types=["realtime.call.incoming"]
            )
            vault.store("OPENAI_WEBHOOK_SECRET", endpoint.signing_secret)
        """
        from .models._webhook_endpoints import WebhookEndpointCreateRequest, WebhookEndpointWithSecret

        body = _serde.request_body(WebhookEndpointCreateRequest, event_types=_listed(event_types), name=name, url=url)
        request, response = self._request(
            "POST",
            "/webhook_endpoints",
            json_body=body,
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )
        return self._parse(WebhookEndpointWithSecret, request, response)

    def retrieve(
        self,
        webhook_endpoint_id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEndpoint":
        """``GET /webhook_endpoints/{id}``.

        Example::

            print(client.webhooks.retrieve("we_123").url)
        """
        from .models._webhook_endpoints import WebhookEndpoint

        request, response = self._request(
            "GET",
            _endpoint_path(webhook_endpoint_id),
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
        )
        return self._parse(WebhookEndpoint, request, response)

    def update(
        self,
        webhook_endpoint_id: str,
        *,
        event_types: "Optional[Sequence[WebhookEndpointEventType]]" = None,
        name: Optional[str] = None,
        url: Optional[str] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEndpoint":
        """``POST /webhook_endpoints/{id}``: change the fields given (``event_types`` is the complete new set).

        Example::

            client.webhooks.update("we_123", event_types=["realtime.call.incoming", "live.transport.incoming"])
        """
        from .models._webhook_endpoints import WebhookEndpoint, WebhookEndpointUpdateRequest

        path = _endpoint_path(webhook_endpoint_id)
        body = _serde.request_body(
            WebhookEndpointUpdateRequest,
            event_types=None if event_types is None else _listed(event_types),
            name=name,
            url=url,
        )
        request, response = self._request(
            "POST",
            path,
            json_body=body,
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(WebhookEndpoint, request, response)

    def list(
        self,
        *,
        after: Optional[str] = None,
        limit: Optional[int] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "SyncCursorPage[WebhookEndpoint]":
        """``GET /webhook_endpoints`` (newest first): a page; iterating it fetches every following page.

        ``limit`` is the page size (server default 20), ``after`` the id of
        the last endpoint of the previous page.

        Example::

            for endpoint in client.webhooks.list():
                print(endpoint.id, endpoint.name, endpoint.event_types)
        """
        from .models._webhook_endpoints import WebhookEndpointList

        problems = []
        if after is not None and not isinstance(after, str):
            problems.append("after: expected a string (an endpoint id), got %s" % type(after).__name__)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10**6):
            problems.append("limit: expected a positive integer, got %s" % short_repr(limit))
        if extra_query is not None and not isinstance(extra_query, Mapping):
            problems.append("extra_query: expected a mapping of names to strings, got %s" % type(extra_query).__name__)
        if problems:
            raise RequestValidationError(problems)

        def fetch(cursor: Optional[str]) -> "SyncCursorPage[WebhookEndpoint]":
            query: Dict[str, Any] = dict(extra_query or {})
            if cursor is not None:
                query["after"] = cursor
            if limit is not None:
                query["limit"] = str(limit)
            request, response = self._request(
                "GET",
                "/webhook_endpoints",
                extra_query=query,
                timeout=timeout,
                extra_headers=extra_headers,
                max_retries=max_retries,
            )
            page = self._parse(WebhookEndpointList, request, response)
            return SyncCursorPage(
                page.data,
                has_more=page.has_more,
                first_id=page.first_id,
                last_id=page.last_id,
                object=page.object,
                fetch=fetch,
                request=request,
                response=response,
            )

        return fetch(after)

    def delete(
        self,
        webhook_endpoint_id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "DeletedWebhookEndpoint":
        """``DELETE /webhook_endpoints/{id}``.

        Example::

            assert client.webhooks.delete("we_123").deleted
        """
        from .models._webhook_endpoints import DeletedWebhookEndpoint

        request, response = self._request(
            "DELETE",
            _endpoint_path(webhook_endpoint_id),
            content_type="application/json",  # no body, but the SDK sends this header: same wire
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
        )
        return self._parse(DeletedWebhookEndpoint, request, response)

    def rotate_secret(
        self,
        webhook_endpoint_id: str,
        *,
        keep_old_secret_active_for_24_hours: Optional[bool] = None,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEndpointWithSecret":
        """``POST /webhook_endpoints/{id}/rotate_secret``: a new ``signing_secret``, returned once.

        By default the old secret stops working at once;
        ``keep_old_secret_active_for_24_hours=True`` keeps it valid for a day
        (deliveries then carry signatures from both, which
        :func:`realtime_sync.webhooks.verify` accepts with either secret).

        Example::

            rotated = client.webhooks.rotate_secret("we_123", keep_old_secret_active_for_24_hours=True)
            vault.store("OPENAI_WEBHOOK_SECRET", rotated.signing_secret)
        """
        from .models._webhook_endpoints import WebhookEndpointRotateSecretRequest, WebhookEndpointWithSecret

        path = _endpoint_path(webhook_endpoint_id, "/rotate_secret")
        body = _serde.request_body(
            WebhookEndpointRotateSecretRequest, keep_old_secret_active_for_24_hours=keep_old_secret_active_for_24_hours
        )
        request, response = self._request(
            "POST",
            path,
            json_body=body,
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )
        return self._parse(WebhookEndpointWithSecret, request, response)

    def test(
        self,
        webhook_endpoint_id: str,
        *,
        event_type: "WebhookEndpointEventType",
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> "WebhookEndpointTestResult":
        """``POST /webhook_endpoints/{id}/test``: OpenAI sends a sample ``event_type`` delivery to the endpoint.

        ``status_code`` of the result is what your endpoint answered
        (``success`` only says the test ran).

        Example::

            result = client.webhooks.test("we_123", event_type="realtime.call.incoming")
            assert result.status_code == 200
        """
        from .models._webhook_endpoints import WebhookEndpointTestRequest, WebhookEndpointTestResult

        path = _endpoint_path(webhook_endpoint_id, "/test")
        body = _serde.request_body(WebhookEndpointTestRequest, event_type=event_type)
        request, response = self._request(
            "POST",
            path,
            json_body=body,
            extra_query=extra_query,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(WebhookEndpointTestResult, request, response)

    # -- deliveries ------------------------------------------------------------

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


class WebhookEventTypesWithRawResponse:
    """``webhooks.event_types.with_raw_response``: ``list`` returns a :class:`~realtime_sync.RawResponse`."""

    def __init__(self, event_types: WebhookEventTypes) -> None:
        self.list = to_raw_response_wrapper(event_types.list)


class WebhookEventTypesWithStreamingResponse:
    """``webhooks.event_types.with_streaming_response``: ``list`` returns a ``StreamingResponse``."""

    def __init__(self, event_types: WebhookEventTypes) -> None:
        self.list = to_streamed_response_wrapper(event_types.list)


class WebhooksWithRawResponse:
    """``webhooks.with_raw_response``: each HTTP method returns a :class:`~realtime_sync.RawResponse`.

    ``unwrap`` and ``verify_signature`` send nothing, so they are not here (as in the SDK).
    """

    def __init__(self, webhooks: Webhooks) -> None:
        self.create = to_raw_response_wrapper(webhooks.create)
        self.retrieve = to_raw_response_wrapper(webhooks.retrieve)
        self.update = to_raw_response_wrapper(webhooks.update)
        self.list = to_raw_response_wrapper(webhooks.list)
        self.delete = to_raw_response_wrapper(webhooks.delete)
        self.rotate_secret = to_raw_response_wrapper(webhooks.rotate_secret)
        self.test = to_raw_response_wrapper(webhooks.test)
        self.event_types = webhooks.event_types.with_raw_response


class WebhooksWithStreamingResponse:
    """``webhooks.with_streaming_response``: each HTTP method returns a :class:`~realtime_sync.StreamingResponse`."""

    def __init__(self, webhooks: Webhooks) -> None:
        self.create = to_streamed_response_wrapper(webhooks.create)
        self.retrieve = to_streamed_response_wrapper(webhooks.retrieve)
        self.update = to_streamed_response_wrapper(webhooks.update)
        self.list = to_streamed_response_wrapper(webhooks.list)
        self.delete = to_streamed_response_wrapper(webhooks.delete)
        self.rotate_secret = to_streamed_response_wrapper(webhooks.rotate_secret)
        self.test = to_streamed_response_wrapper(webhooks.test)
        self.event_types = webhooks.event_types.with_streaming_response


def _endpoint_path(webhook_endpoint_id: Any, suffix: str = "") -> str:
    if webhook_endpoint_id == "":
        # The SDK's words: users' tests match them.
        raise RequestValidationError(["Expected a non-empty value for `webhook_endpoint_id` but received ''"])
    if webhook_endpoint_id in (".", ".."):
        # A dot segment would be resolved away by URL normalisation: another path.
        raise RequestValidationError(["webhook_endpoint_id: expected an id, got %s" % short_repr(webhook_endpoint_id)])
    return "/webhook_endpoints/" + id_segment("webhook_endpoint_id", webhook_endpoint_id) + suffix


def _listed(event_types: Any) -> Any:
    # A list or tuple of event types is sent as a JSON array; anything else
    # (a bare string is the usual slip) goes to the converter, which names it.
    return list(event_types) if isinstance(event_types, (list, tuple)) else event_types
