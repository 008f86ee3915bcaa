"""Password hashing (Argon2id) and JWTs with a fixed algorithm."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]

password_hash = PasswordHash((Argon2Hasher(),))
_dummy_hash: str | None = None


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    """Check a password. With no stored hash, still pay for one verification so that
    response times do not reveal whether the account exists."""
    global _dummy_hash  # noqa: PLW0603 - computed once, on first use
    if hashed is None:
        _dummy_hash = _dummy_hash or password_hash.hash("not-a-real-password")
        password_hash.verify(password, _dummy_hash)
        return False
    return password_hash.verify(password, hashed)


@dataclass(frozen=True)
class TokenClaims:
    subject: str
    token_type: TokenType
    jti: str
    expires_at: datetime


def create_token(
    subject: str, token_type: TokenType, lifetime: timedelta, secret: str, **extra: str
) -> tuple[str, TokenClaims]:
    now = datetime.now(UTC)
    claims = TokenClaims(subject, token_type, uuid.uuid4().hex, now + lifetime)
    payload = {
        "sub": subject,
        "type": token_type,
        "jti": claims.jti,
        "iat": now,
        "exp": claims.expires_at,
        **extra,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


def decode_token(token: str, expected_type: TokenType, secret: str) -> TokenClaims:
    """Decode and validate a token; raises `jwt.InvalidTokenError` on any problem."""
    payload = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        options={"require": ["exp", "iat", "sub", "jti"]},
    )
    if payload.get("type") != expected_type:
        raise jwt.InvalidTokenError(f"expected a {expected_type} token")
    return TokenClaims(
        subject=payload["sub"],
        token_type=expected_type,
        jti=payload["jti"],
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
    )
