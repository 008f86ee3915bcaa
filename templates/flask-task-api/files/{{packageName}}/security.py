"""Password hashing with Argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from .common_passwords import COMMON_PASSWORDS

_EXTENSION_KEY = "password_hasher"


def init_password_hasher(app: Flask) -> None:
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions[_EXTENSION_KEY] = hasher
    # Verified against when the email is unknown, so a login takes as long either way
    # and its timing does not reveal which emails have an account.
    app.extensions[f"{_EXTENSION_KEY}.dummy"] = hasher.hash("timing-equaliser")


def _hasher() -> PasswordHasher:
    hasher: PasswordHasher = current_app.extensions[_EXTENSION_KEY]
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) still spend the same time, then fail."""
    hasher = _hasher()
    target: str = password_hash or current_app.extensions[f"{_EXTENSION_KEY}.dummy"]
    try:
        hasher.verify(target, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def is_common_password(password: str) -> bool:
    return password.lower() in COMMON_PASSWORDS
