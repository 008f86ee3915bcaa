from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..fields import NO_NUL_PATTERN, Count, DbId, Money, Price

Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
ProductName = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL_PATTERN)]
Description = Annotated[str, Field(max_length=10_000, pattern=NO_NUL_PATTERN)]


class CategoryCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL_PATTERN)
    slug: Slug | None = None


class CategoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str


class ProductCreate(BaseModel):
    name: ProductName
    slug: Slug | None = None
    description: Description = ""
    price: Price
    stock: Count = 0
    category_id: DbId | None = None
    is_active: bool = True


# Fields a PATCH may leave out but never set to null (the columns are NOT NULL).
_NOT_NULL = ("name", "description", "price", "stock", "is_active")


def _document_not_null(schema: dict[str, Any]) -> None:
    """Show the non-nullable fields without `null` in the OpenAPI schema."""
    for name in _NOT_NULL:
        prop = schema["properties"][name]
        variants = prop.pop("anyOf", [])
        prop.update(next((v for v in variants if v.get("type") != "null"), {}))
        prop.pop("default", None)


class ProductUpdate(BaseModel):
    """Only the fields sent change; `category_id: null` takes the product out of its category."""

    model_config = ConfigDict(json_schema_extra=_document_not_null)

    name: ProductName | None = None
    description: Description | None = None
    price: Price | None = None
    stock: Count | None = None
    category_id: DbId | None = None
    is_active: bool | None = None

    @field_validator(*_NOT_NULL)
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may be left out, but not null")
        return value


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    description: str
    price: Money
    stock: int
    is_active: bool
    category: CategoryRead | None
    created_at: datetime
    updated_at: datetime
