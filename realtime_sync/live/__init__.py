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

__all__ = [
    "BinaryContent",
    "Live",
    "LiveSessions",
    "LiveSessionsWithRawResponse",
    "LiveSessionsWithStreamingResponse",
    "LiveWithRawResponse",
    "LiveWithStreamingResponse",
    "StreamedBinaryContent",
]
