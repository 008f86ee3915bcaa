"""Access tokens: short-lived JWTs signed with RS256 and verified with a fixed algorithm list."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from .config import Settings
from .keys import ALGORITHM, KeySet

ACCESS_TOKEN_TYP = "at+jwt"  # noqa: S105 - the RFC 9068 media type for the JOSE header, not a secret
REQUIRED_CLAIMS = ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"]
LEEWAY_SECONDS = 5


class InvalidTokenError(Exception):
    """The token is malformed, forged, expired or meant for someone else."""


@dataclass(frozen=True)
class AccessToken:
    token: str
    jti: str
    subject: str
    session_id: str
    epoch: int
    expires_at: int


def issue_access_token(keys: KeySet, settings: Settings, *, subject: str, session_id: str, epoch: int) -> AccessToken:
    now = int(time.time())
    jti = uuid.uuid4().hex
    expires_at = now + settings.access_token_ttl_seconds
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": expires_at,
        "jti": jti,
        "sid": session_id,
        "ver": epoch,
    }
    headers = {"kid": keys.kid, "typ": ACCESS_TOKEN_TYP}
    token = jwt.encode(claims, keys.private_key, algorithm=ALGORITHM, headers=headers)
    return AccessToken(token, jti, subject, session_id, epoch, expires_at)


def decode_access_token(token: str, keys: KeySet, settings: Settings) -> dict[str, Any]:
    """Verify signature, algorithm, type, issuer, audience and time claims; return the claims."""
    try:
        header = jwt.get_unverified_header(token)
        key = keys.public_keys.get(str(header.get("kid")))
        if key is None:
            raise InvalidTokenError("unknown signing key")
        if header.get("typ") != ACCESS_TOKEN_TYP:
            raise InvalidTokenError("not an access token")
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],  # fixed: never taken from the token itself
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise InvalidTokenError(str(exc)) from exc
    if not isinstance(claims.get("sid"), str) or not isinstance(claims.get("ver"), int):
        raise InvalidTokenError("missing session claims")
    return claims
