from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..fields import Money
from .models import OrderStatus


class OrderItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_id: int | None
    product_name: str
    unit_price: Money
    quantity: int
    line_total: Money


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: OrderStatus
    total: Money
    currency: str
    items: list[OrderItemRead]
    created_at: datetime
    updated_at: datetime


class OrderStatusUpdate(BaseModel):
    """Fulfilment steps an administrator records. `paid` only comes from a payment."""

    # Plain strings, so a 422 lists the choices as clients write them.
    status: Literal["shipped", "delivered", "cancelled"]

    @property
    def target(self) -> OrderStatus:
        return OrderStatus(self.status)
