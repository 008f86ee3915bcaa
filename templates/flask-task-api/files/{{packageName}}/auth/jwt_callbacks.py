"""How flask-jwt-extended loads users, checks revocation and reports token errors."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_jwt_extended import JWTManager

from ..errors import error_response
from ..extensions import db
from ..models import User
from .tokens import GENERATION_CLAIM, is_revoked


def _load_user(_header: dict[str, Any], payload: dict[str, Any]) -> User | None:
    return db.session.get(User, int(payload["sub"]))


def _is_revoked(_header: dict[str, Any], payload: dict[str, Any]) -> bool:
    user = db.session.get(User, int(payload["sub"]))
    if user is None:
        return False  # reported by the user lookup as "account no longer exists"
    # A password change or "log out everywhere" raised the generation: every older token dies.
    if payload.get(GENERATION_CLAIM) != user.token_generation:
        return True
    # Access tokens are short-lived and otherwise stateless; refresh tokens have a row.
    return payload.get("type") == "refresh" and is_revoked(payload["jti"])


def _unauthorized(message: str) -> ResponseReturnValue:
    return error_response(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def _missing(reason: str) -> ResponseReturnValue:
    return _unauthorized(f"Authentication required: {reason}.")


def _invalid(reason: str) -> ResponseReturnValue:
    return _unauthorized(f"Invalid token: {reason}.")


def _expired(_header: dict[str, Any], _payload: dict[str, Any]) -> ResponseReturnValue:
    return _unauthorized("Token has expired.")


def _revoked(_header: dict[str, Any], _payload: dict[str, Any]) -> ResponseReturnValue:
    return _unauthorized("Token has been revoked.")


def _user_gone(_header: dict[str, Any], _payload: dict[str, Any]) -> ResponseReturnValue:
    return _unauthorized("The account of this token no longer exists.")


def register(jwt: JWTManager) -> None:
    jwt.user_lookup_loader(_load_user)
    jwt.token_in_blocklist_loader(_is_revoked)
    jwt.unauthorized_loader(_missing)
    jwt.invalid_token_loader(_invalid)
    jwt.expired_token_loader(_expired)
    jwt.revoked_token_loader(_revoked)
    jwt.user_lookup_error_loader(_user_gone)
