"""Task management REST API: the application factory."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from pydantic import ValidationError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import about
from .auth import jwt_callbacks
from .auth.routes import blp as auth_blp
from .cli import check_migrations, prune_tokens
from .config import Settings
from .docs_assets import ASSETS_URL
from .docs_assets import blp as docs_assets_blp
from .errors import Api, register_error_handlers
from .extensions import cors, db, init_redis, jwt, migrate, set_redis_client
from .health import blp as health_blp
from .login_attempts import MemoryAttemptCounter, RedisAttemptCounter
from .request_id import init_request_id
from .security import init_password_hasher
from .security_headers import init_security_headers
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
        "API_TITLE": about.TITLE,
        "API_VERSION": about.VERSION,
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        "OPENAPI_SWAGGER_UI_URL": ASSETS_URL,
        # Swagger UI asks validator.swagger.io for a badge whenever the schema URL is not localhost.
        "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
        "API_SPEC_OPTIONS": {
            "info": {"description": about.DESCRIPTION},
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
        },
        # JWT: one fixed algorithm, short-lived access tokens, rotated refresh tokens.
        "JWT_SECRET_KEY": settings.secret_key,
        "JWT_ALGORITHM": "HS256",
        "JWT_DECODE_ALGORITHMS": ["HS256"],
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=settings.access_token_minutes),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=settings.refresh_token_days),
        "REFRESH_REUSE_GRACE_SECONDS": settings.refresh_reuse_grace_seconds,
        # Rate limiting: counters in Redis when REDIS_URL is set (required in production).
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "RATELIMIT_KEY_PREFIX": "ratelimit:",
        "LOGIN_RATE_LIMIT": settings.login_rate_limit,
        "LOGIN_IP_RATE_LIMIT": settings.login_ip_rate_limit,
        "REGISTER_RATE_LIMIT": settings.register_rate_limit,
        # CORS: an explicit allowlist, no cookies.
        "CORS_ORIGINS": settings.cors_origin_list,
        "CORS_SUPPORTS_CREDENTIALS": False,
        "CORS_ALWAYS_SEND": False,
        "CORS_EXPOSE_HEADERS": ["ETag", "Location", "Retry-After", "X-Request-ID"],
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
    init_request_id(app)
    if not app.config["SECRET_KEY"]:
        # Development without .env: still runs, but tokens die with the process.
        app.logger.warning("SECRET_KEY is not set; using a throwaway key for this process.")
        app.config["SECRET_KEY"] = app.config["JWT_SECRET_KEY"] = secrets.token_urlsafe(48)
    if settings.trusted_proxy_hops:
        # Only then is X-Forwarded-For believed, and only the hops our own proxies added.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxy_hops)  # type: ignore[method-assign]

    redis = init_redis(settings.redis_url)
    set_redis_client(app.extensions, redis)
    app.extensions["login_attempts"] = (
        RedisAttemptCounter(redis, prefix=app.config["RATELIMIT_KEY_PREFIX"])
        if redis is not None
        else MemoryAttemptCounter()
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    jwt.init_app(app)
    cors.init_app(app, resources={r"/*": {}})
    init_password_hasher(app)
    init_security_headers(app)

    api = Api(app)
    api.register_blueprint(health_blp)
    api.register_blueprint(auth_blp)
    api.register_blueprint(tasks_blp)
    app.register_blueprint(docs_assets_blp)
    jwt_callbacks.register(jwt)
    register_error_handlers(app)
    app.cli.add_command(check_migrations)
    app.cli.add_command(prune_tokens)
    return app
