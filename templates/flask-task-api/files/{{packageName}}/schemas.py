"""Marshmallow fields shared by the blueprints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import validate


class UTCDateTime(ma.fields.DateTime):
    """ISO 8601 with an explicit UTC offset, also for databases that drop it (SQLite)."""

    def _serialize(
        self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | float | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


# PostgreSQL text cannot hold NUL (a 500 if it reached the database); both rules are
# patterns, so the OpenAPI document states them too.
NO_NUL = validate.Regexp(r"^[^\x00]*$", error="Must not contain NUL characters.")
NOT_BLANK = validate.Regexp(
    r"^[^\x00]*[^\x00\s][^\x00]*$", error="Must not be blank or contain NUL characters."
)
