from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ..schemas import NO_NUL, UTCDateTime
from ..security import is_common_password

PASSWORD_RULES = validate.Length(min=8, max=128)


def _not_common(password: str) -> None:
    if is_common_password(password):
        raise ma.ValidationError("This password is too common; choose another.")


class NewPasswordField(ma.fields.String):
    """A password being chosen: 8-128 characters and not one of the most common."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=True, load_only=True, validate=[PASSWORD_RULES, NO_NUL, _not_common], **kwargs
        )


class _EmailSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))

    @ma.pre_load
    def normalise_email(self, data: Any, **_kwargs: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": data["email"].strip().lower()}
        return data


class CredentialsSchema(_EmailSchema):
    password = NewPasswordField()


class LoginSchema(_EmailSchema):
    # No rules on login: a wrong password is a 401, never a hint about the rules.
    password = ma.fields.String(required=True, load_only=True)


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, load_only=True)
    new_password = NewPasswordField()


class RegistrationAcceptedSchema(ma.Schema):
    message = ma.fields.String(required=True)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.Email(dump_only=True)
    created_at = UTCDateTime(dump_only=True)


class TokenPairSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    refresh_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(
        required=True, metadata={"description": "Lifetime of the access token, in seconds"}
    )
