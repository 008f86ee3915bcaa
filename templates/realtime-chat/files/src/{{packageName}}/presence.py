"""Who is online in each room: a Redis sorted set per room, scored by when each entry expires.

An entry is one connection (a browser tab), not one user: a user with two tabs open who
closes one is still online, and drops out only when their last connection leaves or stops
sending heartbeats (a closed laptop, a killed process), whichever process it was on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis.asyncio import Redis

# Usernames are letters, digits and `_.-` only, so this separator cannot occur inside one.
SEPARATOR = " "


class PresenceStore:
    def __init__(self, redis: Redis, *, prefix: str, ttl: int, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl
        self.clock = clock

    def _key(self, room_id: int) -> str:
        return f"{self.prefix}presence:{room_id}"

    async def touch(self, room_id: int, username: str, connection_id: str) -> None:
        key = self._key(room_id)
        await self.redis.zadd(key, {f"{username}{SEPARATOR}{connection_id}": self.clock() + self.ttl})
        await self.redis.expire(key, self.ttl * 2)

    async def remove(self, room_id: int, username: str, connection_id: str) -> None:
        await self.redis.zrem(self._key(room_id), f"{username}{SEPARATOR}{connection_id}")

    async def online(self, room_id: int) -> list[str]:
        """Each user once, however many connections they have in the room."""
        key = self._key(room_id)
        await self.redis.zremrangebyscore(key, "-inf", self.clock())
        members = await self.redis.zrange(key, 0, -1)
        return sorted({str(member).split(SEPARATOR, 1)[0] for member in members})
