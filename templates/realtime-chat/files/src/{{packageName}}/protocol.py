"""The WebSocket protocol: every frame a client sends and every event the server sends.

`python -m {package}.protocol` prints the JSON Schema of both (docs/protocol.schema.json is
that output; a test keeps the committed copy in step with these models).
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .schemas import MAX_ID, Body, MessageId, MessageOut

RoomRef = Annotated[int, Field(ge=1, le=MAX_ID)]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Join(_Frame):
    """Start receiving a room's events (joins a public room you are not a member of yet)."""

    type: Literal["join"]
    room: RoomRef


class Leave(_Frame):
    type: Literal["leave"]
    room: RoomRef


class Send(_Frame):
    """Post a message; `id` is the client's, so a resend after a reconnect is not a duplicate."""

    type: Literal["message"]
    room: RoomRef
    id: uuid.UUID
    body: Body


class Typing(_Frame):
    """The user is typing; throttled per user and room, never stored."""

    type: Literal["typing"]
    room: RoomRef


class Read(_Frame):
    type: Literal["read"]
    room: RoomRef
    message_id: MessageId


class Heartbeat(_Frame):
    """Keeps the user's presence alive; send one well within PRESENCE_TTL_SECONDS."""

    type: Literal["heartbeat"]


ClientFrame = Annotated[Join | Leave | Send | Typing | Read | Heartbeat, Field(discriminator="type")]
client_frame = TypeAdapter(ClientFrame)


class Hello(BaseModel):
    type: Literal["hello"]
    user: str


class MessageEvent(BaseModel):
    type: Literal["message", "message_edited", "message_deleted"]
    room: int
    message: MessageOut


class Ack(BaseModel):
    """The answer to your own `message` frame: `created` is false for a resend."""

    type: Literal["ack"]
    id: uuid.UUID
    message_id: int
    created: bool


class PresenceEvent(BaseModel):
    type: Literal["presence"]
    room: int
    online: list[str]


class TypingEvent(BaseModel):
    type: Literal["typing"]
    room: int
    user: str


class ReadEvent(BaseModel):
    type: Literal["read"]
    room: int
    user: str
    message_id: int


class Pong(BaseModel):
    type: Literal["pong"]


class ErrorEvent(BaseModel):
    """A frame was refused; the connection stays open. Codes: bad_frame, rate_limited,
    not_found, not_a_member, not_joined, conflict."""

    type: Literal["error"]
    code: str
    message: str


ServerEvent = Annotated[
    Hello | MessageEvent | Ack | PresenceEvent | TypingEvent | ReadEvent | Pong | ErrorEvent,
    Field(discriminator="type"),
]
server_event = TypeAdapter(ServerEvent)


def json_schema() -> dict[str, object]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Chat WebSocket protocol (/ws?ticket=...)",
        "description": (
            "Close codes: 1008 bad or reused ticket, or a disallowed Origin; 1013 the client did not "
            "read its events fast enough (slow consumer)."
        ),
        "client": client_frame.json_schema(),
        "server": server_event.json_schema(),
    }


if __name__ == "__main__":  # pragma: no cover - the test checks json_schema() itself
    print(json.dumps(json_schema(), indent=2))
