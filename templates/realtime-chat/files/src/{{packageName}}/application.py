"""Application factory: wires settings, the database, Redis and the broker into a FastAPI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from redis.asyncio import Redis
from redis.exceptions import RedisError

from . import __version__, readiness
from .api import auth, rooms, ws
from .bodylimit import BodySizeLimitMiddleware
from .config import Settings, get_settings
from .database import make_engine, make_sessionmaker
from .docs import add_docs
from .errors import register_error_handlers
from .passwords import PasswordHasher
from .services import Services

logger = logging.getLogger(__package__)

REDIS_DOWN = "Redis is unavailable; try again shortly."

DESCRIPTION = """
Accounts, rooms and message history over REST; live events over the WebSocket at `/ws`
(ask `POST /auth/ws-ticket` for its single-use ticket). The WebSocket protocol is the JSON
Schema in `docs/protocol.schema.json`. Click **Authorize** and paste an `access_token`
from `/auth/login` to try the protected routes.
"""

STATIC = files(__package__) / "static"


def create_app(settings: Settings | None = None, *, redis_factory: Callable[[], Redis] | None = None) -> FastAPI:
    """`redis_factory` lets tests substitute a client; it runs inside the app's event loop."""
    settings = settings or get_settings()

    def connect_redis() -> Redis:
        if redis_factory is not None:
            return redis_factory()
        return Redis.from_url(settings.redis_url, decode_responses=True, socket_connect_timeout=2)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Clients bind to the loop that serves the app, so they are made here, not at import.
        app.state.redis = redis = connect_redis()
        app.state.engine = make_engine(settings.async_database_url)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        app.state.services = services = Services.build(redis, settings)
        await readiness.check_services(app, table="messages", without_redis="Requests answer 503 until it is up.")
        await services.broker.start()
        yield
        await services.broker.stop()
        await redis.aclose()
        await app.state.engine.dispose()

    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by add_docs, without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.hasher = PasswordHasher.from_settings(settings)

    # First, so its catch-all middleware sits inside CORS: a 500 carries CORS headers too.
    register_error_handlers(app, outages={RedisError: ("service_unavailable", REDIS_DOWN)})
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(readiness.router)
    app.include_router(auth.router)
    app.include_router(rooms.router)
    app.include_router(ws.router)
    add_docs(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        """The browser client."""
        return FileResponse(str(STATIC / "index.html"))

    return app
