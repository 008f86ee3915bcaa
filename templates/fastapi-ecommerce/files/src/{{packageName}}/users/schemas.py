from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from ..fields import NO_NUL_PATTERN
from .models import Role


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=128, pattern=NO_NUL_PATTERN)
    full_name: str = Field(default="", max_length=200, pattern=NO_NUL_PATTERN)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: EmailStr
    full_name: str
    role: Role
    created_at: datetime


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=128, pattern=NO_NUL_PATTERN)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=2048)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires")
