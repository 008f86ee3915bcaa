"""Liveness and readiness probes."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

blp = Blueprint("health", __name__, description="Probes for load balancers and orchestrators.")


class StatusSchema(ma.Schema):
    status = ma.fields.String(metadata={"example": "ok"})


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, StatusSchema)
    def get(self):
        """Liveness: the process answers"""
        return {"status": "ok"}


@blp.route("/ready")
class Ready(MethodView):
    @blp.response(200, StatusSchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """Readiness: the database answers"""
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            current_app.logger.exception("Readiness check failed: the database is unreachable")
            abort(503, message="The database is unreachable.")
        return {"status": "ok"}
