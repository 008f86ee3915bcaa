"""The order status machine: every change goes through `transition`."""

from ..errors import Conflict
from .models import Order, OrderStatus

ALLOWED_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def transition(order: Order, target: OrderStatus) -> None:
    """Move `order` to `target`, or raise 409 Conflict if the machine does not allow it."""
    if not can_transition(order.status, target):
        raise Conflict(f"An order that is {order.status.value} cannot become {target.value}")
    order.status = target
