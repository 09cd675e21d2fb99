"""A webhook delivery store on Redis, for the Flask blueprint (or Django, or any framework): ``pip install redis``.

The ``redis`` package is optional and imported only by
:meth:`RedisDeliveryStore.from_url`; the store itself works with any client
object offering ``set(..., nx=, ex=)``, ``get`` and ``eval`` as redis-py's
``Redis`` does.
"""

import math
import os
import socket
import time
import uuid
from typing import Any, List, Optional, Sequence, Tuple

from .._redaction import library_logger
from .._text import short_repr
from ..errors import RequestValidationError
from ..webhook_delivery import (
    CLAIMED,
    DEFAULT_DEDUPE_TIMEOUT,
    DeliveryState,
    DeliveryStoreError,
    final_value,
    lease_seconds,
    stored_state,
)

__all__ = ["RedisCallLock", "RedisCallQueue", "RedisDeliveryStore"]

log = library_logger("realtime_sync.contrib.redis")

# Delete the key only while it still holds this request's claim: a release after the lease ran out
# must not delete a redelivery's newer claim.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

# Extend the lock while this token holds it; take it again if it expired meanwhile (the owner stalled, nobody
# took the call); 0 when another owner holds it now.
_REFRESH = """
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""

# Re-queue the in-flight hand-offs of every consumer whose liveness key expired, atomically (two workers
# recovering at once move each entry once). An entry whose call is locked by that dead consumer itself (it
# died after locking, before acknowledging) stays in flight until the lock expires: re-queued earlier, it would
# be refused as "owned elsewhere" and dropped. The dead consumer's owned set (``owning``) is read and deleted:
# the calls in it whose lock that consumer still holds lost their handler (the others ended, and their locks
# were released). KEYS: queue, consumers set. ARGV: in-flight prefix, liveness prefix, lock prefix, owned
# prefix. Returns {the re-queued ids, [consumer, call id, consumer, call id, ...] of the calls left owned}.
_RECOVER = """
local moved = {}
local orphaned = {}
for _, consumer in ipairs(redis.call('smembers', KEYS[2])) do
  if redis.call('exists', ARGV[2] .. consumer) == 0 then
    local owned = ARGV[4] .. consumer
    for _, call_id in ipairs(redis.call('smembers', owned)) do
      if redis.call('get', ARGV[3] .. call_id) == consumer then
        table.insert(orphaned, consumer)
        table.insert(orphaned, call_id)
      end
    end
    redis.call('del', owned)
    local inflight = ARGV[1] .. consumer
    local kept = {}
    -- the in-flight list's head is the newest: pushed in this order, the oldest is taken first again
    for _, call_id in ipairs(redis.call('lrange', inflight, 0, -1)) do
      if redis.call('get', ARGV[3] .. call_id) == consumer then
        table.insert(kept, call_id)
      else
        redis.call('rpush', KEYS[1], call_id)
        table.insert(moved, call_id)
      end
    end
    redis.call('del', inflight)
    if #kept > 0 then
      redis.call('rpush', inflight, unpack(kept))
    else
      redis.call('srem', KEYS[2], consumer)
    end
  end
