"""Fixed-window attempt counters in Redis, shared by every worker.

An attempt first *acquires* a slot in each of its counters, in one Lua script: when any
counter is full nothing is counted and the caller gets the wait; otherwise every counter
goes up by one, before the password is checked. So a burst of concurrent attempts can never
pass more than the limit. A login that turns out right *releases* its slot again, which is
how the counters end up counting failures only: users behind one NAT address who log in
successfully never lock each other out.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from .errors import AppError

# KEYS: counters. ARGV: limit and window of each counter, in pairs, in KEYS order.
ACQUIRE = """
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = 1 end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('TTL', key) < 0 then
    redis.call('EXPIRE', key, ARGV[2 * i])
  end
end
return 0
"""

# KEYS: one counter. Never below zero, and never creates a counter that already expired.
RELEASE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return count
"""


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window: int


class TooManyAttemptsError(AppError):
    status_code = 429
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many attempts; try again later.", headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._acquire = redis.register_script(ACQUIRE)
        self._release = redis.register_script(RELEASE)

    def _key(self, limit: Limit) -> str:
        return f"{self.prefix}ratelimit:{limit.name}"

    async def acquire(self, *limits: Limit) -> None:
        """Count one attempt against every limit, or raise (counting nothing) when any is full."""
        args: list[int] = []
        for limit in limits:
            args += [limit.limit, limit.window]
        wait = int(await self._acquire(keys=[self._key(limit) for limit in limits], args=args))
        if wait > 0:
            raise TooManyAttemptsError(wait)

    async def release(self, limit: Limit) -> None:
        """Give back the slot an attempt took: it succeeded, so it was no failure."""
        await self._release(keys=[self._key(limit)])

    async def reset(self, limit: Limit) -> None:
        await self.redis.delete(self._key(limit))
