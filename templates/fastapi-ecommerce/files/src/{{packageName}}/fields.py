"""Bounded field types, so out-of-range input is a 422 and never reaches the database.

PostgreSQL refuses what Python accepts: integers beyond 32 bits in an INTEGER column,
NUL characters in text, more digits than NUMERIC(12, 2) holds. Each limit is declared
here once and shows up in the OpenAPI schema.
"""

from decimal import Decimal
from typing import Annotated

from fastapi import Path
from pydantic import Field, PlainSerializer, WithJsonSchema

INT32_MAX = 2**31 - 1
# Text without NUL characters (PostgreSQL cannot store them).
NO_NUL_PATTERN = r"^[^\x00]*$"
MONEY_PATTERN = r"^\d{1,10}(\.\d{1,2})?$"

DbId = Annotated[int, Field(ge=1, le=INT32_MAX)]
IdPath = Annotated[int, Path(ge=1, le=INT32_MAX)]
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]

# Two decimal places, never negative, at most 10 digits before the point: NUMERIC(12, 2).
# Documented as a string (the exact form); a JSON number is accepted too.
Price = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "examples": ["19.99"]}),
]
# An amount in a response: always a string with two decimals.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["19.99"]}),
]
