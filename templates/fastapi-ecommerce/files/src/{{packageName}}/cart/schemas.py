from pydantic import BaseModel, Field

from ..fields import DbId, Money

MAX_QUANTITY = 1000


class CartItemAdd(BaseModel):
    product_id: DbId
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)


class CartItemUpdate(BaseModel):
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class CartLine(BaseModel):
    product_id: int
    name: str
    unit_price: Money
    quantity: int
    line_total: Money
    available: bool = Field(description="False when stock no longer covers the quantity")


class CartRead(BaseModel):
    items: list[CartLine]
    total: Money
    currency: str
