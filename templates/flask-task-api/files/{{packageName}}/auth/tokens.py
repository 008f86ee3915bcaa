"""Issuing, rotating and revoking refresh tokens (families with reuse detection)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import RefreshToken, User, utcnow

GENERATION_CLAIM = "gen"
FAMILY_CLAIM = "fam"


class Rotation(Enum):
    ROTATED = "rotated"  # this request won the token: issue the next one
    GRACE = "grace"  # rotated a moment ago (another tab): refuse, but no alarm
    REJECTED = "rejected"  # unknown, expired or revoked
    REUSED = "reused"  # used again after the grace window: the family is revoked


def issue_tokens(user: User, family_id: str | None = None) -> dict[str, Any]:
    """A new access token and a refresh token in `family_id` (a new family: a new login)."""
    identity = str(user.id)
    family = family_id or str(uuid.uuid4())
    claims = {GENERATION_CLAIM: user.token_generation}
    refresh = create_refresh_token(
        identity=identity, additional_claims={**claims, FAMILY_CLAIM: family}
    )
    decoded = decode_token(refresh)
    db.session.add(
        RefreshToken(
            jti=decoded["jti"],
            family_id=family,
            user_id=user.id,
            expires_at=datetime.fromtimestamp(decoded["exp"], UTC),
        )
    )
    db.session.commit()
    lifetime: timedelta = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": int(lifetime.total_seconds()),
    }


def rotate(jti: str) -> tuple[Rotation, str | None]:
    """Mark the refresh token used, atomically; say what the caller may do next."""
    now = utcnow()
    won = db.session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.jti == jti,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(RefreshToken.family_id)
    ).scalar_one_or_none()
    db.session.commit()
    if won is not None:
        return Rotation.ROTATED, won

    token = db.session.get(RefreshToken, jti)
    if token is None or token.revoked_at is not None or token.used_at is None:
        return Rotation.REJECTED, None
    grace = timedelta(seconds=current_app.config["REFRESH_REUSE_GRACE_SECONDS"])
    used_at = token.used_at if token.used_at.tzinfo else token.used_at.replace(tzinfo=UTC)
    if now - used_at <= grace:
        return Rotation.GRACE, token.family_id
    revoke_family(token.family_id)
    return Rotation.REUSED, None


def revoke_family(family_id: str) -> None:
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.commit()


def revoke_everything(user: User) -> None:
    """Log out everywhere: every refresh token and every access token issued so far."""
    db.session.execute(
        update(User).where(User.id == user.id).values(token_generation=User.token_generation + 1)
    )
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(user)


def is_revoked(jti: str) -> bool:
    """Unknown or revoked refresh tokens are refused before the view runs."""
    revoked_at = db.session.execute(
        select(RefreshToken.revoked_at).where(RefreshToken.jti == jti)
    ).first()
    return revoked_at is None or revoked_at[0] is not None


def purge_expired() -> int:
    """Delete refresh tokens that have expired (they are refused anyway); returns the count."""
    result = db.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < utcnow()))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
