"""Who is online in each room: a Redis sorted set per room, scored by when each entry expires.

Every heartbeat pushes the user's expiry forward; a user whose heartbeats stop (a closed
laptop, a killed process) drops out once the score passes, whichever process they were on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis.asyncio import Redis


class PresenceStore:
    def __init__(self, redis: Redis, *, prefix: str, ttl: int, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl
        self.clock = clock

    def _key(self, room_id: int) -> str:
        return f"{self.prefix}presence:{room_id}"

    async def touch(self, room_id: int, username: str) -> None:
        key = self._key(room_id)
        await self.redis.zadd(key, {username: self.clock() + self.ttl})
        await self.redis.expire(key, self.ttl * 2)

    async def remove(self, room_id: int, username: str) -> None:
        await self.redis.zrem(self._key(room_id), username)

    async def online(self, room_id: int) -> list[str]:
        key = self._key(room_id)
        await self.redis.zremrangebyscore(key, "-inf", self.clock())
        return sorted(str(member) for member in await self.redis.zrange(key, 0, -1))
