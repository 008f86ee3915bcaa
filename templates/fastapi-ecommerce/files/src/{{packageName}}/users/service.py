from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..config import Settings
from ..errors import Conflict, Unauthorized
from .models import RefreshToken, Role, User
from .schemas import TokenPair, UserCreate
from .security import create_token, decode_token, hash_password, verify_password

INVALID_CREDENTIALS = "Incorrect email or password"
INVALID_REFRESH = "Invalid or expired refresh token"


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def create_user(session: AsyncSession, data: UserCreate, role: Role = Role.CUSTOMER) -> User:
    user = User(
        email=normalize_email(data.email),
        full_name=data.full_name,
        hashed_password=hash_password(data.password),
        role=role,
    )
    session.add(user)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise Conflict("A user with this email already exists") from exc
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    user = await session.scalar(select(User).where(User.email == normalize_email(email)))
    stored = user.hashed_password if user is not None else None
    if not verify_password(password, stored) or user is None or not user.is_active:
        raise Unauthorized(INVALID_CREDENTIALS)
    return user


async def issue_tokens(session: AsyncSession, user: User, settings: Settings) -> TokenPair:
    access_lifetime = timedelta(minutes=settings.access_token_minutes)
    access, _ = create_token(
        str(user.id), "access", access_lifetime, settings.secret_key, role=user.role.value
    )
    refresh, claims = create_token(
        str(user.id), "refresh", timedelta(days=settings.refresh_token_days), settings.secret_key
    )
    session.add(RefreshToken(jti=claims.jti, user_id=user.id, expires_at=claims.expires_at))
    await session.commit()
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(access_lifetime.total_seconds()),
    )


async def rotate_refresh_token(session: AsyncSession, token: str, settings: Settings) -> TokenPair:
    try:
        claims = decode_token(token, "refresh", settings.secret_key)
    except jwt.InvalidTokenError as exc:
        raise Unauthorized(INVALID_REFRESH) from exc
    stored = await session.get(RefreshToken, claims.jti, with_for_update=True)
    if stored is None or str(stored.user_id) != claims.subject:
        raise Unauthorized(INVALID_REFRESH)
    if stored.revoked:
        # A rotated token came back: it was stolen or replayed. End every session of the user.
        await session.execute(
            update(RefreshToken).where(RefreshToken.user_id == stored.user_id).values(revoked=True)
        )
        await session.commit()
        raise Unauthorized(INVALID_REFRESH)
    user = await session.get(User, stored.user_id)
    if user is None or not user.is_active or claims.expires_at <= datetime.now(UTC):
        raise Unauthorized(INVALID_REFRESH)
    stored.revoked = True
    return await issue_tokens(session, user, settings)


async def revoke_refresh_token(session: AsyncSession, token: str, settings: Settings) -> None:
    try:
        claims = decode_token(token, "refresh", settings.secret_key)
    except jwt.InvalidTokenError:
        return
    await session.execute(
        update(RefreshToken).where(RefreshToken.jti == claims.jti).values(revoked=True)
    )
    await session.commit()
