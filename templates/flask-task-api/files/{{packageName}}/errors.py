"""One JSON error shape for every 4xx and 5xx response.

    {"error": {"status": 404, "code": "not_found", "message": "Task not found.", "details": {}}}

`details` carries field errors for validation failures
(`{"json": {"title": ["Missing data for required field."]}}`).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_smorest import Api as BaseApi
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    code = ma.fields.String(metadata={"description": "Machine-readable error code"})
    message = ma.fields.String(metadata={"description": "Human-readable explanation"})
    details = ma.fields.Dict(metadata={"description": "Field errors, when validation failed"})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema)


def error_payload(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or {}}}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> ResponseReturnValue:
    return jsonify(error_payload(status, code, message, details)), status


def _code_for(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_").replace("'", "")


class Api(BaseApi):
    """flask-smorest's Api with our error shape, both in responses and in the OpenAPI document."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        code = _code_for(error)
        details = data.get("errors") or data.get("messages") or {}
        if status == 422 and "messages" in data:
            code = "validation_error"
            message = "The request is invalid; see details."
        else:
            message = data.get("message") or error.description or error.name
        if isinstance(error, InternalServerError):
            # Never leak internals: the traceback is in the server log.
            message = "An unexpected error occurred."
            details = {}
        body = jsonify(error_payload(status, code, message, details))
        return body, status, headers


def database_unavailable(error: OperationalError) -> ResponseReturnValue:
    """The database is down or unreachable: a 503 the client can retry, one line in the log."""
    current_app.logger.error("Database unavailable: %s", str(error.orig).strip().splitlines()[0])
    return error_response(503, "database_unavailable", "The database is unavailable; retry later.")
