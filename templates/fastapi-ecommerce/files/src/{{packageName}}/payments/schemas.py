from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from .models import PaymentStatus


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    provider: str
    reference: str
    amount: Decimal
    currency: str
    status: PaymentStatus
    created_at: datetime
