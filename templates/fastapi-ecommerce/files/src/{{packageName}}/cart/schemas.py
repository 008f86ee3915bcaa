from decimal import Decimal

from pydantic import BaseModel, Field

MAX_QUANTITY = 1000


class CartItemAdd(BaseModel):
    product_id: int
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)


class CartItemUpdate(BaseModel):
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class CartLine(BaseModel):
    product_id: int
    name: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal
    available: bool = Field(description="False when stock no longer covers the quantity")


class CartRead(BaseModel):
    items: list[CartLine]
    total: Decimal
    currency: str
