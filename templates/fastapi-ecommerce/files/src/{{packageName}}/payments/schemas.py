from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..fields import Money
from .models import PaymentStatus


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    provider: str
    reference: str
    amount: Money
    currency: str
    status: PaymentStatus
    created_at: datetime
