"""Request and response bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, EmailStr, Field

T = TypeVar("T")

# Bounded so nobody can make the server hash a megabyte of "password".
NewPassword = Annotated[str, Field(min_length=8, max_length=128)]


class Credentials(BaseModel):
    email: EmailStr
    password: str = Field(max_length=128)


class RegisterRequest(BaseModel):
    email: EmailStr
    password: NewPassword


class RefreshRequest(BaseModel):
    refresh_token: str | None = Field(
        default=None, max_length=256, description="Omit when the refresh token is sent as a cookie."
    )


class ChangePasswordRequest(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: NewPassword


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret
    expires_in: int = Field(description="Access token lifetime in seconds.")
    refresh_token: str | None = Field(
        default=None, description="Absent when refresh tokens are delivered as an HttpOnly cookie."
    )


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    created_at: datetime


class SessionOut(BaseModel):
    id: str
    created_at: datetime
    last_used_at: datetime
    user_agent: str
    current: bool


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ErrorDetail(BaseModel):
    code: str = Field(examples=["invalid_credentials"])
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the shared error body."""
    return {status: {"model": ErrorOut} for status in statuses}


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]
