"""Sideband control: a blocking WebSocket attached to a live Realtime call.

``client.realtime.connect(call_id=...)`` returns a :class:`RealtimeConnection`
that sends typed client events and receives typed server events, with no
event loop. Needs the optional extra: ``pip install 'realtime_sync[ws]'``
(websocket-client, imported only when ``connect`` runs).

Example::

    from realtime_sync import RealtimeClient

    with RealtimeClient() as client, client.realtime.connect(call_id="rtc_123") as conn:
        conn.session_update({"type": "realtime", "instructions": "Be brief."})
        for event in conn:
            if event.type == "response.done":
                break

See docs/sideband.md for threading, errors, keepalive and recordings.
"""

from typing import TYPE_CHECKING, Any

from ._connection import WebSocketConnection, WebSocketConnector
from ._connection_resources import (
    RealtimeConversationItemResource,
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
    TranslationsSessionInputAudioBufferResource,
    TranslationsSessionResource,
)
from ._errors import (
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    MissingDependencyError,
    RecvTimeout,
    ServerEventError,
)
from ._realtime import Realtime, RealtimeConnection, TranslationsConnection
from ._reconnect import ReconnectingEvent, ReconnectingOverrides
from ._websocket_client import WebSocketClientConnector

if TYPE_CHECKING:  # pragma: no cover
    from ._replay import FixtureConnector

__all__ = [
    "ConnectionClosed",
    "ConnectionClosedError",
    "ConnectionClosedOK",
    "FixtureConnector",
    "MissingDependencyError",
    "Realtime",
    "RealtimeConnection",
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "RecvTimeout",
    "ServerEventError",
    "TranslationsConnection",
    "TranslationsSessionInputAudioBufferResource",
    "TranslationsSessionResource",
    "WebSocketClientConnector",
    "WebSocketConnection",
    "WebSocketConnector",
]


def __getattr__(name: str) -> Any:
    # The recorded-stream connector pulls in the fixtures package: load it on use.
    if name == "FixtureConnector":
        from ._replay import FixtureConnector

        return FixtureConnector
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
