"""Settings read from the environment (and from `.env` in development)."""

from __future__ import annotations

from typing import Literal

from limits import parse
from pydantic import Field, field_validator, model_validator
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
    # Rate-limit counters live here, shared by every worker. Required in production;
    # without it (development, tests) each process counts on its own.
    redis_url: str = ""

    # Comma-separated list of origins allowed to call the API from a browser.
    cors_origins: str = "http://localhost:3000,http://localhost:5173"
    # How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the
    # default) ignores the header: anyone can send it, so it is trusted only when a
    # proxy you run sets it.
    trusted_proxy_hops: int = Field(default=0, ge=0, le=5)

    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=7, ge=1, le=90)
    # A refresh token used again within this many seconds of its rotation is not treated
    # as theft (two browser tabs refreshing at once); later reuse revokes its family.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=120)

    # Failed logins allowed per account, and per client address (several accounts).
    login_rate_limit: str = "5 per minute"
    login_ip_rate_limit: str = "20 per minute"
    # Registrations per client address.
    register_rate_limit: str = "10 per hour"

    # Larger request bodies are refused with 413 before they are read.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Argon2id cost parameters (RFC 9106 "second recommended option" by default).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=64 * 1024, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    @field_validator("login_rate_limit", "login_ip_rate_limit", "register_rate_limit")
    @classmethod
    def _valid_rate_limit(cls, value: str) -> str:
        try:
            parse(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write it like '5 per minute'"
            ) from None
        return value

    @model_validator(mode="after")
    def _production_needs_real_secret_and_redis(self) -> Settings:
        if self.app_env != "production":
            return self
        if self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"SECRET_KEY must be a random string of at least {MIN_SECRET_LENGTH} characters "
                "in production (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                "REDIS_URL (redis://host:6379/0) is required in production, so every worker "
                "shares the rate-limit counters"
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

    @property
    def ratelimit_storage_uri(self) -> str:
        return self.redis_url or "memory://"
