"""Short-lived HS256 access tokens, and opaque refresh tokens that rotate on every use.

A refresh token lives in Redis (only its hash is stored) and is spent with GETDEL: of two
concurrent refreshes with one token exactly one gets a new pair, in every worker process.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from typing import Any

import jwt
from redis.asyncio import Redis

from .config import Settings

ALGORITHM = "HS256"  # the one algorithm accepted: never read it from the token itself


class InvalidTokenError(Exception):
    pass


def create_access_token(user_id: uuid.UUID, settings: Settings) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + settings.access_token_ttl_seconds,
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str, settings: Settings) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "iat", "exp", "jti"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidTokenError(str(exc)) from exc
    if claims.get("typ") != "access":
        raise InvalidTokenError("not an access token")
    return claims


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RefreshTokens:
    def __init__(self, redis: Redis, *, prefix: str, ttl: int) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl

    def _key(self, token: str) -> str:
        return f"{self.prefix}refresh:{_digest(token)}"

    async def issue(self, user_id: uuid.UUID) -> str:
        token = secrets.token_urlsafe(32)
        await self.redis.set(self._key(token), str(user_id), ex=self.ttl)
        return token

    async def spend(self, token: str) -> uuid.UUID | None:
        """The user the token belonged to, or None; the token is gone either way."""
        value = await self.redis.getdel(self._key(token))
        return uuid.UUID(str(value)) if value else None

    async def revoke(self, token: str) -> None:
        await self.redis.delete(self._key(token))
