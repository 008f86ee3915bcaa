"""Password hashing (Argon2id, off the event loop) and JWTs with a fixed algorithm."""

import asyncio
import hashlib
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


# Argon2 is deliberately slow (tens of milliseconds of CPU): on the event loop it would
# stall every other request of the worker. A thread keeps the loop answering.
async def hash_password_async(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(password: str, hashed: str | None) -> bool:
    return await asyncio.to_thread(verify_password, password, hashed)


@dataclass(frozen=True)
class TokenClaims:
    subject: str
    token_type: TokenType
    jti: str
    expires_at: datetime


@dataclass(frozen=True)
class SigningKeys:
    """The key that signs new tokens and the earlier ones that still verify, by `kid`."""

    current: str
    previous: tuple[str, ...] = ()
    issuer: str = "ecommerce-api"
    audience: str = "ecommerce-api"

    @staticmethod
    def kid(secret: str) -> str:
        # Names a key without revealing it, so a verifier can pick the right one.
        return hashlib.sha256(secret.encode()).hexdigest()[:16]

    def for_kid(self, kid: object) -> str | None:
        for secret in (self.current, *self.previous):
            if kid == self.kid(secret):
                return secret
        return None


def create_token(
    subject: str, token_type: TokenType, lifetime: timedelta, keys: SigningKeys, **extra: str
) -> tuple[str, TokenClaims]:
    now = datetime.now(UTC)
    claims = TokenClaims(subject, token_type, uuid.uuid4().hex, now + lifetime)
    payload = {
        "iss": keys.issuer,
        "aud": keys.audience,
        "sub": subject,
        "type": token_type,
        "jti": claims.jti,
        "iat": now,
        "exp": claims.expires_at,
        **extra,
    }
    token = jwt.encode(
        payload, keys.current, algorithm=ALGORITHM, headers={"kid": keys.kid(keys.current)}
    )
    return token, claims


def decode_token(token: str, expected_type: TokenType, keys: SigningKeys) -> TokenClaims:
    """Decode and validate a token; raises `jwt.InvalidTokenError` on any problem."""
    secret = keys.for_kid(jwt.get_unverified_header(token).get("kid"))
    if secret is None:
        raise jwt.InvalidTokenError("unknown signing key")
    payload = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        issuer=keys.issuer,
        audience=keys.audience,
        options={"require": ["exp", "iat", "sub", "jti", "iss", "aud"]},
    )
    if payload.get("type") != expected_type or not isinstance(payload["jti"], str):
        raise jwt.InvalidTokenError(f"expected a {expected_type} token")
    return TokenClaims(
        subject=payload["sub"],
        token_type=expected_type,
        jti=payload["jti"][:64],
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
    )
