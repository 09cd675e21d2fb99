"""Who runs the conversation after a call is accepted: :class:`CallSupervisor`.

A webhook view must answer within a second, but the call's conversation runs
for minutes over a WebSocket. The supervisor owns those connections in one
process::

    webhook view --attach(call_id)--> CallSupervisor --one worker thread per call-->
        connect(call_id) -> handler(conn) -> conn.close()

* ``attach(call_id)`` reserves a slot, starts the call's worker thread and
  returns at once (the handshake runs in the worker, not in the view).
* One owner per id in the process: a second ``attach`` for an id that is still
  running returns the existing :class:`CallOwner` and starts nothing.
* ``max_calls`` bounds the calls running at once; when full, ``attach``
  raises :class:`SupervisorFull` (a view answers 503 so the delivery is
  retried): never a queue that silently delays a caller's greeting.
* ``cancel(call_id)`` closes that call's connection from the calling thread;
  the handler's ``for event in conn`` loop ends; ``shutdown(timeout)``
  refuses new calls, closes every connection and waits for the workers.

Threads: two per call and none of the supervisor's own. The connection has
its reader thread (it answers pings and notices a dead line while the
application is busy); the handler runs on one worker thread, because it is
plain blocking code (``for event in conn``, a tool that queries a database)
and must not run on the reader, which would then stop reading. Nothing else:
no monitor or pool thread; cancel and shutdown run on the caller's thread.

See docs/calls.md for the ownership model across processes (the Django
``realtime_worker`` command, Celery).
"""

import json
import os
import queue
import socket
import threading
import time
import uuid
from collections import deque
from typing import Any, Callable, Deque, Dict, Iterator, List, Mapping, Optional, Protocol, Set, Tuple

from ._redaction import library_logger
from .errors import RealtimeSyncError, RequestValidationError

__all__ = [
    "CallConnection",
    "CallLock",
    "CallOwner",
    "CallQueue",
    "CallSupervisor",
    "FunctionTools",
    "MemoryCallLock",
    "MemoryCallQueue",
    "serve",
    "SupervisorClosed",
    "SupervisorError",
    "SupervisorFull",
]

log = library_logger("realtime_sync.supervisor")

#: The worker threads' name prefix (``realtime_sync-call-<id>``): visible in thread dumps.
THREAD_PREFIX = "realtime_sync-call-"
#: The name prefix of the short-lived threads ``shutdown`` closes connections on (``realtime_sync-close-<id>``).
CLOSER_PREFIX = "realtime_sync-close-"


class SupervisorError(RealtimeSyncError):
    """The supervisor refused a call: answer the webhook with a retryable status (503) so it comes back.

    Example::

        try:
            supervisor.attach(call_id)
        except SupervisorError:
            return HttpResponse(status=503, headers={"Retry-After": "1"})
    """

    def __init__(self, message: str, *, call_id: str) -> None:
        super().__init__(message)
        self.call_id = call_id


class SupervisorFull(SupervisorError):
    """Every slot is taken (``max_calls`` calls are running): refused, not queued."""

    def __init__(self, call_id: str, max_calls: int) -> None:
        super().__init__(
            "the supervisor is running max_calls=%d calls; call %r refused (retry later)" % (max_calls, call_id),
            call_id=call_id,
        )
        self.max_calls = max_calls


class SupervisorClosed(SupervisorError):
    """The supervisor is shutting down (or shut down): no new calls."""

    def __init__(self, call_id: str) -> None:
        super().__init__("the supervisor is shutting down; call %r refused (retry later)" % (call_id,), call_id=call_id)


class CallConnection(Protocol):
    """What the supervisor needs of a connection: iteration for the handler, ``close`` from any thread.

    ``client.realtime.connect(call_id=...)`` and ``client.live.sideband.connect(session_id=...)``
    return one.
    """

    def __iter__(self) -> Iterator[Any]:  # pragma: no cover
        ...

    def close(self, code: int = 1000, reason: str = "") -> None:  # pragma: no cover
        ...


