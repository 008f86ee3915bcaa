"""Settings, read from environment variables and the git-ignored `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_name: str = "Auth service"
    environment: Literal["development", "test", "production"] = "development"
    log_level: str = "INFO"

    # Storage: the database keeps user accounts, Redis keeps everything about tokens and limits.
    database_url: str = "sqlite:///./dev.db"
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = "auth:"

    # Signing keys. The key id (`kid`) is the RFC 7638 thumbprint of the public key.
    jwt_private_key_file: Path = Path("keys/jwt-private.pem")
    jwt_retired_keys_dir: Path = Path("keys/retired")
    jwt_retired_key_grace_seconds: int = Field(default=86_400, ge=0)
    jwt_issuer: str = "http://localhost:8000"
    jwt_audience: str = "auth-service"
    access_token_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    refresh_token_ttl_seconds: int = Field(default=14 * 86_400, ge=60)

    # Refresh token delivery: JSON body always; also an HttpOnly cookie when enabled.
    refresh_token_cookie: bool = False
    cookie_secure: bool = True

    # Login throttling (fixed windows in Redis).
    login_attempts_per_ip: int = Field(default=20, ge=1)
    login_attempts_per_account: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)

    # Argon2id parameters; hashes made with other parameters are upgraded on login.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65_536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    cors_origins: list[str] = []

    @model_validator(mode="after")
    def _check_production(self) -> Settings:
        if self.environment == "production":
            if not self.jwt_issuer.startswith("https://"):
                raise ValueError("JWT_ISSUER must be an https:// URL in production")
            if not self.cookie_secure:
                raise ValueError("COOKIE_SECURE must stay true in production")
        if "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS must list origins explicitly, not '*'")
        return self

    @property
    def async_database_url(self) -> str:
        return to_async_url(self.database_url)


def to_async_url(url: str) -> str:
    """Map the standard `postgresql://` / `sqlite://` URL forms to their async drivers."""
    for prefix, replacement in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(prefix):
            return replacement + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
