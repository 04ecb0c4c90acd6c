"""Per-key rate limiting behind a small protocol, so a shared (e.g. Redis) limiter can replace the in-memory
one when the API runs as several processes."""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.config import Settings

logger = logging.getLogger(__name__)

DEFAULT_MAX_KEYS = 10_000


@dataclass(frozen=True, slots=True)
class RateDecision:
    """Whether one request may go ahead; if not, how many whole seconds until it may."""

    allowed: bool
    retry_after_s: int
    remaining: int


class RateLimiter(Protocol):
    """Counts one request against `key` and says whether it is within the limit."""

    def hit(self, key: str) -> RateDecision: ...


class InMemoryRateLimiter:
    """Sliding-window log: at most `limit` allowed hits per key in any `window_s` seconds.

    Refused hits are not recorded, so a client that keeps retrying is let in as soon as its oldest hit
    leaves the window. Memory is bounded: keys with no hit in the window are dropped as they are passed,
    and past `max_keys` the least recently seen key is forgotten (it starts afresh). One process only.
    """

    def __init__(
        self,
        limit: int,
        window_s: float = 60.0,
        *,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window_s <= 0 or max_keys < 1:
            raise ValueError("limit, window_s and max_keys must be positive")
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()  # least recently seen first
        self._full_warned = False

    def hit(self, key: str) -> RateDecision:
        with self._lock:
            now = self._clock()
            cutoff = now - self.window_s
            self._drop_idle(cutoff)
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
                if len(self._hits) > self.max_keys:
                    self._hits.popitem(last=False)
                    if not self._full_warned:
                        self._full_warned = True
                        logger.warning("rate limiter full (%d keys): forgetting active keys", self.max_keys)
            else:
                self._hits.move_to_end(key)
                while hits and hits[0] <= cutoff:
                    hits.popleft()
            if len(hits) >= self.limit:
                return RateDecision(False, max(1, math.ceil(hits[0] - cutoff)), 0)
            hits.append(now)
            return RateDecision(True, 0, self.limit - len(hits))

    def __len__(self) -> int:
        """Keys currently tracked."""
        return len(self._hits)

    def _drop_idle(self, cutoff: float) -> None:
        """Forget keys, least recently seen first, whose every hit has left the window."""
        while self._hits:
            key, hits = next(iter(self._hits.items()))
            if hits and hits[-1] > cutoff:
                return
            del self._hits[key]


# A sliding-window log in one sorted set per key, atomic in Redis: drop hits older than the window, count,
# then either record this hit or report when the oldest one leaves the window. Refused hits are not recorded.
_SLIDING_WINDOW = """
local key, member = KEYS[1], ARGV[4]
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.ceil(window))
  return {1, 0, limit - count - 1}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, math.ceil(tonumber(oldest[2]) + window - now), 0}
"""


class RedisRateLimiter:
    """The same sliding window shared by every worker process through Redis.

    If Redis cannot be reached the request is let through and a warning logged: the limiter protects
    against abuse and must not take the service down with it."""

    def __init__(self, client: Any, limit: int, window_s: float = 60.0, prefix: str = "ustad:rl:") -> None:
        self._client = client
        self._script = client.register_script(_SLIDING_WINDOW)
        self.limit = limit
        self.window_ms = int(window_s * 1000)
        self.prefix = prefix

    @classmethod
    def from_url(
        cls, url: str, limit: int, window_s: float = 60.0, prefix: str = "ustad:rl:"
    ) -> RedisRateLimiter:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        return cls(client, limit, window_s, prefix)

    def hit(self, key: str) -> RateDecision:
        import redis

        now_ms = time.time() * 1000
        member = f"{now_ms:.3f}:{uuid.uuid4().hex[:8]}"
        try:
            allowed, retry_ms, remaining = self._script(
                keys=[self.prefix + key], args=[now_ms, self.window_ms, self.limit, member]
            )
        except redis.RedisError as exc:
            logger.warning("Rate limiter unavailable, letting the request through: %s", type(exc).__name__)
            return RateDecision(True, 0, self.limit)
        return RateDecision(
            bool(allowed), max(1, math.ceil(int(retry_ms) / 1000)) if not allowed else 0, int(remaining)
        )


def build_rate_limiter(settings: Settings) -> RateLimiter:
    """The question limiter: `rate_limit_per_minute` per key, shared through Redis when `redis_url` is set
    (several worker processes), else in this process's memory."""
    if settings.redis_url:
        return RedisRateLimiter.from_url(settings.redis_url, settings.rate_limit_per_minute, 60.0)
    return InMemoryRateLimiter(settings.rate_limit_per_minute, 60.0)
