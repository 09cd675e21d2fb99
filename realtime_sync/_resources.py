"""The REST resources: ``client.calls``, ``client.client_secrets``, ``client.translations``.

Each method builds the body through ``_serde`` (which validates it), sends it
through the client's retry loop, and parses the answer. Nothing is sent when
the input is invalid.
"""

import json
import uuid
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Type, TypeVar, Union
from urllib.parse import quote

from . import _serde
from ._client import _NOT_GIVEN
from .errors import APIResponseValidationError, RequestValidationError
from .models import (
    ClientSecretExpiration,
    RealtimeCallAcceptRequest,
    RealtimeCallCreateRequest,
    RealtimeCallCreateResponse,
    RealtimeCallReferRequest,
    RealtimeCallRejectRequest,
    RealtimeCreateClientSecretRequest,
    RealtimeCreateClientSecretResponse,
    RealtimeSessionCreateRequest,
    RealtimeTranscriptionSessionCreateRequest,
    RealtimeTranslationClientSecretCreateRequest,
    RealtimeTranslationClientSecretCreateResponse,
    RealtimeTranslationSessionCreateRequest,
)
from .transport import HttpRequest, HttpResponse, TimeoutTypes

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient

__all__ = ["Calls", "ClientSecrets", "Translations", "TranslationClientSecrets"]

T = TypeVar("T")

SessionInput = Union[RealtimeSessionCreateRequest, Mapping[str, Any]]
ClientSecretSessionInput = Union[
    RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest, Mapping[str, Any]
]
ExpiresAfterInput = Union[ClientSecretExpiration, Mapping[str, Any]]
ExtraHeaders = Optional[Mapping[str, Optional[str]]]
ExtraBody = Optional[Mapping[str, Any]]


class _Resource:
    def __init__(self, client: "RealtimeClient") -> None:
        self._client = client

    def _post_json(
        self,
        path: str,
        body: Optional[Dict[str, Any]],
        *,
        accept: str,
        timeout: TimeoutTypes,
        extra_headers: ExtraHeaders,
        extra_body: ExtraBody,
        max_retries: Optional[int],
        retry_mode: str = "always",
    ) -> Tuple[HttpRequest, HttpResponse]:
        if body is None:
            payload = b""
            content_type = None
        else:
            if extra_body:
                body = dict(body, **extra_body)
            payload = _serde.dumps(body)
            content_type = "application/json"
        return self._client._request(
            path,
            body=payload,
            content_type=content_type,
            accept=accept,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            retry_mode=retry_mode,
        )


