"""Liveness and readiness probes."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .blueprint import Blueprint
from .errors import error_response
from .extensions import db, redis_client

blp = Blueprint("health", __name__, description="Probes for load balancers and orchestrators.")


class StatusSchema(ma.Schema):
    status = ma.fields.String(metadata={"example": "ok"})


class ReadySchema(StatusSchema):
    checks = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"example": {"database": "ok", "redis": "ok"}},
    )


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Readiness check failed: the database is unreachable")
        return "unavailable"
    return "ok"


def _redis() -> str:
    client = redis_client()
    if client is None:
        return "not configured"  # development: counters in process memory
    try:
        client.ping()
    except RedisError:
        current_app.logger.exception("Readiness check failed: Redis is unreachable")
        return "unavailable"
    return "ok"


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, StatusSchema)
    def get(self) -> dict[str, str]:
        """Liveness: the process answers"""
        return {"status": "ok"}


@blp.route("/ready")
class Ready(MethodView):
    @blp.response(200, ReadySchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self) -> ResponseReturnValue:
        """Readiness: the database and Redis answer; a 503 names the ones that do not"""
        checks = {"database": _database(), "redis": _redis()}
        down = sorted(name for name, state in checks.items() if state == "unavailable")
        if down:
            return error_response(
                503, "service_unavailable", f"Unavailable: {', '.join(down)}.", details=checks
            )
        return {"status": "ok", "checks": checks}
