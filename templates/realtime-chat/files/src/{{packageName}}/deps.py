"""FastAPI dependencies: shared services from app.state and the signed-in user."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from .config import Settings
from .database import get_session
from .errors import unauthorized
from .models import User
from .passwords import PasswordHasher
from .services import Services
from .tokens import InvalidTokenError, decode_access_token

bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login or /auth/refresh.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings  # set by create_app
    return settings


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services  # set by the lifespan
    return services


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher  # set by create_app
    return hasher


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServicesDep = Annotated[Services, Depends(get_services)]
DbDep = Annotated[AsyncSession, Depends(get_session)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]


async def get_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    settings: SettingsDep,
    db: DbDep,
) -> User:
    if credentials is None:
        raise unauthorized("Missing bearer token.", code="missing_token")
    try:
        claims = decode_access_token(credentials.credentials, settings)
        user_id = uuid.UUID(claims["sub"])
    except (InvalidTokenError, ValueError) as exc:
        raise unauthorized() from exc
    user = await db.get(User, user_id)
    if user is None:
        raise unauthorized()
    return user


UserDep = Annotated[User, Depends(get_user)]
