import uuid
from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..config import Settings
from ..errors import Conflict, Unauthorized
from ..fields import INT32_MAX
from .models import RefreshToken, Role, User
from .schemas import TokenPair, UserCreate
from .security import create_token, decode_token, hash_password_async, verify_password_async

INVALID_CREDENTIALS = "Incorrect email or password"
INVALID_REFRESH = "Invalid or expired refresh token"


class RefreshTokenRotated(Unauthorized):
    code = "refresh_token_rotated"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def user_id_from_subject(subject: object) -> int:
    """The user id in a token's `sub`; ValueError if it cannot be one (even if signed)."""
    if not isinstance(subject, str) or not subject.isascii() or not subject.isdigit():
        raise ValueError("subject is not a user id")
    user_id = int(subject)
    if not 1 <= user_id <= INT32_MAX:
        raise ValueError("subject is out of range")
    return user_id


async def create_user(session: AsyncSession, data: UserCreate, role: Role = Role.CUSTOMER) -> User:
    user = User(
        email=normalize_email(data.email),
        full_name=data.full_name,
        hashed_password=await hash_password_async(data.password),
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
    if not await verify_password_async(password, stored) or user is None or not user.is_active:
        raise Unauthorized(INVALID_CREDENTIALS)
    return user


async def issue_tokens(
    session: AsyncSession, user: User, settings: Settings, family_id: str | None = None
) -> TokenPair:
    """A new access token and a refresh token; a new family unless `family_id` continues one."""
    keys = settings.signing_keys
    access_lifetime = timedelta(minutes=settings.access_token_minutes)
    access, _ = create_token(str(user.id), "access", access_lifetime, keys, role=user.role.value)
    refresh, claims = create_token(
        str(user.id), "refresh", timedelta(days=settings.refresh_token_days), keys
    )
    session.add(
        RefreshToken(
            jti=claims.jti,
            family_id=family_id or uuid.uuid4().hex,
            user_id=user.id,
            expires_at=claims.expires_at,
        )
    )
    await session.commit()
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(access_lifetime.total_seconds()),
    )


async def _revoke_family(session: AsyncSession, family_id: str, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await session.commit()


async def rotate_refresh_token(session: AsyncSession, token: str, settings: Settings) -> TokenPair:
    """Exchange a refresh token for a new pair, exactly once.

    One conditional UPDATE marks the token rotated only if nobody did before, so of any
    number of concurrent requests exactly one wins. A loser within
    `refresh_reuse_grace_seconds` of the rotation gets 401 `refresh_token_rotated` (two
    tabs refreshed at once; the session stays); later, the token is treated as stolen and
    its family is revoked.
    """
    try:
        claims = decode_token(token, "refresh", settings.signing_keys)
        user_id = user_id_from_subject(claims.subject)
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise Unauthorized(INVALID_REFRESH) from exc
    now = datetime.now(UTC)
    won = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.jti == claims.jti,
            RefreshToken.user_id == user_id,
            RefreshToken.rotated_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(rotated_at=now)
        .returning(RefreshToken.family_id)
    )
    family_id = won.scalar_one_or_none()
    if family_id is not None:
        user = await session.get(User, user_id)
        if user is None or not user.is_active:
            await session.rollback()
            raise Unauthorized(INVALID_REFRESH)
        return await issue_tokens(session, user, settings, family_id)

    await session.rollback()
    stored = await session.get(RefreshToken, claims.jti)
    if stored is None or stored.user_id != user_id or stored.revoked_at is not None:
        raise Unauthorized(INVALID_REFRESH)
    if stored.rotated_at is not None:
        grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)
        if now - stored.rotated_at <= grace:
            raise RefreshTokenRotated(
                "This refresh token was just rotated by another request; use the newer token"
            )
        # A rotated token came back later: stolen or replayed. End that session only.
        await _revoke_family(session, stored.family_id, now)
    raise Unauthorized(INVALID_REFRESH)


async def revoke_refresh_token(session: AsyncSession, token: str, settings: Settings) -> None:
    """Log out: revoke the session (the token's whole family)."""
    try:
        claims = decode_token(token, "refresh", settings.signing_keys)
    except jwt.InvalidTokenError:
        return
    stored = await session.get(RefreshToken, claims.jti)
    if stored is not None and str(stored.user_id) == claims.subject:
        await _revoke_family(session, stored.family_id, datetime.now(UTC))


async def revoke_all_sessions(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    await session.commit()


async def purge_expired_tokens(session: AsyncSession, now: datetime) -> int:
    """Delete refresh tokens past their expiry (they can no longer be used). Returns how many."""
    result = await session.execute(delete(RefreshToken).where(RefreshToken.expires_at <= now))
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]
