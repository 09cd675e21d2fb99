"""An in-memory transport for unit tests (the httpx MockTransport idea, no mock.patch)."""

from collections import deque
from typing import Callable, Deque, List, Optional, Tuple, Union

from realtime_sync.errors import APIConnectionError
from realtime_sync.transport import HttpRequest, HttpResponse, Timeout

Scripted = Union[HttpResponse, APIConnectionError, Callable[[HttpRequest], HttpResponse]]


class FakeTransport:
    """Answers from a script (first in, first out), then from ``default``; records every call."""

    def __init__(self, *script: Scripted, default: Optional[Scripted] = None) -> None:
        self.script: Deque[Scripted] = deque(script)
        self.default = default if default is not None else HttpResponse(200, {}, b"")
        self.calls: List[Tuple[HttpRequest, Timeout]] = []
        self.closed = False

    @property
    def requests(self) -> List[HttpRequest]:
        return [request for request, _ in self.calls]

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        self.calls.append((request, timeout))
        item = self.script.popleft() if self.script else self.default
        if isinstance(item, APIConnectionError):
            raise item
        if isinstance(item, HttpResponse):
            return item
        return item(request)

    def close(self) -> None:
        self.closed = True


class Sleeps(list):  # type: ignore[type-arg]
    """An injectable sleep that records delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
