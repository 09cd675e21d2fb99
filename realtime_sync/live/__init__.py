"""The Live API (``client.live``): sessions, SIP calls, forks and recordings.

``client.live`` is a :class:`Live`; its typed models are in
:mod:`realtime_sync.live.models`. See docs/live.md for the whole surface, side by
side with the Realtime API.

Example::

    from realtime_sync import RealtimeClient

    client = RealtimeClient()
    answer = client.live.create(session={"model": "gpt-live-1"}, transport={"type": "webrtc", "sdp": offer})
    client.live.sessions.hangup(answer.session.id)
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ._connections import (
        LiveConnection,
        LiveDecisionItemSender,
        LiveDecisionSender,
        LiveDtmfSender,
        LiveForkConnection,
        LiveForks,
        LiveInputAudioSender,
        LiveOutputAudioFixtureSender,
        LiveOutputAudioSender,
        LiveResponseItemSender,
        LiveResponseSender,
        LiveSessionSender,
        LiveSideband,
        LiveSidebandConnection,
        LiveTextSender,
        LiveTransportSender,
    )
    from ._resources import (
        BinaryContent,
        Live,
        LiveSessions,
        LiveSessionsWithRawResponse,
        LiveSessionsWithStreamingResponse,
        LiveWithRawResponse,
        LiveWithStreamingResponse,
        StreamedBinaryContent,
    )

_CONNECTIONS = frozenset(
    [
        "LiveConnection",
        "LiveDecisionItemSender",
        "LiveDecisionSender",
        "LiveDtmfSender",
        "LiveForkConnection",
        "LiveForks",
        "LiveInputAudioSender",
        "LiveOutputAudioFixtureSender",
        "LiveOutputAudioSender",
        "LiveResponseItemSender",
        "LiveResponseSender",
        "LiveSessionSender",
        "LiveSideband",
        "LiveSidebandConnection",
        "LiveTextSender",
        "LiveTransportSender",
    ]
)

__all__ = [
    "BinaryContent",
    "Live",
    "LiveConnection",
    "LiveDecisionItemSender",
    "LiveDecisionSender",
    "LiveDtmfSender",
    "LiveForkConnection",
    "LiveForks",
    "LiveInputAudioSender",
    "LiveOutputAudioFixtureSender",
    "LiveOutputAudioSender",
    "LiveResponseItemSender",
    "LiveResponseSender",
    "LiveSessionSender",
    "LiveSessions",
    "LiveSessionsWithRawResponse",
    "LiveSessionsWithStreamingResponse",
    "LiveSideband",
    "LiveSidebandConnection",
    "LiveTextSender",
    "LiveTransportSender",
    "LiveWithRawResponse",
    "LiveWithStreamingResponse",
    "StreamedBinaryContent",
]


def __getattr__(name: str) -> Any:
    # Everything loads on first use: the resources (and with them the converter and cattrs), so
    # that ``import realtime_sync.live.models`` stays as light as ``realtime_sync.models``; the
    # WebSocket connections, so that a REST call (accept in a webhook view) never imports them.
    if name in _CONNECTIONS:
        from . import _connections

        return getattr(_connections, name)
    if name in __all__:
        from . import _resources

        return getattr(_resources, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
