from decimal import Decimal
from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..cart.models import CartItem
from ..cart.service import cart_items
from ..catalog.models import Product
from ..errors import Conflict, NotFound
from ..payments.models import Payment, PaymentStatus
from ..payments.provider import PaymentProvider
from ..users.models import User
from .models import Order, OrderItem, OrderStatus
from .state import transition


async def _find_by_key(session: AsyncSession, user_id: int, key: str) -> Order | None:
    query = select(Order).where(Order.user_id == user_id, Order.idempotency_key == key)
    return await session.scalar(query)


async def checkout(
    session: AsyncSession, user: User, currency: str, idempotency_key: str | None = None
) -> tuple[Order, bool]:
    """Turn the user's cart into a pending order in one transaction.

    Returns `(order, replayed)`; `replayed` is True when `idempotency_key` was already used
    and the earlier order is returned instead of a new one.

    Stock is taken with one conditional UPDATE per product (`... WHERE stock >= quantity`):
    the database locks the row, so concurrent checkouts queue up and a sold-out product
    makes the whole checkout fail with 409 instead of overselling.
    """
    user_id = user.id  # read now: a rollback below expires every loaded object
    items = await cart_items(session, user_id)
    # Checked after reading the cart: an empty cart may mean the same request already won.
    if idempotency_key and (existing := await _find_by_key(session, user_id, idempotency_key)):
        return existing, True
    if not items:
        raise Conflict("Your cart is empty")

    order = Order(user_id=user_id, currency=currency, idempotency_key=idempotency_key)
    # Always lock products in the same (id) order, so two checkouts cannot deadlock.
    for item in sorted(items, key=lambda i: i.product_id):
        taken = await session.execute(
            update(Product)
            .where(
                Product.id == item.product_id,
                Product.is_active.is_(True),
                Product.stock >= item.quantity,
            )
            .values(stock=Product.stock - item.quantity)
            .returning(Product.name, Product.price)
        )
        row = taken.one_or_none()
        if row is None:
            name = item.product.name
            active = await session.scalar(
                select(Product.is_active).where(Product.id == item.product_id)
            )
            await session.rollback()
            if not active:
                raise Conflict(
                    f"{name!r} is no longer available; remove it from your cart and try again"
                )
            raise Conflict(f"Not enough stock for {name!r}; update your cart and try again")
        order.items.append(
            OrderItem(
                product_id=item.product_id,
                product_name=row.name,
                unit_price=row.price,
                quantity=item.quantity,
            )
        )
    order.total = sum((line.line_total for line in order.items), Decimal("0.00"))
    try:
        session.add(order)
        await session.execute(delete(CartItem).where(CartItem.user_id == user_id))
        await session.commit()
    except IntegrityError:
        # The same key raced us and won: answer with the order it created.
        await session.rollback()
        if idempotency_key and (existing := await _find_by_key(session, user_id, idempotency_key)):
            return existing, True
        raise
    return order, False


def orders_query(user: User) -> Select[Any]:
    """Administrators see every order, customers their own."""
    query = select(Order).order_by(Order.created_at.desc(), Order.id.desc())
    return query if user.is_admin else query.where(Order.user_id == user.id)


async def get_order(
    session: AsyncSession, order_id: int, user: User, *, for_update: bool = False
) -> Order:
    """The order if `user` may see it. Someone else's order is 404, like a missing one,
    so ids cannot be probed."""
    order = await session.get(Order, order_id, with_for_update=for_update)
    if order is None or (order.user_id != user.id and not user.is_admin):
        raise NotFound("Order not found")
    return order


async def _restock(session: AsyncSession, order: Order) -> None:
    for line in sorted(order.items, key=lambda i: i.product_id or 0):
        if line.product_id is not None:
            await session.execute(
                update(Product)
                .where(Product.id == line.product_id)
                .values(stock=Product.stock + line.quantity)
            )


async def cancel(
    session: AsyncSession, order_id: int, user: User, provider: PaymentProvider
) -> Order:
    """Cancel a pending or paid order: the stock goes back, a payment is refunded."""
    order = await get_order(session, order_id, user, for_update=True)
    was_paid = order.status == OrderStatus.PAID
    transition(order, OrderStatus.CANCELLED)
    await _restock(session, order)
    if was_paid:
        payments = await session.scalars(
            select(Payment).where(
                Payment.order_id == order.id, Payment.status == PaymentStatus.SUCCEEDED
            )
        )
        for payment in payments:
            await provider.refund(
                charge_reference=payment.reference, amount=payment.amount, currency=payment.currency
            )
            payment.status = PaymentStatus.REFUNDED
    await session.commit()
    return order


async def set_status(
    session: AsyncSession,
    order_id: int,
    admin: User,
    target: OrderStatus,
    provider: PaymentProvider,
) -> Order:
    if target == OrderStatus.CANCELLED:
        return await cancel(session, order_id, admin, provider)
    order = await get_order(session, order_id, admin, for_update=True)
    transition(order, target)
    await session.commit()
    return order
