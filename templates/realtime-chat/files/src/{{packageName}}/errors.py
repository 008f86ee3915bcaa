"""One JSON error shape for every failure: {"error": {"code", "message", "details"?}}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Fixed codes: never derived from `HTTPStatus.phrase`, which Python 3.13 renamed for 413.
ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_entity_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}

# SQLSTATE classes that mean "cannot reach or use the server", not "bad query".
CONNECTION_SQLSTATES = ("08", "28", "3D", "53", "57P")

DATABASE_DOWN = "The database is unavailable; try again shortly."
REDIS_DOWN = "Redis is unavailable; try again shortly."


def error_code(status: int) -> str:
    return ERROR_CODES.get(status, "client_error" if status < 500 else "server_error")


def is_connection_error(exc: BaseException) -> bool:
    """True when a database error means the server is unreachable, rather than a bug.

    Async drivers report a refused connection as a bare `OSError`, and a missing database or a
    shutting-down server as a driver error with a SQLSTATE: neither is an `OperationalError`.
    """
    if isinstance(exc, OSError | OperationalError | InterfaceError | PoolTimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return isinstance(sqlstate, str) and sqlstate.startswith(CONNECTION_SQLSTATES)
    return False


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def unauthorized(message: str = "Invalid or expired token.", code: str = "invalid_token") -> APIError:
    return APIError(401, code, message, headers={"WWW-Authenticate": "Bearer"})


def not_found(what: str) -> APIError:
    return APIError(404, "not_found", f"No such {what}.")


def error_response(
    status: int, code: str, message: str, *, details: Any = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (RFC 9110 asks a 405 to list them all)."""
    allowed = [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in request.app.routes)
    ]
    return ", ".join(allowed)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(APIError)
    async def _api_error(_: Request, exc: APIError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return error_response(exc.status_code, error_code(exc.status_code), str(exc.detail), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
            for err in exc.errors()
        ]
        return error_response(422, "validation_error", "The request is invalid.", details=jsonable_encoder(details))

    @app.exception_handler(RedisError)
    async def _redis_down(_: Request, exc: RedisError) -> JSONResponse:
        logger.error("Redis error: %s", exc)
        return error_response(503, "service_unavailable", REDIS_DOWN)

    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.error("Unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "Something went wrong on our side.")

    @app.exception_handler(OSError)
    @app.exception_handler(SQLAlchemyError)
    async def _database_error(request: Request, exc: Exception) -> JSONResponse:
        if not is_connection_error(exc):
            return await _unexpected(request, exc)
        logger.error("Database unavailable: %s", getattr(exc, "orig", None) or exc)
        return error_response(503, "service_unavailable", DATABASE_DOWN)

    app.add_middleware(CatchAllMiddleware)


class CatchAllMiddleware:
    """Answers an unhandled exception with the JSON 500 and does not re-raise it.

    Starlette's own last-resort handler re-raises after responding, which makes the server
    drop the keep-alive connection; one failing request should cost the client nothing more.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error("Unhandled error", exc_info=exc)
            if started:  # too late for a clean answer: let the server close the connection
                raise
            response = error_response(500, "internal_error", "Something went wrong on our side.")
            await response(scope, receive, send)
