from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import AppError, Conflict
from ..orders.models import OrderStatus
from ..orders.service import get_order
from ..orders.state import can_transition, transition
from ..users.models import User
from .models import Payment, PaymentStatus
from .provider import PaymentProvider


class PaymentFailed(AppError):
    status_code = 402
    code = "payment_failed"


async def pay_order(
    session: AsyncSession, order_id: int, user: User, provider: PaymentProvider
) -> Payment:
    """Charge the order total through `provider` and mark the order paid.

    The order row stays locked during the charge, so two payments for it cannot both succeed.
    """
    order = await get_order(session, order_id, user, for_update=True)
    if not can_transition(order.status, OrderStatus.PAID):
        raise Conflict(f"An order that is {order.status.value} cannot be paid")
    result = await provider.charge(
        amount=order.total, currency=order.currency, reference=f"order-{order.id}"
    )
    if not result.succeeded:
        await session.rollback()
        raise PaymentFailed(result.message or "The payment was declined")
    payment = Payment(
        order_id=order.id,
        provider=provider.name,
        reference=result.reference,
        amount=order.total,
        currency=order.currency,
        status=PaymentStatus.SUCCEEDED,
    )
    session.add(payment)
    transition(order, OrderStatus.PAID)
    await session.commit()
    return payment