class CallLock(Protocol):
    """One owner per call *across processes*: a lock with expiry, e.g. ``contrib.redis.RedisCallLock``.

    ``acquire`` returns ``True`` when ``token`` now holds ``call_id`` for
    ``ttl`` seconds (``False``: another owner holds it); ``release`` frees it
    only while ``token`` still holds it. A lock may also offer
    ``refresh(call_id, token, ttl) -> bool`` (both locks here do):
    :meth:`CallSupervisor.refresh_locks` then keeps the locks of live calls
    from expiring, so ``lock_ttl`` can be short and a dead process's calls are
    free again soon; ``False`` means another owner holds the call now.
    """

    def acquire(self, call_id: str, token: str, ttl: float) -> bool:  # pragma: no cover
        ...

    def release(self, call_id: str, token: str) -> None:  # pragma: no cover
        ...


class MemoryCallLock:
    """A :class:`CallLock` in this process's memory: for tests, or to share one lock between supervisors.

    Example::

        lock = MemoryCallLock()
        CallSupervisor(handle, max_calls=10, client=client, lock=lock)
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._held: Dict[str, Tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def acquire(self, call_id: str, token: str, ttl: float) -> bool:
        """Hold ``call_id`` for ``ttl`` seconds unless another token holds it."""
        now = self._clock()
        with self._lock:
            held = self._held.get(call_id)
            if held is not None and held[1] > now and held[0] != token:
                return False
            self._held[call_id] = (token, now + ttl)
            return True

    def release(self, call_id: str, token: str) -> None:
        """Free ``call_id`` if ``token`` holds it."""
        with self._lock:
            held = self._held.get(call_id)
            if held is not None and held[0] == token:
                del self._held[call_id]

    def refresh(self, call_id: str, token: str, ttl: float) -> bool:
        """Hold ``call_id`` for ``ttl`` more seconds; ``False`` when another token holds it now."""
        return self.acquire(call_id, token, ttl)


class CallQueue(Protocol):
    """The hand-off from the webhook view to a worker process: ``contrib.redis.RedisCallQueue``, ``MemoryCallQueue``.

    ``put`` adds a call id; ``get`` waits up to ``timeout`` seconds for one
    (``None`` when none came). A queue may also offer ``ack(call_id)``:
    then ``get`` keeps the id *in flight* and :func:`serve` acknowledges it
    once the supervisor owns the call (or the lock says another process
    does), so a hand-off taken by a process that dies before that is not lost
    (``RedisCallQueue`` re-queues it). ``keepalive()``, when present, is
    called by :func:`serve` on every turn of its loop, also while it waits
    for a free slot (a queue that tracks live consumers refreshes there).
    ``owning(call_ids)``, when present, is told the calls the supervisor
    owns whenever they change, before an acknowledgement (``RedisCallQueue``
    names a killed worker's calls from it). Queues with only ``put`` and
    ``get`` still work (no acknowledgement).
    """

    def put(self, call_id: str) -> None:  # pragma: no cover
        ...

    def get(self, timeout: float) -> Optional[str]:  # pragma: no cover
        ...


class MemoryCallQueue:
    """A :class:`CallQueue` in this process (tests; a view and a worker thread in one process).

    Example::

        calls = MemoryCallQueue()
        calls.put("rtc_123")
        calls.get(timeout=1.0)   # "rtc_123"
    """

    def __init__(self) -> None:
        self._queue: "queue.Queue[str]" = queue.Queue()
        self._in_flight: List[str] = []
        self._in_flight_lock = threading.Lock()

    def put(self, call_id: str) -> None:
        """Hand ``call_id`` over."""
        self._queue.put(call_id)

    def get(self, timeout: float) -> Optional[str]:
        """The next call id (in flight until :meth:`ack`), or ``None`` after ``timeout`` seconds."""
        try:
            call_id = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        with self._in_flight_lock:
            self._in_flight.append(call_id)
        return call_id

    def ack(self, call_id: str) -> None:
        """The hand-off of ``call_id`` is done (owned here or elsewhere): it is no longer in flight."""
        with self._in_flight_lock:
            if call_id in self._in_flight:
                self._in_flight.remove(call_id)

    def in_flight(self) -> List[str]:
        """The ids taken by ``get`` and not acknowledged yet (in one process nothing re-queues them)."""
        with self._in_flight_lock:
            return list(self._in_flight)


Handler = Callable[[Any], Any]
Connect = Callable[[str], CallConnection]
OnError = Callable[[str, BaseException], Any]


class CallOwner:
    """The one owner of a call in this process: its worker thread and connection.

    ``state`` is ``"connecting"``, ``"running"`` or ``"finished"``; ``error``
    is what ended it badly (a failed handshake, an exception in the handler),
    else ``None``; ``cancelled`` says whether ``cancel``/``shutdown`` ended it.

    Example::

        owner = supervisor.attach("rtc_123")
        owner.wait(timeout=60)
        print(owner.state, owner.error)
    """

    def __init__(self, call_id: str) -> None:
        self.call_id = call_id
        self.state = "connecting"
        self.error: Optional[BaseException] = None
        self.cancelled = False
        self.connection: Optional[CallConnection] = None
        self.thread: Optional[threading.Thread] = None
        self._closer: Optional[threading.Thread] = None  # shutdown's thread closing the connection
        self._done = threading.Event()
        self._lock = threading.Lock()
        # Serialises the shared lock's refresh with its release: a refresh racing the end of the call
        # must not take the lock again after it was released.
        self._lock_guard = threading.Lock()
        self._locked = False  # this process holds the call's shared lock

    @property
    def done(self) -> bool:
        """True once the handler returned and the connection is closed."""
        return self._done.is_set()

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Wait until the call is finished; ``False`` if ``timeout`` passed first."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """End the call's connection now (from any thread); the handler's loop ends."""
        with self._lock:
            self.cancelled = True
            connection = self.connection
        if connection is not None:
            _close(connection, self.call_id)
        # Still connecting: the worker closes the connection as soon as the handshake returns.

    def __repr__(self) -> str:
        return "<CallOwner %r %s>" % (self.call_id, self.state)


def _left(deadline: Optional[float]) -> Optional[float]:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _close_all(owners: List[CallOwner]) -> List[threading.Thread]:
    """Cancel every owner; close their open connections in parallel (each owner's closer thread, started once)."""
    closers = []
    for owner in owners:
        with owner._lock:
            owner.cancelled = True
            connection, closer = owner.connection, owner._closer
            if connection is not None and closer is None:
                closer = owner._closer = threading.Thread(
                    target=_close, args=(connection, owner.call_id), name=CLOSER_PREFIX + owner.call_id, daemon=True
                )
                try:
                    closer.start()
                except RuntimeError:  # out of threads: close this one here, the others still run in parallel
                    owner._closer = None
                    _close(connection, owner.call_id)
                    continue
        # Still connecting (no connection): the worker closes it as soon as the handshake returns.
        if closer is not None:
            closers.append(closer)
    return closers


def _close(connection: CallConnection, call_id: str) -> None:
    try:
        connection.close(1000, "")
    except Exception:  # a close that fails still ends the connection; say so and go on
        log.warning("supervisor: closing the connection of call %r failed", call_id, exc_info=True)


class CallSupervisor:
    """Runs ``handler(conn)`` for each attached call on its own connection, one owner per call id.

    ``connect(call_id)`` opens the call's connection; or pass ``client=``
    (a ``RealtimeClient``): ids starting with ``live_`` open the Live
    sideband (``client.live.sideband.connect(session_id=...)``), the others
    the Realtime sideband (``client.realtime.connect(call_id=...)``).
    ``on_error(call_id, exc)`` is called (on the worker thread) when a call
    fails to connect or its handler raises; the failure is logged either way.

    Example::

        def handle(conn):
            for event in conn:
                if event.type == "input_audio_buffer.speech_started":
                    ...

        supervisor = CallSupervisor(handle, max_calls=50, client=client)
        supervisor.attach("rtc_123")          # returns at once
        ...
        supervisor.shutdown(timeout=10)       # gunicorn worker_exit, SIGTERM
    """

    def __init__(
        self,
        handler: Handler,
        *,
        max_calls: int,
        connect: Optional[Connect] = None,
        client: Any = None,
        on_error: Optional[OnError] = None,
        lock: Optional[CallLock] = None,
        lock_ttl: float = 4 * 3600.0,
        token: Optional[str] = None,
    ) -> None:
        problems: List[str] = []
        if not callable(handler):
            problems.append("handler: expected a callable taking the connection, got %r" % (handler,))
        if isinstance(max_calls, bool) or not isinstance(max_calls, int) or max_calls < 1:
            problems.append("max_calls: expected a positive whole number, got %r" % (max_calls,))
        if (connect is None) == (client is None):
            problems.append("connect: pass exactly one of connect= (a callable) or client= (a RealtimeClient)")
        elif connect is not None and not callable(connect):
            problems.append("connect: expected a callable taking the call id, got %r" % (connect,))
        if on_error is not None and not callable(on_error):
            problems.append("on_error: expected a callable or None, got %r" % (on_error,))
        if lock is not None and not (
            callable(getattr(lock, "acquire", None)) and callable(getattr(lock, "release", None))
        ):
            problems.append("lock: expected an object with acquire() and release() (a CallLock), got %r" % (lock,))
        if isinstance(lock_ttl, bool) or not isinstance(lock_ttl, (int, float)) or not 0 < lock_ttl < float("inf"):
            problems.append("lock_ttl: expected a positive number of seconds, got %r" % (lock_ttl,))
        if token is not None and (not isinstance(token, str) or not token.strip()):
            problems.append("token: expected a non-empty string or None, got %r" % (token,))
        if problems:
            raise RequestValidationError(problems)
        self.handler = handler
        self.max_calls = max_calls
        self._connect: Connect = connect if connect is not None else _client_connect(client)
        self._on_error = on_error
        self._lock_store = lock
        self.lock_ttl = float(lock_ttl)
        #: This supervisor's token in the shared lock (the lock's value: which process holds a call);
        #: ``serve`` with a ``RedisCallQueue`` wants the queue's consumer id here (``realtime_worker`` does so).
        self.token = token if token is not None else "%s:%d:%s" % (socket.gethostname(), os.getpid(), uuid.uuid4().hex)
        self._owners: Dict[str, CallOwner] = {}
        self._lock = threading.Lock()
        # Notified when a call ends: serve() waits for a free slot before taking a call off the queue.
        self._slot_freed = threading.Condition(self._lock)
        self._closing = False

    # -- attaching -------------------------------------------------------------
    def attach(self, call_id: str) -> Optional[CallOwner]:
        """Start ``handler`` for ``call_id`` on its own connection and return at once.

        A call already running here: its owner is returned and nothing starts.
        With ``lock=``, a call owned by another process (its lock is held)
        returns ``None`` and nothing starts; the lock is held for
        ``lock_ttl`` seconds (longer than your longest call, unless
        :meth:`refresh_locks` keeps extending it, as :func:`serve` does) and
        released when the call ends here. Raises :class:`SupervisorFull` when ``max_calls`` calls run,
        :class:`SupervisorClosed` once shutting down, ``RequestValidationError``
        for an id that is not a non-empty string.
        """
        if not isinstance(call_id, str) or not call_id.strip():
            raise RequestValidationError(["call_id: expected a non-empty string, got %r" % (call_id,)])
        with self._lock:
            existing = self._owners.get(call_id)
            if existing is not None:
                return existing
            if self._closing:
                raise SupervisorClosed(call_id)
            if len(self._owners) >= self.max_calls:
                raise SupervisorFull(call_id, self.max_calls)
            owner = CallOwner(call_id)
            # The slot is taken before the thread exists: the next attach sees it at once.
            self._owners[call_id] = owner
        if self._lock_store is not None:
            try:
                held = self._lock_store.acquire(call_id, self.token, self.lock_ttl)
            except BaseException:  # the lock's store is down: free the slot, the caller answers 503
                self._forget(owner, locked=False)
                raise
            if not held:
                log.info("supervisor: call %r is owned by another process; not attaching", call_id)
                self._forget(owner, locked=False)
                return None
            owner._locked = True
        thread = threading.Thread(target=self._run, args=(owner,), name=THREAD_PREFIX + call_id, daemon=True)
        owner.thread = thread
        try:
            thread.start()
        except BaseException:  # no thread (the process is out of threads): free the slot, say so
            self._forget(owner, locked=self._lock_store is not None)
            raise
        return owner

    def _run(self, owner: CallOwner) -> None:
        call_id = owner.call_id
        try:
            try:
                connection = self._connect(call_id)
            except Exception as exc:
                owner.error = exc
                log.error("supervisor: call %r: could not connect (%s)", call_id, type(exc).__name__, exc_info=True)
                self._report(call_id, exc)
                return
            with owner._lock:
                owner.connection = connection
                cancelled = owner.cancelled
                owner.state = "running"
            try:
                if not cancelled:
                    self.handler(connection)
            except Exception as exc:
                if not owner.cancelled:
                    owner.error = exc
                    log.error("supervisor: call %r: the handler raised", call_id, exc_info=True)
                    self._report(call_id, exc)
            finally:
                _close(connection, call_id)
        finally:
            self._forget(owner, locked=self._lock_store is not None)

    def _report(self, call_id: str, exc: BaseException) -> None:
        if self._on_error is None:
            return
        try:
            self._on_error(call_id, exc)
        except Exception:
            log.error("supervisor: on_error raised for call %r", call_id, exc_info=True)

    def _forget(self, owner: CallOwner, *, locked: bool) -> None:
        if locked and self._lock_store is not None:
            with owner._lock_guard:
                owner._locked = False
                try:
                    self._lock_store.release(owner.call_id, self.token)
                except Exception:  # it expires after lock_ttl: say so, do not hide the call's own outcome
                    log.warning("supervisor: could not release the lock of call %r", owner.call_id, exc_info=True)
        with self._lock:
            if self._owners.get(owner.call_id) is owner:
                del self._owners[owner.call_id]
            self._slot_freed.notify_all()
        owner.state = "finished"
        owner._done.set()

    def refresh_locks(self) -> int:
        """Extend the shared lock of every call owned here to ``lock_ttl`` seconds from now.

        Call it more often than ``lock_ttl`` (:func:`serve` does, every third
        of it): a live process's locks then never expire, while a dead
        process's expire within ``lock_ttl``, so its calls can be attached
        elsewhere. A call whose lock another process holds now (this one
        stalled past ``lock_ttl`` and the call was attached elsewhere) is
        cancelled here: one owner stays. Returns how many locks were
        refreshed; a lock without ``refresh`` or a store error refreshes
        nothing (logged; the lock keeps its expiry).
        """
        refresh = getattr(self._lock_store, "refresh", None)
        if refresh is None:
            return 0
        with self._lock:
            owners = list(self._owners.values())
        refreshed = 0
        for owner in owners:
            with owner._lock_guard:
                if not owner._locked:  # not locked yet, or already released
                    continue
                try:
                    held = refresh(owner.call_id, self.token, self.lock_ttl)
                except Exception:
                    log.warning("supervisor: could not refresh the lock of call %r", owner.call_id, exc_info=True)
                    continue
            if held:
                refreshed += 1
            else:
                log.warning(
                    "supervisor: call %r is owned by another process now (its lock expired here); closing it here",
                    owner.call_id,
                )
                owner.cancel()
        return refreshed

    # -- looking and ending ----------------------------------------------------
    def wait_for_slot(self, timeout: Optional[float] = None) -> bool:
        """Wait until fewer than ``max_calls`` calls run (``False`` after ``timeout`` s or once shutting down)."""
        with self._lock:
            return (
                bool(self._slot_freed.wait_for(lambda: self._closing or len(self._owners) < self.max_calls, timeout))
                and not self._closing
            )

    def active(self) -> List[str]:
        """The ids of the calls owned now (connecting or running), oldest first."""
        with self._lock:
            return list(self._owners)

    def owner(self, call_id: str) -> Optional[CallOwner]:
        """The owner of ``call_id`` here, or ``None``."""
        with self._lock:
            return self._owners.get(call_id)

    def cancel(self, call_id: str) -> bool:
        """Close ``call_id``'s connection from this thread; ``False`` when no such call runs here."""
        owner = self.owner(call_id)
        if owner is None:
            return False
        owner.cancel()
        return True

    def shutdown(self, timeout: Optional[float] = None) -> bool:
        """Refuse new calls, close every call's connection at once and wait up to ``timeout`` s for the workers.

        ``True`` when every call finished in time. A close may wait seconds
        for the server's echo of the close frame, so the connections are
        closed in parallel, each on a short-lived thread ended by its close
        (N calls take one close wait, not N); ``timeout`` bounds the wait for
        those closes and the handlers. Calls still in their handshake close as
        soon as it returns. Safe to call twice.
        """
        with self._lock:
            self._closing = True
            owners = list(self._owners.values())
            self._slot_freed.notify_all()
        deadline = None if timeout is None else time.monotonic() + timeout
        closers = _close_all(owners)
        finished = True
        for owner in owners:
            if not owner.wait(_left(deadline)):
                log.warning("supervisor: call %r did not finish within the shutdown timeout", owner.call_id)
                finished = False
                break
        for closer in closers:
            closer.join(_left(deadline))
            finished = finished and not closer.is_alive()
        return finished

    @property
    def closing(self) -> bool:
        """True once :meth:`shutdown` was called."""
        return self._closing

    def __enter__(self) -> "CallSupervisor":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.shutdown()

    def __repr__(self) -> str:
        return "<CallSupervisor %d/%d calls%s>" % (
            len(self._owners),
            self.max_calls,
            " closing" if self._closing else "",
        )


def _client_connect(client: Any) -> Connect:
    def connect(call_id: str) -> CallConnection:
        if call_id.startswith("live_"):
            live = getattr(client, "live", None)
            sideband = getattr(live, "sideband", None)
            if sideband is None:
                raise RequestValidationError(
                    ["call_id: %r is a Live session; this version has no client.live.sideband" % (call_id,)]
                )
            connection: CallConnection = sideband.connect(session_id=call_id)
            return connection
        realtime: CallConnection = client.realtime.connect(call_id=call_id)
        return realtime

    return connect


def serve(supervisor: CallSupervisor, calls: CallQueue, stop: threading.Event, *, poll: float = 1.0) -> None:
    """Attach the calls handed over through ``calls`` until ``stop`` is set (the ``realtime_worker`` loop).

    A call is taken off the queue only when a slot is free, so a full worker
    leaves calls to the other workers instead of holding them. With a queue
    that acknowledges (``ack``: ``RedisCallQueue``, ``MemoryCallQueue``), a
    taken id stays in flight until the supervisor owns the call, or the lock
    says another process does (a duplicate hand-off), or it is back on the
    queue; a process killed in between leaves it in flight and
    ``RedisCallQueue`` re-queues it once the process's liveness expired. A
    call that cannot be attached (the lock's store is down, shutting down) is
    put back on the queue. The loop also calls the queue's ``keepalive()``
    and, every third of ``lock_ttl``, ``supervisor.refresh_locks()``, so the
    locks of the calls owned here never expire while this process lives. A
    queue with ``owning(call_ids)`` is told the calls owned here whenever
    they change (and with each refresh): ``RedisCallQueue`` then names the
    calls of a killed worker in a warning instead of losing them silently.
    ``poll`` bounds how long ``stop`` may go unnoticed. This returns when
    ``stop`` is set; call ``supervisor.shutdown(timeout)`` next.

    Example::

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        calls = RedisCallQueue.from_url(url)
        supervisor = CallSupervisor(handle, max_calls=10, client=client, lock=RedisCallLock.from_url(url),
                                    lock_ttl=30, token=calls.consumer)
        serve(supervisor, calls, stop)
        supervisor.shutdown(timeout=10)
    """
    ack = getattr(calls, "ack", None)
    keepalive = getattr(calls, "keepalive", None)
    owning = getattr(calls, "owning", None)
    said_owned: Optional[List[str]] = None  # what owning() was last told (None: nothing yet, or it failed)
    consumer = getattr(calls, "consumer", None)
    if isinstance(consumer, str) and consumer != supervisor.token and supervisor._lock_store is not None:
        log.warning(
            "supervisor: the queue's consumer id is not the supervisor's lock token: pass"
            " CallSupervisor(token=calls.consumer), or a call taken by a worker killed between locking and"
            " acknowledging it is refused until its lock expires"
        )
    unacked: List[str] = []  # acknowledgements that failed (the store was down): tried again every turn
    retry: List[str] = []  # taken, not attached and not back on the queue (the store was down): attached again
    next_refresh = time.monotonic() + supervisor.lock_ttl / 3

    def tell_owned() -> None:
        nonlocal said_owned
        if owning is None:
            return
        owned = supervisor.active()
        if owned != said_owned:
            try:
                owning(owned)
                said_owned = owned
            except Exception:
                log.warning("supervisor: could not record the calls owned here with the queue", exc_info=True)
                said_owned = None

    def acknowledge(call_id: str) -> None:
        if ack is None:
            return
        try:
            ack(call_id)
        except Exception:
            log.warning("supervisor: could not acknowledge the hand-off of call %r; trying again", call_id)
            unacked.append(call_id)

    while not stop.is_set():
        if keepalive is not None:
            try:
                keepalive()
            except Exception:
                log.warning("supervisor: the queue's keepalive failed", exc_info=True)
        if time.monotonic() >= next_refresh:
            supervisor.refresh_locks()
            next_refresh = time.monotonic() + supervisor.lock_ttl / 3
            said_owned = None  # said again with each refresh: a recovery may have taken it for a dead worker's
        tell_owned()
        for pending in unacked[:]:
            unacked.remove(pending)
            acknowledge(pending)
        if not supervisor.wait_for_slot(poll):
            if supervisor.closing:
                return
            continue
        call_id: Optional[str] = retry.pop(0) if retry else calls.get(poll)
        if call_id is None:
            continue
        try:
            supervisor.attach(call_id)
        except RequestValidationError:
            log.error("supervisor: dropped a hand-off that is not a call id: %r", call_id)
        except Exception:
            log.error("supervisor: could not attach call %r; putting it back on the queue", call_id, exc_info=True)
            try:
                calls.put(call_id)
            except Exception:  # still in flight: attached again here, or re-queued elsewhere if this process dies
                log.error("supervisor: could not put call %r back on the queue; trying again", call_id, exc_info=True)
                retry.append(call_id)
                stop.wait(poll)
                continue
            stop.wait(poll)
        # Owned here, owned elsewhere (the lock said so), dropped as garbage or back on the queue. Owned
        # here is recorded first: a process killed in between leaves the call in flight, not unaccounted for.
        tell_owned()
        acknowledge(call_id)


# --------------------------------------------------------------------------- function tools


class FunctionTools:
    """Answers the model's function calls with registered Python callables, on Realtime and Live.

    Each tool is called with the call's JSON arguments as keyword arguments;
    what it returns is the output (a string as is, anything else as JSON).
    A tool that raises, an unknown name or arguments that are not a JSON
    object are answered with ``{"error": "..."}`` so the model can say so
    instead of waiting forever (the exception is logged, never sent).

    Realtime: a ``function_call`` item (``response.function_call_arguments.done``
    or ``response.output_item.done``, whichever comes first) is answered with
    ``conversation.item.create`` (a ``function_call_output`` item); once the
    response that asked is done (``response.done``), one ``response.create``
    lets the model go on (one for all the calls of a response: a second
    ``response.create`` during a response is an error).

    Live: delegated function calls arrive as Responses API events inside
    ``response.event``; they are answered with ``response.item.create`` and,
    when that Responses response completes, ``response.create``.

    Example::

        tools = FunctionTools({"lookup_order": lambda order_id: {"status": "shipped"}})

        def handle(conn):
            for event in tools.events(conn):      # every event, function calls already answered
                ...

        CallSupervisor(tools, max_calls=50, client=client)   # or: tools alone as the handler
    """

    def __init__(self, tools: Mapping[str, Callable[..., Any]]) -> None:
        problems = []
        if not isinstance(tools, Mapping):
            problems.append("tools: expected a mapping of function names to callables, got %r" % (tools,))
        else:
            for name, fn in tools.items():
                if not isinstance(name, str) or not name:
                    problems.append("tools: expected non-empty string names, got %r" % (name,))
                elif not callable(fn):
                    problems.append("tools.%s: expected a callable, got %r" % (name, fn))
        if problems:
            raise RequestValidationError(problems)
        self.tools: Dict[str, Callable[..., Any]] = dict(tools)

    def __call__(self, conn: Any) -> None:
        """A ready-made handler: answer function calls until the connection closes."""
        for _ in self.events(conn):
            pass

    def events(self, conn: Any) -> Iterator[Any]:
        """Iterate ``conn``'s events, answering function calls on the way; every event is yielded."""
        state = _ToolState()
        for event in conn:
            self._handle(conn, event, state)
            yield event

    def _handle(self, conn: Any, event: Any, state: "_ToolState") -> bool:
        # True when something was sent. One state per connection, so a call seen twice
        # (arguments done, then item done) is answered once.
        kind = getattr(event, "type", None)
        if kind == "response.event":
            inner = getattr(event, "event", None)
            if isinstance(inner, Mapping):
                return self._handle_live(conn, inner, state)
            return False
        if kind == "response.function_call_arguments.done":
            return self._answer(
                conn,
                state,
                getattr(event, "response_id", None),
                getattr(event, "call_id", None),
                getattr(event, "name", None),
                getattr(event, "arguments", None),
                live=False,
            )
        if kind == "response.output_item.done":
            item = getattr(event, "item", None)
            if getattr(item, "type", None) == "function_call":
                return self._answer(
                    conn,
                    state,
                    getattr(event, "response_id", None),
                    getattr(item, "call_id", None),
                    getattr(item, "name", None),
                    getattr(item, "arguments", None),
                    live=False,
                )
            return False
        if kind == "response.done":
            response = getattr(event, "response", None)
            return self._respond(conn, state, getattr(response, "id", None), live=False)
        return False

    def _handle_live(self, conn: Any, inner: Mapping[str, Any], state: "_ToolState") -> bool:
        kind = inner.get("type")
        response = inner.get("response")
        response_id = response.get("id") if isinstance(response, Mapping) else inner.get("response_id")
        if kind == "response.output_item.done":
            item = inner.get("item")
            if isinstance(item, Mapping) and item.get("type") == "function_call":
                return self._answer(
                    conn, state, response_id, item.get("call_id"), item.get("name"), item.get("arguments"), live=True
                )
            return False
        if kind == "response.function_call_arguments.done" and inner.get("call_id") and inner.get("name"):
            return self._answer(
                conn, state, response_id, inner.get("call_id"), inner.get("name"), inner.get("arguments"), live=True
            )
        if kind in ("response.completed", "response.done", "response.incomplete"):
            return self._respond(conn, state, response_id, live=True)
        return False

    def _answer(
        self,
        conn: Any,
        state: "_ToolState",
        response_id: Any,
        call_id: Any,
        name: Any,
        arguments: Any,
        *,
        live: bool,
    ) -> bool:
        if not isinstance(call_id, str) or not call_id or call_id in state.answered:
            return False
        state.remember(call_id)
        output = self._run(name, arguments)
        item = {"type": "function_call_output", "call_id": call_id, "output": output}
        conn.send(
            {"type": "response.item.create", "item": item}
            if live
            else {"type": "conversation.item.create", "item": item}
        )
        state.waiting.add(response_id if isinstance(response_id, str) else "")
        return True

    def _respond(self, conn: Any, state: "_ToolState", response_id: Any, *, live: bool) -> bool:
        key = response_id if isinstance(response_id, str) else ""
        if key in state.waiting:
            state.waiting.discard(key)
        elif "" in state.waiting:  # answered from an event that named no response
            state.waiting.discard("")
        else:
            return False
        conn.send({"type": "response.create"})
        return True

    def _run(self, name: Any, arguments: Any) -> str:
        fn = self.tools.get(name) if isinstance(name, str) else None
        if fn is None:
            log.warning("supervisor: the model called an unknown function %r", name)
            return _dumps({"error": "unknown function %r" % (name,)})
        try:
            parsed = json.loads(arguments) if isinstance(arguments, str) and arguments.strip() else {}
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            log.warning("supervisor: function %r called with arguments that are not a JSON object", name)
            return _dumps({"error": "arguments for %s are not a JSON object" % name})
        try:
            result = fn(**parsed)
        except Exception as exc:
            log.error("supervisor: function %r raised", name, exc_info=True)
            return _dumps({"error": "%s failed (%s)" % (name, type(exc).__name__)})
        if isinstance(result, str):
            return result
        try:
            return _dumps(result)
        except (TypeError, ValueError) as exc:
            log.error("supervisor: function %r returned a value that is not JSON (%s)", name, exc)
            return _dumps({"error": "%s returned a value that is not JSON" % name})

    def __repr__(self) -> str:
        return "<FunctionTools %s>" % ", ".join(sorted(self.tools))


class _ToolState:
    """Per connection: the call ids answered (bounded) and the responses waiting for ``response.create``."""

    def __init__(self) -> None:
        self.answered: Set[str] = set()
        self._order: Deque[str] = deque()
        self.waiting: Set[str] = set()

    def remember(self, call_id: str) -> None:
        self.answered.add(call_id)
        self._order.append(call_id)
        if len(self._order) > 1024:  # a call's duplicates arrive within one response: forget old ids
            self.answered.discard(self._order.popleft())


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
