"""Liveness and readiness for an app on a SQL database and Redis, and the startup check that
says in one line what is missing.

The app keeps its engine at `app.state.engine` and its Redis client at `app.state.redis`.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel
from sqlalchemy import inspect, text

from .config import Settings
from .database import unreachable_message

logger = logging.getLogger(__package__)

router = APIRouter(tags=["system"])

# A dependency that hangs is as unready as one that refuses: answer before a probe times out.
READY_TIMEOUT_SECONDS = 2


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/health", response_model=Health)
async def health() -> Health:
    """Liveness: the process answers. Checks no dependency."""
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
async def ready(request: Request, response: Response) -> Readiness:
    """Readiness: the database and Redis both answer."""
    checks: dict[str, str] = {}
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with request.app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        checks["database"] = "unavailable"
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await request.app.state.redis.ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        checks["redis"] = "unavailable"
    ok = all(value == "ok" for value in checks.values())
    response.status_code = 200 if ok else 503
    return Readiness(status="ok" if ok else "unavailable", checks=checks)


async def check_services(app: FastAPI, *, table: str, without_redis: str) -> None:
    """Log what is missing and how to fix it, instead of failing on the first request.

    `table` is one the first migration creates; `without_redis` says what fails until Redis is up.
    """
    settings: Settings = app.state.settings
    try:
        await asyncio.wait_for(app.state.redis.ping(), timeout=3)
    except Exception:  # noqa: BLE001 - any failure is reported the same way
        logger.error(
            "Redis is not reachable at %s: start Redis (e.g. `redis-server`) or point REDIS_URL at one. %s",
            settings.redis_url,
            without_redis,
        )
    try:
        async with app.state.engine.connect() as conn:
            migrated = await conn.run_sync(lambda sync_conn: inspect(sync_conn).has_table(table))
        if not migrated:
            logger.error("The database has no tables yet: run `alembic upgrade head`.")
    except Exception as exc:  # noqa: BLE001 - any failure is reported in one line
        logger.error("%s Requests answer 503 until it is up.", unreachable_message(app.state.engine.url, exc))
