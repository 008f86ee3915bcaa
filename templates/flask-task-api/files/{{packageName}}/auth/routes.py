"""Registration, login and token rotation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, url_for
from flask.views import MethodView
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    current_user,
    get_jwt,
    jwt_required,
)
from flask_smorest import Blueprint, abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db, limiter
from ..models import RevokedToken, User
from ..security import hash_password, needs_rehash, verify_password
from .schemas import CredentialsSchema, LoginSchema, TokenPairSchema, UserSchema

blp = Blueprint(
    "auth",
    __name__,
    url_prefix="/auth",
    description="Accounts and JWT tokens. Send `Authorization: Bearer <access_token>`.",
)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _issue_tokens(user: User) -> dict[str, Any]:
    identity = str(user.id)
    lifetime = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return {
        "access_token": create_access_token(identity=identity),
        "refresh_token": create_refresh_token(identity=identity),
        "token_type": "Bearer",
        "expires_in": int(lifetime.total_seconds()),
    }


def _revoke_current_refresh_token() -> None:
    """Record the refresh token of this request as used; a concurrent second use is a 401."""
    claims = get_jwt()
    db.session.add(
        RevokedToken(jti=claims["jti"], expires_at=datetime.fromtimestamp(claims["exp"], UTC))
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        abort(401, message="Token has been revoked.")


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(CredentialsSchema)
    @blp.response(201, UserSchema, headers={"Location": {"description": "URL of the account"}})
    @blp.alt_response(409, response="CONFLICT", description="The email is already registered.")
    def post(self, credentials: dict[str, str]):
        """Create an account"""
        user = User(
            email=credentials["email"], password_hash=hash_password(credentials["password"])
        )
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            abort(409, message="An account with this email already exists.")
        return user, 201, {"Location": url_for("auth.Me")}


@blp.route("/login")
class Login(MethodView):
    decorators = (limiter.limit(_login_limit, methods=["POST"]),)

    @blp.arguments(LoginSchema)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Wrong email or password.")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Too many attempts.")
    def post(self, credentials: dict[str, str]):
        """Exchange email and password for an access and a refresh token

        Rate limited per client address. The error is the same whether the email is
        unknown or the password is wrong.
        """
        user = db.session.scalar(select(User).where(User.email == credentials["email"]))
        password_hash = user.password_hash if user else None
        if not verify_password(password_hash, credentials["password"]) or user is None:
            abort(401, message="Invalid email or password.")
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(credentials["password"])
            db.session.commit()
        return _issue_tokens(user)


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Missing, expired or used token.")
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self):
        """Rotate a refresh token: send the refresh token, get a new pair

        The refresh token you send is revoked; using it again is a 401.
        """
        _revoke_current_refresh_token()
        return _issue_tokens(current_user)


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(refresh=True)
    @blp.response(204)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self):
        """Revoke a refresh token (send the refresh token)"""
        _revoke_current_refresh_token()


@blp.route("/me")
class Me(MethodView):
    @jwt_required()
    @blp.response(200, UserSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self):
        """The account the access token belongs to"""
        return current_user
