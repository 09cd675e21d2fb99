"""The call-control bodies: ``client.calls`` (create, accept, refer, reject).

Part of :mod:`realtime_sync.models` (every name here is importable from there), in a module of its own so
that a process which never controls a call never builds these classes (import time, issue 19).
"""

import json
import os
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import attrs

from .._types import server_id
from . import Model, RealtimeSessionCreateRequest

__all__ = [
    "RealtimeCallAcceptRequest",
    "RealtimeCallCreateRequest",
    "RealtimeCallCreateResponse",
    "RealtimeCallReferRequest",
    "RealtimeCallRejectRequest",
]

# SIP final responses that end an INVITE without answering it: 3xx to 6xx
# (RFC 3261 sections 7.2 and 21). 1xx is provisional, 2xx would answer the call.
_REJECT_STATUS_MIN, _REJECT_STATUS_MAX = 300, 699
# Characters that must never reach a SIP header through Refer-To: C0 and C1
# controls (CR, LF and NUL included), DEL, and the Unicode line separators.
_URI_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@attrs.frozen
class RealtimeCallCreateRequest(Model):
    """Body of ``POST /realtime/calls``: the SDP offer and an optional session."""

    sdp: str = attrs.field(repr=False)
    session: Optional[RealtimeSessionCreateRequest] = None


@attrs.frozen
class RealtimeCallCreateResponse(Model):
    """The SDP answer of ``POST /realtime/calls`` and the ``Location`` of the new call.

    Also readable as the official SDK's binary content (``HttpxBinaryResponseContent``):
    ``text``, ``content``, ``encoding``, ``json()``, ``read()``, ``iter_bytes()``,
    ``iter_text()``, ``iter_lines()``, ``write_to_file()``, and ``response``, the
    HTTP answer itself (``response.headers["location"]``, ``response.status_code``).

    Example::

        answer = client.realtime.calls.create(sdp=offer, session={"type": "realtime"})
        answer.sdp == answer.text            # the SDP answer
        answer.call_id                       # "rtc_..." from the Location header
        answer.response.headers["location"]  # the SDK's way to the same
    """

    sdp: str = attrs.field(repr=False)
    location: Optional[str] = None
    #: The HTTP answer (a ``realtime_sync.HttpResponse``: status, headers, body) when the client
    #: made the call; not part of ``to_dict()``. Typed ``Any``: models never import the HTTP layer.
    response: Any = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self, **options: Any) -> Dict[str, Any]:
        """``{"sdp": ..., "location": ...}`` (the HTTP ``response`` is left out); options as :meth:`Model.to_dict`."""
        data = super().to_dict(**options)
        data.pop("response", None)
        return data

    @property
    def content(self) -> bytes:
        """The body as the server sent it (the SDP answer as UTF-8 bytes)."""
        if self.response is not None:
            body: bytes = self.response.body
            return body
        return self.sdp.encode("utf-8")

    @property
    def text(self) -> str:
        """The SDP answer (the SDK's name for :attr:`sdp`)."""
        return self.sdp

    @property
    def encoding(self) -> str:
        """The body's charset: ``utf-8`` (the answer is decoded as UTF-8)."""
        return "utf-8"

    @property
    def charset_encoding(self) -> Optional[str]:
        """The charset named in the ``Content-Type`` header, if any."""
        if self.response is None:
            return None
        for param in str(self.response.headers.get("content-type") or "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON (``ValueError`` for an SDP answer, which is not JSON)."""
        return json.loads(self.sdp, **kwargs)

    def read(self) -> bytes:
        """The body (already read): same as :attr:`content`."""
        return self.content

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces of ``chunk_size`` bytes (one piece by default)."""
        body = self.content
        size = chunk_size if chunk_size and chunk_size > 0 else max(len(body), 1)
        return (body[i : i + size] for i in range(0, len(body), size))

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The SDP answer in pieces of ``chunk_size`` characters (one piece by default)."""
        text = self.sdp
        size = chunk_size if chunk_size and chunk_size > 0 else max(len(text), 1)
        return (text[i : i + size] for i in range(0, len(text), size))

    def iter_lines(self) -> Iterator[str]:
        """The SDP answer line by line, without line endings."""
        return iter(self.sdp.splitlines())

    def write_to_file(self, file: "Union[str, os.PathLike[str]]") -> None:
        """Write the body to ``file`` (a path)."""
        with open(file, "wb") as out:
            out.write(self.content)

    def stream_to_file(self, file: "Union[str, os.PathLike[str]]", *, chunk_size: Optional[int] = None) -> None:
        """Same as :meth:`write_to_file` (the SDK's deprecated name)."""
        self.write_to_file(file)

    def close(self) -> None:
        """Nothing to release: the body was read when the call returned."""

    @property
    def call_id(self) -> Optional[str]:
        """The last path segment of ``location``; ``None`` without one, or when it is not an id.

        A segment that is a dot-segment or holds anything but plain id
        characters (a hostile ``Location: /v1/realtime/calls/..``) is not
        returned: it would steer a later ``hangup`` to another endpoint.
        """
        if not self.location:
            return None
        path = self.location.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return server_id(path.rsplit("/", 1)[-1])


@attrs.frozen
class RealtimeCallAcceptRequest(Model):
    """Body of ``POST /realtime/calls/{id}/accept``: the session itself, at the top level."""

    session: RealtimeSessionCreateRequest


@attrs.frozen
class RealtimeCallReferRequest(Model):
    """Body of ``POST /realtime/calls/{id}/refer``: the SIP ``Refer-To`` target."""

    target_uri: str

    def __check__(self) -> List[Tuple[str, str]]:
        found = _URI_CONTROL.search(self.target_uri)
        if found is None:
            return []
        return [
            (
                "target_uri",
                "expected a SIP or tel URI without control characters, got %r at index %d"
                % (found.group(), found.start()),
            )
        ]


@attrs.frozen
class RealtimeCallRejectRequest(Model):
    """Body of ``POST /realtime/calls/{id}/reject`` (``{}`` = server default 603)."""

    status_code: Optional[int] = None

    def __check__(self) -> List[Tuple[str, str]]:
        code = self.status_code
        if code is None or _REJECT_STATUS_MIN <= code <= _REJECT_STATUS_MAX:
            return []
        # Never repr() an arbitrary int: above 4300 digits Python refuses to.
        shown = repr(code) if -(10**9) < code < 10**9 else "an integer out of range"
        return [
            (
                "status_code",
                "expected a SIP final response code from %d to %d (e.g. 486 Busy Here, 603 Decline), got %s"
                % (_REJECT_STATUS_MIN, _REJECT_STATUS_MAX, shown),
            )
        ]
