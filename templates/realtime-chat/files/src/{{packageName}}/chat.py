"""Rooms, membership and messages: the rules REST and WebSocket share.

A private room a user is not in answers 404 (not 403), so its existence stays private too;
a public room is readable by everyone signed in, but only members post.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .errors import Conflict, Forbidden, NotFound
from .models import Membership, Message, Room, User
from .schemas import MessageOut


async def visible_room(db: AsyncSession, room_id: int, user: User) -> tuple[Room, Membership | None]:
    room = await db.get(Room, room_id)
    if room is None:
        raise NotFound("No such room.")
    membership = await db.get(Membership, (room_id, user.id))
    if room.private and membership is None:
        raise NotFound("No such room.")
    return room, membership


async def member_room(db: AsyncSession, room_id: int, user: User) -> tuple[Room, Membership]:
    room, membership = await visible_room(db, room_id, user)
    if membership is None:
        raise Forbidden("Join the room first.", code="not_a_member")
    return room, membership


async def add_member(db: AsyncSession, room: Room, user: User) -> bool:
    """True when the user was not a member before. Expires `room` and `user` on a lost race."""
    if await db.get(Membership, (room.id, user.id)) is not None:
        return False
    db.add(Membership(room_id=room.id, user_id=user.id))
    try:
        await db.commit()
    except IntegrityError:  # joined at the same moment from another tab: already a member
        await db.rollback()
        return False
    return True


def message_out(message: Message, author: str) -> MessageOut:
    return MessageOut(
        id=message.id,
        client_id=message.client_id,
        room=message.room_id,
        author=author,
        body="" if message.deleted else message.body,
        created_at=message.created_at,
        edited_at=message.edited_at,
        deleted=message.deleted,
    )


def event(kind: str, message: MessageOut) -> dict[str, Any]:
    return {"type": kind, "room": message.room, "message": message.model_dump(mode="json")}


async def post_message(
    db: AsyncSession, room: Room, user: User, client_id: uuid.UUID, body: str
) -> tuple[MessageOut, bool]:
    """Store a message once per client id: (message, created). A resend returns the original."""
    # Read before any rollback: a rollback expires loaded objects, and an async session
    # cannot lazy-load them again.
    room_id, user_id, author = room.id, user.id, user.username
    existing = await _by_client_id(db, user_id, client_id)
    created = False
    if existing is None:
        db.add(Message(room_id=room_id, author_id=user_id, client_id=client_id, body=body))
        try:
            await db.commit()
            created = True
        except IntegrityError:  # the same id sent twice at once: the other send won
            await db.rollback()
        existing = await _by_client_id(db, user_id, client_id)
        if existing is None:  # pragma: no cover - the winner committed it before we were refused
            raise Conflict("This message id is being used; retry.")
    if existing.room_id != room_id:
        raise Conflict("This message id is already used in another room.")
    return message_out(existing, author), created


async def _by_client_id(db: AsyncSession, user_id: uuid.UUID, client_id: uuid.UUID) -> Message | None:
    result = await db.execute(select(Message).where(Message.author_id == user_id, Message.client_id == client_id))
    return result.scalar_one_or_none()


async def room_message(db: AsyncSession, room: Room, message_id: int) -> MessageOut:
    row = (
        await db.execute(
            select(Message, User.username)
            .join(User, User.id == Message.author_id)
            .where(Message.id == message_id, Message.room_id == room.id)
        )
    ).first()
    if row is None:
        raise NotFound("No such message.")
    return message_out(row[0], row[1])


async def own_message(db: AsyncSession, room: Room, user: User, message_id: int) -> Message:
    message = await db.get(Message, message_id)
    if message is None or message.room_id != room.id or message.deleted:
        raise NotFound("No such message.")
    if message.author_id != user.id:
        raise Forbidden("Only the author can change a message.")
    return message


async def edit_message(db: AsyncSession, message: Message, user: User, body: str) -> MessageOut:
    message.body = body
    message.edited_at = datetime.now(UTC)
    await db.commit()
    return message_out(message, user.username)


async def delete_message(db: AsyncSession, message: Message, user: User) -> MessageOut:
    message.deleted = True
    message.body = ""
    await db.commit()
    return message_out(message, user.username)


async def history(db: AsyncSession, room: Room, *, before: int | None, limit: int) -> tuple[list[MessageOut], int]:
    """Newest first, keyset-paginated on the id: stable while new messages arrive."""
    query = select(Message, User.username).join(User, User.id == Message.author_id).where(Message.room_id == room.id)
    if before is not None:
        query = query.where(Message.id < before)
    rows = (await db.execute(query.order_by(Message.id.desc()).limit(limit))).all()
    total = await db.scalar(select(func.count()).select_from(Message).where(Message.room_id == room.id))
    return [message_out(message, username) for message, username in rows], int(total or 0)


async def mark_read(db: AsyncSession, room: Room, membership: Membership, message_id: int) -> int:
    """Move the read marker forward (never back); returns where it stands."""
    message = await db.get(Message, message_id)
    if message is None or message.room_id != room.id:
        raise NotFound("No such message.")
    if membership.last_read_id is None or message_id > membership.last_read_id:
        membership.last_read_id = message_id
        await db.commit()
    return membership.last_read_id
