"""Fixed-window attempt counters in Redis, for login throttling."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window: int


class TooManyAttemptsError(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def hit(self, limit: Limit) -> int | None:
        """Count one attempt; return the seconds to wait when over the limit, else None."""
        key = f"{self.prefix}ratelimit:{limit.name}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=limit.window, nx=True)
            pipe.incr(key)
            pipe.ttl(key)
            _, count, ttl = await pipe.execute()
        return max(int(ttl), 1) if count > limit.limit else None

    async def check(self, *limits: Limit) -> None:
        """Count an attempt against every limit; raise when any of them is exceeded."""
        waits = [wait for limit in limits if (wait := await self.hit(limit)) is not None]
        if waits:
            raise TooManyAttemptsError(max(waits))

    async def reset(self, limit: Limit) -> None:
        await self.redis.delete(f"{self.prefix}ratelimit:{limit.name}")
