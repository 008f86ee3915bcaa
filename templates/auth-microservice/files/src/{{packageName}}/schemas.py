"""Request and response bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Generic, TypeVar

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")

# A NUL byte is never part of a real password or token, and some hashers stop reading at one,
# so it is refused, and the schema says so, rather than stored.
NO_NUL = r"^[^\x00]*$"

# Bounded so nobody can make the server hash a megabyte of "password".
Password = Annotated[str, Field(max_length=128, pattern=NO_NUL)]
NewPassword = Annotated[str, Field(min_length=8, max_length=128, pattern=NO_NUL)]


def _email(value: str) -> str:
    # The `.test` names (RFC 6761) are accepted like the OpenAPI `format: email` promises; the
    # other special-use names (.invalid, .localhost, .local, .onion, .arpa) can never receive mail.
    try:
        return validate_email(value, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "value_error", "value is not a valid email address: {reason}", {"reason": str(exc)}
        ) from exc


Email = Annotated[
    str,
    Field(
        json_schema_extra={"format": "email"},
        description="Special-use domains other than .test (.invalid, .localhost, .local, .onion, .arpa) are refused.",
    ),
    AfterValidator(_email),
]


class Credentials(BaseModel):
    email: Email
    password: Password


class RegisterRequest(BaseModel):
    email: Email
    password: NewPassword


class RefreshRequest(BaseModel):
    refresh_token: str | None = Field(
        default=None,
        max_length=256,
        pattern=NO_NUL,
        description="Omit when the refresh token is sent as a cookie.",
    )


class ChangePasswordRequest(BaseModel):
    current_password: Password
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
