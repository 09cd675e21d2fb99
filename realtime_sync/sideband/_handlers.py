"""Event handlers on a sideband connection: the official SDK's ``on``/``off``/``once``/``dispatch_events``.

A thread-safe registry keyed by event type (``"event"`` matches every event),
in registration order; a ``once`` handler is dropped when it is first handed
out. ``RealtimeConnection.dispatch_events()`` calls the handlers of each event
as it arrives, as the SDK does.
"""

import threading
from typing import Any, Callable, Dict, List, Tuple

__all__ = ["EventHandlers"]

Handler = Callable[..., Any]


class EventHandlers:
    """Handlers by event type, each with its ``once`` flag."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: Dict[str, List[Tuple[Handler, bool]]] = {}

    def add(self, event_type: str, handler: Handler, *, once: bool = False) -> None:
        with self._lock:
            self._handlers.setdefault(event_type, []).append((handler, once))

    def remove(self, event_type: str, handler: Handler) -> None:
        # The first registration of ``handler`` goes; an unknown one is ignored (as in the SDK).
        with self._lock:
            registered = self._handlers.get(event_type, [])
            for index, (candidate, _) in enumerate(registered):
                if candidate == handler:
                    del registered[index]
                    break

    def take(self, event_type: str) -> List[Handler]:
        """The handlers for ``event_type`` now; ``once`` handlers are removed as they are handed out."""
        with self._lock:
            registered = self._handlers.get(event_type)
            if not registered:
                return []
            self._handlers[event_type] = [entry for entry in registered if not entry[1]]
            return [handler for handler, _ in registered]
