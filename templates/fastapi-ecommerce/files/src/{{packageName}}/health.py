from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .errors import ErrorResponse, error_response

router = APIRouter(tags=["health"])


class Status(BaseModel):
    status: str


@router.get("/health")
async def health() -> Status:
    """Liveness: the process answers. Never touches the database."""
    return Status(status="ok")


@router.get(
    "/ready",
    response_model=Status,
    responses={503: {"model": ErrorResponse, "description": "Not ready"}},
)
async def ready(request: Request) -> Status | JSONResponse:
    """Readiness: the database answers a query."""
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return error_response(503, "database_unavailable", "The database is not reachable")
    return Status(status="ok")
