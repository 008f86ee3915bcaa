from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ..schemas import UTCDateTime


class CredentialsSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(
        required=True, load_only=True, validate=validate.Length(min=8, max=128)
    )

    @ma.pre_load
    def normalise_email(self, data: Any, **_kwargs: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": data["email"].strip().lower()}
        return data


class LoginSchema(CredentialsSchema):
    # No length rule on login: a wrong password is a 401, never a hint about the rules.
    password = ma.fields.String(required=True, load_only=True)


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
