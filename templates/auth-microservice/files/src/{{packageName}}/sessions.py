"""Everything about token state, kept in Redis.

A login starts a *session*: a family of refresh tokens (RFC 9700, section 4.14.2).
Each refresh token is an opaque random value stored only as a SHA-256 hash, usable once:
refreshing returns its child, and presenting a spent one again means it was stolen, so the
whole family (that session only) is revoked. Access tokens carry their session id (``sid``)
and the user's *epoch* (``ver``); logout denylists the token's ``jti`` and ends its session,
logout-all bumps the epoch so every older access token stops working.

Every change that reads and then writes runs as one Lua script, so Redis applies it
atomically: a refresh racing a revocation can never write a revoked session back.

Two tabs refreshing with the same token at once are not theft: within
``reuse_grace_seconds`` of the first use, the same token gets the *same* child again
(children are derived from the parent with a server-side key), so both tabs end up holding
the one live token. After the grace window, a second use revokes the family.

Scripts build key names from the prefix inside Redis. On one Redis server that is all it
takes; on Redis Cluster, put a hash tag in the prefix (``{auth}:``) so every key shares a slot.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

# Spend a refresh token. KEYS: the presented token's record, the child's record.
# ARGV: prefix, now, grace seconds, refresh ttl, child digest.
ROTATE = """
local rec = redis.call('HMGET', KEYS[1], 'sid', 'uid', 'exp', 'used_at', 'child')
local sid, uid = rec[1], rec[2]
if not sid then return {'invalid'} end
local now = tonumber(ARGV[2])
if tonumber(rec[3]) <= now then return {'invalid'} end
local session = ARGV[1] .. 'session:' .. sid
if redis.call('EXISTS', session) == 0 then return {'invalid'} end
if rec[4] then
  local grace = tonumber(ARGV[3])
  local within_grace = grace > 0 and now - tonumber(rec[4]) <= grace
  -- The other tab of a two-tab refresh: it gets the child the first request created.
  if within_grace and rec[5] == ARGV[5] then return {'ok', uid, sid} end
  -- A different child means another signing key (a rotation mid-race): refuse, revoke nothing.
  if within_grace then return {'invalid'} end
  redis.call('DEL', session)
  redis.call('SREM', ARGV[1] .. 'user-sessions:' .. uid, sid)
  return {'reused', uid, sid}
