"""The application factory. `uvicorn <package>.main:app` (or `fastapi dev`) serves `app` below."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from . import __version__
from .bodylimit import BodySizeLimitMiddleware
from .cart.router import router as cart_router
from .catalog.router import router as catalog_router
from .config import Settings, get_settings, settings_or_exit
from .database import create_engine, create_sessionmaker, describe_url
from .docs import add_docs
from .errors import register_error_handlers
from .health import router as health_router
from .orders.router import router as orders_router
from .payments.provider import FakePaymentProvider
from .payments.router import router as payments_router
from .users.router import router as users_router

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


async def _check_database(engine: AsyncEngine, settings: Settings) -> None:
    """Log one actionable line at start-up; /ready keeps reporting until the database is up."""
    where = describe_url(settings.sqlalchemy_url)
    if settings.uses_sqlite_fallback:
        logger.warning(
            "DATABASE_URL is not set: using the local SQLite file %s (zero-setup mode). "
            "Set DATABASE_URL=postgresql://... to use PostgreSQL.",
            where,
        )
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        logger.error(
            "Cannot reach the database at %s (%s). Is PostgreSQL running? "
            "Check DATABASE_URL in .env, then run: alembic upgrade head",
            where,
            type(exc).__name__,
        )
    else:
        logger.info("Database: %s", where)


def create_app(settings: Settings | None = None, *, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or get_settings()
    owns_engine = engine is None
    engine = engine or create_engine(settings.sqlalchemy_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await _check_database(engine, settings)
        yield
        if owns_engine:
            await engine.dispose()

    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        description="Catalog, carts, checkout that never oversells, orders and payments.",
        lifespan=lifespan,
        # Served by add_docs from local assets (no CDN), and off in production by default.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.payment_provider = FakePaymentProvider()

    # First, so its catch-all middleware sits inside CORS: a 500 carries CORS headers too.
    register_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)

    if settings.show_docs:
        add_docs(app)

    api = APIRouter(prefix=API_PREFIX)
    for router in (users_router, catalog_router, cart_router, orders_router, payments_router):
        api.include_router(router)
    app.include_router(health_router)
    app.include_router(api)
    return app


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


_settings = settings_or_exit()
_configure_logging(_settings)
app = create_app(_settings)
