"""The official SDK's resource-style senders on a sideband connection (realtime and translation sessions).

``conn.session.update(session=...)``, ``conn.response.create(...)``,
``conn.conversation.item.create(item=...)`` and the rest, with the SDK's keyword
names: each builds one client event exactly as the SDK does (``event_id`` only
when given, every other argument as passed) and sends it through
``RealtimeConnection.send``, so it is validated the same way (``strict``
included). The flat helpers (``conn.session_update(...)``) stay as they are.
"""

import base64
from typing import TYPE_CHECKING, Any, Dict, Mapping, Union

from .._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:  # pragma: no cover
    from ._core import EventConnection

__all__ = [
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
    "TranslationsSessionInputAudioBufferResource",
    "TranslationsSessionResource",
]

EventId = Union[str, NotGiven]


def _event(type_: str, **fields: Any) -> Dict[str, Any]:
    # The SDK's strip_not_given: a field left out is not sent; None is sent as null.
    event: Dict[str, Any] = {"type": type_}
    event.update((k, v) for k, v in fields.items() if not isinstance(v, NotGiven))
    return event


class _ConnectionResource:
    def __init__(self, connection: "EventConnection") -> None:
        self._connection = connection


class RealtimeSessionResource(_ConnectionResource):
    """``conn.session``: ``update(session=..., event_id=...)``."""

    def update(self, *, session: Mapping[str, Any], event_id: EventId = NOT_GIVEN) -> None:
        """Send ``session.update`` with ``session`` as given (``{"type": "realtime", ...}``).

        Example::

            conn.session.update(session={"type": "realtime", "instructions": "Be brief."})
        """
        self._connection.send(_event("session.update", session=session, event_id=event_id))


class RealtimeResponseResource(_ConnectionResource):
    """``conn.response``: ``create(...)`` and ``cancel(...)``."""

    def create(
        self, *, event_id: EventId = NOT_GIVEN, response: Union[Mapping[str, Any], NotGiven] = NOT_GIVEN
    ) -> None:
        """Send ``response.create`` (ask the model to respond), with optional per-response settings.

        Example::

            conn.response.create(response={"instructions": "Confirm the booking."})
        """
        self._connection.send(_event("response.create", event_id=event_id, response=response))

    def cancel(self, *, event_id: EventId = NOT_GIVEN, response_id: EventId = NOT_GIVEN) -> None:
        """Send ``response.cancel`` (the in-progress response, or ``response_id``)."""
        self._connection.send(_event("response.cancel", event_id=event_id, response_id=response_id))


class RealtimeInputAudioBufferResource(_ConnectionResource):
    """``conn.input_audio_buffer``: ``append(audio=...)``, ``commit()``, ``clear()``."""

    def clear(self, *, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``input_audio_buffer.clear``."""
        self._connection.send(_event("input_audio_buffer.clear", event_id=event_id))

    def commit(self, *, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``input_audio_buffer.commit``."""
        self._connection.send(_event("input_audio_buffer.commit", event_id=event_id))

    def append(self, *, audio: Union[str, bytes], event_id: EventId = NOT_GIVEN) -> None:
        """Send ``input_audio_buffer.append``; ``audio`` is base64 text (``bytes`` are encoded for you).

        Example::

            conn.input_audio_buffer.append(audio=base64.b64encode(pcm16).decode())
        """
        if isinstance(audio, (bytes, bytearray, memoryview)):
            audio = base64.b64encode(bytes(audio)).decode("ascii")
        self._connection.send(_event("input_audio_buffer.append", audio=audio, event_id=event_id))


class RealtimeConversationItemResource(_ConnectionResource):
    """``conn.conversation.item``: ``create``, ``delete``, ``truncate``, ``retrieve``."""

    def delete(self, *, item_id: str, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``conversation.item.delete``."""
        self._connection.send(_event("conversation.item.delete", item_id=item_id, event_id=event_id))

    def create(
        self, *, item: Mapping[str, Any], event_id: EventId = NOT_GIVEN, previous_item_id: EventId = NOT_GIVEN
    ) -> None:
        """Send ``conversation.item.create``.

        Example::

            conn.conversation.item.create(item={"type": "message", "role": "user",
                                                "content": [{"type": "input_text", "text": "Hi"}]})
        """
        self._connection.send(
            _event("conversation.item.create", item=item, event_id=event_id, previous_item_id=previous_item_id)
        )

    def truncate(self, *, audio_end_ms: int, content_index: int, item_id: str, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``conversation.item.truncate`` (cut assistant audio where the caller stopped hearing it)."""
        self._connection.send(
            _event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )

    def retrieve(self, *, item_id: str, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``conversation.item.retrieve`` (answered by ``conversation.item.retrieved``)."""
        self._connection.send(_event("conversation.item.retrieve", item_id=item_id, event_id=event_id))


class RealtimeConversationResource(_ConnectionResource):
    """``conn.conversation``: holds ``item``."""

    def __init__(self, connection: "EventConnection") -> None:
        super().__init__(connection)
        self.item = RealtimeConversationItemResource(connection)


class RealtimeOutputAudioBufferResource(_ConnectionResource):
    """``conn.output_audio_buffer``: ``clear()`` (WebRTC/SIP: stop the audio being played)."""

    def clear(self, *, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``output_audio_buffer.clear``."""
        self._connection.send(_event("output_audio_buffer.clear", event_id=event_id))


class TranslationsSessionInputAudioBufferResource(_ConnectionResource):
    """``conn.session.input_audio_buffer`` of a translation session: ``append(audio=...)``."""

    def append(self, *, audio: Union[str, bytes], event_id: EventId = NOT_GIVEN) -> None:
        """Send ``session.input_audio_buffer.append`` (base64 24 kHz PCM16; ``bytes`` are encoded for you).

        Example::

            conn.session.input_audio_buffer.append(audio=base64.b64encode(pcm16_200ms).decode())
        """
        if isinstance(audio, (bytes, bytearray, memoryview)):
            audio = base64.b64encode(bytes(audio)).decode("ascii")
        self._connection.send(_event("session.input_audio_buffer.append", audio=audio, event_id=event_id))


class TranslationsSessionResource(_ConnectionResource):
    """``conn.session`` of a translation session: ``update``, ``close``, ``input_audio_buffer``."""

    def __init__(self, connection: "EventConnection") -> None:
        super().__init__(connection)
        self.input_audio_buffer = TranslationsSessionInputAudioBufferResource(connection)

    def update(self, *, session: Mapping[str, Any], event_id: EventId = NOT_GIVEN) -> None:
        """Send ``session.update`` (output language, input transcription, noise reduction).

        Example::

            conn.session.update(session={"audio": {"output": {"language": "fr"}}})
        """
        self._connection.send(_event("session.update", session=session, event_id=event_id))

    def close(self, *, event_id: EventId = NOT_GIVEN) -> None:
        """Send ``session.close``: the server flushes pending audio and output, then closes."""
        self._connection.send(_event("session.close", event_id=event_id))
