"""One WebSocket client: a bounded send queue drained by its own writer, and a rate limit.

Events for a client are queued, never sent inline, so one slow socket cannot stall the
broker for everyone. The queue has a fixed size: a client that stops reading fills it and
is disconnected (close code 1013, "try again later"), instead of growing server memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

SLOW_CONSUMER = 1013
POLICY_VIOLATION = 1008


class Socket(Protocol):
    async def send_json(self, data: Any, mode: str = "text") -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class TokenBucket:
    """`rate` frames per second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.updated = clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Connection:
    def __init__(self, socket: Socket, *, user_id: uuid.UUID, username: str, queue_size: int, bucket: TokenBucket):
        self.socket = socket
        # Presence counts connections, so a user's second tab keeps them online when one closes.
        self.id = uuid.uuid4().hex
        self.user_id = user_id
        self.username = username
        self.rooms: set[int] = set()
        self.bucket = bucket
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=queue_size)
        self._writer: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._writer = asyncio.create_task(self._write(), name=f"ws-writer-{self.username}")

    def offer(self, event: dict[str, Any]) -> None:
        """Queue an event; a full queue means the client stopped reading: drop the client."""
        if self.closed.is_set():
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self._close_soon(SLOW_CONSUMER, "slow consumer: too many unsent events")

    def _close_soon(self, code: int, reason: str) -> None:
        if self.closed.is_set():
            return
        self.close_code = code
        self.closed.set()
        if self._writer is not None:
            self._writer.cancel()
        self._closer = asyncio.create_task(self._close(code, reason))

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close(code=code, reason=reason)

    async def _write(self) -> None:
        try:
            while True:
                event = await self._queue.get()
                await self.socket.send_json(event)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a socket that fails to send is gone
            self.closed.set()

    async def stop(self) -> None:
        self.closed.set()
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
