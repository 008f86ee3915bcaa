"""Settings read from the environment (and from `.env` in development)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values that mean "nobody set a real secret": refused outside development.
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev"})
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Every setting can come from an environment variable of the same name, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    secret_key: str = ""
    database_url: str = "sqlite:///app.db"

    # Comma-separated list of origins allowed to call the API from a browser.
    cors_origins: str = "http://localhost:3000,http://localhost:5173"

    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=7, ge=1, le=90)

    # "memory://" keeps counters per process; use "redis://host:6379/0" when running
    # several workers so they share one counter.
    ratelimit_storage_uri: str = "memory://"
    login_rate_limit: str = "5 per minute"

    # Larger request bodies are refused with 413 before they are read.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Argon2id cost parameters (RFC 9106 "second recommended option" by default).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=64 * 1024, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    @model_validator(mode="after")
    def _require_real_secret_outside_development(self) -> Settings:
        if self.app_env == "production" and (
            self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET_LENGTH
        ):
            raise ValueError(
                f"SECRET_KEY must be a random string of at least {MIN_SECRET_LENGTH} characters "
                "in production (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def sqlalchemy_database_uri(self) -> str:
        """`DATABASE_URL` in the form SQLAlchemy expects."""
        # Some hosts still hand out the old "postgres://" scheme.
        if self.database_url.startswith("postgres://"):
            return "postgresql://" + self.database_url.removeprefix("postgres://")
        return self.database_url
