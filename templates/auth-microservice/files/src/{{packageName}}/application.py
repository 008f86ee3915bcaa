"""Application factory: wires settings, keys, Redis and the database into a FastAPI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from . import __version__, readiness
from .api import auth, me, system
from .bodylimit import BodySizeLimitMiddleware
from .config import Settings, get_settings
from .database import make_engine, make_sessionmaker
from .docs import add_docs
from .errors import register_error_handlers
from .keys import KeyConfigError, KeySet, generate_private_key, load_keyset, write_private_key
from .passwords import PasswordHasher
from .ratelimit import RateLimiter
from .sessions import SessionStore

logger = logging.getLogger(__package__)

REDIS_DOWN = "Token storage is unavailable; try again shortly."

DESCRIPTION = """
Issues short-lived RS256 access tokens (verify them with the keys at `/.well-known/jwks.json`)
and single-use refresh tokens that rotate on every refresh. Click **Authorize** and paste an
`access_token` from `/auth/login` to try the protected routes.
"""


def load_keys(settings: Settings) -> KeySet:
    """Load the signing key; in development, create one if it is missing."""
    try:
        return load_keyset(settings.jwt_private_key_file, settings.jwt_retired_keys_dir)
    except KeyConfigError:
        if settings.environment != "development" or settings.jwt_private_key_file.exists():
            raise
    try:
        write_private_key(settings.jwt_private_key_file, generate_private_key(), exclusive=True)
        logger.warning("Created a development signing key at %s", settings.jwt_private_key_file)
    except FileExistsError:
        pass  # another worker process created it first: every worker must sign with the same key
    return load_keyset(settings.jwt_private_key_file, settings.jwt_retired_keys_dir)


def create_app(
    settings: Settings | None = None,
    *,
    keys: KeySet | None = None,
    redis: Redis | None = None,
    engine: AsyncEngine | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    owns_redis, owns_engine = redis is None, engine is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.keys is None:
            app.state.keys = load_keys(settings)
        await readiness.check_services(app, table="users", without_redis="Token endpoints answer 503 until it is up.")
        yield
        if owns_redis:
            await app.state.redis.aclose()
        if owns_engine:
            await app.state.engine.dispose()

    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by add_docs, without a CDN
        redoc_url=None,
    )
    redis = redis or Redis.from_url(settings.redis_url, decode_responses=True, socket_connect_timeout=2)
    engine = engine or make_engine(settings.async_database_url)
    app.state.settings = settings
    app.state.keys = keys
    app.state.redis = redis
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.sessions = SessionStore(
        redis,
        prefix=settings.redis_key_prefix,
        refresh_ttl=settings.refresh_token_ttl_seconds,
        reuse_grace_seconds=settings.refresh_reuse_grace_seconds,
    )
    app.state.limiter = RateLimiter(redis, prefix=settings.redis_key_prefix)
    app.state.hasher = PasswordHasher.from_settings(settings)

    # First, so its catch-all middleware sits inside CORS: a 500 carries CORS headers too.
    register_error_handlers(app, outages={RedisError: ("redis_unavailable", REDIS_DOWN)})
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(readiness.router)
    app.include_router(system.router)
    app.include_router(auth.router)
    app.include_router(me.router)
    add_docs(app)
    return app
