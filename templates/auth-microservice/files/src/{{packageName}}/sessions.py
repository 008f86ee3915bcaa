"""Everything about token state, kept in Redis.

A login starts a *session*: a family of refresh tokens (RFC 9700, section 4.14.2).
Each refresh token is an opaque random value stored only as a SHA-256 hash, usable once:
refreshing returns a new one, and presenting a used one again means it was stolen, so the
whole family is revoked. Access tokens carry their session id (``sid``) and the user's
*epoch* (``ver``); logout denylists the token's ``jti`` and ends its session, logout-all
bumps the epoch so every older access token stops working.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis


class InvalidRefreshTokenError(Exception):
    """Unknown, expired or revoked refresh token."""


class RefreshTokenReusedError(InvalidRefreshTokenError):
    """A refresh token was presented twice: its whole family has been revoked."""


@dataclass(frozen=True)
class Session:
    id: str
    user_id: str
    created_at: int
    last_used_at: int
    user_agent: str


def _session(session_id: str, raw: str | None) -> Session | None:
    if raw is None:
        return None
    data = json.loads(raw)
    return Session(session_id, data["uid"], data["created_at"], data["last_used_at"], data["user_agent"])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, redis: Redis, *, prefix: str, refresh_ttl: int) -> None:
        self.redis = redis
        self.prefix = prefix
        self.refresh_ttl = refresh_ttl

    # Key layout, all under one prefix so tests and other apps can share a Redis.
    def _refresh_key(self, digest: str) -> str:
        return f"{self.prefix}refresh:{digest}"

    def _used_key(self, digest: str) -> str:
        return f"{self.prefix}refresh-used:{digest}"

    def _session_key(self, session_id: str) -> str:
        return f"{self.prefix}session:{session_id}"

    def _user_sessions_key(self, user_id: str) -> str:
        return f"{self.prefix}user-sessions:{user_id}"

    def _epoch_key(self, user_id: str) -> str:
        return f"{self.prefix}epoch:{user_id}"

    def _deny_key(self, jti: str) -> str:
        return f"{self.prefix}denylist:{jti}"

    async def _new_refresh_token(self, session_id: str, user_id: str, now: int) -> str:
        token = secrets.token_urlsafe(32)
        record = {"sid": session_id, "uid": user_id, "exp": now + self.refresh_ttl}
        await self.redis.set(self._refresh_key(_digest(token)), json.dumps(record), ex=self.refresh_ttl)
        return token

    async def start(self, user_id: str, user_agent: str = "") -> tuple[str, str]:
        """Start a session for a fresh login; return (session id, first refresh token)."""
        now = int(time.time())
        session_id = uuid.uuid4().hex
        session = {"uid": user_id, "created_at": now, "last_used_at": now, "user_agent": user_agent[:200]}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self._session_key(session_id), json.dumps(session), ex=self.refresh_ttl)
            pipe.sadd(self._user_sessions_key(user_id), session_id)
            pipe.expire(self._user_sessions_key(user_id), self.refresh_ttl)
            await pipe.execute()
        return session_id, await self._new_refresh_token(session_id, user_id, now)

    async def rotate(self, refresh_token: str) -> tuple[str, str, str]:
        """Spend a refresh token; return (user id, session id, new refresh token)."""
        now = int(time.time())
        digest = _digest(refresh_token)
        raw = await self.redis.get(self._refresh_key(digest))
        if raw is None:
            raise InvalidRefreshTokenError("unknown refresh token")
        record = json.loads(raw)
        if record["exp"] <= now:
            raise InvalidRefreshTokenError("refresh token expired")
        # SET NX is atomic: of two concurrent uses of one token, exactly one wins.
        first_use = await self.redis.set(self._used_key(digest), "1", nx=True, ex=max(1, record["exp"] - now))
        if not first_use:
            await self.revoke(record["sid"])
            raise RefreshTokenReusedError("refresh token reused; session revoked")
        session_key = self._session_key(record["sid"])
        raw_session = await self.redis.get(session_key)
        if raw_session is None:
            raise InvalidRefreshTokenError("session revoked")
        session = json.loads(raw_session)
        session["last_used_at"] = now
        await self.redis.set(session_key, json.dumps(session), ex=self.refresh_ttl)
        await self.redis.expire(self._user_sessions_key(record["uid"]), self.refresh_ttl)
        new_token = await self._new_refresh_token(record["sid"], record["uid"], now)
        return record["uid"], record["sid"], new_token

    async def get(self, session_id: str) -> Session | None:
        return _session(session_id, await self.redis.get(self._session_key(session_id)))

    async def list_for_user(self, user_id: str) -> list[Session]:
        """Active sessions, newest first; ids of expired sessions are cleaned up on the way."""
        ids = sorted(await self.redis.smembers(self._user_sessions_key(user_id)))
        if not ids:
            return []
        records = await self.redis.mget([self._session_key(session_id) for session_id in ids])
        sessions = [_session(session_id, raw) for session_id, raw in zip(ids, records, strict=True)]
        live = [s for s in sessions if s is not None and s.user_id == user_id]
        stale = set(ids) - {s.id for s in live}
        if stale:
            await self.redis.srem(self._user_sessions_key(user_id), *stale)
        return sorted(live, key=lambda s: (s.created_at, s.id), reverse=True)

    async def revoke(self, session_id: str) -> None:
        """End one session: every refresh token of its family stops working."""
        session = await self.get(session_id)
        await self.redis.delete(self._session_key(session_id))
        if session is not None:
            await self.redis.srem(self._user_sessions_key(session.user_id), session_id)

    async def revoke_all(self, user_id: str) -> int:
        """End every session and invalidate every access token issued so far; return the new epoch."""
        ids = await self.redis.smembers(self._user_sessions_key(user_id))
        async with self.redis.pipeline(transaction=True) as pipe:
            for session_id in ids:
                pipe.delete(self._session_key(session_id))
            pipe.delete(self._user_sessions_key(user_id))
            pipe.incr(self._epoch_key(user_id))
            results = await pipe.execute()
        return int(results[-1])

    async def epoch(self, user_id: str) -> int:
        return int(await self.redis.get(self._epoch_key(user_id)) or 0)

    async def deny(self, jti: str, expires_at: int) -> None:
        """Denylist an access token until the moment it would have expired anyway."""
        ttl = expires_at - int(time.time())
        if ttl > 0:
            await self.redis.set(self._deny_key(jti), "1", ex=ttl)

    async def access_state(self, jti: str, user_id: str, session_id: str) -> tuple[bool, int, bool]:
        """One round trip for every request: (denylisted, current epoch, session alive)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.exists(self._deny_key(jti))
            pipe.get(self._epoch_key(user_id))
            pipe.exists(self._session_key(session_id))
            denied, epoch, alive = await pipe.execute()
        return bool(denied), int(epoch or 0), bool(alive)
