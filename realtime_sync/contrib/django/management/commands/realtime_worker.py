"""``manage.py realtime_worker``: own the calls the webhook view hands over, for shops without Celery.

The webhook view accepts a call and puts its id on ``call_queue()``
(``REALTIME_SYNC["CALL_QUEUE"]``: a ``redis://`` URL, the same Redis as the
dedupe store, or a dotted path to a queue). This command runs a
:class:`~realtime_sync.supervisor.CallSupervisor` that takes calls off that
queue (only when it has a free slot) and runs the handler on each call's
sideband connection. SIGTERM or SIGINT: stop taking calls, close every
connection cleanly (``--shutdown-timeout``), exit. With a Redis queue, calls
are locked in the same Redis (``RedisCallLock``, refreshed while owned,
``--lock-ttl``), so several workers never own one call twice, and a call
taken by a worker killed before it owned it is re-queued by the others once
that worker's liveness key expired (``--liveness-ttl``; docs/calls.md).
"""

import signal
import threading
from typing import Any, Dict, Optional

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from realtime_sync.contrib.django import call_queue, get_client, realtime_setting
from realtime_sync.errors import ConfigurationError, RequestValidationError
from realtime_sync.supervisor import CallLock, CallSupervisor, serve


class Command(BaseCommand):  # type: ignore[misc]
    help = (
        "Run a call supervisor: attach the calls the webhook view put on REALTIME_SYNC['CALL_QUEUE'] and run the "
        "handler on each call's connection; SIGTERM closes every connection cleanly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--handler", metavar="DOTTED.PATH", help="handler(conn), default REALTIME_SYNC['CALL_HANDLER']"
        )
        parser.add_argument("--max-calls", type=int, default=10, help="calls run at once (default 10)")
        parser.add_argument(
            "--shutdown-timeout",
            type=float,
            default=10.0,
            help="seconds to wait for the calls' handlers on SIGTERM (default 10)",
        )
        parser.add_argument(
            "--poll", type=float, default=1.0, help="how often (seconds) the loop looks for a stop signal (default 1)"
        )
        parser.add_argument(
            "--lock-ttl",
            type=float,
            default=30.0,
            help="seconds a dead worker's calls stay locked; a live worker refreshes its locks (default 30)",
        )
        parser.add_argument(
            "--liveness-ttl",
            type=float,
            default=None,
            help="a Redis queue: seconds after which a silent worker counts as dead and the hand-offs it had"
            " taken are re-queued (default: the queue's, 15)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("handler") or realtime_setting("CALL_HANDLER")
        if not path:
            raise CommandError("no handler: pass --handler dotted.path or set REALTIME_SYNC['CALL_HANDLER']")
        try:
            handler = import_string(path) if isinstance(path, str) else path
        except ImportError as exc:
            raise CommandError("--handler: cannot import %r (%s)" % (path, exc)) from None
        liveness_ttl = options.get("liveness_ttl")
        if liveness_ttl is not None and not 0 < liveness_ttl < float("inf"):
            raise CommandError("--liveness-ttl: expected a positive number of seconds, got %r" % (liveness_ttl,))
        try:
            calls = call_queue()
            if liveness_ttl is not None and hasattr(calls, "liveness_ttl"):
                calls.liveness_ttl = float(liveness_ttl)  # this process is the queue's only consumer
            consumer = getattr(calls, "consumer", None)
            supervisor = CallSupervisor(
                handler,
                max_calls=options["max_calls"],
                client=get_client(),
                lock=self.lock_for(realtime_setting("CALL_QUEUE"), calls),
                lock_ttl=options["lock_ttl"],
                # The queue's consumer id as the lock token: a hand-off re-queued from a dead worker that had
                # locked it already waits for that lock to expire instead of being refused.
                token=consumer if isinstance(consumer, str) else None,
            )
        except (ConfigurationError, RequestValidationError) as exc:
            raise CommandError(str(exc)) from None
        stop = threading.Event()
        previous = self.install_signals(stop)
        self.stdout.write("realtime_worker: up to %d calls; waiting for calls (SIGTERM to stop)" % supervisor.max_calls)
        try:
            serve(supervisor, calls, stop, poll=options["poll"])
        finally:
            clean = supervisor.shutdown(timeout=options["shutdown_timeout"])
            for signum, handler_ in previous.items():
                signal.signal(signum, handler_)
        if clean:
            self.stdout.write("realtime_worker: every call's connection closed; bye")
        else:
            self.stderr.write("realtime_worker: some calls did not finish within --shutdown-timeout")

    @staticmethod
    def lock_for(queue_setting: Any, calls: Any = None) -> Optional[CallLock]:
        # A Redis queue means several workers may share it: lock each call in the same Redis.
        from realtime_sync.contrib.redis import RedisCallLock, RedisCallQueue

        prefix = calls.lock_prefix if isinstance(calls, RedisCallQueue) else "realtime_sync:call:"
        if isinstance(queue_setting, str) and queue_setting.split("://", 1)[0] in ("redis", "rediss", "unix"):
            return RedisCallLock.from_url(queue_setting, prefix=prefix)
        if isinstance(calls, RedisCallQueue):  # given by dotted path (a subclass, a factory): lock in its Redis
            return RedisCallLock(calls.client, prefix=prefix)
        return None

    @staticmethod
    def install_signals(stop: threading.Event) -> Dict[int, Any]:
        # Signals reach only the main thread; elsewhere (a test thread) the caller sets ``stop``.
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous: Dict[int, Any] = {}
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_: stop.set())
        return previous
