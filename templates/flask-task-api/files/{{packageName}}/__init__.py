"""Task management REST API: the application factory."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from .auth import jwt_callbacks
from .auth.routes import blp as auth_blp
from .cli import check_migrations, prune_tokens
from .config import Settings
from .errors import Api, database_unavailable
from .extensions import cors, db, jwt, limiter, migrate
from .health import blp as health_blp
from .security import init_password_hasher
from .tasks.routes import blp as tasks_blp

__all__ = ["create_app"]

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def _load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        # One readable line instead of a traceback when the environment is wrong.
        problems = "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
        raise SystemExit(f"Invalid configuration: {problems}") from None


def _flask_config(settings: Settings) -> dict[str, Any]:
    return {
        "APP_ENV": settings.app_env,
        "SECRET_KEY": settings.secret_key,
        "SQLALCHEMY_DATABASE_URI": settings.sqlalchemy_database_uri,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": settings.max_body_bytes,
        # flask-smorest / OpenAPI
        "API_TITLE": "Task API",
        "API_VERSION": "1.0.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
        "API_SPEC_OPTIONS": {
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            }
        },
        # JWT: one fixed algorithm, short-lived access tokens, rotated refresh tokens.
        "JWT_SECRET_KEY": settings.secret_key,
        "JWT_ALGORITHM": "HS256",
        "JWT_DECODE_ALGORITHMS": ["HS256"],
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=settings.access_token_minutes),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=settings.refresh_token_days),
        # Rate limiting
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": settings.login_rate_limit,
        # CORS: an explicit allowlist, no cookies.
        "CORS_ORIGINS": settings.cors_origin_list,
        "CORS_SUPPORTS_CREDENTIALS": False,
        "CORS_ALWAYS_SEND": False,
        "CORS_EXPOSE_HEADERS": ["ETag", "Location", "Retry-After"],
        "ARGON2_TIME_COST": settings.argon2_time_cost,
        "ARGON2_MEMORY_COST": settings.argon2_memory_cost,
        "ARGON2_PARALLELISM": settings.argon2_parallelism,
    }


def create_app(
    settings: Settings | None = None, overrides: Mapping[str, Any] | None = None
) -> Flask:
    """Build the app from `settings` (default: the environment and `.env`)."""
    settings = settings or _load_settings()
    app = Flask(__name__)
    app.config.from_mapping(_flask_config(settings))
    app.config.from_mapping(overrides or {})
    app.extensions["settings"] = settings
    if not app.config["SECRET_KEY"]:
        # Development without .env: still runs, but tokens die with the process.
        app.logger.warning("SECRET_KEY is not set; using a throwaway key for this process.")
        app.config["SECRET_KEY"] = app.config["JWT_SECRET_KEY"] = secrets.token_urlsafe(48)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    jwt.init_app(app)
    limiter.init_app(app)
    cors.init_app(app, resources={r"/*": {}})
    init_password_hasher(app)

    api = Api(app)
    api.register_blueprint(health_blp)
    api.register_blueprint(auth_blp)
    api.register_blueprint(tasks_blp)
    jwt_callbacks.register(jwt)
    app.register_error_handler(OperationalError, database_unavailable)
    app.cli.add_command(check_migrations)
    app.cli.add_command(prune_tokens)
    return app
