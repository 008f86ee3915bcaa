"""Rooms, membership, history, messages and read markers over REST.

Every change is also published to the room's channel, so WebSocket clients on every
process see REST edits and deletes as they happen.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import chat
from ..database import DbDep
from ..deps import ServicesDep, UserDep
from ..errors import Conflict, Forbidden, NotFound
from ..models import Membership, Room, User
from ..schemas import (
    MAX_ID,
    MemberIn,
    MessageEdit,
    MessageIn,
    MessageOut,
    MessagePage,
    Presence,
    ReadMarker,
    RoomIn,
    RoomOut,
    RoomPage,
)

ERROR = {"description": "The error shape: {error: {code, message}}."}
# Any route can meet a body that is not JSON (400) or is too large (413).
router = APIRouter(prefix="/rooms", tags=["rooms"], responses={400: ERROR, 413: ERROR})
NOT_FOUND = {"description": "No such room, or a private room you are not a member of."}
RoomId = Annotated[int, Path(ge=1, le=MAX_ID)]
MessageIdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


async def room_out(db: DbDep, room: Room, user: User) -> RoomOut:
    owner = await db.get(User, room.owner_id)
    member = await db.get(Membership, (room.id, user.id)) is not None
    return RoomOut(
        id=room.id, name=room.name, private=room.private, owner=owner.username if owner else "", member=member
    )


@router.post("", status_code=201, response_model=RoomOut, responses={401: ERROR, 409: ERROR, 422: ERROR})
async def create_room(body: RoomIn, user: UserDep, db: DbDep, response: Response) -> RoomOut:
    """Create a room; its creator is its owner and first member."""
    room = Room(name=body.name, private=body.private, owner_id=user.id)
    db.add(room)
    try:
        await db.flush()
        db.add(Membership(room_id=room.id, user_id=user.id))
        await db.commit()
    except IntegrityError as exc:
        await db.rollback()
        raise Conflict("A room with that name exists.", code="room_exists") from exc
    response.headers["Location"] = f"/rooms/{room.id}"
    return RoomOut(id=room.id, name=room.name, private=room.private, owner=user.username, member=True)


@router.get("", response_model=RoomPage, responses={401: ERROR, 422: ERROR})
async def list_rooms(
    user: UserDep,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RoomPage:
    """Public rooms and the private rooms you are in, by name."""
    mine = select(Membership.room_id).where(Membership.user_id == user.id)
    visible = or_(Room.private.is_(False), Room.id.in_(mine))
    total = await db.scalar(select(func.count()).select_from(Room).where(visible))
    rows = (await db.execute(select(Room).where(visible).order_by(Room.name).limit(limit).offset(offset))).scalars()
    items = [await room_out(db, room, user) for room in rows]
    return RoomPage(items=items, total=int(total or 0), limit=limit, offset=offset)


@router.get("/{room_id}", response_model=RoomOut, responses={401: ERROR, 404: NOT_FOUND, 422: ERROR})
async def get_room(room_id: RoomId, user: UserDep, db: DbDep) -> RoomOut:
    room, _ = await chat.visible_room(db, room_id, user)
    return await room_out(db, room, user)


@router.post("/{room_id}/join", status_code=204, responses={401: ERROR, 404: NOT_FOUND, 422: ERROR})
async def join_room(room_id: RoomId, user: UserDep, db: DbDep) -> Response:
    """Join a public room (private rooms: the owner adds members)."""
    room, _ = await chat.visible_room(db, room_id, user)
    await chat.add_member(db, room, user)
    return Response(status_code=204)


@router.post("/{room_id}/members", status_code=204, responses={401: ERROR, 403: ERROR, 404: NOT_FOUND, 422: ERROR})
async def add_member(room_id: RoomId, body: MemberIn, user: UserDep, db: DbDep) -> Response:
    """The owner adds a user to the room (the way into a private room)."""
    room, _ = await chat.visible_room(db, room_id, user)
    if room.owner_id != user.id:
        raise Forbidden("Only the room's owner adds members.")
    invitee = (await db.execute(select(User).where(User.username == body.username.lower()))).scalar_one_or_none()
    if invitee is None:
        raise NotFound("No such user.")
    await chat.add_member(db, room, invitee)
    return Response(status_code=204)


@router.delete("/{room_id}/members/me", status_code=204, responses={401: ERROR, 404: NOT_FOUND, 422: ERROR})
async def leave_room(room_id: RoomId, user: UserDep, db: DbDep) -> Response:
    await chat.visible_room(db, room_id, user)
    membership = await db.get(Membership, (room_id, user.id))
    if membership is not None:
        await db.delete(membership)
        await db.commit()
    return Response(status_code=204)


@router.get("/{room_id}/messages", response_model=MessagePage, responses={401: ERROR, 404: NOT_FOUND, 422: ERROR})
async def list_messages(
    room_id: RoomId,
    user: UserDep,
    db: DbDep,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only messages older than this id.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> MessagePage:
    """History, newest first, with a cursor: pass `next_before` as `before` for older messages."""
    room, _ = await chat.visible_room(db, room_id, user)
    items, total = await chat.history(db, room, before=before, limit=limit)
    next_before = items[-1].id if len(items) == limit else None
    return MessagePage(items=items, total=total, next_before=next_before)


@router.post(
    "/{room_id}/messages",
    status_code=201,
    response_model=MessageOut,
    responses={
        200: {"model": MessageOut, "description": "Sent before with this id: the original message."},
        401: ERROR,
        403: ERROR,
        404: NOT_FOUND,
        409: ERROR,
        422: ERROR,
    },
)
async def send_message(
    room_id: RoomId, body: MessageIn, user: UserDep, db: DbDep, services: ServicesDep, response: Response
) -> MessageOut:
    """Post a message. The id is the client's: a retry after a lost answer never duplicates it."""
    room, _ = await chat.member_room(db, room_id, user)
    message, created = await chat.post_message(db, room, user, body.id, body.body)
    # `message.room`, not `room.id`: a lost race rolled back, which expired `room`.
    response.headers["Location"] = f"/rooms/{message.room}/messages/{message.id}"
    if created:
        await services.broker.publish(message.room, chat.event("message", message))
    else:
        response.status_code = 200
    return message


