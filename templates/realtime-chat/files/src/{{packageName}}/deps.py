"""FastAPI dependencies: shared services from app.state and the signed-in user."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .config import Settings
from .database import DbDep
from .errors import Unauthorized
from .models import User
from .services import Services
from .tokens import InvalidTokenError, decode_access_token

bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login or /auth/refresh.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings  # set by create_app
    return settings


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services  # set by the lifespan
    return services


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServicesDep = Annotated[Services, Depends(get_services)]


async def get_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    settings: SettingsDep,
    db: DbDep,
) -> User:
    if credentials is None:
        raise Unauthorized("Missing bearer token.", code="missing_token")
    try:
        claims = decode_access_token(credentials.credentials, settings)
        user_id = uuid.UUID(claims["sub"])
    except (InvalidTokenError, ValueError) as exc:
        raise Unauthorized("Invalid or expired token.", code="invalid_token") from exc
    user = await db.get(User, user_id)
    if user is None:
        raise Unauthorized("Invalid or expired token.", code="invalid_token")
    return user


UserDep = Annotated[User, Depends(get_user)]
