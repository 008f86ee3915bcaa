"""Request and response bodies of the REST API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refuse it as invalid input, not fail with a 500.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Username = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{3,32}$")]
Password = Annotated[str, StringConstraints(min_length=8, max_length=128), AfterValidator(_no_nul)]
RoomName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), AfterValidator(_no_nul)
]
# Well under MAX_BODY_BYTES, so a valid message is never refused as too large.
Body = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_no_nul)]
# Ids stay below 2**53: the largest integer a JSON number (a double) holds exactly.
MAX_ID = 2**53 - 1


def _whole_number(value: object) -> object:
    # JSON Schema counts `5.0` as an integer, so a client following the schema may send it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Strict: `"5"`, `true` or `5.5` is refused instead of being coerced; `5.0` is the integer 5.
MessageId = Annotated[StrictInt, Field(ge=1, le=MAX_ID), BeforeValidator(_whole_number)]


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username
    password: Password


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret
    expires_in: int


class UserOut(BaseModel):
    id: uuid.UUID
    username: str


class Ticket(BaseModel):
    ticket: str
    expires_in: int


class RoomIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: RoomName
    private: StrictBool = False  # `0` or `"no"` is refused, not coerced


class RoomOut(BaseModel):
    id: int
    name: str
    private: bool
    owner: str
    member: bool


class RoomPage(BaseModel):
    items: list[RoomOut]
    total: int
    limit: int
    offset: int


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: uuid.UUID = Field(description="Chosen by the client: sending it again returns the same message.")
    body: Body


class MessageEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: Body


class MessageOut(BaseModel):
    id: int
    client_id: uuid.UUID
    room: int
    author: str
    body: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool


class MessagePage(BaseModel):
    items: list[MessageOut] = Field(description="Newest first.")
    total: int
    next_before: int | None = Field(description="Pass as `before` for the next (older) page; null on the last.")


class ReadMarker(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message_id: MessageId


class Presence(BaseModel):
    room: int
    online: list[str]
