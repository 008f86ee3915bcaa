"""Single-use WebSocket tickets.

Browsers cannot put an Authorization header on a WebSocket handshake, and a JWT in the URL
would land in access logs and stay valid for minutes. So a signed-in client asks REST for a
ticket: random, kept in Redis for a few seconds, and spent (GETDEL) by the first handshake
that presents it, on whichever worker process that handshake reaches.
"""

from __future__ import annotations

import secrets
import uuid

from redis.asyncio import Redis


class TicketStore:
    def __init__(self, redis: Redis, *, prefix: str, ttl: int) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl

    async def issue(self, user_id: uuid.UUID) -> str:
        ticket = secrets.token_urlsafe(32)
        await self.redis.set(f"{self.prefix}ticket:{ticket}", str(user_id), ex=self.ttl)
        return ticket

    async def redeem(self, ticket: str) -> uuid.UUID | None:
        if not ticket or len(ticket) > 128:
            return None
        value = await self.redis.getdel(f"{self.prefix}ticket:{ticket}")
        return uuid.UUID(str(value)) if value else None