@router.get(
    "/{room_id}/messages/{message_id}",
    response_model=MessageOut,
    responses={401: ERROR, 404: NOT_FOUND, 422: ERROR},
)
async def get_message(room_id: RoomId, message_id: MessageIdPath, user: UserDep, db: DbDep) -> MessageOut:
    """One message (deleted ones too, without their text)."""
    room, _ = await chat.visible_room(db, room_id, user)
    return await chat.room_message(db, room, message_id)


@router.patch(
    "/{room_id}/messages/{message_id}",
    response_model=MessageOut,
    responses={401: ERROR, 403: ERROR, 404: NOT_FOUND, 422: ERROR},
)
async def edit_message(
    room_id: RoomId, message_id: MessageIdPath, body: MessageEdit, user: UserDep, db: DbDep, services: ServicesDep
) -> MessageOut:
    """Edit your own message."""
    room, _ = await chat.member_room(db, room_id, user)
    message = await chat.edit_message(db, await chat.own_message(db, room, user, message_id), user, body.body)
    await services.broker.publish(room.id, chat.event("message_edited", message))
    return message


@router.delete(
    "/{room_id}/messages/{message_id}", status_code=204, responses={401: ERROR, 403: ERROR, 404: NOT_FOUND, 422: ERROR}
)
async def delete_message(
    room_id: RoomId, message_id: MessageIdPath, user: UserDep, db: DbDep, services: ServicesDep
) -> Response:
    """Delete your own message: it stays in the history as deleted, without its text."""
    room, _ = await chat.member_room(db, room_id, user)
    message = await chat.delete_message(db, await chat.own_message(db, room, user, message_id), user)
    await services.broker.publish(room.id, chat.event("message_deleted", message))
    return Response(status_code=204)


@router.put("/{room_id}/read", status_code=204, responses={401: ERROR, 403: ERROR, 404: NOT_FOUND, 422: ERROR})
async def mark_read(room_id: RoomId, body: ReadMarker, user: UserDep, db: DbDep, services: ServicesDep) -> Response:
    """Move your read marker to a message (it never moves back)."""
    room, membership = await chat.member_room(db, room_id, user)
    marker = await chat.mark_read(db, room, membership, body.message_id)
    await services.broker.publish(
        room.id, {"type": "read", "room": room.id, "user": user.username, "message_id": marker}
    )
    return Response(status_code=204)


@router.get("/{room_id}/presence", response_model=Presence, responses={401: ERROR, 404: NOT_FOUND, 422: ERROR})
async def presence(room_id: RoomId, user: UserDep, db: DbDep, services: ServicesDep) -> Presence:
    """Who has a live connection in the room, on any process."""
    room, _ = await chat.visible_room(db, room_id, user)
    return Presence(room=room.id, online=await services.presence.online(room.id))
