"""Rate limits kept in the database, so every worker process shares one count.

Each key (`login:account:<email>`, `login:ip:<address>`, ...) has one row: when its window
started and how many hits it has had since. One `INSERT ... ON CONFLICT DO UPDATE` both
starts a new window and counts a hit, atomically, so concurrent requests can never all
read "under the limit" and pass together. Callers reserve a hit *before* doing the work
(checking a password) and give it back when the attempt should not count.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import BigInteger, Integer, String, case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from .database import Base


class RateLimitCounter(Base):
    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    # Unix time in seconds: no time-zone ambiguity on any database.
    window_start: Mapped[int] = mapped_column(BigInteger, index=True)
    hits: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int


@dataclass(frozen=True)
class RateLimit:
    limit: int
    window_seconds: int


async def reserve(
    session: AsyncSession,
    key: str,
    rule: RateLimit,
    clock: Callable[[], float] = time.time,
) -> Verdict:
    """Count one hit for `key` and say whether it is within the limit. Commits."""
    now = int(clock())
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RateLimitCounter)
    counter = RateLimitCounter
    expired = counter.window_start <= now - rule.window_seconds
    statement = (
        insert.values(key=key, window_start=now, hits=1)
        .on_conflict_do_update(
            index_elements=[counter.key],
            set_={
                "hits": case((expired, 1), else_=counter.hits + 1),
                "window_start": case((expired, now), else_=counter.window_start),
            },
        )
        .returning(counter.hits, counter.window_start)
    )
    hits, started = (await session.execute(statement)).one()
    await session.commit()
    retry_after = max(1, started + rule.window_seconds - now)
    return Verdict(allowed=hits <= rule.limit, retry_after=retry_after)


async def release(session: AsyncSession, key: str) -> None:
    """Give back one reserved hit (the attempt turned out not to count). Commits."""
    await session.execute(
        update(RateLimitCounter)
        .where(RateLimitCounter.key == key, RateLimitCounter.hits > 0)
        .values(hits=RateLimitCounter.hits - 1)
    )
    await session.commit()


async def reset(session: AsyncSession, key: str) -> None:
    await session.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
    await session.commit()


async def purge_expired(session: AsyncSession, longest_window: int, now: float) -> int:
    """Delete counters whose window ended. Returns how many."""
    result = await session.execute(
        delete(RateLimitCounter).where(RateLimitCounter.window_start <= int(now) - longest_window)
    )
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def client_ip(request: Request, trusted_hops: int) -> str:
    """The client's address, trusting X-Forwarded-For only as far as `trusted_hops` proxies.

    Each trusted proxy appends the address it received the request from; the entry
    `trusted_hops` from the right is the one the outermost trusted proxy saw. Anything
    further left was written by the client and may be forged.
    """
    peer = request.client.host if request.client else "unknown"
    if trusted_hops == 0:
        return peer
    forwarded = [
        part.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for part in header.split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted_hops:
        return peer
    return forwarded[-trusted_hops][:100]
