"""One JSON error shape for every 4xx and 5xx response.

    {"error": {"status": 404, "code": "not_found", "message": "Task not found.", "details": {}}}

`details` carries field errors for validation failures
(`{"json": {"title": ["Missing data for required field."]}}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

import marshmallow as ma
from flask import Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_smorest import Api as BaseApi
from flask_smorest import abort as smorest_abort
from redis.exceptions import RedisError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

# Fixed, so a new Python or Werkzeug renaming a status phrase never changes the API.
ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "request_entity_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    428: "precondition_required",
    429: "too_many_requests",
    500: "internal_server_error",
    501: "not_implemented",
    503: "service_unavailable",
}


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    code = ma.fields.String(metadata={"description": "Machine-readable error code"})
    message = ma.fields.String(metadata={"description": "Human-readable explanation"})
    details = ma.fields.Dict(metadata={"description": "Field errors, when validation failed"})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema)


def error_code(status: int) -> str:
    return ERROR_CODES.get(status, "client_error" if status < 500 else "server_error")


def error_payload(
    status: int, code: str, message: str, details: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or {}}}


def error_response(
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ResponseReturnValue:
    return jsonify(error_payload(status, code, message, details)), status, dict(headers or {})


def abort(status: int, message: str, **kwargs: Any) -> NoReturn:
    """flask-smorest's abort (which always raises), typed so checkers know it does."""
    smorest_abort(status, message=message, **kwargs)
    raise AssertionError("abort() returned")  # pragma: no cover


# flask-smorest ships no type hints, so its Api is Any to the type checker.
class Api(BaseApi):  # type: ignore[misc]
    """flask-smorest's Api with our error shape, both in responses and in the OpenAPI document."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        # Werkzeug's own headers first (405 carries Allow), then any passed to abort().
        headers = {
            name: value for name, value in error.get_headers() if name.lower() != "content-type"
        }
        headers.update(data.get("headers") or {})
        code = error_code(status)
        details = data.get("errors") or data.get("messages") or {}
        if status == 422 and "messages" in data:
            message = "The request is invalid; see details."
        else:
            message = data.get("message") or error.description or error.name
        if isinstance(error, InternalServerError):
            # Never leak internals: the traceback is in the server log.
            message = "An unexpected error occurred."
            details = {}
        return error_response(status, code, message, details, headers)


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def database_unavailable(error: OperationalError) -> ResponseReturnValue:
    """The database is down or unreachable: a 503 the client can retry, one line in the log."""
    db.session.rollback()
    current_app.logger.error("Database unavailable: %s", _first_line(error))
    return error_response(
        503,
        "database_unavailable",
        "The database is unavailable; retry later.",
        headers={"Retry-After": "5"},
    )


def redis_unavailable(error: RedisError) -> ResponseReturnValue:
    current_app.logger.error("Redis unavailable: %s", _first_line(error))
    return error_response(
        503,
        "redis_unavailable",
        "The rate-limit store is unavailable; retry later.",
        headers={"Retry-After": "5"},
    )


def integrity_conflict(error: IntegrityError) -> ResponseReturnValue:
    """A unique or foreign-key rule the code did not foresee: the request collided, a 409."""
    db.session.rollback()
    current_app.logger.warning("Integrity error: %s", _first_line(error))
    return error_response(409, "conflict", "The request conflicts with the current state.")


def data_rejected(error: DataError) -> ResponseReturnValue:
    """A value the database cannot store (out of range, bad encoding): the client's fault."""
    db.session.rollback()
    current_app.logger.warning("Data error: %s", _first_line(error))
    return error_response(422, "validation_error", "A value is out of range or not storable.")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(RedisError, redis_unavailable)
    app.register_error_handler(IntegrityError, integrity_conflict)
    app.register_error_handler(DataError, data_rejected)
