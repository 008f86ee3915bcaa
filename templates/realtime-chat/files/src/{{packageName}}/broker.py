"""Fan-out between worker processes through Redis pub/sub.

Every process subscribes to every room's channel and hands each event to its own local
connections; publishing goes to Redis, never straight to local sockets, so a client on
process A and a client on process B see the same events in the same order. When the
subscription breaks (Redis restarted, network blip), the listener reconnects with backoff;
events published meanwhile are missed, which is why history lives in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

Handler = Callable[[int, dict[str, Any]], Awaitable[None]]

MAX_BACKOFF_SECONDS = 5.0


class Broker:
    def __init__(self, redis: Redis, *, prefix: str, handler: Handler) -> None:
        self.redis = redis
        self.prefix = prefix
        self.handler = handler
        self.subscribed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def channel(self, room_id: int) -> str:
        return f"{self.prefix}room:{room_id}"

    async def publish(self, room_id: int, event: dict[str, Any]) -> None:
        await self.redis.publish(self.channel(room_id), json.dumps(event, default=str))

    async def start(self, wait_seconds: float = 3) -> None:
        """Subscribe in the background; wait (briefly) so no event published after start is missed."""
        self._task = asyncio.create_task(self._run(), name="broker")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.subscribed.wait(), timeout=wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            try:
                await self._listen()
            except (RedisError, OSError) as exc:
                self.subscribed.clear()
                logger.warning("Redis subscription lost (%s); reconnecting in %.1fs", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            else:  # pragma: no cover - listen() only returns when the connection is closed
                backoff = 0.1

    async def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        prefix = f"{self.prefix}room:"
        try:
            await pubsub.psubscribe(f"{prefix}*")
            self.subscribed.set()
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                channel = message["channel"]
                try:
                    room_id = int(channel.removeprefix(prefix))
                    event = json.loads(message["data"])
                except ValueError:
                    logger.warning("Ignoring a malformed event on %s", channel)
                    continue
                await self.handler(room_id, event)
        finally:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()
