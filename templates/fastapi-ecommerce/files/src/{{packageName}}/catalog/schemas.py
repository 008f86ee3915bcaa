from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Two decimal places, never negative, at most 10 digits before the point.
Price = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["19.99"])]
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class CategoryCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    slug: Slug | None = None


class CategoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str


class ProductCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    slug: Slug | None = None
    description: str = Field(default="", max_length=10_000)
    price: Price
    stock: int = Field(default=0, ge=0)
    category_id: int | None = None
    is_active: bool = True


class ProductUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)
    price: Price | None = None
    stock: int | None = Field(default=None, ge=0)
    category_id: int | None = None
    is_active: bool | None = None


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    description: str
    price: Decimal
    stock: int
    is_active: bool
    category: CategoryRead | None
    created_at: datetime
    updated_at: datetime
