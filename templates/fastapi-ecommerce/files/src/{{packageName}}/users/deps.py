from typing import Annotated

import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..config import SettingsDep
from ..database import SessionDep
from ..errors import Forbidden, Unauthorized
from .models import User
from .security import decode_token
from .service import user_id_from_subject

bearer = HTTPBearer(auto_error=False, description="An access token from POST /api/v1/auth/login")


async def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise Unauthorized()
    try:
        claims = decode_token(credentials.credentials, "access", settings.signing_keys)
        # A validly signed token can still carry a `sub` no row could have.
        user_id = user_id_from_subject(claims.subject)
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise Unauthorized("Invalid or expired access token") from exc
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise Unauthorized("Invalid or expired access token")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def require_admin(user: CurrentUser) -> User:
    if not user.is_admin:
        raise Forbidden("Administrator role required")
    return user


AdminUser = Annotated[User, Depends(require_admin)]
