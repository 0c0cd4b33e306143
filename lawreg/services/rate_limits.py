"""Where rate limits count events: the database (the embedded default) or Redis.

A limit is a :class:`Bucket`: at most ``limit`` events of one name in a sliding ``window``.
A service asks the application's store (:func:`rate_limit_store`) whether one more event is
allowed, and the store counts it:

* :class:`DatabaseStore` counts the rows the service stores for each event anyway (a
  hearing comment, a login attempt) — no extra infrastructure, and the limit holds across
  processes and hosts that share the database;
* :class:`RedisStore` (``LAWREG_REDIS_URL`` or ``REDIS_URL`` in the instance config; keys
  under ``REDIS_KEY_PREFIX``, default ``lawreg:rate:``, for deployments sharing a Redis) keeps a
  sorted set of event times per bucket and checks-and-adds in one Lua script, so every
  worker on every host shares one atomic count without a database round trip.  If Redis
  cannot be reached, the database store answers instead (logged), so an outage of Redis
  neither opens nor closes the gate.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from flask import current_app

log = logging.getLogger(__name__)

EXTENSION_KEY = "lawreg.rate_limit_store"
KEY_PREFIX = "lawreg:rate:"
REDIS_TIMEOUT_SECONDS = 0.5

# KEYS[1] bucket; ARGV: now (ms), window (ms), limit, a unique member for this event.
SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


@dataclass(frozen=True)
class Bucket:
    """At most ``limit`` events named ``name`` in ``window``; ``stored(since)`` is how the
    database counts them (used by :class:`DatabaseStore`)."""

    name: str
    limit: int
    window: timedelta
    stored: Callable[[datetime], int]


class RateLimitStore(Protocol):
    def allow(self, bucket: Bucket, now: datetime) -> bool:
        """Whether one more event fits in ``bucket`` at ``now``; if so it is counted."""
        ...


class DatabaseStore:
    """The rows the caller stores are the count: allowed while fewer than the limit."""

    def allow(self, bucket: Bucket, now: datetime) -> bool:
        return bucket.stored(now - bucket.window) < bucket.limit


class RedisStore:
    """A sliding window per bucket in Redis, shared by every process and host."""

    def __init__(self, client: Any, prefix: str = KEY_PREFIX,
                 fallback: RateLimitStore | None = None) -> None:
        self.client = client
        self.prefix = prefix
        self.script = client.register_script(SLIDING_WINDOW)
        self.fallback = fallback or DatabaseStore()

    def allow(self, bucket: Bucket, now: datetime) -> bool:
        import redis

        now_ms = int(now.timestamp() * 1000)
        window_ms = max(1, int(bucket.window.total_seconds() * 1000))
        try:
            allowed = self.script(keys=[self.prefix + bucket.name],
                                  args=[now_ms, window_ms, bucket.limit, f"{now_ms}:{uuid.uuid4().hex}"])
        except redis.RedisError as error:
            log.warning("rate limit store unreachable (%s); counting in the database", error)
            return self.fallback.allow(bucket, now)
        return bool(allowed)


def redis_url() -> str | None:
    return current_app.config.get("REDIS_URL") or os.environ.get("LAWREG_REDIS_URL") or None


def rate_limit_store() -> RateLimitStore:
    """The application's store, made on first use."""
    store = current_app.extensions.get(EXTENSION_KEY)
    if store is None:
        url = redis_url()
        if url:
            import redis

            client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                          socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
            store = RedisStore(client, current_app.config.get("REDIS_KEY_PREFIX", KEY_PREFIX))
        else:
            store = DatabaseStore()
        current_app.extensions[EXTENSION_KEY] = store
    return store
