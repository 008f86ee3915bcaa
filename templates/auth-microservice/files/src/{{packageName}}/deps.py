"""FastAPI dependencies: shared services from app.state and the authenticated principal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .config import Settings
from .database import DbDep
from .errors import Unauthorized
from .keys import KeySet
from .models import User
from .ratelimit import RateLimiter
from .sessions import SessionStore
from .tokens import InvalidTokenError, decode_access_token

bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login or /auth/refresh.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings  # set by create_app
    return settings


def get_keys(request: Request) -> KeySet:
    keys: KeySet = request.app.state.keys  # set by create_app
    return keys


def get_store(request: Request) -> SessionStore:
    sessions: SessionStore = request.app.state.sessions  # set by create_app
    return sessions


def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter  # set by create_app
    return limiter


SettingsDep = Annotated[Settings, Depends(get_settings)]
KeysDep = Annotated[KeySet, Depends(get_keys)]
StoreDep = Annotated[SessionStore, Depends(get_store)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


@dataclass(frozen=True)
class Principal:
    user: User
    claims: dict[str, Any]

    @property
    def session_id(self) -> str:
        return str(self.claims["sid"])


async def get_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    settings: SettingsDep,
    keys: KeysDep,
    store: StoreDep,
    db: DbDep,
) -> Principal:
    if credentials is None:
        raise Unauthorized("Missing bearer token.", code="missing_token")
    try:
        claims = decode_access_token(credentials.credentials, keys, settings)
        user_id = uuid.UUID(claims["sub"])
    except (InvalidTokenError, ValueError) as exc:
        raise Unauthorized("Invalid or expired token.", code="invalid_token") from exc
    denied, epoch, session_alive = await store.access_state(claims["jti"], claims["sub"], claims["sid"])
    if denied or claims["ver"] != epoch or not session_alive:
        raise Unauthorized("This token has been revoked.", code="token_revoked")
    user = await db.get(User, user_id)
    if user is None:
        raise Unauthorized("Invalid or expired token.", code="invalid_token")
    return Principal(user=user, claims=claims)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
