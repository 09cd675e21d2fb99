"""A webhook delivery store on Redis, for the Flask blueprint (or Django, or any framework): ``pip install redis``.

The ``redis`` package is optional and imported only by
:meth:`RedisDeliveryStore.from_url`; the store itself works with any client
object offering ``set(..., nx=, ex=)``, ``get`` and ``eval`` as redis-py's
``Redis`` does.
"""

import math
from typing import Any, Optional

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

# Delete the key only while it still holds this request's claim: a release after the lease ran out
# must not delete a redelivery's newer claim.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


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

    def owner(self, call_id: str) -> Optional[str]:
        """The token holding ``call_id`` (``host:pid:uuid`` for a supervisor), or ``None``."""
        value = self.client.get(self.prefix + call_id)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


class RedisCallQueue:
    """The webhook view's hand-off to ``manage.py realtime_worker`` (a ``CallQueue``): a Redis list.

    ``put`` is ``LPUSH``, ``get`` is ``BRPOP`` with a timeout: first in,
    first out, shared by every web and worker process on the same Redis
    (the one holding the webhook dedupe store is fine).

    Example::

        calls = RedisCallQueue.from_url("redis://127.0.0.1:6379/0")
        calls.put(event.data.call_id)                # in the webhook handler, after accepting
    """

    def __init__(self, client: Any, *, key: str = "realtime_sync:calls") -> None:
        self.client = client
        self.key = key

    @classmethod
    def from_url(cls, url: str, *, socket_timeout: float = 5.0, **options: Any) -> "RedisCallQueue":
        """A queue on ``redis.Redis.from_url(url)`` (the socket timeout must exceed ``get``'s wait)."""
        return cls(_redis_client(url, socket_timeout, "RedisCallQueue.from_url"), **options)

    def put(self, call_id: str) -> None:
        """Hand ``call_id`` over."""
        self.client.lpush(self.key, call_id)

    def get(self, timeout: float) -> Optional[str]:
        """The oldest call id, or ``None`` after ``timeout`` seconds (whole seconds, at least 1)."""
        found = self.client.brpop([self.key], timeout=max(1, math.ceil(timeout)))
        if found is None:
            return None
        value = found[1]
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
