"""The REST resources: ``client.calls``, ``client.client_secrets``, ``client.translations``.

Each method builds the body through ``_serde`` (which validates it), sends it
through the client's retry loop, and parses the answer. Nothing is sent when
the input is invalid.
"""

import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _multipart, _serde
from ._redaction import library_logger
from ._resource import Resource, check_extra_body, id_segment, invalid_response, short_repr
from ._types import NOT_GIVEN, ExtraBody, ExtraHeaders, MaxRetriesArg, RetryMode, TimeoutArg
from .errors import RequestValidationError
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

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient

log = library_logger("realtime_sync")

__all__ = ["Calls", "ClientSecrets", "Translations", "TranslationClientSecrets"]

SessionInput = Union[RealtimeSessionCreateRequest, Mapping[str, Any]]
ClientSecretSessionInput = Union[
    RealtimeSessionCreateRequest, RealtimeTranscriptionSessionCreateRequest, Mapping[str, Any]
]
ExpiresAfterInput = Union[ClientSecretExpiration, Mapping[str, Any]]


class Calls(Resource):
    """``/realtime/calls``: create WebRTC calls; accept, refer, reject and hang up SIP calls.

    Example::

        client.calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})
    """

    def create(
        self,
        *,
        sdp: str,
        session: Optional[SessionInput] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
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
            raise RequestValidationError(
                ["sdp: expected the SDP offer as a non-empty string, got %s" % short_repr(sdp)]
            )
        extra_body = check_extra_body(extra_body)
        fields = _serde.request_body(RealtimeCallCreateRequest, sdp=sdp, session=session)
        if "session" not in fields and not extra_body and self._client.is_ephemeral_key:
            payload, content_type = sdp.encode("utf-8"), "application/sdp"
        else:
            payload, content_type = _encode_multipart(sdp, fields, extra_body)
        request, response = self._request(
            "POST",
            "/realtime/calls",
            content=payload,
            content_type=content_type,
            accept="application/sdp",
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            # A create that may have reached the server is not repeated: each
            # repeat could start another (billed) call nobody will ever use.
            retry_mode=RetryMode.UNSENT,
        )
        try:
            answer = response.body.decode("utf-8")
        except UnicodeDecodeError:
            raise invalid_response("calls.create: the SDP answer is not UTF-8 text", [], request, response) from None
        if not answer.strip():
            raise invalid_response("calls.create: the server answered with an empty SDP", [], request, response)
        result = RealtimeCallCreateResponse(sdp=answer, location=response.headers.get("location"))
        if result.location and result.call_id is None:
            # The call exists and the browser needs this answer: return it, but never
            # hand out an "id" that would steer a later hangup to another endpoint.
            log.warning(
                "calls.create: the Location header %s does not end in a call id; call_id is None (request id %s)",
                short_repr(result.location),
                response.request_id,
            )
        return result

    def accept(
        self,
        call_id: str,
        *,
        session: SessionInput,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Accept an incoming SIP call; ``session`` is sent as the whole JSON body.

        Not repeated once the request may have reached the server (see the
        README's retry rules); pass ``max_retries=0`` to never retry.

        Example::

            client.calls.accept("rtc_123", session={"type": "realtime", "model": "gpt-realtime",
                                                    "instructions": "Greet the caller."})
        """
        path = _call_path(call_id, "accept")
        # The endpoint's rule: the accept body is the session itself, not {"session": ...}.
        body = _serde.request_body(RealtimeCallAcceptRequest, session=session)["session"]
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def refer(
        self,
        call_id: str,
        *,
        target_uri: str,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
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
                ["target_uri: expected a non-empty SIP or tel URI string, got %s" % short_repr(target_uri)]
            )
        body = _serde.request_body(RealtimeCallReferRequest, target_uri=target_uri)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def reject(
        self,
        call_id: str,
        *,
        status_code: Optional[int] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Reject an incoming SIP call; the server answers 603 Decline unless ``status_code`` is given.

        ``status_code`` is a SIP final response code from 300 to 699; anything
        else raises :class:`RequestValidationError` before sending.

        Example::

            client.calls.reject("rtc_123", status_code=486)  # Busy Here
        """
        path = _call_path(call_id, "reject")
        body = _serde.request_body(RealtimeCallRejectRequest, status_code=status_code)
        self._request(
            "POST",
            path,
            json_body=body,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
            retry_mode=RetryMode.UNSENT,
        )

    def hangup(
        self,
        call_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """End a SIP or WebRTC call. Sends no body.

        Safe to retry: a ``404 call_id_not_found`` on a retry means an earlier
        attempt already hung up, and counts as success.

        Example::

            client.calls.hangup("rtc_123")
        """
        path = _call_path(call_id, "hangup")
        self._request(
            "POST",
            path,
            accept="*/*",
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            retry_mode=RetryMode.HANGUP,
        )


class ClientSecrets(Resource):
    """``/realtime/client_secrets``: short-lived ``ek_`` keys for browsers and mobile apps.

    Example::

        secret = client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    """

    def create(
        self,
        *,
        session: Optional[ClientSecretSessionInput] = None,
        expires_after: Optional[ExpiresAfterInput] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
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
        request, response = self._request(
            "POST",
            "/realtime/client_secrets",
            json_body=body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(RealtimeCreateClientSecretResponse, request, response)


class TranslationClientSecrets(Resource):
    """``/realtime/translations/client_secrets``: ephemeral keys for translation sessions.

    Example::

        client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    def create(
        self,
        *,
        session: Union[RealtimeTranslationSessionCreateRequest, Mapping[str, Any]],
        expires_after: Optional[ExpiresAfterInput] = None,
        timeout: TimeoutArg = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_body: ExtraBody = None,
        max_retries: MaxRetriesArg = NOT_GIVEN,
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
        request, response = self._request(
            "POST",
            "/realtime/translations/client_secrets",
            json_body=body,
            accept="application/json",
            timeout=timeout,
            extra_headers=extra_headers,
            extra_body=extra_body,
            max_retries=max_retries,
        )
        return self._parse(RealtimeTranslationClientSecretCreateResponse, request, response)


class Translations:
    """``client.translations``: holds ``client_secrets`` for translation sessions.

    Example::

        client.translations.client_secrets.create(session={"model": "gpt-realtime-translate"})
    """

    def __init__(self, client: "RealtimeClient") -> None:
        self.client_secrets = TranslationClientSecrets(client)


def _call_path(call_id: str, verb: str) -> str:
    return "/realtime/calls/%s/%s" % (id_segment("call_id", call_id), verb)


def _encode_multipart(sdp: str, fields: Dict[str, Any], extra_body: ExtraBody) -> Tuple[bytes, str]:
    parts: List[_multipart.Part] = []
    problems: List[str] = []
    for name, value in (extra_body or {}).items():
        if name in ("sdp", "session"):
            continue
        if isinstance(value, str):
            text = value
        else:
            try:
                # Strict JSON: NaN or Infinity is not JSON and no server reads it.
                text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError, RecursionError) as exc:
                problems.append("extra_body[%r]: cannot be encoded as JSON (%s)" % (name, type(exc).__name__))
                continue
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append("extra_body[%r]: the text has lone surrogates, it cannot be sent as UTF-8" % (name,))
            continue
        parts.append(_multipart.Part(name, data))
    if problems:
        raise RequestValidationError(problems)
    parts.append(_multipart.Part("sdp", sdp.encode("utf-8"), "application/sdp"))
    if "session" in fields:
        parts.append(_multipart.Part("session", _serde.dumps(fields["session"]), "application/json"))
    return _multipart.encode(parts)