end
local ttl = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'used_at', now, 'child', ARGV[5])
redis.call('HSET', KEYS[2], 'sid', sid, 'uid', uid, 'exp', now + ttl)
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('HSET', session, 'last_used_at', now)
redis.call('EXPIRE', session, ttl)
redis.call('EXPIRE', ARGV[1] .. 'user-sessions:' .. uid, ttl)
return {'ok', uid, sid}
"""

# End one session. KEYS: the session. ARGV: prefix, session id.
REVOKE = """
local uid = redis.call('HGET', KEYS[1], 'uid')
redis.call('DEL', KEYS[1])
if uid then redis.call('SREM', ARGV[1] .. 'user-sessions:' .. uid, ARGV[2]) end
return uid and 1 or 0
"""

# End every session of a user and bump the epoch. KEYS: the user's session set, the epoch.
# ARGV: prefix.
REVOKE_ALL = """
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('DEL', ARGV[1] .. 'session:' .. sid)
end
redis.call('DEL', KEYS[1])
return redis.call('INCR', KEYS[2])
"""


class InvalidRefreshTokenError(Exception):
    """Unknown, expired or revoked refresh token."""


class RefreshTokenReusedError(InvalidRefreshTokenError):
    """A spent refresh token was presented again: its whole family has been revoked."""


@dataclass(frozen=True)
class Session:
    id: str
    user_id: str
    created_at: int
    last_used_at: int
    user_agent: str


def _session(session_id: str, raw: Mapping[Any, Any]) -> Session | None:
    if not raw:
        return None
    data = {_text(key): _text(value) for key, value in raw.items()}
    return Session(session_id, data["uid"], int(data["created_at"]), int(data["last_used_at"]), data["user_agent"])


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _text(value: Any) -> str:
    """Replies are str with `decode_responses=True` and bytes without."""
    return value.decode() if isinstance(value, bytes) else str(value)


class SessionStore:
    def __init__(self, redis: Redis, *, prefix: str, refresh_ttl: int, reuse_grace_seconds: int = 0) -> None:
        self.redis = redis
        self.prefix = prefix
        self.refresh_ttl = refresh_ttl
        self.reuse_grace_seconds = reuse_grace_seconds
        self._rotate = redis.register_script(ROTATE)
        self._revoke = redis.register_script(REVOKE)
        self._revoke_all = redis.register_script(REVOKE_ALL)

    # Key layout, all under one prefix so tests and other apps can share a Redis.
    def _refresh_key(self, token_digest: str) -> str:
        return f"{self.prefix}refresh:{token_digest}"

    def _session_key(self, session_id: str) -> str:
        return f"{self.prefix}session:{session_id}"

    def _user_sessions_key(self, user_id: str) -> str:
        return f"{self.prefix}user-sessions:{user_id}"

    def _epoch_key(self, user_id: str) -> str:
        return f"{self.prefix}epoch:{user_id}"

    def _deny_key(self, jti: str) -> str:
        return f"{self.prefix}denylist:{jti}"

    async def start(self, user_id: str, user_agent: str = "") -> tuple[str, str]:
        """Start a session for a fresh login; return (session id, first refresh token)."""
        now = int(time.time())
        session_id = uuid.uuid4().hex
        token = secrets.token_urlsafe(32)
        session: dict[FieldT, EncodableT] = {
            "uid": user_id,
            "created_at": now,
            "last_used_at": now,
            "user_agent": user_agent[:200],
        }
        record: dict[FieldT, EncodableT] = {"sid": session_id, "uid": user_id, "exp": now + self.refresh_ttl}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._session_key(session_id), mapping=session)
            pipe.expire(self._session_key(session_id), self.refresh_ttl)
            pipe.sadd(self._user_sessions_key(user_id), session_id)
            pipe.expire(self._user_sessions_key(user_id), self.refresh_ttl)
            pipe.hset(self._refresh_key(digest(token)), mapping=record)
            pipe.expire(self._refresh_key(digest(token)), self.refresh_ttl)
            await pipe.execute()
        return session_id, token

    async def rotate(self, refresh_token: str, child_token: str) -> tuple[str, str]:
        """Spend `refresh_token`, making `child_token` the family's live token; return (user id, session id).

        `child_token` must be derived from `refresh_token` alone (see `KeySet.child_refresh_token`),
        so a request repeated within the grace window asks for the same child.
        """
        child = digest(child_token)
        reply = await self._rotate(
            keys=[self._refresh_key(digest(refresh_token)), self._refresh_key(child)],
            args=[self.prefix, int(time.time()), self.reuse_grace_seconds, self.refresh_ttl, child],
        )
        outcome = [_text(value) for value in reply]
        if outcome[0] == "reused":
            raise RefreshTokenReusedError("refresh token reused; its session has been revoked")
        if outcome[0] != "ok":
            raise InvalidRefreshTokenError("unknown, expired or revoked refresh token")
        return outcome[1], outcome[2]

    async def get(self, session_id: str) -> Session | None:
        return _session(session_id, await self.redis.hgetall(self._session_key(session_id)))

    async def list_for_user(self, user_id: str) -> list[Session]:
        """Active sessions, newest first; ids of expired sessions are cleaned up on the way."""
        ids = sorted(_text(member) for member in await self.redis.smembers(self._user_sessions_key(user_id)))
        if not ids:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for session_id in ids:
                pipe.hgetall(self._session_key(session_id))
            records = await pipe.execute()
        sessions = [_session(session_id, raw) for session_id, raw in zip(ids, records, strict=True)]
        live = [s for s in sessions if s is not None and s.user_id == user_id]
        stale = set(ids) - {s.id for s in live}
        if stale:
            await self.redis.srem(self._user_sessions_key(user_id), *stale)
        return sorted(live, key=lambda s: (s.created_at, s.id), reverse=True)

    async def revoke(self, session_id: str) -> None:
        """End one session: every refresh token of its family stops working."""
        await self._revoke(keys=[self._session_key(session_id)], args=[self.prefix, session_id])

    async def revoke_all(self, user_id: str) -> int:
        """End every session and invalidate every access token issued so far; return the new epoch."""
        epoch = await self._revoke_all(
            keys=[self._user_sessions_key(user_id), self._epoch_key(user_id)], args=[self.prefix]
        )
        return int(epoch)

    async def session_of(self, refresh_token: str) -> str | None:
        """The session a refresh token belongs to, if the token is known and unexpired."""
        session_id = await self.redis.hget(self._refresh_key(digest(refresh_token)), "sid")
        return None if session_id is None else _text(session_id)

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
