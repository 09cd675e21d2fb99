"""What the browser views of every framework share: reading an SDP offer, and a create bounded by a total deadline.

Framework-free (standard library and the client only): ``contrib.django`` and
``contrib.flask`` adapt it to their requests and responses.
"""

import threading
from typing import Callable, Generic, Optional, Tuple, TypeVar, Union

from ..transport import Timeout

__all__ = ["OfferRefused", "create_within", "read_offer"]

_R = TypeVar("_R")

#: ``(status, message)`` of an answer refusing the request body.
OfferRefused = Tuple[int, str]


def read_offer(body: bytes, max_bytes: int) -> Union[str, OfferRefused]:
    """The SDP offer in ``body``, or ``(status, message)`` refusing it: 413 above ``max_bytes``, else 400."""
    if len(body) > max_bytes:
        return (413, "SDP offer too large")
    try:
        offer = body.decode("utf-8")
    except UnicodeDecodeError:
        return (400, "expected an SDP offer (UTF-8 text)")
    if not offer.lstrip().startswith("v="):
        return (400, "expected an SDP offer as the request body (Content-Type: application/sdp)")
    return offer


class _Attempt(Generic[_R]):
    """One create running in its own thread, and whether the view stopped waiting for it."""

    __slots__ = ("abandoned", "done", "error", "lock", "result")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.abandoned = False
        self.result: Optional[_R] = None
        self.error: Optional[BaseException] = None


def create_within(
    create: Callable[[Timeout], _R], timeout: Timeout, deadline: float, late: Callable[[_R], None]
) -> Optional[_R]:
    """``create(capped_timeout)`` bounded by ``deadline`` seconds in total; ``None`` when it did not finish in time.

    The client's timeouts bound each wait for data, not the whole exchange (a
    server trickling bytes, a retry after a refused connection), so the create
    runs in a thread the view stops waiting for. Each of its timeouts is
    capped by the deadline, so the thread does not outlive it by much; what it
    still creates after the deadline goes to ``late`` (hang it up: nobody will
    use it). Shared by the Realtime and Live proxies of every framework.
    """
    capped = Timeout(
        connect=deadline if timeout.connect is None else min(timeout.connect, deadline),
        read=deadline if timeout.read is None else min(timeout.read, deadline),
    )
    attempt: _Attempt[_R] = _Attempt()
    finished = threading.Event()

    def run() -> None:
        try:
            attempt.result = create(capped)
        except BaseException as exc:  # handed to the waiting view
            attempt.error = exc
        with attempt.lock:
            attempt.done = True
            abandoned = attempt.abandoned
        finished.set()
        if abandoned and attempt.result is not None:
            late(attempt.result)

    threading.Thread(target=run, name="realtime_sync-sdp-create", daemon=True).start()
    finished.wait(deadline)
    with attempt.lock:
        if not attempt.done:
            attempt.abandoned = True
            return None
    if attempt.error is not None:
        raise attempt.error
    return attempt.result
