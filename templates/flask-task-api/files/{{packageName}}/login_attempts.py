"""Counting failed logins per account and per client address.

A login first *reserves* one attempt under every key (atomically: either all keys are
below their limit and all are incremented, or nothing is), checks the password, and
*releases* the reservation when the password was right. So only failures count, and a
burst of concurrent wrong passwords cannot slip past the limit between check and record.

The counters live in Redis when REDIS_URL is set (shared by every worker process), else
in this process's memory (development and tests only; production requires Redis).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from redis import Redis


@dataclass(frozen=True)
class Limit:
    key: str
    amount: int
    window_seconds: int


class AttemptCounter(Protocol):
    def reserve(self, limits: Sequence[Limit]) -> int:
        """Count one attempt under every limit; 0, or the seconds to wait when one is full."""

    def release(self, limits: Sequence[Limit]) -> None:
        """Give back an attempt reserved by `reserve` (the login succeeded)."""


# KEYS: the counters; ARGV: amount1, window1, amount2, window2, ...
_RESERVE = """
for i, key in ipairs(KEYS) do
    local count = tonumber(redis.call('GET', key) or '0')
    if count >= tonumber(ARGV[2 * i - 1]) then
        local ttl = redis.call('TTL', key)
        if ttl < 1 then ttl = 1 end
        return ttl
    end
end
for i, key in ipairs(KEYS) do
    if redis.call('INCR', key) == 1 then
        redis.call('EXPIRE', key, ARGV[2 * i])
    end
end
return 0
"""

_RELEASE = """
for _, key in ipairs(KEYS) do
    local count = tonumber(redis.call('GET', key) or '0')
    if count > 0 then redis.call('DECR', key) end
end
return 0
"""


class RedisAttemptCounter:
    def __init__(self, client: Redis, prefix: str) -> None:
        self._prefix = prefix
        self._reserve = client.register_script(_RESERVE)
        self._release = client.register_script(_RELEASE)

    def _keys(self, limits: Sequence[Limit]) -> list[str]:
        return [f"{self._prefix}{limit.key}" for limit in limits]

    def reserve(self, limits: Sequence[Limit]) -> int:
        args: list[int] = []
        for limit in limits:
            args += [limit.amount, limit.window_seconds]
        return int(self._reserve(keys=self._keys(limits), args=args))

    def release(self, limits: Sequence[Limit]) -> None:
        self._release(keys=self._keys(limits))


class MemoryAttemptCounter:
    """One process only: a development fallback, refused in production."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)

    def _current(self, key: str, now: float) -> tuple[int, float]:
        count, expires = self._counts.get(key, (0, 0.0))
        return (count, expires) if expires > now else (0, 0.0)

    def reserve(self, limits: Sequence[Limit]) -> int:
        now = time.monotonic()
        with self._lock:
            for limit in limits:
                count, expires = self._current(limit.key, now)
                if count >= limit.amount:
                    return max(1, math.ceil(expires - now))
            for limit in limits:
                count, expires = self._current(limit.key, now)
                self._counts[limit.key] = (count + 1, expires or now + limit.window_seconds)
        return 0

    def release(self, limits: Sequence[Limit]) -> None:
        now = time.monotonic()
        with self._lock:
            for limit in limits:
                count, expires = self._current(limit.key, now)
                if count > 0:
                    self._counts[limit.key] = (count - 1, expires)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
