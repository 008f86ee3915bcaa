"""Async SQLAlchemy engine and session factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import URL, MetaData, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints make migrations reproducible across SQLite and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def make_engine(url: str) -> AsyncEngine:
    """`url` is already in async form (see `Settings.async_database_url`)."""
    return create_async_engine(url, pool_pre_ping=not url.startswith("sqlite"))


def unreachable_message(url: str | URL, exc: BaseException) -> str:
    """One line that says what is missing and how to fix it, instead of a traceback."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return (
            f"Cannot open the SQLite database {parsed.database}: check DATABASE_URL in .env and that its folder exists."
        )
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if sqlstate == "3D000":
        return (
            f"The database {parsed.database!r} does not exist on {where}: "
            f"create it with `createdb -h {parsed.host or 'localhost'} -U {parsed.username or 'postgres'} "
            f"{parsed.database}` or fix DATABASE_URL in .env."
        )
    if isinstance(sqlstate, str) and sqlstate.startswith("28"):
        return f"The database server at {where} refused the credentials in DATABASE_URL: fix them in .env."
    return f"The database server at {where} is not reachable: start it, or fix DATABASE_URL in .env."


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


DbDep = Annotated[AsyncSession, Depends(get_session)]
