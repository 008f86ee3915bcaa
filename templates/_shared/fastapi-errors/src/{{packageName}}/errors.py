"""One JSON error shape for every failure: `{"error": {"code", "message", "details"?}}`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Fixed codes: `HTTPStatus(...).phrase` changes between Python versions (3.13 renamed 413),
# and a client matching on `code` must never break because the server's Python changed.
ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    402: "payment_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    411: "length_required",
    413: "request_entity_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}
# For an HTTPException raised without a detail of its own.
ERROR_MESSAGES: dict[int, str] = {
    400: "Bad request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "The request body is too large",
}
DATABASE_DOWN = "The database is not reachable; try again shortly"
INTERNAL_ERROR = "An unexpected error occurred"

# SQLSTATE classes that mean "cannot reach or use the server", not "bad query": connection
# exceptions, authorization, unknown database, insufficient resources, operator intervention.
CONNECTION_SQLSTATES = ("08", "28", "3D", "53", "57P")


def error_code(status_code: int) -> str:
    return ERROR_CODES.get(status_code, "server_error" if status_code >= 500 else "client_error")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request (e.g. a body that is not JSON)",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed for this user",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    422: "Validation error",
    429: "Too many attempts; retry after `Retry-After` seconds",
    503: "A service the API depends on is not reachable",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries, so the schema shows the error shape of each status."""
    entries: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entries[status] = {"model": ErrorResponse, "description": ERROR_DESCRIPTIONS[status]}
    return entries


# What nearly every route can answer; a router passes it as `responses=`.
ERROR_RESPONSES = error_responses(400, 401, 403, 404, 409, 422, 503)


class AppError(Exception):
    """A failure the client can act on. Subclasses fix the status code and the default code."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.headers = dict(headers) if headers else None


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Not authenticated", *, code: str | None = None) -> None:
        super().__init__(message, code=code, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_requests"


def error_response(
    status_code: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details))
    return JSONResponse(
        status_code=status_code,
        content=body.model_dump(exclude_none=True),
        headers=dict(headers) if headers else None,
    )


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


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    routes = request.app.router.routes

    def served(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] == Match.FULL for route in routes)

    return ", ".join(method for method in _METHODS if served(method))


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)  # noqa: S101 - registered for AppError only
    return error_response(exc.status_code, exc.code, exc.message, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for it only
    status = exc.status_code
    default = ERROR_MESSAGES.get(status, "The request failed")
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else default
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = _allowed_methods(request)
    return error_response(status, error_code(status), message, headers=headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    message = "The request is invalid"
    return error_response(422, "validation_error", message, jsonable_encoder(details))


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    if is_connection_error(exc):
        logger.warning("Database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return error_response(503, "database_unavailable", DATABASE_DOWN)
    if isinstance(exc, IntegrityError):
        # Most integrity errors are prevented by the services; a concurrent delete can still
        # break a foreign key between our check and the write.
        return error_response(409, "conflict", "The change conflicts with the current data")
    if isinstance(exc, DataError):
        # The database refused a value the schema let through (a range, an encoding).
        return error_response(422, "validation_error", "A value is out of range or invalid")
    return await _internal_error(request, exc)


async def _internal_error(request: Request, exc: BaseException) -> JSONResponse:
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", INTERNAL_ERROR)


def _outage_handler(code: str, message: str) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        logger.warning("%s on %s %s: %s", code, request.method, request.url.path, exc)
        return error_response(503, code, message)

    return handle


def register_error_handlers(
    app: FastAPI,
    *,
    outages: Mapping[type[Exception], tuple[str, str]] | None = None,
) -> None:
    """Answer every failure in the one shape; call it before adding CORS, so 500s carry CORS.

    `outages` maps the exception of another service the app depends on (e.g. `RedisError`) to
    the `(code, message)` of its 503; the database's connection errors are always a 503.
    """
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _database_error)
    app.add_exception_handler(OSError, _database_error)
    for exc_type, (code, message) in (outages or {}).items():
        app.add_exception_handler(exc_type, _outage_handler(code, message))
    app.add_middleware(CatchAllMiddleware)


class CatchAllMiddleware:
    """Turns an unexpected exception into the JSON 500 without re-raising it.

    Starlette's own last-resort handler re-raises after answering, which makes the server
    close the connection: a client reusing it (keep-alive) would see its next request fail.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:
            if started:  # too late for a clean answer: let the server close the connection
                raise
            request = Request(scope)
            if isinstance(exc, DBAPIError | PoolTimeoutError | OSError):
                response = await _database_error(request, exc)
            else:
                response = await _internal_error(request, exc)
            await response(scope, receive, send)
