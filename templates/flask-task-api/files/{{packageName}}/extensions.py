"""Extension objects, created unbound and attached to the app in `create_app`."""

from __future__ import annotations

from flask import current_app
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from redis import Redis
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so migrations can drop or alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_REDIS_KEY = "redis"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
cors = CORS()


def init_redis(url: str) -> Redis | None:
    """A client for REDIS_URL (connections open lazily), or None when it is not set."""
    if not url:
        return None
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def redis_client() -> Redis | None:
    client: Redis | None = current_app.extensions.get(_REDIS_KEY)
    return client


def set_redis_client(app_extensions: dict[str, object], client: Redis | None) -> None:
    app_extensions[_REDIS_KEY] = client
