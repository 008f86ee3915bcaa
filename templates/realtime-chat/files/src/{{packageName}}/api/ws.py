"""The WebSocket endpoint: ticket and Origin checks, then frames in and events out.

Nothing here sends to another connection directly: every event goes through the broker
(Redis), which hands it back to each process's hub, this one included.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .. import chat
from ..config import Settings
from ..connection import POLICY_VIOLATION, Connection, TokenBucket
from ..errors import AppError, Conflict
from ..models import User
from ..protocol import Heartbeat, Join, Leave, Read, Send, Typing, client_frame
from ..services import Services

logger = logging.getLogger(__name__)

router = APIRouter()


def origin_allowed(websocket: WebSocket, settings: Settings) -> bool:
    """Browsers always send Origin; a page on another site must not ride the user's session.

    The app's own page (same host as the handshake) and ALLOWED_ORIGINS pass. A client that
    sends no Origin is not a browser, so no other site can be acting through it.
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    host = websocket.headers.get("host", "")
    own = {f"http://{host}", f"https://{host}"}
    return origin in own or origin in settings.allowed_origins


async def refuse(websocket: WebSocket, reason: str) -> None:
    # Accept first: a close before accepting reaches a browser as a bare HTTP 403 and code 1006.
    await websocket.accept()
    await websocket.close(code=POLICY_VIOLATION, reason=reason)


@router.websocket("/ws")
async def chat_socket(websocket: WebSocket) -> None:
    app = websocket.app
    settings: Settings = app.state.settings
    services: Services = app.state.services
    sessionmaker: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    if not origin_allowed(websocket, settings):
        await refuse(websocket, "origin not allowed")
        return
    user_id = await services.tickets.redeem(websocket.query_params.get("ticket", ""))
    user = None
    if user_id is not None:
        async with sessionmaker() as db:
            user = await db.get(User, user_id)
    if user is None:
        await refuse(websocket, "invalid or used ticket")
        return
    await websocket.accept()
    rate = settings.ws_messages_per_second
    connection = Connection(
        websocket,
        user_id=user.id,
        username=user.username,
        queue_size=settings.ws_send_queue_size,
        bucket=TokenBucket(rate, burst=rate * 2),
    )
    connection.start()
    connection.offer({"type": "hello", "user": user.username})
    session = Session(connection, user, services, settings, sessionmaker)
    try:
        await session.run(websocket)
    finally:
        # Shielded: a server that cancels the handler on disconnect must still clear presence.
        await asyncio.shield(session.close())


class Session:
    def __init__(
        self,
        connection: Connection,
        user: User,
        services: Services,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        self.connection = connection
        self.user = user
        self.services = services
        self.settings = settings
        self.sessionmaker = sessionmaker

    async def run(self, websocket: WebSocket) -> None:
        closed = asyncio.create_task(self.connection.closed.wait())
        try:
            while True:
                receive = asyncio.create_task(websocket.receive_text())
                done, _ = await asyncio.wait({receive, closed}, return_when=asyncio.FIRST_COMPLETED)
                if closed in done:  # dropped as a slow consumer, or the socket failed
                    receive.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                        await receive
                    return
                try:
                    text = receive.result()
                except (WebSocketDisconnect, RuntimeError):
                    return
                await self.handle(text)
        finally:
            closed.cancel()

    def reply(self, event: dict[str, Any]) -> None:
        self.connection.offer(event)

    def error(self, code: str, message: str) -> None:
        self.reply({"type": "error", "code": code, "message": message})

    async def handle(self, text: str) -> None:
        if not self.connection.bucket.allow():
            self.error("rate_limited", "Too many frames; slow down.")
            return
        try:
            frame = client_frame.validate_json(text)
        except ValidationError as exc:
            self.error("bad_frame", exc.errors(include_url=False, include_context=False)[0]["msg"])
            return
        try:
            await self.dispatch(frame)
        except AppError as exc:
            self.error(exc.code, exc.message)

    async def dispatch(self, frame: Join | Leave | Send | Typing | Read | Heartbeat) -> None:
        if isinstance(frame, Heartbeat):
            for room_id in self.connection.rooms:
                await self.services.presence.touch(room_id, self.user.username, self.connection.id)
            self.reply({"type": "pong"})
            return
        if isinstance(frame, Join):
            await self.join(frame.room)
            return
        if frame.room not in self.connection.rooms:
            raise Conflict("Send a join frame for this room first.", code="not_joined")
        if isinstance(frame, Leave):
            await self.leave(frame.room)
        elif isinstance(frame, Typing):
            await self.typing(frame.room)
        elif isinstance(frame, Send):
            await self.send(frame)
        else:
            await self.read(frame)

    async def join(self, room_id: int) -> None:
        async with self.sessionmaker() as db:
            room, membership = await chat.visible_room(db, room_id, self.user)
            if membership is None:
                await chat.add_member(db, room, self.user)
        self.services.hub.join(room_id, self.connection)
        await self.services.presence.touch(room_id, self.user.username, self.connection.id)
        await self.publish_presence(room_id)

    async def leave(self, room_id: int) -> None:
        self.services.hub.leave(room_id, self.connection)
        await self.services.presence.remove(room_id, self.user.username, self.connection.id)
        await self.publish_presence(room_id)

    async def publish_presence(self, room_id: int) -> None:
        online = await self.services.presence.online(room_id)
        await self.services.broker.publish(room_id, {"type": "presence", "room": room_id, "online": online})

    async def typing(self, room_id: int) -> None:
        prefix = self.settings.redis_key_prefix
        if await self.services.typing_allowed(room_id, self.user.username, self.settings.typing_throttle_ms, prefix):
            await self.services.broker.publish(room_id, {"type": "typing", "room": room_id, "user": self.user.username})

    async def send(self, frame: Send) -> None:
        async with self.sessionmaker() as db:
            room, _ = await chat.member_room(db, frame.room, self.user)
            message, created = await chat.post_message(db, room, self.user, frame.id, frame.body)
        if created:
            await self.services.broker.publish(message.room, chat.event("message", message))
        self.reply({"type": "ack", "id": str(frame.id), "message_id": message.id, "created": created})

    async def read(self, frame: Read) -> None:
        async with self.sessionmaker() as db:
            room, membership = await chat.member_room(db, frame.room, self.user)
            marker = await chat.mark_read(db, room, membership, frame.message_id)
        event = {"type": "read", "room": room.id, "user": self.user.username, "message_id": marker}
        await self.services.broker.publish(room.id, event)

    async def close(self) -> None:
        rooms = list(self.connection.rooms)
        self.services.hub.drop(self.connection)
        await self.connection.stop()
        for room_id in rooms:
            try:
                await self.services.presence.remove(room_id, self.user.username, self.connection.id)
                await self.publish_presence(room_id)
            except Exception:  # noqa: BLE001 - Redis gone: presence expires on its own
                logger.warning("Could not clear presence in room %s", room_id)
