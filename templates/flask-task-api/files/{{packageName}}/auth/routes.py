"""Registration, login, token rotation, password change and logout."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt, jwt_required
from limits import parse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..blueprint import Blueprint
from ..errors import abort
from ..extensions import db
from ..login_attempts import AttemptCounter, Limit
from ..models import User
from ..security import hash_password, needs_rehash, verify_password
from .schemas import (
    CredentialsSchema,
    LoginSchema,
    PasswordChangeSchema,
    RegistrationAcceptedSchema,
    TokenPairSchema,
    UserSchema,
)
from .tokens import Rotation, issue_tokens, revoke_everything, revoke_family, rotate

blp = Blueprint(
    "auth",
    __name__,
    url_prefix="/auth",
    description="Accounts and JWT tokens. Send `Authorization: Bearer <access_token>`.",
)

OUTAGE = "Redis (the rate-limit store) or the database is unavailable; retry later."
REGISTERED = (
    "If this email was not registered yet, the account now exists: log in with it. "
    "An email that already has an account is left unchanged."
)


def _limit(key: str, config_name: str) -> Limit:
    item = parse(current_app.config[config_name])
    return Limit(key=key, amount=item.amount, window_seconds=item.get_expiry())


def _attempt_limits(email: str) -> list[Limit]:
    """Failures count per account and per client address (behind the trusted proxies)."""
    account = hashlib.sha256(email.encode()).hexdigest()[:32]
    return [
        _limit(f"login-account:{account}", "LOGIN_RATE_LIMIT"),
        _limit(f"login-ip:{_client_address()}", "LOGIN_IP_RATE_LIMIT"),
    ]


def _client_address() -> str:
    # remote_addr is rewritten by ProxyFix only for the configured trusted proxy hops.
    return request.remote_addr or "unknown"


def _reserve(limits: list[Limit], message: str) -> AttemptCounter:
    """Count one attempt under `limits`, or abort with 429 and Retry-After."""
    counter: AttemptCounter = current_app.extensions["login_attempts"]
    wait = counter.reserve(limits)
    if wait:
        abort(429, message=message, headers={"Retry-After": str(wait)})
    return counter


def _check_password(email: str, password: str, user: User | None = None) -> User:
    """Verify under the failed-attempt limits; abort with 429 or 401, or return the user.

    The limit is checked before anything else, so a blocked client costs no hashing.
    """
    limits = _attempt_limits(email)
    counter = _reserve(limits, "Too many failed attempts; retry later.")
    try:
        if user is None:
            user = db.session.scalar(select(User).where(User.email == email))
        correct = verify_password(user.password_hash if user else None, password)
    except Exception:
        counter.release(limits)  # not the client's failure
        raise
    if not correct or user is None:
        abort(401, message="Invalid email or password.")
    counter.release(limits)  # only failures count
    return user


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(CredentialsSchema)
    @blp.response(202, RegistrationAcceptedSchema)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Too many registrations.")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE", description=OUTAGE)
    def post(self, credentials: dict[str, str]) -> dict[str, str]:
        """Create an account

        The answer is the same 202 whether or not the email already had an account, so
        this endpoint cannot be used to find out who is registered. Log in afterwards.
        Rate limited per client address.
        """
        _reserve(
            [_limit(f"register-ip:{_client_address()}", "REGISTER_RATE_LIMIT")],
            "Too many registrations from this address; retry later.",
        )
        user = User(
            email=credentials["email"], password_hash=hash_password(credentials["password"])
        )
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            current_app.logger.info("Registration for an existing email; nothing changed.")
        return {"message": REGISTERED}


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Wrong email or password.")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Too many failed attempts.")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE", description=OUTAGE)
    def post(self, credentials: dict[str, str]) -> dict[str, Any]:
        """Exchange email and password for an access and a refresh token

        Failed attempts are limited per account and per client address (see the README);
        a successful login does not count. The error is the same whether the email is
        unknown or the password is wrong.
        """
        email, password = credentials["email"], credentials["password"]
        user = _check_password(email, password)
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            db.session.commit()
        return issue_tokens(user)


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Missing, expired or used token.")
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self) -> dict[str, Any]:
        """Rotate a refresh token: send the refresh token, get a new pair

        Each refresh token works once: of concurrent uses exactly one gets a new pair.
        Sending it again within a few seconds (two tabs refreshing together) is a 401 that
        leaves the login alone, so the other tab's new pair keeps working; later, it is
        treated as stolen: the 401 also revokes every token descended from the same login.
        """
        outcome, family_id = rotate(get_jwt()["jti"])
        if outcome is Rotation.ROTATED and family_id is not None:
            return issue_tokens(current_user, family_id)
        if outcome is Rotation.GRACE:
            # A second pair here would let one stolen token, spent in parallel, mint
            # a live login of its own.
            abort(401, message="Token was just rotated; use the newest refresh token.")
        if outcome is Rotation.REUSED:
            current_app.logger.warning(
                "Refresh token reused after rotation; its family is revoked (user %s).",
                current_user.id,
            )
        abort(401, message="Token has been revoked.")


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(refresh=True)
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self) -> None:
        """Log this session out (send the refresh token): it and its rotations are revoked"""
        revoke_family(get_jwt().get("fam", ""))


@blp.route("/logout-all")
class LogoutAll(MethodView):
    @jwt_required()
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self) -> None:
        """Log out everywhere: every access and refresh token of the account stops working"""
        revoke_everything(current_user)


@blp.route("/password")
class Password(MethodView):
    @jwt_required()
    @blp.arguments(PasswordChangeSchema)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Wrong current password.")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Too many failed attempts.")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE", description=OUTAGE)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, data: dict[str, str]) -> dict[str, Any]:
        """Change your password; every other session is logged out

        Answers a fresh token pair for this client. Wrong current passwords count
        against the same limits as failed logins.
        """
        user: User = current_user
        _check_password(user.email, data["current_password"], user)
        user.password_hash = hash_password(data["new_password"])
        db.session.commit()
        revoke_everything(user)
        return issue_tokens(user)


@blp.route("/me")
class Me(MethodView):
    @jwt_required()
    @blp.response(200, UserSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self) -> User:
        """The account the access token belongs to"""
        user: User = current_user
        return user
