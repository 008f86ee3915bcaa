"""Marshmallow fields shared by the blueprints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma


class UTCDateTime(ma.fields.DateTime):
    """ISO 8601 with an explicit UTC offset, also for databases that drop it (SQLite)."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