class Calls(_Resource):
    """``/realtime/calls``: create WebRTC calls; accept, refer, reject and hang up SIP calls.

    Example::

        client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})
    """

    def create(
        self,
        *,
        sdp: str,
        session: Optional[SessionInput] = None,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> RealtimeCallCreateResponse:
        """Send a WebRTC SDP offer; get the SDP answer, the Location and the call id.

        Retried only while the request certainly did not reach the server
        (as accept/refer/reject): a repeated create could start a second call.

        Sent as multipart/form-data (``sdp`` part, plus ``session`` as JSON when
        given) unless the key is an ephemeral ``ek_`` secret and there is no
        session, in which case the raw SDP goes as ``application/sdp``, the
        browser form.

        Example::

            answer = client.calls.create(sdp=offer, session={"type": "realtime", "model": "gpt-realtime"})
            print(answer.call_id, answer.sdp)
        """
        if not isinstance(sdp, str) or not sdp.strip():
            raise RequestValidationError(["sdp: expected the SDP offer as a non-empty string, got %s" % _short(sdp)])
        fields = _serde.request_body(RealtimeCallCreateRequest, sdp=sdp, session=session)
        if "session" not in fields and not extra_body and self._client.is_ephemeral_key:
            payload, content_type = sdp.encode("utf-8"), "application/sdp"
        else:
            payload, content_type = _encode_multipart(sdp, fields, extra_body)
        request, response = self._client._request(
            "/realtime/calls",
            body=payload,
            content_type=content_type,
            accept="application/sdp",
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            # A create that may have reached the server is not repeated: each
            # repeat could start another (billed) call nobody will ever use.
            retry_mode="unsent",
        )
        try:
            answer = response.body.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid("calls.create: the SDP answer is not UTF-8 text", [], request, response) from None
        if not answer.strip():
            raise _invalid("calls.create: the server answered with an empty SDP", [], request, response)
        return RealtimeCallCreateResponse(sdp=answer, location=response.headers.get("location"))

    def accept(
        self,
        call_id: str,
        *,
        session: SessionInput,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> None:
        """Accept an incoming SIP call; ``session`` is sent as the whole JSON body.

        Not repeated once the request may have reached the server (see the
        README's retry rules); pass ``max_retries=0`` to never retry.

        Example::

            client.calls.accept("rtc_123", session={"type": "realtime", "model": "gpt-realtime",
                                                    "instructions": "Greet the caller."})
        """
        path = _call_path(call_id, "accept")
        body = _serde.request_body(RealtimeCallAcceptRequest, session=session)
        self._post_json(
            path,
            body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode="unsent",
        )

    def refer(
        self,
        call_id: str,
        *,
        target_uri: str,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> None:
        """Transfer a SIP call (SIP REFER) to ``target_uri``, e.g. ``tel:+14155550123``.

        A URI with a control character (CR, LF, NUL, DEL ...) raises
        :class:`RequestValidationError` before sending.

        Example::

            client.calls.refer("rtc_123", target_uri="sip:agent@example.com")
        """
        path = _call_path(call_id, "refer")
        if not isinstance(target_uri, str) or not target_uri.strip():
            raise RequestValidationError(
                ["target_uri: expected a non-empty SIP or tel URI string, got %s" % _short(target_uri)]
            )
        body = _serde.request_body(RealtimeCallReferRequest, target_uri=target_uri)
        self._post_json(
            path,
            body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode="unsent",
        )

    def reject(
        self,
        call_id: str,
        *,
        status_code: Optional[int] = None,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> None:
        """Reject an incoming SIP call; the server answers 603 Decline unless ``status_code`` is given.

        ``status_code`` is a SIP final response code from 300 to 699; anything
        else raises :class:`RequestValidationError` before sending.

        Example::

            client.calls.reject("rtc_123", status_code=486)  # Busy Here
        """
        path = _call_path(call_id, "reject")
        body = _serde.request_body(RealtimeCallRejectRequest, status_code=status_code)
        self._post_json(
            path,
            body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode="unsent",
        )

    def hangup(
        self,
        call_id: str,
        *,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        max_retries: Optional[int] = None,
    ) -> None:
        """End a SIP or WebRTC call. Sends no body.

        Safe to retry: a ``404 call_id_not_found`` on a retry means an earlier
        attempt already hung up, and counts as success.

        Example::

            client.calls.hangup("rtc_123")
        """
        path = _call_path(call_id, "hangup")
        self._post_json(
            path,
            None,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=None,
            max_retries=max_retries,
            retry_mode="hangup",
        )


class ClientSecrets(_Resource):
    """``/realtime/client_secrets``: short-lived ``ek_`` keys for browsers and mobile apps.

    Example::

        secret = client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    """

    def create(
        self,
        *,
        session: Optional[ClientSecretSessionInput] = None,
        expires_after: Optional[ExpiresAfterInput] = None,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> RealtimeCreateClientSecretResponse:
        """Mint an ephemeral client secret, optionally bound to a realtime or transcription session.

        Example::

            secret = client.client_secrets.create(
                session={"type": "realtime", "model": "gpt-realtime"},
                expires_after={"anchor": "created_at", "seconds": 600},
            )
            return {"value": secret.value, "expires_at": secret.expires_at}
        """
        body = _serde.request_body(RealtimeCreateClientSecretRequest, session=session, expires_after=expires_after)
        request, response = self._post_json(
            "/realtime/client_secrets",
            body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return _parse(RealtimeCreateClientSecretResponse, request, response)


class TranslationClientSecrets(_Resource):
    """``/realtime/translations/client_secrets``: ephemeral keys for translation sessions.

    Example::

        client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    def create(
        self,
        *,
        session: Union[RealtimeTranslationSessionCreateRequest, Mapping[str, Any]],
        expires_after: Optional[ExpiresAfterInput] = None,
        timeout: TimeoutTypes = _NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: Optional[int] = None,
    ) -> RealtimeTranslationClientSecretCreateResponse:
        """Mint an ephemeral key for a translation session (``session`` is required).

        Example::

            secret = client.translations.client_secrets.create(
                session={"model": "gpt-realtime-translate", "audio": {"output": {"language": "es"}}}
            )
        """
        if session is None:
            raise RequestValidationError(["session: required (a translation session with at least a model)"])
        body = _serde.request_body(
            RealtimeTranslationClientSecretCreateRequest, session=session, expires_after=expires_after
        )
        request, response = self._post_json(
            "/realtime/translations/client_secrets",
            body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return _parse(RealtimeTranslationClientSecretCreateResponse, request, response)


class Translations:
    """``client.translations``: holds ``client_secrets`` for translation sessions.

    Example::

        client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    def __init__(self, client: "RealtimeClient") -> None:
        self.client_secrets = TranslationClientSecrets(client)


def _call_path(call_id: str, verb: str) -> str:
    if not isinstance(call_id, str) or not call_id:
        raise RequestValidationError(["call_id: expected a non-empty string, got %s" % _short(call_id)])
    # One path segment, whatever it contains: "a/b c" -> "a%2Fb%20c".
    return "/realtime/calls/%s/%s" % (quote(call_id, safe=""), verb)


def _encode_multipart(sdp: str, fields: Dict[str, Any], extra_body: ExtraBody) -> Tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: List[Tuple[str, Optional[str], bytes]] = []
    for name, value in (extra_body or {}).items():
        if name in ("sdp", "session"):
            continue
        text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        parts.append((name, None, text.encode("utf-8")))
    parts.append(("sdp", "application/sdp", sdp.encode("utf-8")))
    if "session" in fields:
        parts.append(("session", "application/json", _serde.dumps(fields["session"])))
    chunks = []
    for name, content_type, data in parts:
        head = '--%s\r\nContent-Disposition: form-data; name="%s"\r\n' % (boundary, name)
        if content_type:
            head += "Content-Type: %s\r\n" % content_type
        chunks.append(head.encode("utf-8") + b"\r\n" + data + b"\r\n")
    chunks.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(chunks), "multipart/form-data; boundary=" + boundary


def _parse(cls: Type[T], request: HttpRequest, response: HttpResponse) -> T:
    try:
        data = json.loads(response.body.decode("utf-8"))
    except ValueError:
        raise _invalid(
            "%s: the response body is not valid JSON (%d bytes)" % (cls.__name__, len(response.body)),
            [],
            request,
            response,
        ) from None
    try:
        return _serde.parse_response(cls, data)
    except APIResponseValidationError as exc:
        raise _invalid(
            "%s: the response does not have the expected shape" % cls.__name__, exc.errors, request, response
        ) from exc


def _invalid(
    message: str, errors: List[str], request: HttpRequest, response: HttpResponse
) -> APIResponseValidationError:
    return APIResponseValidationError(message, errors=errors, response=response, request=request)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