end
return {moved, orphaned}
"""


class RedisDeliveryStore:
    """A :class:`~realtime_sync.webhook_delivery.DeliveryStore` on Redis: shared by every worker process and host.

    ``claim`` is ``SET key "p:<token>" NX EX lease`` followed by a read-back,
    so only this request's own token counts as claimed; ``release`` deletes
    the key only while it still holds that token (a Lua script, atomic).
    Errors are never swallowed: a Redis outage raises from ``claim`` and the
    endpoint answers 503, so OpenAI delivers the webhook again later. Give the
    client short socket timeouts (``from_url`` does: 2 s).

    :param client: a ``redis.Redis`` (bytes or ``decode_responses=True``).
    :param timeout: seconds a done or unknown webhook-id is remembered (3 days).
    :param prefix: key prefix; the webhook-id follows it unchanged (Redis keys take any bytes).

    Example::

        store = RedisDeliveryStore.from_url("redis://127.0.0.1:6379/0")
        app.register_blueprint(realtime_blueprint(webhook_handler=on_event, store=store))
    """

    def __init__(
        self, client: Any, *, timeout: int = DEFAULT_DEDUPE_TIMEOUT, prefix: str = "realtime_sync:wh:"
    ) -> None:
        self.client = client
        self.timeout = timeout
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, socket_timeout: float = 2.0, **options: Any) -> "RedisDeliveryStore":
        """A store on ``redis.Redis.from_url(url)`` (the ``redis`` package), with short socket timeouts.

        Example::

            RedisDeliveryStore.from_url("redis://127.0.0.1:6379/0", timeout=86400)
        """
        try:
            import redis
        except ImportError:
            raise ImportError("RedisDeliveryStore.from_url needs the redis package: pip install redis") from None
        client = redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout)
        return cls(client, **options)

    def _key(self, webhook_id: str) -> str:
        return self.prefix + webhook_id

    def _get(self, key: str) -> Optional[str]:
        value = self.client.get(key)
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value if isinstance(value, str) else None

    def claim(self, webhook_id: str, token: str, lease: float) -> DeliveryState:
        """Claim ``webhook_id`` for ``lease`` seconds (whole seconds, rounded up), or say its recorded state."""
        key = self._key(webhook_id)
        mine = "p:" + token
        self.client.set(key, mine, nx=True, ex=lease_seconds(lease))
        current = self._get(key)  # read back: the answer to SET is not the state
        if current == mine:
            return CLAIMED
        if current is None:
            raise DeliveryStoreError("redis did not keep the claim (the key read back as nothing)")
        return stored_state(current)

    def finish(self, webhook_id: str, token: str, state: DeliveryState) -> None:
        """Record ``"done"`` or ``"unknown"`` for ``timeout`` seconds."""
        value = final_value(state)
        key = self._key(webhook_id)
        self.client.set(key, value, ex=self.timeout)
        if self._get(key) != value:
            raise DeliveryStoreError("redis did not keep the %s state of the delivery" % state)

    def release(self, webhook_id: str, token: str) -> None:
        """Forget the claim, atomically, if ``token`` still holds it."""
        self.client.eval(_RELEASE, 1, self._key(webhook_id), "p:" + token)


def _redis_client(url: str, socket_timeout: float, who: str) -> Any:
    try:
        import redis
    except ImportError:
        raise ImportError("%s needs the redis package: pip install redis" % who) from None
    return redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout)


class RedisCallLock:
    """One owner per call across processes and hosts, for ``CallSupervisor(lock=...)``: a Redis key with expiry.

    ``acquire`` is ``SET prefix+call_id token NX PX ttl``; ``release``
    deletes the key only while it still holds this token (a Lua script, so
    a lock that expired and was taken by another process is left alone).
    A Redis outage raises from ``acquire``: ``attach`` raises, the webhook
    view answers 503 and the delivery comes back.

    Example::

        lock = RedisCallLock.from_url("redis://127.0.0.1:6379/0")
        supervisor = CallSupervisor(handle, max_calls=50, client=client, lock=lock)
    """

    def __init__(self, client: Any, *, prefix: str = "realtime_sync:call:") -> None:
        self.client = client
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, socket_timeout: float = 2.0, **options: Any) -> "RedisCallLock":
        """A lock on ``redis.Redis.from_url(url)`` (the ``redis`` package), with short socket timeouts."""
        return cls(_redis_client(url, socket_timeout, "RedisCallLock.from_url"), **options)

    def acquire(self, call_id: str, token: str, ttl: float) -> bool:
        """Hold ``call_id`` for ``ttl`` seconds unless another owner holds it."""
        return bool(self.client.set(self.prefix + call_id, token, nx=True, px=max(1, int(ttl * 1000))))

    def release(self, call_id: str, token: str) -> None:
        """Free ``call_id`` if ``token`` still holds it."""
        self.client.eval(_RELEASE, 1, self.prefix + call_id, token)

    def refresh(self, call_id: str, token: str, ttl: float) -> bool:
        """Hold ``call_id`` for ``ttl`` more seconds while ``token`` owns it; ``False`` when another token holds it."""
        return bool(self.client.eval(_REFRESH, 1, self.prefix + call_id, token, max(1, int(ttl * 1000))))

    def owner(self, call_id: str) -> Optional[str]:
        """The token holding ``call_id`` (``host:pid:uuid`` for a supervisor), or ``None``."""
        value = self.client.get(self.prefix + call_id)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class RedisCallQueue:
    """The webhook view's hand-off to ``manage.py realtime_worker`` (a ``CallQueue``): a Redis list.

    ``put`` is ``LPUSH``. ``get`` is ``BRPOPLPUSH`` into this consumer's
    in-flight list (one atomic move, on every Redis since 2.2), and ``ack``
    (``LREM``) removes the id from it once the supervisor owns the call or
    the lock says another process does. Each consumer (``consumer``,
    ``host:pid:uuid`` unless given) keeps a liveness key alive for
    ``liveness_ttl`` seconds, refreshed by ``keepalive`` (``serve`` calls it
    on every turn; ``get`` too). ``get`` also re-queues, on its first call and
    then every half ``liveness_ttl``, the in-flight ids of consumers whose
    liveness key expired (a worker killed between taking a call and owning
    it): one Lua script, so each id is re-queued once, at the front. An id
    whose call is still locked by that dead consumer (``lock_prefix``; it
    died after locking, before acknowledging) waits until the lock expires.
    First in, first out, shared by every web and worker process on the same
    Redis (the one holding the webhook dedupe store is fine).

    On Redis 6 and later the wait of ``get`` is in milliseconds and at most a
    third of ``liveness_ttl``; older servers wait whole seconds (at least
    1), so keep ``liveness_ttl`` at 3 s or more there.

    Example::

        calls = RedisCallQueue.from_url("redis://127.0.0.1:6379/0")
        calls.put(event.data.call_id)                # in the webhook handler, after accepting
    """

    def __init__(
        self,
        client: Any,
        *,
        key: str = "realtime_sync:calls",
        consumer: Optional[str] = None,
        liveness_ttl: float = 15.0,
        lock_prefix: str = "realtime_sync:call:",
    ) -> None:
        problems = []
        if consumer is not None and (not isinstance(consumer, str) or not consumer.strip()):
            problems.append("consumer: expected a non-empty string or None, got %r" % (consumer,))
        if (
            isinstance(liveness_ttl, bool)
            or not isinstance(liveness_ttl, (int, float))
            or not 0 < liveness_ttl < float("inf")
        ):
            problems.append("liveness_ttl: expected a positive number of seconds, got %r" % (liveness_ttl,))
        if problems:
            raise RequestValidationError(problems)
        self.client = client
        self.key = key
        #: This process's id as a consumer: its in-flight list and liveness key are named after it.
        self.consumer = (
            consumer
            if consumer is not None
            else "%s:%d:%s"
            % (
                socket.gethostname(),
                os.getpid(),
                uuid.uuid4().hex,
            )
        )
        self.liveness_ttl = float(liveness_ttl)
        self.lock_prefix = lock_prefix
        self._alive_until = 0.0  # when the liveness key set by this object runs out (monotonic)
        self._next_recovery = 0.0
        self._fractional: Optional[bool] = None  # does the server take blocking timeouts in fractions of a second?

    @classmethod
    def from_url(cls, url: str, *, socket_timeout: float = 5.0, **options: Any) -> "RedisCallQueue":
        """A queue on ``redis.Redis.from_url(url)`` (the socket timeout must exceed ``get``'s wait)."""
        return cls(_redis_client(url, socket_timeout, "RedisCallQueue.from_url"), **options)

    @property
    def in_flight_key(self) -> str:
        """This consumer's in-flight list: the ids taken by ``get`` and not acknowledged yet."""
        return "%s:inflight:%s" % (self.key, self.consumer)

    def _alive_key(self, consumer: str) -> str:
        return "%s:alive:%s" % (self.key, consumer)

    def put(self, call_id: str) -> None:
        """Hand ``call_id`` over."""
        self.client.lpush(self.key, call_id)

    def keepalive(self) -> None:
        """Say this consumer is alive for ``liveness_ttl`` seconds (sent when a third of it has passed)."""
        now = time.monotonic()
        if now < self._alive_until - self.liveness_ttl * 2 / 3:
            return
        ttl_ms = max(1, int(self.liveness_ttl * 1000))
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._alive_key(self.consumer), "1", px=ttl_ms)
        pipe.sadd(self.key + ":consumers", self.consumer)
        pipe.execute()
        self._alive_until = now + self.liveness_ttl

    @property
    def owned_key(self) -> str:
        """This consumer's owned set: the calls its supervisor runs, as :meth:`owning` last said."""
        return "%s:owned:%s" % (self.key, self.consumer)

    def owning(self, call_ids: Sequence[str]) -> None:
        """Record the calls this consumer's supervisor owns now (``serve`` sends them when they change).

        If this process dies without cleanup (SIGKILL, a lost node), the
        :meth:`recover` of another consumer names each of these calls whose
        lock it still held in a warning: the call goes on at OpenAI, but no
        handler runs it (docs/calls.md: hand it over again to re-attach).
        A bad argument is a ``RequestValidationError``, before anything is sent.
        """
        if not isinstance(call_ids, (list, tuple)) or not all(isinstance(c, str) and c.strip() for c in call_ids):
            raise RequestValidationError(
                ["call_ids: expected a list of non-empty call id strings, got %s" % short_repr(call_ids)]
            )
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self.owned_key)
        if call_ids:
            pipe.sadd(self.owned_key, *call_ids)
        pipe.execute()

    def recover(self) -> List[str]:
        """Re-queue the in-flight ids of consumers whose liveness expired; the ids moved, oldest taken first.

        The calls such a consumer still owned (:meth:`owning`, their lock
        still its own) are not re-queued (their handler would start again
        mid-call): each is named in a warning, once.
        """
        moved, orphaned = self.client.eval(
            _RECOVER,
            2,
            self.key,
            self.key + ":consumers",
            self.key + ":inflight:",
            self.key + ":alive:",
            self.lock_prefix,
            self.key + ":owned:",
        )
        pairs = [_text(value) for value in orphaned or ()]
        for consumer, call_id in zip(pairs[::2], pairs[1::2]):
            log.warning(
                "call %r lost its handler: worker %s stopped (its liveness expired) while it owned the call, which"
                " goes on at OpenAI with nobody running it; hand it over again to re-attach (docs/calls.md)",
                call_id,
                consumer,
            )
        return [_text(value) for value in moved or ()]

    def get(self, timeout: float) -> Optional[str]:
        """The oldest call id, moved into this consumer's in-flight list, or ``None`` after ``timeout`` seconds."""
        self.keepalive()
        now = time.monotonic()
        if now >= self._next_recovery:
            self._next_recovery = now + self.liveness_ttl / 2
            self.recover()
        wait = min(float(timeout), self.liveness_ttl / 3)
        if self._fractional is None:
            self._fractional = self._server_version() >= (6, 0)
        if self._fractional:
            block: Any = "%.3f" % max(0.001, wait)  # 0 would block forever
        else:
            block = max(1, math.ceil(wait))
        found = self.client.brpoplpush(self.key, self.in_flight_key, timeout=block)
        return None if found is None else _text(found)

    def ack(self, call_id: str) -> None:
        """The hand-off of ``call_id`` is done: remove it from this consumer's in-flight list."""
        # LREM's argument order differs between redis-py's old Redis and StrictRedis classes: send it as is.
        self.client.execute_command("LREM", self.in_flight_key, 1, call_id)

    def in_flight(self) -> List[str]:
        """This consumer's unacknowledged ids, the oldest first."""
        return [_text(value) for value in reversed(self.client.lrange(self.in_flight_key, 0, -1))]

    def _server_version(self) -> Tuple[int, ...]:
        try:
            info = self.client.info("server")
            return tuple(int(part) for part in _text(info.get("redis_version", "0")).split(".")[:2])
        except Exception:  # unknown: whole seconds work everywhere
            return (0, 0)
