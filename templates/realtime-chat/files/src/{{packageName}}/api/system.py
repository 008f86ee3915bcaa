"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from sqlalchemy import text

from ..schemas import Health, Readiness

router = APIRouter(tags=["system"])

# A dependency that hangs is as unready as one that refuses: answer before a probe times out.
READY_TIMEOUT_SECONDS = 2


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
            await request.app.state.services.redis.ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        checks["redis"] = "unavailable"
    ok = all(value == "ok" for value in checks.values())
    response.status_code = 200 if ok else 503
    return Readiness(status="ok" if ok else "unavailable", checks=checks)
