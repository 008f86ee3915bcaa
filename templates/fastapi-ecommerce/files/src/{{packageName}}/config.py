"""Settings read from the environment (and a local `.env` file)."""

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .users.security import SigningKeys

SQLITE_FALLBACK_URL = "sqlite+aiosqlite:///./dev.db"
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev-secret"})
MIN_SECRET_LENGTH = 32


def to_async_url(url: str) -> str:
    """Map a standard database URL to the async driver SQLAlchemy needs.

    `postgresql://` (the form every host and tool prints) becomes `postgresql+asyncpg://`
    and `sqlite://` becomes `sqlite+aiosqlite://`; a URL that names a driver is kept.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"DATABASE_URL is not a URL: {url!r}")
    mapping = {
        "postgres": "postgresql+asyncpg",
        "postgresql": "postgresql+asyncpg",
        "sqlite": "sqlite+aiosqlite",
    }
    return f"{mapping.get(scheme, scheme)}://{rest}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_name: str = "E-commerce API"
    environment: Literal["development", "test", "production"] = "development"
    # Standard `postgresql://user:pass@host:5432/db`. Unset: a local SQLite file (zero setup).
    database_url: str | None = None
    secret_key: str = "change-me"  # noqa: S105 - placeholder, refused in production
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=7, ge=1, le=90)
    # Earlier keys that still verify tokens (comma-separated), so SECRET_KEY can rotate.
    previous_secret_keys: Annotated[list[str], NoDecode] = []
    jwt_issuer: str = "ecommerce-api"
    jwt_audience: str = "ecommerce-api"
    # A refresh token presented again within this many seconds of its rotation is answered
    # with 401 `refresh_token_rotated` (two tabs refreshing at once), not treated as theft.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=60)
    cors_origins: Annotated[list[str], NoDecode] = []
    # Failed logins allowed per account, and per client IP, in one window.
    login_max_failures: int = Field(
        default=5,
        ge=1,
        validation_alias=AliasChoices("login_max_failures", "login_attempts_per_minute"),
    )
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_window_seconds: int = Field(default=60, ge=1)
    # Registrations allowed per client IP in one window.
    register_max_per_ip: int = Field(default=10, ge=1)
    register_window_seconds: int = Field(default=3600, ge=1)
    # Proxies in front of the app that append to X-Forwarded-For. 0: use the peer address
    # and ignore the header (anyone can send it).
    trusted_proxy_hops: int = Field(default=0, ge=0, le=5)
    # Swagger UI (/docs) and ReDoc (/redoc). Default: on, except in production.
    docs_enabled: bool | None = None
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    currency: str = Field(default="USD", min_length=3, max_length=3)
    log_level: str = "INFO"

    @field_validator("cors_origins", "previous_secret_keys", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("CORS_ORIGINS must list origins explicitly; '*' is not allowed")
        return value

    @model_validator(mode="after")
    def _refuse_weak_secret_outside_development(self) -> "Settings":
        weak = self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET_LENGTH
        if self.environment == "production" and weak:
            raise ValueError(
                "SECRET_KEY is missing or a placeholder. Set it to a random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return self

    @model_validator(mode="after")
    def _refuse_sqlite_in_production(self) -> "Settings":
        if self.environment == "production" and not self.sqlalchemy_url.startswith("postgresql"):
            raise ValueError(
                "production needs PostgreSQL: set DATABASE_URL=postgresql://user:pass@host:5432/db"
            )
        return self

    @property
    def signing_keys(self) -> SigningKeys:
        return SigningKeys(
            self.secret_key, tuple(self.previous_secret_keys), self.jwt_issuer, self.jwt_audience
        )

    @property
    def show_docs(self) -> bool:
        if self.docs_enabled is None:
            return self.environment != "production"
        return self.docs_enabled

    @property
    def uses_sqlite_fallback(self) -> bool:
        return not self.database_url

    @property
    def sqlalchemy_url(self) -> str:
        return to_async_url(self.database_url) if self.database_url else SQLITE_FALLBACK_URL


@lru_cache
def get_settings() -> Settings:
    return Settings()


def settings_or_exit() -> Settings:
    """The settings, or exit with the reason in a few lines instead of a traceback."""
    try:
        return get_settings()
    except ValidationError as exc:
        problems = [
            ".".join(map(str, error["loc"])).upper() + ": " + error["msg"]
            if error["loc"]
            else error["msg"].removeprefix("Value error, ")
            for error in exc.errors()
        ]
        raise SystemExit(
            "Invalid configuration (environment or .env): " + "; ".join(problems)
        ) from None


def get_app_settings(request: Request) -> Settings:
    """The settings the running app was created with (tests pass their own)."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
