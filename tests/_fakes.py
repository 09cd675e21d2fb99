"""An in-memory transport for unit tests (the httpx MockTransport idea, no mock.patch)."""

import threading
from collections import deque
from typing import Callable, Deque, List, Optional, Tuple, Union
from urllib.parse import urlsplit

from _server import Recorded, default_handler

from realtime_sync.errors import APIConnectionError
from realtime_sync.transport import HttpRequest, HttpResponse, Timeout

Scripted = Union[HttpResponse, APIConnectionError, Callable[[HttpRequest], HttpResponse]]


class FakeTransport:
    """Answers from a script (first in, first out), then from ``default``; records every call.

    Thread-safe: the Django tests deliver webhooks from many threads through one client.
    """

    def __init__(self, *script: Scripted, default: Optional[Scripted] = None) -> None:
        self.script: Deque[Scripted] = deque(script)
        self.default = default if default is not None else HttpResponse(200, {}, b"")
        self.calls: List[Tuple[HttpRequest, Timeout]] = []
        self.closed = False
        self._lock = threading.Lock()

    @property
    def requests(self) -> List[HttpRequest]:
        return [request for request, _ in self.calls]

    @property
    def paths(self) -> List[str]:
        """The paths requested, after ``/v1``: ``["/realtime/calls", ...]``."""
        return [urlsplit(request.url).path.split("/v1", 1)[1] for request in self.requests]

    def send(self, request: HttpRequest, *, timeout: Timeout) -> HttpResponse:
        with self._lock:
            self.calls.append((request, timeout))
            item = self.script.popleft() if self.script else self.default
        if isinstance(item, APIConnectionError):
            raise item
        if isinstance(item, HttpResponse):
            return item
        return item(request)

    def close(self) -> None:
        self.closed = True


def like_the_api(request: HttpRequest) -> HttpResponse:
    """Answers as the loopback server's default handler does (the Realtime API's answers), in memory."""
    parts = urlsplit(request.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    reply = default_handler(Recorded(request.method, target, dict(request.headers.items()), request.body))
    headers = dict(reply.headers, **{"Content-Length": str(len(reply.body))})
    return HttpResponse(reply.status, headers, reply.body)


class Sleeps(list):  # type: ignore[type-arg]
    """An injectable sleep that records delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
