"""Everything built on the Redis client, created once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from .broker import Broker
from .config import Settings
from .hub import Hub
from .loginlimit import LoginLimiter
from .presence import PresenceStore
from .tickets import TicketStore
from .tokens import RefreshTokens


@dataclass
class Services:
    redis: Redis
    refresh: RefreshTokens
    tickets: TicketStore
    presence: PresenceStore
    logins: LoginLimiter
    hub: Hub
    broker: Broker

    @classmethod
    def build(cls, redis: Redis, settings: Settings) -> Services:
        prefix = settings.redis_key_prefix
        hub = Hub()
        return cls(
            redis=redis,
            refresh=RefreshTokens(redis, prefix=prefix, ttl=settings.refresh_token_ttl_seconds),
            tickets=TicketStore(redis, prefix=prefix, ttl=settings.ws_ticket_ttl_seconds),
            presence=PresenceStore(redis, prefix=prefix, ttl=settings.presence_ttl_seconds),
            logins=LoginLimiter(
                redis,
                prefix=prefix,
                attempts=settings.login_attempts_per_account,
                window=settings.login_window_seconds,
            ),
            hub=hub,
            broker=Broker(redis, prefix=prefix, handler=hub.deliver),
        )

    async def typing_allowed(self, room_id: int, username: str, throttle_ms: int, prefix: str) -> bool:
        """At most one typing event per user and room per throttle window, across processes."""
        return bool(await self.redis.set(f"{prefix}typing:{room_id}:{username}", "1", nx=True, px=throttle_ms))
