"""Fixed-window counters in Redis for login throttling."""

from __future__ import annotations

from redis.asyncio import Redis


class RateLimiter:
    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def hit(self, name: str, *, limit: int, window: int) -> int | None:
        """Count one attempt; return the seconds to wait when over the limit, else None."""
        key = f"{self.prefix}ratelimit:{name}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window, nx=True)
            pipe.incr(key)
            pipe.ttl(key)
            _, count, ttl = await pipe.execute()
        if count > limit:
            return max(int(ttl), 1)
        return None

    async def reset(self, name: str) -> None:
        await self.redis.delete(f"{self.prefix}ratelimit:{name}")
